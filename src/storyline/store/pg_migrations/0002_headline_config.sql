-- 0002_headline_config: snippets mark accented words found by unaccented queries ("electeurs" marks
-- "électeurs"), as SQLite's remove_diacritics does. unaccent is a trusted contrib extension.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE TEXT SEARCH CONFIGURATION storyline_headline (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION storyline_headline
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
    WITH public.unaccent, pg_catalog.simple;
