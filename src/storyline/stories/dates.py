"""Ranking a story's days by importance, from publication days and the days articles refer to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from storyline.stories.summary import MemberSummary
from storyline.stories.text import parse_time

#: Key days a story's timeline marks (the story page shows their events first).
KEY_DAYS = 5


class DayVotes:
    """Running day scores for rank_dates: votes add up, so a story's ranking is kept up to date from its
    new members alone and two stories' votes merge by adding (`absorb`)."""

    def __init__(self, start: date | None = None, end: date | None = None, pub_weight: float = 0.5,
                 future_weight: float = 0.3) -> None:
        self.start, self.end = start, end
        self.pub_weight, self.future_weight = pub_weight, future_weight
        self.score: dict[date, float] = {}
        self.published: dict[date, int] = {}

    def inside(self, d: date) -> bool:
        return (self.start is None or d >= self.start) and (self.end is None or d <= self.end)

    def add(self, pub: date, refs: Iterable[date]) -> None:
        """One article's votes: published on `pub`, referring to `refs` (each day once)."""
        self.score[pub] = self.score.get(pub, 0.0) + self.pub_weight
        self.published[pub] = self.published.get(pub, 0) + 1
        for ref in set(refs):
            if ref != pub and self.inside(ref):
                self.score[ref] = self.score.get(ref, 0.0) + (1.0 if ref < pub else self.future_weight)

    def absorb(self, other: DayVotes) -> None:
        for d, s in other.score.items():
            self.score[d] = self.score.get(d, 0.0) + s
        for d, n in other.published.items():
            self.published[d] = self.published.get(d, 0) + n

    def ranked(self, k: int) -> list[date]:
        """The k best days: highest score, then more articles published on it, then the earlier day."""
        score, published = self.score, self.published
        return sorted((d for d in score if self.inside(d)), key=lambda d: (-score[d], -published.get(d, 0), d))[:k]

    def to_json(self) -> list[list[Any]]:
        return [[d.isoformat(), s, self.published.get(d, 0)] for d, s in sorted(self.score.items())]

    @classmethod
    def from_json(cls, rows: Iterable[Sequence[Any]]) -> DayVotes:
        votes = cls()
        for day, s, n in rows:
            d = date.fromisoformat(day)
            votes.score[d] = float(s)
            if n:
                votes.published[d] = int(n)
        return votes


def rank_dates(
    articles: Iterable[tuple[date, Iterable[date]]], k: int, start: date | None = None, end: date | None = None,
    pub_weight: float = 0.5, future_weight: float = 0.3,
) -> list[date]:
    """The k most important days from (publication day, days the article refers to) pairs.

    A day scores `pub_weight` per article published on it, plus one vote per article published
    later that refers to it (`future_weight` for an article previewing it): days people look back
    on are events, which the volume of same-day reports alone misses. Each article votes once per day.
    Equal scores go to the day more articles were published on, then to the earlier day (Timeline17
    date F1 0.557 -> 0.561, both halves: even topics 0.732 -> 0.737, odd 0.425 -> 0.429).
    """
    votes = DayVotes(start, end, pub_weight, future_weight)
    for pub, refs in articles:
        votes.add(pub, refs)
    return votes.ranked(k)


def member_votes(members: Iterable[MemberSummary], votes: DayVotes) -> DayVotes:
    """Add the votes of members (their publication day and the days they refer to, `MemberSummary.days`);
    members without a date do not vote."""
    for m in members:
        dt = parse_time(m.published)
        if dt is not None:
            votes.add(dt.date(), [d for d in map(_day, m.days) if d is not None])
    return votes


def key_days(members: Sequence[MemberSummary], k: int = KEY_DAYS, start: date | None = None,
             end: date | None = None) -> list[date]:
    """A story's k key days, ranked by rank_dates from its members' publication days and the days they
    refer to (`MemberSummary.days`, background days too: "since Jan. 25" looks back on an event; without
    them Timeline17 date F1 falls 0.558 -> 0.542); members without a date do not vote."""
    return member_votes(members, DayVotes(start, end)).ranked(k)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
