-- 0006_quote_speakers: every distinct speaker name and mention, so a speaker filter finds its few
-- matching names by substring here, then the quotes through indexes (not a scan of every quote).
CREATE TABLE quote_speakers (
    key TEXT PRIMARY KEY                     -- a speaker_name or speaker_mention of some quote
);
INSERT INTO quote_speakers (key)
    SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL
    UNION SELECT speaker_mention FROM quotes WHERE speaker_mention IS NOT NULL;
CREATE INDEX quotes_speaker_mention ON quotes (speaker_mention);
CREATE INDEX quotes_speaker_exact ON quotes (speaker_name);
-- listing order: oldest first, undated last (the ORDER BY the shared query layer uses on SQLite)
CREATE INDEX quotes_order ON quotes (published IS NULL, published, article_id, idx);
