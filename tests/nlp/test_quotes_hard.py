"""Hard quotation cases: pronouns, continuations, cue-first, multi-paragraph, 'according to', statements."""

from __future__ import annotations

from storyline.model import Article, Source

from .helpers import quotes_of


def test_pronoun_resolves_to_the_previous_speaker() -> None:
    qs = quotes_of(
        "German Chancellor Angela Merkel met the press in Berlin on Monday.",
        "“We will not give up,” she said.",
    )
    assert len(qs) == 1
    assert qs[0].kind == "direct" and qs[0].cue == "said"
    assert qs[0].speaker is not None
    assert qs[0].speaker.mention == "she" and qs[0].speaker.name == "Angela Merkel"


def test_pronoun_prefers_the_last_speaker_over_a_nearer_object() -> None:
    qs = quotes_of(
        "Senator John Hale said the bill would pass.",
        "Hale later met Governor Ruth Brandt in Albany. He said the vote would come on Friday.",
    )
    assert [q.speaker.name for q in qs if q.speaker] == ["John Hale", "John Hale"]


def test_continuation_quote_without_cue_keeps_the_speaker() -> None:
    qs = quotes_of(
        "“The water is rising fast,” said rescue chief Maria Lopez.",
        "Boats were sent to the lower town on Tuesday, and the army closed the main road.",
        "“We are in a race against time.”",
    )
    assert len(qs) == 2
    assert qs[1].paragraph == 2 and qs[1].cue is None and qs[1].kind == "direct"
    assert qs[1].text == "“We are in a race against time.”"
    assert qs[1].speaker is not None and qs[1].speaker.name == "Maria Lopez"


def test_continuation_in_the_next_paragraph_joins_the_quote() -> None:
    qs = quotes_of(
        "“The water is rising fast,” said rescue chief Maria Lopez.",
        "“We are in a race against time.”",
    )
    assert len(qs) == 1
    q = qs[0]
    assert (q.paragraph, q.end_paragraph, q.cue) == (0, 1, "said")
    assert q.text == "“The water is rising fast,” “We are in a race against time.”"
    assert q.speaker is not None and q.speaker.name == "Maria Lopez"


def test_second_fragment_in_the_same_paragraph_joins_the_quote() -> None:
    qs = quotes_of("“The bridge is closed,” said mayor Tom Ellis. “Nobody should try to cross it tonight.”")
    assert len(qs) == 1
    assert qs[0].text.endswith("tonight.”") and qs[0].kind == "direct"


def test_cue_first_according_to() -> None:
    qs = quotes_of(
        "Health Minister Olga Petrova visited the hospital.",
        "According to the minister, the outbreak has been contained in the north.",
    )
    assert len(qs) == 1
    q = qs[0]
    assert q.cue == "according to" and q.kind == "indirect"
    assert q.text == "the outbreak has been contained in the north"
    assert q.speaker is not None and q.speaker.name == "Olga Petrova"


def test_according_to_at_the_end_with_an_institution() -> None:
    qs = quotes_of("More than 3,000 people fled the town last week, according to the United Nations.")
    assert len(qs) == 1
    assert qs[0].text == "More than 3,000 people fled the town last week"
    assert qs[0].speaker is not None and qs[0].speaker.type == "ORG"


def test_said_in_a_statement() -> None:
    qs = quotes_of("The Interior Ministry said in a statement that the border would reopen on Monday.")
    assert len(qs) == 1
    assert qs[0].cue == "said in a statement" and qs[0].kind == "indirect"
    assert qs[0].text.startswith("that the border would reopen")
    assert qs[0].speaker is not None and qs[0].speaker.name == "Interior Ministry"


def test_multi_paragraph_quote() -> None:
    qs = quotes_of(
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
    qs = quotes_of("The economy, Finance Minister Ana Costa said, will grow by 2 percent next year.")
    assert len(qs) == 1
    assert qs[0].speaker is not None and qs[0].speaker.name == "Ana Costa"
    assert "The economy" in qs[0].text and "will grow by 2 percent" in qs[0].text


def test_scare_quotes_are_not_quotes() -> None:
    assert quotes_of("The so-called “peace plan” was published on Monday by the two parties.") == ()


def test_surname_resolves_to_the_full_name() -> None:
    qs = quotes_of(
        "Opposition leader Karl Weber arrived in Vienna on Tuesday.",
        "Weber told reporters that the election had been unfair.",
    )
    assert len(qs) == 1 and qs[0].cue == "told"
    assert qs[0].speaker is not None and qs[0].speaker.name == "Karl Weber"


def test_no_quotes_in_plain_narration() -> None:
    assert quotes_of("Syrian forces wrested back control of Palmyra on Sunday.") == ()


def test_transcript_speaker_label() -> None:
    qs = quotes_of("HOLT: Let me ask you about the economy and the jobs report.")
    assert len(qs) == 1
    assert qs[0].cue == ":" and qs[0].text.startswith("Let me ask you")
    assert qs[0].speaker is not None and qs[0].speaker.mention == "HOLT"


def test_quote_signed_with_a_dash() -> None:
    qs = quotes_of("“He never answered a single question about the budget tonight.” ― Maria Gonzales")
    assert len(qs) == 1
    assert qs[0].kind == "direct" and qs[0].speaker is not None
    assert qs[0].speaker.mention == "Maria Gonzales"


def test_double_apostrophe_quotes_open_and_close() -> None:
    qs = quotes_of("''We will not raise taxes on the middle class,'' Senator Tom Reed said on Monday.")
    assert len(qs) == 1
    assert qs[0].kind == "direct" and qs[0].text == "''We will not raise taxes on the middle class,''"
    assert qs[0].speaker is not None and qs[0].speaker.name == "Tom Reed"


def test_reporting_noun_with_possessor() -> None:
    qs = quotes_of("Mayor Lena Ortiz repeated her claim that the stadium would pay for itself within a decade.")
    texts = [q.text for q in qs]
    assert any(t.startswith("that the stadium would pay") for t in texts), qs


def test_odd_inputs_never_raise_and_offsets_stay_inside() -> None:
    import random

    from storyline.nlp.model import get_nlp
    from storyline.nlp.quotes import extract_quotes

    pieces = ["“", "”", '"', "''", "``", " said ", " he ", " according to ", " the minister ", ":", "―",
              " - ", "Trump", " Mr. Smith", ".", ",", "\n", "HOLT:", " claim that ", " in a statement ", "’s"]
    rng = random.Random(7)
    nlp = get_nlp()
    for _ in range(60):
        paras = tuple("".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(rng.randint(1, 4)))
        art = Article(source=Source("f.txt", "text", "2" * 64), paragraphs=paras)
        for q in extract_quotes(art, list(nlp.pipe(paras)), ()):
            last = q.end_paragraph if q.end_paragraph is not None else q.paragraph
            assert q.paragraph <= last and q.end <= len(paras[last])
            assert q.kind in ("direct", "indirect", "mixed")
