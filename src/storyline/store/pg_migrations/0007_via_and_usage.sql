-- 0007_via_and_usage: quotes' speaker_via and article places' usage (as SQLite's 0008).
ALTER TABLE quotes ADD COLUMN speaker_via TEXT;
ALTER TABLE article_places ADD COLUMN usage TEXT;
