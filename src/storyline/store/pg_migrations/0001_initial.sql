-- 0001_initial (PostgreSQL): the portable tables of storyline.store.schema, plus the search table.
-- Same names, columns and keys as the SQLite migrations 0001-0005, so `storyline copy` maps 1:1.

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,            -- first 16 hex digits of sha256
    sha256        TEXT NOT NULL UNIQUE,
    title         TEXT,
    published     TEXT,                        -- ISO 8601 as the source states it
    language      TEXT,
    source_path   TEXT NOT NULL,
    source_format TEXT NOT NULL,
    locator       TEXT,
    url           TEXT,
    record        TEXT NOT NULL,               -- JSON: the full Article.to_dict()
    warned        INTEGER NOT NULL DEFAULT 0,
    stored_at     TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published DESC NULLS LAST, id DESC);
CREATE INDEX articles_source_format ON articles (source_format);

CREATE TABLE raw_documents (
    sha256 TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,                     -- zlib.compress(raw bytes)
    size   INTEGER NOT NULL
);

CREATE TABLE failures (
    name      TEXT NOT NULL,
    sha256    TEXT NOT NULL DEFAULT '',
    code      TEXT NOT NULL,
    message   TEXT NOT NULL,
    failed_at TEXT NOT NULL,
    PRIMARY KEY (name, sha256)
);
CREATE INDEX failures_sha256 ON failures (sha256);

-- Full-text search: tokens folded by storyline.store.query.index_text (the same tokens FTS5 makes),
-- title weighted A, body D; GIN-indexed. `head` (title + first words) is what results are ranked on.
CREATE TABLE article_search (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tsv        TSVECTOR NOT NULL,
    head       TSVECTOR NOT NULL
);
CREATE INDEX article_search_tsv ON article_search USING GIN (tsv);

CREATE TABLE entities (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    gazetteer_id  TEXT,
    role          TEXT,
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0,
    first_date    TEXT,
    last_date     TEXT
);
CREATE INDEX entities_mentions ON entities (mention_count DESC, name, id);

CREATE TABLE entity_aliases (
    alias_key TEXT NOT NULL,
    type      TEXT NOT NULL,
    entity_id BIGINT NOT NULL REFERENCES entities (id),
    alias     TEXT NOT NULL,
    PRIMARY KEY (alias_key, type)
);
CREATE INDEX entity_aliases_entity ON entity_aliases (entity_id);

CREATE TABLE entity_surnames (
    surname   TEXT NOT NULL,
    entity_id BIGINT NOT NULL REFERENCES entities (id),
    PRIMARY KEY (surname, entity_id)
);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  BIGINT NOT NULL REFERENCES entities (id),
    mentions   INTEGER NOT NULL,
    role       TEXT,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE quotes (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    cue             TEXT,
    text            TEXT NOT NULL,
    speaker_name    TEXT,
    speaker_mention TEXT,
    speaker_entity  BIGINT REFERENCES entities (id),
    source_name     TEXT,
    source_mention  TEXT,
    paragraph       INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    published       TEXT,
    end_paragraph   INTEGER,
    speaker_type    TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker_entity ON quotes (speaker_entity);
CREATE INDEX quotes_published ON quotes (published NULLS LAST, article_id, idx);

CREATE TABLE article_places (
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    lat          DOUBLE PRECISION NOT NULL,
    lon          DOUBLE PRECISION NOT NULL,
    country      TEXT,
    feature      TEXT,
    gazetteer_id TEXT,
    stands_for   TEXT,
    mentions     INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX article_places_name ON article_places (name);

CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    first_date TEXT,
    last_date  TEXT,
    last_sort  TEXT NOT NULL DEFAULT '',
    articles   INTEGER NOT NULL DEFAULT 0,
    quotes     INTEGER NOT NULL DEFAULT 0,
    entities   TEXT NOT NULL DEFAULT '[]',
    places     TEXT NOT NULL DEFAULT '[]',
    timeline   TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_last_sort ON stories (last_sort DESC, id);

CREATE TABLE story_members (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id     TEXT NOT NULL,
    duplicate_of TEXT,
    added_at     TEXT NOT NULL
);
CREATE INDEX story_members_story ON story_members (story_id);

CREATE TABLE story_keys (
    key      TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX story_keys_story ON story_keys (story_id);

CREATE TABLE story_links (
    key      TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (key, story_id)
);
CREATE INDEX story_links_story ON story_links (story_id);

CREATE TABLE story_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
