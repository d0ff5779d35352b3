-- 0016_unchecked_annotation_rows: annotation rows are no longer checked by foreign keys.
-- Only the writer adds entity, quote and place rows, in the transaction that adds their article
-- and the entities they name (under the writers' lock), and no article or entity is ever deleted,
-- so the checks never failed; but each row COPYed in looked up and share-locked its article and its
-- entity: about half the server's work in a bulk write with NLP (BENCHMARKS.md). As 0014 did for the
-- search rows. `storyline copy` still copies only rows of stored articles.
ALTER TABLE entity_aliases DROP CONSTRAINT IF EXISTS entity_aliases_entity_id_fkey;
ALTER TABLE entity_surnames DROP CONSTRAINT IF EXISTS entity_surnames_entity_id_fkey;
ALTER TABLE article_entities DROP CONSTRAINT IF EXISTS article_entities_article_id_fkey;
ALTER TABLE article_entities DROP CONSTRAINT IF EXISTS article_entities_entity_id_fkey;
ALTER TABLE quotes DROP CONSTRAINT IF EXISTS quotes_article_id_fkey;
ALTER TABLE quotes DROP CONSTRAINT IF EXISTS quotes_speaker_entity_fkey;
ALTER TABLE article_places DROP CONSTRAINT IF EXISTS article_places_article_id_fkey;
