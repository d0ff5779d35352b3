-- 0005_quote_extent: keep where a multi-paragraph quote ends and what kind of speaker said it.
ALTER TABLE quotes ADD COLUMN end_paragraph INTEGER;  -- NULL when the quote ends in `paragraph`
ALTER TABLE quotes ADD COLUMN speaker_type TEXT;      -- PERSON | ORG | GROUP | NULL (unknown)
