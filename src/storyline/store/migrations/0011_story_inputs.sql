-- 0011_story_inputs: what story clustering derives from each article alone (storyline.stories.inputs,
-- JSON), made where the article was processed, so the single writer reads it instead of the record;
-- NULL for articles stored before (their inputs are derived from the record when they are clustered).
ALTER TABLE articles ADD COLUMN story_inputs TEXT;
