"""PostgreSQL's relevance ranking of a search, window by window: the statements and the page's pieces."""

from __future__ import annotations

from typing import Any

from storyline.store import filters
from storyline.store.sql import Executor


def ranked_sql(tsq: str, where: tuple[str, list[Any]], window: tuple[int, int], skip: int,
               take: int) -> tuple[str, list[Any]]:
    """(article_id, rank, matches in the window) of ranks skip..skip+take-1 in the window (size, start),
    or over every match (size 0)."""
    (sql, params), (size, start) = where, window
    # Ranked as each row is read, so only (id, rank) go on to be sorted: carrying the heads (about
    # 900 bytes each) through the window's sort cost 4-5x the ranking itself.
    inner, args = f"SELECT s.article_id, ts_rank(s.head, to_tsquery('simple', ?)) AS r{sql}", [tsq, *params]
    if size > 0:  # the window's matches only: the stored order's index finds them for a common word
        inner, args = f"{inner} ORDER BY s.seq DESC LIMIT ? OFFSET ?", [*args, size, start]
    return (f"SELECT w.article_id, w.r, count(*) OVER () FROM ({inner}) AS w ORDER BY w.r DESC, w.article_id"
            " LIMIT ? OFFSET ?", [*args, take, skip])


def ranked_pieces(x: Executor, tsq: str, where: tuple[str, list[Any]], page: tuple[int, int],
                  window: int) -> tuple[list[tuple[Any, ...]], int | None]:
    """(article_id, rank, matches in its window) of the page's (offset, limit) ranks plus one, and the
    number of matches when the last window read shows it (filters.window_total), else None."""
    (offset, limit), ranked, seen = page, [], None
    for start, skip, take in filters.rank_pieces(offset, limit + 1, window):
        got = x.rows(*ranked_sql(tsq, where, (window, start), skip, take))
        ranked += got
        seen = filters.window_total(window, start, int(got[0][2]) if got else None)
        if len(got) < take:
            break
    return ranked, seen
