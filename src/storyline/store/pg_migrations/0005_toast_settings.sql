-- 0005_toast_settings: raw bytes are zlib-compressed already, so the server stores them as they come
-- (no second compression attempt); the JSON records are compressed with lz4 where the server has it
-- (faster than the default pglz), else they keep the server's default.
ALTER TABLE raw_documents ALTER COLUMN data SET STORAGE EXTERNAL;
DO $$
BEGIN
    ALTER TABLE articles ALTER COLUMN record SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not built into this server: records keep the default compression';
END
$$;
