"""Snippets made in Python (PostgreSQL's hits): marks, folding, phrases, windows and ellipses."""

from __future__ import annotations

from storyline.store.query import parse
from storyline.store.snippets import SNIPPET_TOKENS, highlight, positive_terms, snippet, term_pattern


def _snip(query: str, text: str) -> str | None:
    pattern = term_pattern(positive_terms(parse(query)))
    assert pattern is not None
    return snippet(text, pattern)


def test_a_word_is_marked_in_the_original_spelling() -> None:
    assert _snip("electeurs", "Les Électeurs ont voté.") == "Les «Électeurs» ont voté."


def test_a_phrase_is_marked_whole_across_a_hyphen() -> None:
    assert _snip('"syrian army"', "Syrian-army units entered.") == "«Syrian-army» units entered."


def test_a_word_inside_a_longer_word_is_not_a_match_but_a_prefix_is() -> None:
    assert _snip("palm", "The palmyrene desert.") is None
    assert _snip("palm*", "The palmyrene desert.") == "The «palmyrene» desert."


def test_excluded_terms_are_not_marked() -> None:
    assert _snip("putin -kremlin", "Putin spoke, the Kremlin said.") == "«Putin» spoke, the Kremlin said."


def test_the_window_holding_most_terms_wins() -> None:
    filler = " ".join(f"w{i}" for i in range(60))
    text = f"Assad spoke. {filler}. Later Assad met Putin in Moscow."
    got = _snip("assad putin", text)
    assert got is not None and "«Assad» met «Putin»" in got and got.startswith("…")


def test_a_cut_window_gets_ellipses_and_keeps_its_punctuation() -> None:
    words = [f"w{i}" for i in range(3 * SNIPPET_TOKENS)]
    words[SNIPPET_TOKENS] = "Palmyra"
    got = _snip("palmyra", " ".join(words) + ".")
    assert got is not None and got.startswith("…") and got.endswith("…")
    assert len(got.split()) <= SNIPPET_TOKENS
    assert _snip("palmyra", "Back to Palmyra.") == "Back to «Palmyra»."


def test_text_whose_folding_changes_length_is_still_marked() -> None:
    got = _snip("istanbul", "İstanbul voted; Istanbul counted.")  # "İ" lowercases to two characters
    assert got == "«İstanbul» voted; «Istanbul» counted."


def test_no_term_no_snippet_and_a_title_is_marked_throughout() -> None:
    assert _snip("aleppo", "Nothing here.") is None
    pattern = term_pattern(positive_terms(parse("storm")))
    assert pattern is not None
    assert highlight("Storm warns of storms and a storm", pattern) == "«Storm» warns of storms and a «storm»"
