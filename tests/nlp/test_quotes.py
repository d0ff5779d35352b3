"""Quotes on the seed: its nine attributions with paragraph, kind, cue, canonical speaker and source."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.model import Article, Quote, RawDocument
from storyline.nlp.annotate import annotate
from storyline.nlp.model import get_nlp
from storyline.nlp.quotes import extract_quotes
from storyline.pipeline import extract

SEED = Path(__file__).resolve().parents[2] / "samples" / "seed-palmyra.txt"
DEFENSE = {"Russian Defense Ministry", "Russian Defence Ministry"}

# paragraph, kind, cue, speaker names allowed, speaker mention, source name (or None)
EXPECTED = [
    (1, "direct", "said", {"Dmitry Peskov"}, "Kremlin spokesman Dmitry Peskov", None),
    (2, "mixed", "added", {"Vladimir Putin"}, "Putin", None),
    (3, "mixed", "added", {"Dmitry Peskov"}, "Peskov", "Vladimir Putin"),
    (4, "mixed", "added", {"Dmitry Peskov"}, "Peskov", "Bashar al-Assad"),
    (5, "indirect", "according to", {"Dmitry Peskov"}, "the Kremlin official", None),
    (7, "indirect", "said", DEFENSE, "The Russian Defense Ministry", None),
    (8, "indirect", "said", {"Bashar al-Assad"}, "Assad", None),
    (9, "mixed", "vowed in a statement", {"Syrian army"}, "The Syrian army", None),
    (10, "indirect", "described", {"London-based monitoring group"}, "The London-based monitoring group", None),
]


@pytest.fixture(scope="module")
def seed_article() -> Article:
    art = extract(RawDocument(str(SEED), SEED.read_bytes()))
    assert isinstance(art, Article)
    return art


@pytest.fixture(scope="module")
def seed(seed_article: Article) -> Article:
    return annotate(seed_article)


def _check(quotes: tuple[Quote, ...], paragraphs: tuple[str, ...]) -> None:
    assert [q.paragraph for q in quotes] == [e[0] for e in EXPECTED]
    for q, (para, kind, cue, names, mention, source) in zip(quotes, EXPECTED, strict=True):
        where = f"paragraph {para}: {q}"
        assert q.kind == kind, where
        assert q.cue == cue, where
        assert q.speaker is not None and q.speaker.name in names, where
        assert q.speaker.mention == mention, where
        assert (q.source.name if q.source else None) == source, where
        assert paragraphs[q.paragraph][q.start : q.end] == q.text, where
        assert q.end_paragraph is None


def test_seed_nine_attributions(seed: Article) -> None:
    assert not [w for w in seed.warnings if w.code == "nlp_failed"]
    _check(seed.quotes, seed.paragraphs)


def test_seed_without_entities_resolves_from_the_parse(seed_article: Article) -> None:
    docs = list(get_nlp().pipe(seed_article.paragraphs))
    _check(extract_quotes(seed_article, docs, ()), seed_article.paragraphs)


def test_seed_spans(seed: Article) -> None:
    by_para = {q.paragraph: q for q in seed.quotes}
    assert by_para[1].text.startswith("“In a conversation") and by_para[1].text.endswith("culture,”")
    assert "rid their land from extremist groups”" in by_para[2].text
    assert by_para[4].text.startswith("Assad, in turn, “praised")
    assert by_para[5].text.endswith("the fate of Palmyra")
    assert by_para[7].text.startswith("its military aircraft had hit")
    assert by_para[9].text.startswith("to step up")


def test_seed_types(seed: Article) -> None:
    types = {q.paragraph: q.speaker.type for q in seed.quotes if q.speaker}
    assert types[1] == "PERSON" and types[5] == "PERSON"
    assert types[7] == "ORG"
    assert types[9] in ("ORG", "GROUP") and types[10] == "GROUP"


def test_seed_quotes_round_trip_as_dicts(seed: Article) -> None:
    d = seed.to_dict()
    assert len(d["quotes"]) == 9
    again = Article.from_dict(d)
    assert again.quotes == seed.quotes
