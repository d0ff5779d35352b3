-- 0006_member_summaries (as SQLite's 0007): each story member keeps a small JSON summary of its
-- article, so a story is rebuilt from these rows instead of every member's full record.
ALTER TABLE story_members ADD COLUMN summary TEXT;
