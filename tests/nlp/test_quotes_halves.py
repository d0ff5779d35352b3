"""A quotation in two halves around its cue sentence: “A,” she said. “B.” is one attribution."""

from __future__ import annotations

import pytest

from .helpers import quotes_of


@pytest.mark.parametrize(
    ("paragraph", "first", "last"),
    [
        ("“Who will pay for the new bridge?” Mayor Anna Holt asked. “Not the people of this town.”",
         "“Who will pay", "this town.”"),
        ("“I would,” Mayor Anna Holt said to the radio. “Every single time.”", "“I would,”", "time.”"),
        ("“We are ready,” Mayor Anna Holt said, turning to the crowd, “and the work starts in May.”",
         "“We are ready,”", "in May.”"),
    ],
)
def test_both_halves_around_the_cue_sentence_are_one_quote(paragraph: str, first: str, last: str) -> None:
    (q,) = quotes_of(paragraph)
    assert q.kind == "direct" and q.speaker is not None and q.speaker.name == "Anna Holt"
    assert q.text.startswith(first) and q.text.endswith(last)
    assert "Holt" not in q.text and "radio" not in q.text and "crowd" not in q.text


def test_a_second_cue_of_the_same_quotation_does_not_make_a_second_quote() -> None:
    qs = quotes_of("“We are going to replace the old bridge with something so much better,” the mayor said,"
                   " repeating a promise from the spring.")
    assert [q.cue for q in qs] == ["said"]
