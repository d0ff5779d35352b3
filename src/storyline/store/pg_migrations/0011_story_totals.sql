-- 0011_story_totals (as SQLite's 0010): each story's running totals (JSON), so an update reads only
-- its new members; NULL for stories written before (rebuilt once when next touched).
ALTER TABLE stories ADD COLUMN totals TEXT;
