"""The alias ruler marks the same entities as spaCy's EntityRuler given the alias table's patterns."""

from __future__ import annotations

from typing import Any

import spacy

from storyline.nlp.model import MODEL_NAME, get_nlp
from storyline.nlp.ruler import RULER_COMPONENT, AliasRuler, alias_entries

TEXTS = [
    "Fighters of the Islamic State of Iraq and the Levant left Palmyra for Deir ez-Zor and Raqqa.",
    "The Islamic State group, also called ISIS or Daesh, lost Tadmur; the Kremlin and the Pentagon spoke.",
    "Hit is a town in Iraq. They hit back at the Russian Defense Ministry in Al-Qaryatayn.",
    "Nothing here is in the table.",
]


def _entity_ruler_patterns(nlp: Any) -> list[dict[str, Any]]:
    pats = []
    for e in alias_entries():
        for form in e.forms:
            toks: list[dict[str, Any]] = [{"ORTH": t.text} for t in nlp.make_doc(form)]
            if e.propn_only and len(toks) == 1:
                toks[0]["POS"] = "PROPN"
            pats.append({"label": e.type, "pattern": toks, "id": e.id})
    return pats


def _ents(doc: Any) -> list[tuple[int, int, str, str]]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


def test_same_entities_as_spacys_entity_ruler() -> None:
    nlp = spacy.load(MODEL_NAME, exclude=["lemmatizer", "ner"])
    spacy_ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    spacy_ruler.add_patterns(_entity_ruler_patterns(nlp))
    ours = AliasRuler(nlp)
    with nlp.select_pipes(disable=["entity_ruler"]):
        docs = list(nlp.pipe(TEXTS))
    for doc in docs:
        theirs = _ents(spacy_ruler(doc.copy()))
        assert _ents(ours(doc.copy())) == theirs
    longest = _ents(ours(docs[0].copy()))
    assert [label for _, _, label, _ in longest] == ["ORG", "GPE", "GPE", "GPE"]
    assert longest[0][:2] == (3, 10)  # the seven-word form, not "Islamic State" inside it


def test_a_propn_only_form_needs_a_proper_noun() -> None:
    doc = get_nlp()(TEXTS[2])
    hits = [(e.text, e.start) for e in doc.ents if e.ent_id_ == "gpe:hit"]
    assert hits == [("Hit", 0)]  # the town; "hit back" is a verb


def test_the_shared_pipeline_runs_it_before_ner() -> None:
    names = get_nlp().pipe_names
    assert "entity_ruler" not in names
    assert names.index(RULER_COMPONENT) < names.index("ner")


def test_a_capitalised_common_word_opening_a_sentence_is_no_name() -> None:
    """The demo's story records listed "Extra" (from "Extra staff will be hired") as a key entity."""
    nlp = get_nlp()
    for text, word in [("Extra staff will be hired for the evening shifts.", "Extra"),
                       ("Army units supported by allied militias entered the districts.", "Army")]:
        assert word not in {e.text for e in nlp(text).ents}, text
    for text, name in [("Apple said sales rose.", "Apple"), ("Reuters reported the deal.", "Reuters"),
                       ("The guards said the Army units had left.", "Army")]:
        assert name in {e.text for e in nlp(text).ents}, text
