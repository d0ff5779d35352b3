"""Content boundaries of paraphrases around and after their cue (storyline.nlp.quotes_content and quotes_rules)."""

from __future__ import annotations

from storyline.model import Article, Quote, Source
from storyline.nlp.annotate import annotate


def _quotes(*paragraphs: str) -> tuple[Quote, ...]:
    art = annotate(Article(source=Source("t.txt", "text", "1" * 64), paragraphs=paragraphs))
    assert not [w for w in art.warnings if w.code == "nlp_failed"], art.warnings
    return art.quotes


def test_one_word_before_a_parenthetical_cue_is_part_of_the_content() -> None:
    qs = _quotes("That, the commission said, would be helpful in avoiding uncertainty.")
    assert [q.text for q in qs] == ["That would be helpful in avoiding uncertainty"]


def test_a_conjunction_before_a_parenthetical_cue_is_not_content() -> None:
    qs = _quotes("But, he said, the plan would fail.")
    assert [q.text for q in qs] == ["the plan would fail"]
