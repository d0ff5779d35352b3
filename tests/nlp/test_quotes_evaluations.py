"""Edges of evaluations and paraphrases: passive subjects, where and by whom, the speaker's next deed, new cues."""

from __future__ import annotations

import pytest

from .helpers import quotes_of


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        ("The new tram plan was praised by the Riverside Cyclists Club.", "The new tram plan", "Riverside Cyclists Club"),
        ("Mayor Anna Holt is supported by the local farmers union.", "Mayor Anna Holt", "farmers union"),
    ],
)
def test_a_passive_evaluation_is_about_its_subject(sentence: str, content: str, speaker: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content
    assert q.speaker is not None and speaker in q.speaker.name


@pytest.mark.parametrize(
    "paragraph",
    [
        "(Reporting by Tom Baker; Editing by Jane Roe)",
        "Peter Grant reported from Lisbon.",
    ],
)
def test_where_or_by_whom_it_was_written_is_not_content(paragraph: str) -> None:
    assert not [q for q in quotes_of(paragraph) if q.cue and q.cue.lower().startswith("report")]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The mayor praised the new bridge in a statement on Monday.", "the new bridge"),
        ("The union criticized the mayor on Twitter.", "the mayor"),
        ("The senator blasted the new tax plan on her Facebook page.", "the new tax plan"),
        ("The coach defended the referee on local radio.", "the referee"),
    ],
)
def test_where_an_evaluation_was_made_is_not_content(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


def test_an_evaluation_keeps_what_follows_the_channel() -> None:
    (q,) = quotes_of("The mayor thanked the council on Twitter for fixing the old bridge.")
    assert q.text.endswith("for fixing the old bridge")


def test_a_dash_signed_quotation_ends_at_its_closing_mark() -> None:
    (q,) = quotes_of("“The new bridge is a waste of money and nobody here wants it.”― Jane Doe")
    assert q.text.rstrip().endswith("wants it.”")


def test_the_speaker_s_next_deed_is_not_part_of_what_was_said() -> None:
    qs = quotes_of("The governor said she would order a full review of the dam and warned against hasty repairs.")
    said = next(q for q in qs if q.cue == "said")
    assert said.text == "she would order a full review of the dam"
    assert any(q.cue == "warned" and q.text == "hasty repairs" for q in qs)


def test_a_cue_conjoined_inside_a_clause_keeps_the_outer_speaker() -> None:
    qs = quotes_of("Governor Ruth Lane said the state would sell the dam next year and suggested that "
                 "the town could buy it.")
    suggested = next(q for q in qs if q.cue == "suggested")
    assert suggested.speaker is not None and suggested.speaker.name == "Ruth Lane"


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("The council identified the old bridge as the main risk.", "identified", "the old bridge as the main risk"),
        ("The panel deemed the plan too costly.", "deemed", "the plan too costly"),
        ("Local farmers see the new dam as a threat to their fields.", "see",
         "the new dam as a threat to their fields"),
        ("The union voiced support for the striking nurses.", "voiced", "the striking nurses"),
    ],
)
def test_views_verdicts_and_voiced_support_are_evaluations(sentence: str, cue: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert (q.cue, q.text) == (cue, content)


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("The union leader expressed concern that members could find the plan appealing.",
         "that members could find the plan appealing"),
        ("Voting rights advocates have expressed deep concern about the new policy.", "the new policy"),
        ("The mayor voiced support for the harbour tram.", "the harbour tram"),
    ],
)
def test_a_feeling_cue_s_content_is_what_the_feeling_is_about(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


def test_an_as_phrase_after_the_object_describes_it_but_an_as_clause_with_a_subject_says_when() -> None:
    (q,) = quotes_of("Young voters see their own party as insufficiently committed to its principles.")
    assert q.text == "their own party as insufficiently committed to its principles"
    (q,) = quotes_of("She praised the plan as he left.")
    assert q.text == "the plan"
