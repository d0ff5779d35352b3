-- 0009_story_reasons (as SQLite's 0009): why each member joined its story (JSON; NULL for members
-- placed before), and per story the distinct outlets and the reports without a date.
ALTER TABLE story_members ADD COLUMN reason TEXT;
ALTER TABLE stories ADD COLUMN sources INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN undated INTEGER NOT NULL DEFAULT 0;
