-- 0004_quote_speakers: every distinct speaker name and mention (as SQLite's 0006), for speaker filters.
CREATE TABLE quote_speakers (
    key TEXT PRIMARY KEY
);
INSERT INTO quote_speakers (key)
    SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL
    UNION SELECT speaker_mention FROM quotes WHERE speaker_mention IS NOT NULL;
CREATE INDEX quotes_speaker_mention ON quotes (speaker_mention);
CREATE INDEX quotes_speaker_name ON quotes (speaker_name);
