-- 0015_story_events (as SQLite's 0012): a story's folded timeline events as rows, so an update reads only the events of
-- the days its new members touch and writes only the events it changes. The story record's timeline
-- column then keeps only its head, a JSON object {key_days: [[day, rank]], statements: [[sort_key,
-- key_day, event]]} (the key days' ranks are applied to the events when the timeline is read); a story
-- written before keeps its whole timeline in the column (a JSON list) until it is next rebuilt.
CREATE TABLE story_events (
    story_id TEXT NOT NULL,
    seq      integer NOT NULL,      -- the event's place in the story's event order (ties keep it)
    day      TEXT NOT NULL,         -- the first ten characters of its date: the day it folds within
    key_day  TEXT,                  -- the day whose key rank it carries (NULL: coarser than a day)
    sort_key TEXT NOT NULL,         -- JSON [UTC time, kind order, lower-case summary]: timeline order
    event    TEXT NOT NULL,         -- JSON {date, precision, kind, summary, sources, quote}
    owners   TEXT NOT NULL,         -- JSON [article id]: the articles whose own event it is
    PRIMARY KEY (story_id, seq)
);
CREATE INDEX story_events_day ON story_events (story_id, day);

-- Which event an article owns (each article owns at most one), so a late copy finds its original's.
CREATE TABLE story_event_owners (
    story_id   TEXT NOT NULL,
    article_id TEXT NOT NULL,
    seq        integer NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
