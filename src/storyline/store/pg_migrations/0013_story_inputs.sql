-- 0013_story_inputs (as SQLite's 0011): what story clustering derives from each article alone (JSON),
-- made where the article was processed; NULL for articles stored before (derived from the record then).
ALTER TABLE articles ADD COLUMN story_inputs TEXT;
DO $$
BEGIN
    ALTER TABLE articles ALTER COLUMN story_inputs SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not built into this server: story inputs keep the default compression';
END
$$;
