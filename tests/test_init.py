"""The Python API: storyline.extract, extract_all, open and dataframe."""

from __future__ import annotations

from pathlib import Path

import pytest

import storyline
from storyline.model import Article, Failure
from tests.conftest import SAMPLES

from .web.fixture_store import build


def test_extract_stays_the_function_when_the_stage_package_is_imported() -> None:
    import storyline.extract.html  # noqa: F401 - the subpackage import must not rebind storyline.extract
    import storyline.pipeline  # noqa: F401

    assert callable(storyline.extract) and storyline.extract.__module__ == "storyline"


def test_extract_a_path_gives_the_full_record() -> None:
    rec = storyline.extract(SAMPLES / "seed-palmyra.txt")
    assert isinstance(rec, Article) and rec.nlp
    assert rec.title == "‘Russia to Stand by Syria’: Putin to Assad"
    assert rec.quotes and any(q.speaker and "Peskov" in q.speaker.name for q in rec.quotes)
    assert {"Vladimir Putin", "Bashar al-Assad"} <= {e.name for e in rec.entities}


def test_extract_bytes_without_nlp_and_a_bad_document() -> None:
    rec = storyline.extract((SAMPLES / "seed-palmyra.txt").read_bytes(), nlp=False, name="seed.txt")
    assert isinstance(rec, Article) and not rec.nlp and rec.quotes == () and len(rec.paragraphs) == 11
    bad = storyline.extract(b"", name="empty.txt")
    assert isinstance(bad, Failure) and "empty.txt" in bad.problem.message


def test_a_corpus_needs_extract_all() -> None:
    with pytest.raises(ValueError, match="extract_all"):
        storyline.extract(SAMPLES / "corpus.jsonl", nlp=False)
    records = list(storyline.extract_all([str(SAMPLES / "corpus.jsonl")], nlp=False))
    assert len(records) > 1 and all(isinstance(r, Article | Failure) for r in records)


def test_open_and_dataframe(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    ids = build(path)
    with storyline.open(path) as store:
        quotes = storyline.dataframe(store, "quotes", speaker="Abdulkarim")
        articles = storyline.dataframe(store, "articles", story=ids["story"])
    assert list(quotes["speaker_name"]) == ["Maamoun Abdulkarim"] * 2
    assert "text" in quotes.columns and quotes["paragraph"].dtype.kind == "i"
    assert set(articles["id"]) == {ids["palmyra"], ids["putin"]}
