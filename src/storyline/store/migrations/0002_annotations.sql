-- 0002_annotations: quotes, canonical entities (corpus-wide alias table) and places per article.

-- One row per attributed statement. Offsets are into the article's paragraphs[paragraph].
CREATE TABLE quotes (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,          -- position in the record's `quotes` list
    kind            TEXT NOT NULL,             -- direct | indirect | mixed
    cue             TEXT,
    text            TEXT NOT NULL,
    speaker_name    TEXT,                      -- canonical name inside the article
    speaker_mention TEXT,
    speaker_entity  INTEGER REFERENCES entities (id),
    source_name     TEXT,                      -- nested attribution: the original source
    source_mention  TEXT,
    paragraph       INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    published       TEXT,                      -- the article's date, for listing by date
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker_name ON quotes (speaker_name COLLATE NOCASE);
CREATE INDEX quotes_speaker_entity ON quotes (speaker_entity);
CREATE INDEX quotes_published ON quotes (published);

-- Canonical entities across the corpus. Articles resolve their own entities (nlp.entities);
-- the store merges them corpus-wide through entity_aliases (every surface form is kept).
CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    gazetteer_id  TEXT,
    role          TEXT,
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0,
    first_date    TEXT,
    last_date     TEXT
);
CREATE INDEX entities_name ON entities (name COLLATE NOCASE);

-- Lookup keys (case-folded alias, or "id:<gazetteer id>") per entity type.
CREATE TABLE entity_aliases (
    alias_key TEXT NOT NULL,
    type      TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    alias     TEXT NOT NULL,
    PRIMARY KEY (alias_key, type)
);
CREATE INDEX entity_aliases_entity ON entity_aliases (entity_id);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities (id),
    mentions   INTEGER NOT NULL,
    role       TEXT,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE article_places (
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    country      TEXT,
    feature      TEXT,
    gazetteer_id TEXT,
    stands_for   TEXT,
    mentions     INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX article_places_name ON article_places (name);
