"""Ranking a story's days by importance, from publication days and the days articles refer to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from storyline.nlp.temporal import find_expressions


def mentioned_dates(text: str, pub: date) -> list[date]:
    """Calendar days a text refers to, resolved at `pub` by the NLP stage's temporal resolver.

    Only expressions resolved to a day count (explicit dates, weekdays, yesterday...); months,
    weeks and years are too coarse to vote for a timeline day. A background date ("since March 7")
    votes too: it dates no sentence of this report (summary._statements leaves it out), but it is
    the day of an earlier event the story looks back on (without its votes Timeline17 date F1
    falls 0.558 -> 0.542).
    """
    return [date.fromisoformat(value) for _, _, _, value, precision, _context in find_expressions(text, pub)
            if value and precision == "day"]


def rank_dates(
    articles: Iterable[tuple[date, Iterable[date]]], k: int, start: date | None = None, end: date | None = None,
    pub_weight: float = 0.5, future_weight: float = 0.3,
) -> list[date]:
    """The k most important days from (publication day, days the article refers to) pairs.

    A day scores `pub_weight` per article published on it, plus one vote per article published
    later that refers to it (`future_weight` for an article previewing it): days people look back
    on are events, which the volume of same-day reports alone misses. Each article votes once per day.
    """

    def inside(d: date) -> bool:
        return (start is None or d >= start) and (end is None or d <= end)

    score: dict[date, float] = {}
    for pub, refs in articles:
        score[pub] = score.get(pub, 0.0) + pub_weight
        for ref in set(refs):
            if ref != pub and inside(ref):
                score[ref] = score.get(ref, 0.0) + (1.0 if ref < pub else future_weight)
    ranked = sorted((d for d in score if inside(d)), key=lambda d: (-score[d], d))
    return ranked[:k]
