"""Evaluations whose content starts before the cue: a relative pronoun object, a passive subject."""

from __future__ import annotations

import pytest

from .helpers import quotes_of


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The council approved what the mayor called a reckless gamble.", "what a reckless gamble"),
        ("She visited the lake, which she describes as her second home.", "which as her second home"),
        ("The new ferry was labeled a failure.", "The new ferry a failure"),
        ("The old harbour bridge has been called a disgrace.", "The old harbour bridge a disgrace"),
    ],
)
def test_an_evaluation_s_object_before_its_cue_is_content(sentence: str, content: str) -> None:
    (q,) = [q for q in quotes_of(sentence) if q.cue in ("called", "describes", "labeled")]
    assert q.text == content


def test_the_preposition_of_an_accusation_is_the_cue_s() -> None:
    (q,) = quotes_of("The harbour master was accused of hiding the flood report.")
    assert q.text == "The harbour master hiding the flood report"
