-- 0014_unchecked_search_rows: a search row is no longer checked against `articles` by a foreign key.
-- Only the writer adds search rows, in the transaction that adds their articles (under the writers'
-- lock), and no article is ever deleted, so the check never failed; but it ran a lookup of the
-- article for every row COPYed in, about a sixth of the server's work in a bulk write without NLP
-- (SQLite's full-text table has no such check either). `storyline copy` still copies only rows of
-- stored articles.
ALTER TABLE article_search DROP CONSTRAINT IF EXISTS article_search_article_id_fkey;
