-- 0008_via_and_usage: how each quote's speaker was found (name, apposition, title, role, pronoun,
-- nested), and how each article place is used (NULL: the place itself; adjectival; demonym; in_name).
ALTER TABLE quotes ADD COLUMN speaker_via TEXT;
ALTER TABLE article_places ADD COLUMN usage TEXT;
