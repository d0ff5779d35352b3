-- 0005_story_lookup: related-link keys of clustered articles, so the clusterer's saved state can
-- stay bounded by its active window (it forgets idle stories and asks these tables about them).
-- Keys are storyline.stories.features keys ("url:" + normalised URL, "title:" + normalised title);
-- "id:" keys are not stored here: story_members answers them.

-- The story of the first clustered article with a key (the key an article is named by).
CREATE TABLE story_keys (
    key      TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX story_keys_story ON story_keys (story_id);

-- Stories with an article whose related items point to a key.
CREATE TABLE story_links (
    key      TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE INDEX story_links_story ON story_links (story_id);
