"""A speaker's mention ends before a clause that only describes it; a clause naming someone stays."""

from __future__ import annotations

import pytest

from storyline.model import Article, Source
from storyline.nlp.annotate import annotate


def _mentions(paragraph: str) -> list[str | None]:
    art = Article(source=Source("t", "text", "5" * 64), title="t", paragraphs=(paragraph,), published="2016-04-14",
                  nlp=True)
    return [q.speaker.mention if q.speaker else None for q in annotate(art).quotes]


@pytest.mark.parametrize(("paragraph", "mention"), [
    # the demo listed "its makers, who plan to begin deliveries in the autumn" as the speaker
    ("The scooter weighs eleven kilograms, according to its makers, who plan to begin deliveries in the autumn.",
     "its makers"),
    ("Colonies came through the winter in better shape, according to a survey of two thousand beekeepers "
     "published on Saturday.", "a survey of two thousand beekeepers"),
    # with the clause the demo's speaker went unresolved
    ("Army units entered the residential districts on Saturday night, a military statement read on state "
     "television said.", "a military statement"),
    # the clause hangs on the span's first word
    ("Prices fell, according to analysts who track the market.", "analysts"),
    # a clause that names the speaker is part of it
    ("The town fell to the rebels, according to a group calling itself the Syrian Liberation Front.",
     "a group calling itself the Syrian Liberation Front"),
])
def test_a_describing_clause_is_not_the_speaker(paragraph: str, mention: str) -> None:
    assert _mentions(paragraph)[0] == mention


def test_a_thing_that_did_something_is_no_speaker() -> None:
    """The demo listed "waves of Russian air strikes" as the nested source of a military sources' report."""
    for text in ("The advance was supported by waves of Russian air strikes, which pounded the hills for days, "
                 "according to military sources in Damascus.",
                 "The advance was supported by waves of Russian air strikes, which pounded militant positions on "
                 "the hills overlooking the town for days, according to military sources in Damascus."):
        art = Article(source=Source("t", "text", "6" * 64), title="t", paragraphs=(text,), published="2016-03-27",
                      nlp=True)
        quotes = annotate(art).quotes
        assert [q.speaker.mention if q.speaker else None for q in quotes] == ["military sources in Damascus"], text
        assert quotes[0].source is None, text
    # a person or a group in the agent still speaks
    praised = Article(source=Source("t", "text", "7" * 64), title="t", published="2016-03-27", nlp=True,
                      paragraphs=("The new budget was praised by a number of tax experts.",))
    assert [q.speaker.mention for q in annotate(praised).quotes if q.speaker] == ["a number of tax experts"]
