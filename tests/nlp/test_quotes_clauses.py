"""Which clause is a cue's content: the that-clause after the cue, clauses the parser mislabelled, new cues."""

from __future__ import annotations

import pytest

from .helpers import quotes_of


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        # a clause in front of the cue that the parser hung on it is not its content
        ("Writing for a Los Angeles Times panel that all agreed Pence won the debate, Mark Barabak noted "
         "that the way Pence carried himself was critical to his success.",
         "that the way Pence carried himself was critical to his success"),
        # nor is a clause a semicolon parts from the cue
        ("It's an extremely unlikely scenario; Clinton's team says she'll continue her march toward "
         "Election Day later this week.",
         "she'll continue her march toward Election Day later this week"),
        # a that-clause the parser took for a relative clause on the cue's object
        ("In Honolulu last week, he told a meeting of Pacific Island leaders that few people understood "
         "the stakes of climate change better than residents of their part of the planet.",
         "that few people understood the stakes of climate change better than residents of their part of the planet"),
    ],
)
def test_the_clause_after_the_cue_is_the_content(sentence: str, content: str) -> None:
    quotes = [q for q in quotes_of(sentence) if q.cue in ("noted", "says", "told")]
    assert [q.text for q in quotes] == [content]


def test_a_clause_parsed_as_adverbial_is_the_content_from_its_subject() -> None:
    (q,) = quotes_of("Trump said after the convention he would not accept Cruz's endorsement if it were offered.")
    assert q.text == "he would not accept Cruz's endorsement if it were offered"


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("The senator referred to the mayor as “a tireless reformer.”", "referred", "the mayor as “a tireless reformer.”"),
        ("The governor railed against the new tax on fuel.", "railed", "the new tax on fuel"),
    ],
)
def test_references_and_attacks_are_cues(sentence: str, cue: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert (q.cue, q.text.rstrip(".")) == (cue, content.rstrip("."))


def test_a_quotation_after_a_paraphrase_by_the_same_speaker_joins_the_quotation_before() -> None:
    quotes = quotes_of("“The key to the success of these ventures was the market timing,” Mr. Hedge said, "
                     "referring to the two resorts. “I assume they saw the golf market returning.”")
    said = next(q for q in quotes if q.cue == "said")
    assert said.text == ("“The key to the success of these ventures was the market timing,” "
                         "“I assume they saw the golf market returning.”")
    assert [q.cue for q in quotes] == ["said", "referring"]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("Still, almost two in three voters now view the mayor favorably, according to the poll.",
         "almost two in three voters now view the mayor favorably"),
        ("In fact, the council had raised $5 million by March, according to the filings.",
         "the council had raised $5 million by March"),
        # a longer phrase or one with a name is part of what was said
        ("In Boston, the council had raised $5 million by March, according to the filings.",
         "In Boston, the council had raised $5 million by March"),
    ],
)
def test_a_link_to_the_sentence_before_is_not_content(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


@pytest.mark.parametrize(
    ("headline", "speaker", "content"),
    [
        ("Sanders: Clinton Email Story Has Moved.", "Sanders", "Clinton Email Story Has Moved"),
        ("Clinton camp: Trade deal threatens jobs.", "Clinton camp", "Trade deal threatens jobs"),
    ],
)
def test_a_headline_source_before_a_colon_speaks(headline: str, speaker: str, content: str) -> None:
    (q,) = quotes_of(headline, "The campaign went on.")
    assert (q.text, q.cue, q.speaker.mention if q.speaker else None) == (content, ":", speaker)


def test_a_colon_after_a_phrase_with_a_verb_or_preposition_is_no_source() -> None:
    assert not [q for q in quotes_of("Note to Carson: the plan works.", "It did.") if q.cue == ":"]


def test_a_demonstrative_that_belongs_to_the_object() -> None:
    (q,) = quotes_of("The governor echoed that promise on Friday.")
    assert (q.cue, q.text) == ("echoed", "that promise")


def test_a_gerund_subject_the_parser_took_for_the_cues_xcomp_opens_the_content() -> None:
    qs = quotes_of("He said legalizing it could put thousands of people to work in upstate New York.")
    assert [q.text for q in qs] == ["legalizing it could put thousands of people to work in upstate New York"]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("She promised her entire transit plan would be paid for through a new levy.",
         "her entire transit plan would be paid for through a new levy"),
        ("He claimed he above all others has the capacity to unite the council.",
         "he above all others has the capacity to unite the council"),
    ],
)
def test_a_clause_subject_parsed_as_the_cue_s_object_is_content(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


def test_the_addressee_before_a_clause_with_its_own_subject_is_not_content() -> None:
    (q,) = quotes_of("She told reporters the harbour would reopen soon.")
    assert q.text == "the harbour would reopen soon"
