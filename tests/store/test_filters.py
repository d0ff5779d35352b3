"""Filter semantics shared by the back-ends: how a ranked page splits over rank windows."""

from __future__ import annotations

from storyline.store import filters
from storyline.store.filters import rank_pieces


def test_a_page_inside_one_window_is_one_piece() -> None:
    assert rank_pieces(0, 21, 10_000) == [(0, 0, 21)]
    assert rank_pieces(20_010, 21, 10_000) == [(20_000, 10, 21)]


def test_a_page_across_a_window_boundary_takes_the_end_of_one_and_the_start_of_the_next() -> None:
    assert rank_pieces(9_990, 21, 10_000) == [(0, 9_990, 10), (10_000, 0, 11)]
    assert rank_pieces(1, 7, 3) == [(0, 1, 2), (3, 0, 3), (6, 0, 2)]


def test_no_window_is_one_piece_over_every_match() -> None:
    assert rank_pieces(9_990, 21, 0) == [(0, 9_990, 21)]
    assert rank_pieces(0, 0, 5) == []


def test_a_window_shows_the_total_only_when_it_was_not_full() -> None:
    assert filters.window_total(10, 0, 7) == 7  # fewer than the window: the last match is in it
    assert filters.window_total(10, 20, 3) == 23  # the third window, three matches in it
    assert filters.window_total(10, 0, 10) is None  # a full window: there may be more
    assert filters.window_total(0, 0, 10_000) == 10_000  # no windows: every match was ranked
    assert filters.window_total(10, 0, None) is None  # nothing read (a page past the last match)
