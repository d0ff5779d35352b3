"""Hard quotation cases: pronouns, continuations, cue-first, multi-paragraph, 'according to', statements."""

from __future__ import annotations

from storyline.model import Article, Quote, Source
from storyline.nlp.annotate import annotate


def _quotes(*paragraphs: str) -> tuple[Quote, ...]:
    art = annotate(Article(source=Source("t.txt", "text", "1" * 64), paragraphs=paragraphs))
    assert not [w for w in art.warnings if w.code == "nlp_failed"], art.warnings
    return art.quotes


def test_pronoun_resolves_to_the_previous_speaker() -> None:
    qs = _quotes(
        "German Chancellor Angela Merkel met the press in Berlin on Monday.",
        "“We will not give up,” she said.",
    )
    assert len(qs) == 1
    assert qs[0].kind == "direct" and qs[0].cue == "said"
    assert qs[0].speaker is not None
    assert qs[0].speaker.mention == "she" and qs[0].speaker.name == "Angela Merkel"


def test_pronoun_prefers_the_last_speaker_over_a_nearer_object() -> None:
    qs = _quotes(
        "Senator John Hale said the bill would pass.",
        "Hale later met Governor Ruth Brandt in Albany. He said the vote would come on Friday.",
    )
    assert [q.speaker.name for q in qs if q.speaker] == ["John Hale", "John Hale"]


def test_continuation_quote_without_cue_keeps_the_speaker() -> None:
    qs = _quotes(
        "“The water is rising fast,” said rescue chief Maria Lopez.",
        "Boats were sent to the lower town on Tuesday, and the army closed the main road.",
        "“We are in a race against time.”",
    )
    assert len(qs) == 2
    assert qs[1].paragraph == 2 and qs[1].cue is None and qs[1].kind == "direct"
    assert qs[1].text == "“We are in a race against time.”"
    assert qs[1].speaker is not None and qs[1].speaker.name == "Maria Lopez"


def test_continuation_in_the_next_paragraph_joins_the_quote() -> None:
    qs = _quotes(
        "“The water is rising fast,” said rescue chief Maria Lopez.",
        "“We are in a race against time.”",
    )
    assert len(qs) == 1
    q = qs[0]
    assert (q.paragraph, q.end_paragraph, q.cue) == (0, 1, "said")
    assert q.text == "“The water is rising fast,” “We are in a race against time.”"
    assert q.speaker is not None and q.speaker.name == "Maria Lopez"


def test_second_fragment_in_the_same_paragraph_joins_the_quote() -> None:
    qs = _quotes("“The bridge is closed,” said mayor Tom Ellis. “Nobody should try to cross it tonight.”")
    assert len(qs) == 1
    assert qs[0].text.endswith("tonight.”") and qs[0].kind == "direct"


def test_cue_first_according_to() -> None:
    qs = _quotes(
        "Health Minister Olga Petrova visited the hospital.",
        "According to the minister, the outbreak has been contained in the north.",
    )
    assert len(qs) == 1
    q = qs[0]
    assert q.cue == "according to" and q.kind == "indirect"
    assert q.text == "the outbreak has been contained in the north"
    assert q.speaker is not None and q.speaker.name == "Olga Petrova"


def test_according_to_at_the_end_with_an_institution() -> None:
    qs = _quotes("More than 3,000 people fled the town last week, according to the United Nations.")
    assert len(qs) == 1
    assert qs[0].text == "More than 3,000 people fled the town last week"
    assert qs[0].speaker is not None and qs[0].speaker.type == "ORG"


def test_said_in_a_statement() -> None:
    qs = _quotes("The Interior Ministry said in a statement that the border would reopen on Monday.")
    assert len(qs) == 1
    assert qs[0].cue == "said in a statement" and qs[0].kind == "indirect"
    assert qs[0].text.startswith("that the border would reopen")
    assert qs[0].speaker is not None and qs[0].speaker.name == "Interior Ministry"


def test_multi_paragraph_quote() -> None:
    qs = _quotes(
        "Union leader Paul Carter spoke after the vote.",
        "“We have waited ten years for this agreement. Our members deserve it.",
        "“Today the workers of this country have been heard,” Carter said.",
    )
    assert len(qs) == 1
    q = qs[0]
    assert (q.paragraph, q.end_paragraph) == (1, 2)
    assert q.text.startswith("“We have waited") and q.text.endswith("been heard,”")
    assert q.speaker is not None and q.speaker.name == "Paul Carter"


def test_parenthetical_cue_splits_the_content() -> None:
    qs = _quotes("The economy, Finance Minister Ana Costa said, will grow by 2 percent next year.")
    assert len(qs) == 1
    assert qs[0].speaker is not None and qs[0].speaker.name == "Ana Costa"
    assert "The economy" in qs[0].text and "will grow by 2 percent" in qs[0].text


def test_scare_quotes_are_not_quotes() -> None:
    assert _quotes("The so-called “peace plan” was published on Monday by the two parties.") == ()


def test_surname_resolves_to_the_full_name() -> None:
    qs = _quotes(
        "Opposition leader Karl Weber arrived in Vienna on Tuesday.",
        "Weber told reporters that the election had been unfair.",
    )
    assert len(qs) == 1 and qs[0].cue == "told"
    assert qs[0].speaker is not None and qs[0].speaker.name == "Karl Weber"


def test_no_quotes_in_plain_narration() -> None:
    assert _quotes("Syrian forces wrested back control of Palmyra on Sunday.") == ()
