-- 0004_entity_surnames: surnames of multi-word PERSON entities, so that an article naming only
-- "Putin" joins the corpus entity "Vladimir Putin" when exactly one known person has that surname.
CREATE TABLE entity_surnames (
    surname   TEXT NOT NULL,               -- folded last name, Arabic article dropped ("assad")
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    PRIMARY KEY (surname, entity_id)
);
