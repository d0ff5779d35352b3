"""Hostile inputs to the NLP stage: huge paragraphs, slow and failing parses, and the budgets that bound them.

Inputs are built here in code (nothing large is stored in the repository). Some tests lower the
document budget so that the suite stays fast; the 1 MB test runs with the default settings.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from storyline.batch import process
from storyline.model import Article, Failure, Problem, RawDocument, Source
from storyline.nlp import annotate as stage
from storyline.nlp.model import get_nlp
from storyline.settings import Settings

UNIT = "“We will win,” he said. Officials in Damascus said the road was open on Sunday. "
GOOD = "“We are ready,” the minister said on Sunday. Officials in Damascus said the road was open."
WORDS = "lorem ipsum dolor sit amet "
FAST = Settings(nlp_document_chars=40_000)  # a small document budget: quick tests of huge inputs


@pytest.fixture(scope="module", autouse=True)
def _model() -> None:
    get_nlp()  # loaded once for the module (and the geocoder's index warmed up)
    stage.annotate(_article("warm.txt", GOOD))


def _article(name: str, *paragraphs: str) -> Article:
    return Article(source=Source(name, "text", (name[0] * 64)[:64]), published="2016-03-28",
                   paragraphs=paragraphs)


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size].rstrip()


def _codes(res: Article | Failure) -> list[str]:
    assert isinstance(res, Article), res
    return [w.code for w in res.warnings]


def _check_good(res: Article | Failure) -> None:
    assert isinstance(res, Article), res
    assert res.nlp and "nlp_failed" not in _codes(res)
    assert res.quotes and res.quotes[0].kind == "direct" and res.quotes[0].text == "“We are ready,”"
    assert [d.value for d in res.dates] == ["2016-03-27"]


def _truncated(res: Article | Failure) -> list[str]:
    assert isinstance(res, Article), res
    return [w.message for w in res.warnings if w.code == "nlp_truncated"]


def test_a_15mb_one_line_paragraph_then_a_good_document_through_annotate_many() -> None:
    big = _repeat(WORDS, 15_000_000)
    out = list(stage.annotate_many([_article("big.txt", "Fifteen", big), _article("good.txt", GOOD)],
                                   settings=FAST))
    assert [r.source.path for r in out if isinstance(r, Article)] == ["big.txt", "good.txt"]
    messages = _truncated(out[0])
    assert any("big.txt" in m and "paragraph 1 " in m and f"{len(big):,}" in m for m in messages)
    assert any("stopped at paragraph 1" in m for m in messages)
    assert out[0].nlp and out[0].paragraphs[1] == big  # the record keeps the whole text
    _check_good(out[1])


def test_a_15mb_document_then_a_good_one_through_batch_process() -> None:
    raws = [RawDocument("big.txt", b"Fifteen\n\n" + _repeat(WORDS, 15_000_000).encode() + b"\n", format="text"),
            RawDocument("good.txt", b"Talks resume\n\n" + GOOD.encode() + b"\n", format="text")]
    first, second = process(raws, FAST)
    assert isinstance(first, Failure) or "nlp_truncated" in _codes(first)
    assert isinstance(second, Article) and second.title == "Talks resume"
    assert second.quotes and second.quotes[0].text == "“We are ready,”"


@pytest.mark.parametrize("size", [50_000, 200_000, 1_000_000])
def test_long_paragraphs_of_quotes_are_annotated_in_pieces(size: int) -> None:
    text = _repeat(UNIT, size)
    start = time.perf_counter()
    res = stage.annotate(_article("long.txt", text), settings=Settings(nlp_seconds=600))
    elapsed = time.perf_counter() - start
    messages = _truncated(res)
    assert any("paragraph 0 " in m and f"{len(text):,}" in m for m in messages)
    assert isinstance(res, Article) and len(res.quotes) > 100
    if size > Settings().nlp_document_chars:
        assert elapsed < 60, f"{size:,} characters took {elapsed:.0f}s"
        assert any("stopped at paragraph 0" in m for m in messages)
        assert max(q.end for q in res.quotes) <= Settings().nlp_document_chars


def test_offsets_in_a_split_paragraph_point_at_the_original_text() -> None:
    unit = ("“We will win,” Vladimir Putin said in Moscow on Monday. Officials in Damascus said the road "
            "was open. “It is over,” Peskov told reporters, adding that talks would resume on Sunday. ")
    text = _repeat(unit, 12_000)
    res = stage.annotate(_article("split.txt", text), settings=Settings(nlp_paragraph_chars=1_500))
    assert isinstance(res, Article)
    assert any("paragraph 0 " in m for m in _truncated(res))
    assert len(res.quotes) >= 2 * (len(text) // len(unit))
    for q in res.quotes:
        assert q.end_paragraph is None and text[q.start : q.end] == q.text
    assert max(q.start for q in res.quotes) > len(text) - len(unit)  # the last piece is annotated too
    mentions = [m for e in res.entities for m in e.mentions] + [m for p in res.places for m in p.mentions]
    assert mentions and all(text[m.start : m.end] == m.text for m in mentions)
    assert res.dates and all(text[d.start : d.end] == d.text for d in res.dates)
    names = {e.name for e in res.entities}
    assert {"Vladimir Putin", "Damascus", "Moscow"} <= names


def test_over_the_time_budget_the_document_is_an_nlp_timeout_failure() -> None:
    res = stage.annotate(_article("slow.txt", GOOD), settings=Settings(nlp_seconds=0.0))
    assert isinstance(res, Failure) and res.problem.code == "nlp_timeout"
    assert res.name == "slow.txt" and "slow.txt" in res.problem.message


def test_a_slow_component_times_out_only_its_document(monkeypatch: pytest.MonkeyPatch) -> None:
    real = stage.extract_entities

    def entities(article: Article, docs: list[Any]) -> Any:
        if article.source.path == "slow.txt":
            time.sleep(0.6)
        return real(article, docs)

    monkeypatch.setattr(stage, "extract_entities", entities)
    items = [_article("a.txt", GOOD), _article("slow.txt", GOOD), _article("b.txt", GOOD)]
    out = list(stage.annotate_many(items, settings=Settings(nlp_seconds=0.5)))
    assert isinstance(out[1], Failure) and out[1].problem.code == "nlp_timeout"
    assert "slow.txt" in out[1].problem.message and "after entities" in out[1].problem.message
    _check_good(out[0])
    _check_good(out[2])


class _Exploding:
    """The shared pipeline, except that nlp.pipe raises on any batch holding "BOOM"."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.calls: list[int] = []

    def pipe(self, texts: Any, **kw: Any) -> Any:
        texts = list(texts)
        self.calls.append(len(texts))
        if any("BOOM" in t for t in texts):
            raise RuntimeError("the parser blew up")
        return self.nlp.pipe(texts, **kw)


def test_an_error_in_the_batched_parse_stays_with_its_document(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _Exploding(get_nlp())
    monkeypatch.setattr(stage, "get_nlp", lambda: fake)
    failure = Failure("broken.bin", Problem("binary", "broken.bin: binary data"))
    items: list[Article | Failure] = [_article("a.txt", GOOD), _article("boom.txt", "BOOM said the minister."),
                                      failure, _article("c.txt", GOOD)]
    out = list(stage.annotate_many(items))
    assert fake.calls[0] == 3  # one batched call over the three documents, then one call each
    assert out[2] is failure
    _check_good(out[0])
    _check_good(out[3])
    bad = out[1]
    assert isinstance(bad, Article) and not bad.nlp and not bad.quotes
    (warning,) = [w for w in bad.warnings if w.code == "nlp_failed"]
    assert "boom.txt" in warning.message and "RuntimeError: the parser blew up" in warning.message


def test_spacy_refusing_a_paragraph_over_its_max_length_fails_only_that_document() -> None:
    huge = _repeat(WORDS, 1_200_000)  # above spaCy's nlp.max_length (E088) when not cut into pieces
    settings = Settings(nlp_paragraph_chars=2_000_000, nlp_document_chars=5_000_000)
    out = list(stage.annotate_many([_article("huge.txt", huge), _article("good.txt", GOOD)], settings=settings))
    huge_res = out[0]
    assert isinstance(huge_res, Article) and not huge_res.nlp
    assert any(w.code == "nlp_failed" and "E088" in w.message and "huge.txt" in w.message
               for w in huge_res.warnings)
    _check_good(out[1])
