-- 0003_binary_search_rows: search rows are written as binary tsvectors built by storyline; snippets are
-- made from the articles' own records, so the search table keeps no second copy of titles and bodies.
ALTER TABLE article_search DROP COLUMN title, DROP COLUMN body;
