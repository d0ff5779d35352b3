"""A sentence-final cue the parse left without a subject: the noun phrase after the last comma speaks."""

from __future__ import annotations

import pytest

from .helpers import quotes_of

# the demo's sentence: spaCy hangs "statement" on "Zor" as an apposition and leaves "said" with no subject
_DEMO = ("Army units supported by allied militias entered the districts on Saturday and pushed the militants east "
         "along the road towards Deir ez-Zor, a military statement read on state television said.")


def test_the_phrase_after_the_last_comma_speaks() -> None:
    (q,) = quotes_of(_DEMO)
    assert q.speaker is not None and q.speaker.mention == "a military statement"
    assert q.kind == "indirect"
    assert q.text == ("Army units supported by allied militias entered the districts on Saturday and pushed the "
                      "militants east along the road towards Deir ez-Zor")


@pytest.mark.parametrize("sentence", [
    # a subject the parser found is left alone
    "The rebels withdrew from the town overnight, the ministry said.",
    "The rebels withdrew from the town overnight, officials in the capital said on Sunday.",
])
def test_a_parsed_subject_still_speaks(sentence: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.speaker is not None
    assert q.text == "The rebels withdrew from the town overnight"
