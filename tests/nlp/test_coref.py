"""The article's people: surnames to full names, roles from titles and appositions, by position."""

from __future__ import annotations

from storyline.nlp.coref import PersonIndex, build_index
from storyline.nlp.model import get_nlp
from storyline.nlp.quotes_lexicon import lexicon


def _index(*paragraphs: str) -> PersonIndex:
    return build_index(list(get_nlp().pipe(paragraphs)), (), lexicon())


def test_surname_maps_to_the_full_name_introduced_earlier() -> None:
    idx = _index("Kremlin spokesman Dmitry Peskov spoke on Monday.", "Peskov said the talks went well.")
    p = idx.full_name("Peskov", 1, 0)
    assert p is not None and p.name == "Dmitry Peskov"
    assert "kremlin" in p.role and p.head == "spokesman"


def test_role_description_needs_matching_modifiers() -> None:
    idx = _index("Russian President Vladimir Putin called his Syrian counterpart Bashar al-Assad.")
    putin = idx.by_role("leader", ["russian"], 1, 0)
    assert putin is not None and putin.name == "Vladimir Putin"
    syrian = idx.by_role("president", ["syrian"], 1, 0)
    assert syrian is not None and syrian.name == "Bashar al-Assad"
    assert idx.by_role("official", ["french"], 1, 0) is None


def test_nearest_subject_before_a_position() -> None:
    idx = _index("Senator John Hale met Governor Ruth Brandt.", "Later that day he spoke.")
    p = idx.nearest_subject(1, 0)
    assert p is not None and p.name == "John Hale"
