-- 0001_initial: articles, raw documents, failures and the full-text index.
-- (schema_migrations is created by the runner, storyline/store/migrate.py.)

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,          -- first 16 hex digits of sha256
    sha256        TEXT NOT NULL UNIQUE,
    title         TEXT,
    published     TEXT,                      -- ISO 8601
    language      TEXT,
    source_path   TEXT NOT NULL,
    source_format TEXT NOT NULL,
    locator       TEXT,
    url           TEXT,
    record        TEXT NOT NULL,             -- JSON: the full Article.to_dict()
    warned        INTEGER NOT NULL DEFAULT 0,-- 1 when the record carries warnings
    stored_at     TEXT NOT NULL              -- ISO 8601 UTC
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_source_format ON articles (source_format);

-- The bytes each article was extracted from, zlib-compressed, so any record can be re-derived.
CREATE TABLE raw_documents (
    sha256 TEXT PRIMARY KEY,
    data   BLOB NOT NULL,                    -- zlib.compress(raw bytes)
    size   INTEGER NOT NULL                  -- uncompressed length in bytes
);

-- Documents that could not be turned into articles. sha256 is '' when unknown, so the
-- (name, sha256) key still deduplicates (NULLs would not).
CREATE TABLE failures (
    name      TEXT NOT NULL,
    sha256    TEXT NOT NULL DEFAULT '',
    code      TEXT NOT NULL,
    message   TEXT NOT NULL,
    failed_at TEXT NOT NULL,                 -- ISO 8601 UTC, last time it failed
    PRIMARY KEY (name, sha256)
);
CREATE INDEX failures_sha256 ON failures (sha256);

-- Full-text index: a regular (self-contained) FTS5 table, one row per article, filled by
-- SQLiteStore.write_batch in the same transaction as the article row. It keeps its own copy
-- of title and body (paragraphs joined by blank lines) so snippet() works; article_id joins it
-- to articles (not rowid: articles.rowid is not an INTEGER PRIMARY KEY and VACUUM may renumber it).
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title,
    body,
    article_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Deleting an article (by hand, or to re-extract it) removes it from the index too. Its raw
-- bytes are kept so it can be re-derived. Articles are never updated in place (write_batch
-- only inserts), so there is no update trigger.
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE article_id = old.id;
END;
