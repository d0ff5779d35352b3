"""Where a paraphrase after its cue ends: the end of its sentence, not where the parse closed the clause;
an evaluation's object without the time it was made."""

from __future__ import annotations

import pytest

from .helpers import quotes_of


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The council said the bridge would reopen in May, but would close again for the winter.",
         "the bridge would reopen in May, but would close again for the winter"),
        ("Mayor Anna Holt noted that the budget had grown by a third, so the town could not afford a new tram line.",
         "that the budget had grown by a third, so the town could not afford a new tram line"),
    ],
)
def test_a_paraphrase_runs_to_the_end_of_its_sentence(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


def test_a_paraphrase_stops_before_another_cue_s_clause() -> None:
    said, added = quotes_of("The mayor said the road was closed, but she added that it would reopen soon.")
    assert said.text == "the road was closed"
    assert added.text == "that it would reopen soon"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("Senator Ruth Brandt endorsed the tram plan on Thursday.", "the tram plan"),
        ("Mayor Anna Holt praised the volunteers during the storm.", "the volunteers"),
        ("Mayor Anna Holt criticized the contractor in the spring.", "the contractor"),
    ],
)
def test_when_it_was_said_is_not_part_of_an_evaluation(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("Although the mayor says she opposes new taxes, her budget raises the fuel duty by a third.",
         "she opposes new taxes"),
        ("After the mayor said that the road would reopen, the council closed it for the winter.",
         "that the road would reopen"),
    ],
)
def test_a_paraphrase_in_a_subordinate_clause_ends_with_that_clause(sentence: str, content: str) -> None:
    q = next(q for q in quotes_of(sentence) if q.cue in ("says", "said"))
    assert q.text == content
