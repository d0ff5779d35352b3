-- 0012_inline_search_heads: a search row keeps its head tsvector (title and lead, about 900 bytes) in
-- the row again, uncompressed where it fits (STORAGE MAIN), and only the full tsvector in TOAST.
-- Ranking reads every ranked match's head: from the row that is a page read, from TOAST an index
-- probe and a chunk per match. Counting a common word reads more pages with the heads in the row,
-- but a search counts at most its count limit (10,000 by default), so that cost is bounded.
-- Rows stored before this migration are rewritten here (a VACUUM FULL afterwards returns the space).
ALTER TABLE article_search ALTER COLUMN head SET STORAGE MAIN;
UPDATE article_search SET head = head || ''::tsvector;
