-- 0003_stories: story clusters, article memberships (with near-duplicate links), timelines, and
-- the incremental clusterer's saved state (so ingesting more never re-clusters everything).

-- One row per story. entities/places/timeline are JSON built from the members when the story
-- last changed; last_sort is last_date as a naive-UTC ISO string, for newest-first listing.
CREATE TABLE stories (
    id         TEXT PRIMARY KEY,               -- "s" + the id of the story's first article
    label      TEXT NOT NULL,
    first_date TEXT,                           -- ISO 8601, as the earliest member states it
    last_date  TEXT,
    last_sort  TEXT NOT NULL DEFAULT '',
    articles   INTEGER NOT NULL DEFAULT 0,     -- distinct reports (near-duplicates not counted)
    quotes     INTEGER NOT NULL DEFAULT 0,
    entities   TEXT NOT NULL DEFAULT '[]',     -- JSON [{name, type}], most frequent first
    places     TEXT NOT NULL DEFAULT '[]',     -- JSON [{name, lat, lon, country}]
    timeline   TEXT NOT NULL DEFAULT '[]',     -- JSON [{date, precision, kind, summary, sources, quote}]
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_last_sort ON stories (last_sort DESC, id);

-- Each clustered article belongs to exactly one story (the primary key makes re-runs idempotent).
-- duplicate_of names the first article of its near-duplicate group (NULL when it has none).
CREATE TABLE story_members (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id     TEXT NOT NULL,
    duplicate_of TEXT,
    added_at     TEXT NOT NULL
);
CREATE INDEX story_members_story ON story_members (story_id);

-- The clusterer's state (online IDF, story centroids, link keys, near-duplicate window) as JSON.
CREATE TABLE story_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
