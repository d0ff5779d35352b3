"""Quotation marks: curly, straight and PTB quotes, quotes running over paragraphs, unclosed quotes."""

from __future__ import annotations

from storyline.nlp.quotes_marks import close_brackets, find_quoted


def _texts(paragraphs: list[str]) -> list[list[str]]:
    return [[paragraphs[p][s:e] for p, s, e in q.pieces(paragraphs)] for q in find_quoted(paragraphs)]


def test_curly_and_straight_quotes() -> None:
    ps = ['He said “a b,” and then "c d" and ``e f\'\' too.']
    assert _texts(ps) == [["“a b,”"], ['"c d"'], ["``e f''"]]


def test_quote_runs_on_into_the_next_paragraph() -> None:
    ps = ["“First part. Still quoting", "“second part,” he said.", "Narration."]
    assert _texts(ps) == [["“First part. Still quoting", "“second part,”"]]


def test_unclosed_quote_closes_at_the_paragraph_end() -> None:
    ps = ["She called it “a disaster", "Then the meeting ended."]
    assert _texts(ps) == [["“a disaster"]]


def test_apostrophes_are_not_quotes() -> None:
    assert _texts(["Russia’s forces and the army’s ‘plan’ stayed."]) == []


def test_a_piece_takes_the_closing_bracket_it_opened() -> None:
    paras = ("Trump beats Sen. Marco Rubio (R-FL), the poll found.",)
    end = paras[0].index(")")
    assert close_brackets([(0, 0, end)], paras) == [(0, 0, end + 1)]
    assert close_brackets([(0, 0, 11)], paras) == [(0, 0, 11)]  # nothing opened, nothing taken
