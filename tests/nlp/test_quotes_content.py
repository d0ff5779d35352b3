"""Content boundaries of paraphrases around and after their cue (storyline.nlp.quotes_content and quotes_rules)."""

from __future__ import annotations

import pytest

from .helpers import quotes_of


def test_one_word_before_a_parenthetical_cue_is_part_of_the_content() -> None:
    qs = quotes_of("That, the commission said, would be helpful in avoiding uncertainty.")
    assert [q.text for q in qs] == ["That would be helpful in avoiding uncertainty"]


def test_a_conjunction_before_a_parenthetical_cue_is_not_content() -> None:
    qs = quotes_of("But, he said, the plan would fail.")
    assert [q.text for q in qs] == ["the plan would fail"]


def test_a_parenthetical_cue_with_its_addressee_and_time_still_splits_the_content() -> None:
    qs = quotes_of("The difference now, the mayor told me on Friday, is that the bridge will open in May.")
    assert [q.text for q in qs] == ["The difference now is that the bridge will open in May"]


def test_a_quotation_after_a_paraphrase_and_its_colon_is_the_same_attribution() -> None:
    qs = quotes_of("The senator said she has the essential quality for the job of mayor: “Steadiness -- an absolute"
                   " rock steadiness, and mixed with strength.”")
    assert len(qs) == 1 and qs[0].kind == "mixed"
    assert qs[0].text.startswith("she has the essential quality") and "mixed with strength" in qs[0].text


def test_a_quotation_after_a_paraphrase_s_full_stop_stays_apart() -> None:
    qs = quotes_of("The senator said she has the essential quality for the job of mayor. “Steadiness -- an absolute"
                   " rock steadiness, and mixed with strength.”")
    assert len(qs) == 2


@pytest.mark.parametrize(("paragraph", "content"), [
    ("WASHINGTON ― Donald Trump’s obsession with Obama’s birth is an insult to all African-Americans, "
     "the Congressional Black Caucus said Friday.",
     "Donald Trump’s obsession with Obama’s birth is an insult to all African-Americans"),
    ("NEW YORK (AP) — The plan will fail, the mayor said on Monday.", "The plan will fail"),
    ("LONDON (Reuters) - The talks will resume next week, a spokesman said.", "The talks will resume next week"),
])
def test_a_dateline_opening_the_paragraph_is_not_content(paragraph: str, content: str) -> None:
    (q,) = quotes_of(paragraph)
    assert q.text == content


def test_a_heading_in_capitals_with_a_verb_is_no_dateline() -> None:
    (q,) = quotes_of("THE VOTERS HAVE SPOKEN — The result is final, the mayor said.")
    assert q.text.startswith("THE VOTERS HAVE SPOKEN")


def test_a_quotation_opening_with_a_shouted_word_keeps_it() -> None:
    (q,) = quotes_of("“NO — we will not leave,” the mayor said.")
    assert q.text.startswith("“NO —")


def test_a_hyphenated_word_in_capitals_is_no_dateline() -> None:
    (q,) = quotes_of("ANTI-WAR groups will march on Sunday, the organisers said.")
    assert q.text == "ANTI-WAR groups will march on Sunday"

