-- 0010_narrow_search_rows: a search row's two tsvectors live in its TOAST table, uncompressed (they
-- barely compress), so the row itself keeps only its id, order and two pointers (about 100 bytes
-- instead of about 1 KB). Counting a common word's matches then reads about a tenth of the pages.
-- Rows stored before this migration are rewritten here, which takes a while on a large archive.
ALTER TABLE article_search SET (toast_tuple_target = 128);
ALTER TABLE article_search ALTER COLUMN tsv SET STORAGE EXTERNAL, ALTER COLUMN head SET STORAGE EXTERNAL;
UPDATE article_search SET head = head;
