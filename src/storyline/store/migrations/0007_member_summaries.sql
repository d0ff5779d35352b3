-- 0007_member_summaries: each story member keeps a small JSON summary of its article (title, date,
-- quote count, key quote, entities, places, dated related items and statements), so a story is
-- rebuilt from these rows instead of re-reading every member's full record. NULL for members placed
-- before this migration: the next clustering run that touches their story fills them in.
ALTER TABLE story_members ADD COLUMN summary TEXT;
