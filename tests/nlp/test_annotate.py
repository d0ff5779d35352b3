"""The NLP stage: a failing component becomes a warning on that record; a stream keeps order and failures."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.model import Article, Failure, Problem, Source
from storyline.nlp import annotate as stage


def _article(name: str, text: str) -> Article:
    return Article(source=Source(name, "text", name[0] * 64), published="2016-03-28", paragraphs=(text,))


def test_a_failing_component_is_a_warning_naming_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(article: Article, docs: list[Any]) -> tuple[()]:
        raise RuntimeError("boom")

    monkeypatch.setattr(stage, "extract_entities", broken)
    out = stage.annotate(_article("bad.txt", "Peskov said the talks went well."))
    (warning,) = [w for w in out.warnings if w.code == "nlp_failed"]
    assert "bad.txt" in warning.message and "RuntimeError: boom" in warning.message
    assert out.paragraphs == ("Peskov said the talks went well.",)  # the cleaned record is kept


def test_annotate_many_keeps_order_and_passes_failures_through() -> None:
    failure = Failure("broken.bin", Problem("binary", "broken.bin: binary data"))
    items: list[Article | Failure] = [
        _article("a.txt", "“We are ready,” the minister said on Sunday."),
        failure,
        _article("b.txt", "Officials in Damascus said the road was open."),
    ]
    out = list(stage.annotate_many(items))
    assert [r.name if isinstance(r, Failure) else r.source.path for r in out] == ["a.txt", "broken.bin", "b.txt"]
    assert out[1] is failure
    first, last = out[0], out[2]
    assert isinstance(first, Article) and isinstance(last, Article)
    assert first.nlp and last.nlp
    assert first.quotes and first.quotes[0].kind == "direct"
    assert [d.value for d in first.dates] == ["2016-03-27"]
