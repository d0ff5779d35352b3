-- 0010_story_totals: each story's running totals (JSON: counts, spans, label candidates, day votes,
-- the folded timeline), so an update reads only its new members; NULL for stories written before
-- (rebuilt once from their members' summaries the next time they are touched).
ALTER TABLE stories ADD COLUMN totals TEXT;
