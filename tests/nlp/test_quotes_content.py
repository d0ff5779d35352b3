"""Content boundaries of paraphrases around and after their cue (storyline.nlp.quotes_content and quotes_rules)."""

from __future__ import annotations

from .helpers import quotes_of


def test_one_word_before_a_parenthetical_cue_is_part_of_the_content() -> None:
    qs = quotes_of("That, the commission said, would be helpful in avoiding uncertainty.")
    assert [q.text for q in qs] == ["That would be helpful in avoiding uncertainty"]


def test_a_conjunction_before_a_parenthetical_cue_is_not_content() -> None:
    qs = quotes_of("But, he said, the plan would fail.")
    assert [q.text for q in qs] == ["the plan would fail"]
