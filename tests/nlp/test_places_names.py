"""Places inside organisation names: typed usage "in_name", with offsets of the place's own words."""

from __future__ import annotations

from storyline.model import Article, Source
from storyline.nlp.annotate import annotate
from storyline.nlp.places_names import _spans


def test_candidate_spans_are_leading_words_and_the_words_after_of() -> None:
    name = "University of Cincinnati"
    assert [name[s:e] for s, e in _spans(name)] == ["Cincinnati", "University"]
    name = "Ohio State University"
    assert [name[s:e] for s, e in _spans(name)] == ["Ohio State", "Ohio"]


def test_places_in_names_are_found_typed_and_offset_into_the_paragraph() -> None:
    text = ("Students at Ohio State University and the University of Cincinnati protested. "
            "American Airlines flew them home.")
    art = annotate(Article(source=Source("n.txt", "text", "3" * 64), paragraphs=(text,)))
    found = {p.name: p for p in art.places if p.usage == "in_name"}
    assert set(found) == {"Ohio", "Cincinnati"}  # "American" is a demonym, not a place name
    m = found["Cincinnati"].mentions[0]
    assert text[m.start:m.end] == "Cincinnati" and found["Ohio"].country == "US"
