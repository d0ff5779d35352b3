"""Quote boundaries and what is not a quote: interrupted quotations, cue prepositions, deeds, passives."""

from __future__ import annotations

import pytest

from .helpers import quotes_of


def test_a_quotation_the_cue_interrupts_keeps_both_halves_without_the_cue() -> None:
    (q,) = quotes_of("“One of the reasons,” Mayor Anna Holt said, “is that the line is cheap to run.”")
    assert q.speaker is not None and q.speaker.name == "Anna Holt"
    assert "One of the reasons" in q.text and "cheap to run" in q.text
    assert "said" not in q.text and "Holt" not in q.text


def test_two_separate_quotations_around_a_cue_stay_apart_when_the_first_ends_a_sentence() -> None:
    qs = quotes_of("“The vote is over.” Mayor Anna Holt said “we start building in May” after the count.")
    assert all("vote is over" not in q.text for q in qs if "building" in q.text)


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("Senator Ruth Brandt called for the complete repeal of the law.", "the complete repeal of the law"),
        ("Senator Ruth Brandt pointed to the 1994 crime bill as an example.", "the 1994 crime bill as an example"),
    ],
)
def test_the_cue_s_own_preposition_is_not_content(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


def test_whom_it_was_said_to_is_not_what_was_said() -> None:
    assert quotes_of("Senator Ruth Brandt spoke to reporters on Friday after the hearing.") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "The city council voted on Tuesday to build a six-kilometre tram line linking the station with the harbour.",
        "Residents in flood-prone areas were advised to check local alerts.",
        "The project is expected to cost about 180 million euros.",
        "Drier and brighter weather is expected to return early next week.",
    ],
)
def test_deeds_and_agentless_passives_with_an_infinitive_are_not_quotes(sentence: str) -> None:
    assert quotes_of(sentence) == ()


def test_a_vote_with_a_that_clause_reports_what_was_decided() -> None:
    (q,) = quotes_of("The city council voted that the mayor should resign.")
    assert q.cue == "voted" and q.text.endswith("the mayor should resign")


def test_a_passive_cue_s_agent_is_the_speaker() -> None:
    (q,) = quotes_of("Residents were told by Mayor Anna Holt that the water was safe to drink.")
    assert q.speaker is not None and q.speaker.name == "Anna Holt"


@pytest.mark.parametrize(
    ("paragraphs", "via"),
    [
        (("Dmitry Peskov said the talks were useful.",), "name"),
        (("The Kremlin spokesman, Dmitry Peskov, said the talks were useful.",), "apposition"),
        (("Russian President Vladimir Putin met Bashar al-Assad on Sunday.",
          "The Russian leader said the army had done well."), "title"),
        (("The mayor said the road would reopen on Monday.",), "role"),
        (("Dmitry Peskov met reporters on Monday.", "He said the talks were useful."), "pronoun"),
        (("Dmitry Peskov praised the army on Monday, adding that the city would be rebuilt.",), "nested"),
        (("“We will win,” Dmitry Peskov said on Monday.", "Fighting went on in the east of the country.",
          "“The city will be rebuilt by the summer and every family will go home.”"), "nested"),
    ],
)
def test_each_speaker_says_how_it_was_found(paragraphs: tuple[str, ...], via: str) -> None:
    qs = quotes_of(*paragraphs)
    assert qs and qs[-1].speaker is not None
    assert qs[-1].speaker.via == via, qs[-1].speaker


@pytest.mark.parametrize(("sentence", "cue", "speaker"), [
    ('Protesters marching through the streets chanted "What curfew?" and kept going.', "chanted", "Protesters"),
    ('At his cookout, the band leader sang "It\'s Our Time." to the crowd.', "sang", "the band leader"),
])
def test_a_chant_or_a_song_next_to_a_quotation_is_a_direct_quote(sentence: str, cue: str, speaker: str) -> None:
    quotes = [q for q in quotes_of(sentence) if q.kind == "direct"]
    assert quotes and quotes[0].cue == cue
    assert quotes[0].speaker is not None and speaker in quotes[0].speaker.mention


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("In his speech, Graham urged Republicans to join the ranks of climate change believers.",
         "Republicans to join the ranks of climate change believers"),
        ("Palmieri called on Trump to stop attacking Machado and apologize.",
         "Trump to stop attacking Machado and apologize"),
    ],
)
def test_the_one_asked_to_act_belongs_to_what_was_said(sentence: str, content: str) -> None:
    (q,) = quotes_of(sentence)
    assert q.text == content


def test_a_closing_which_clause_is_the_writer_s_aside_not_the_paraphrase() -> None:
    (q,) = quotes_of("The mayor said that the tram line would pay for itself within a decade, which few "
                   "economists believe.")
    assert q.text == "that the tram line would pay for itself within a decade"
    (kept,) = quotes_of("The mayor said that the contractor, which won the bid in May, will start work soon.")
    assert kept.text.endswith("will start work soon")  # a relative clause inside the paraphrase stays


@pytest.mark.parametrize("cue", ["joked about the museum", "joked of the museum"])
def test_a_quotation_after_the_cue_s_topic_is_the_content(cue: str) -> None:
    (q,) = quotes_of(f"Mayor Anna Holt {cue}, “I haven't seen it yet, but I'm going to.”")
    assert q.kind == "direct"
    assert "going to" in q.text and "museum" not in q.text
