"""Story timelines: dated events from publications, related items and dated statements, merged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.store.base import EventQuote, EventSource, TimelineEvent
from storyline.stories.dates import key_days
from storyline.stories.summary import MemberSummary
from storyline.stories.text import normalize_title, parse_time, precision_of, terms

#: Kind order within one instant: a report before the items it lists, statements last.
KIND_ORDER = {"article": 0, "related": 1, "statement": 2}
#: Dated statements kept per story (the most supported first), so long stories stay readable.
MAX_STATEMENTS = 40
_PRECISION_RANK = {"unknown": 0, "year": 1, "month": 2, "week": 2, "day": 3, "minute": 4, "second": 5}


@dataclass
class Event:
    """One dated timeline entry, with the articles that report it."""

    date: str
    precision: str
    kind: str
    summary: str
    sources: list[EventSource] = field(default_factory=list)
    quote: EventQuote | None = None
    _keyed: tuple[str, str, frozenset[str]] = ("", "", frozenset())  # (summary, its key, its terms)

    def keys(self) -> tuple[str, frozenset[str]]:
        """The summary's title key and term set (computed once per summary: merging compares them often)."""
        if self._keyed[0] != self.summary or not self._keyed[1]:
            self._keyed = (self.summary, normalize_title(self.summary), frozenset(terms(self.summary)))
        return self._keyed[1], self._keyed[2]

    def sort_key(self) -> tuple[str, int, str]:
        dt = parse_time(self.date)
        return (dt.isoformat() if dt else self.date, KIND_ORDER.get(self.kind, 9), self.summary.lower())

    def record(self, ranks: dict[str, int]) -> TimelineEvent:
        key = ranks.get(self.date[:10]) if _PRECISION_RANK.get(self.precision, 0) >= _PRECISION_RANK["day"] else None
        return TimelineEvent(self.date, self.precision, self.kind, self.summary, tuple(self.sources), self.quote, key)


def _source(member: MemberSummary) -> EventSource:
    return EventSource(member.article_id, member.title)


def _same_event(a: Event, b: Event) -> bool:
    if (a.date[:10], a.kind == "statement") != (b.date[:10], b.kind == "statement"):
        return False
    (ka, ta), (kb, tb) = a.keys(), b.keys()
    if ka == kb:
        return True
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= 0.7


def _fold(into: Event, other: Event) -> None:
    if _PRECISION_RANK.get(other.precision, 0) > _PRECISION_RANK.get(into.precision, 0):
        into.date, into.precision = other.date, other.precision
    known = {s.article_id for s in into.sources}
    into.sources.extend(s for s in other.sources if s.article_id not in known)
    if into.quote is None:
        into.quote = other.quote
    if into.kind != "article" and other.kind == "article":
        into.kind, into.summary = other.kind, other.summary


def build_timeline(members: Sequence[MemberSummary]) -> tuple[TimelineEvent, ...]:
    """Ordered, de-duplicated events of a story from its members' summaries; the events of its key
    days (stories.dates.key_days) carry their day's rank as `key`."""
    ids = {m.article_id for m in members}
    dup_sources: dict[str, list[MemberSummary]] = {}
    for m in members:
        if m.duplicate_of and m.duplicate_of in ids:
            dup_sources.setdefault(m.duplicate_of, []).append(m)
    events: list[Event] = []
    statements: list[tuple[int, Event]] = []
    for m in members:
        if m.duplicate_of and m.duplicate_of in ids:
            continue
        sources = [_source(m)] + [_source(d) for d in dup_sources.get(m.article_id, [])]
        if m.published:
            events.append(Event(m.published, precision_of(m.published), "article", m.title or m.first_sentence,
                                list(sources), m.key_quote))
        for published, title in m.related:
            events.append(Event(published, precision_of(published), "related", title, [_source(m)]))
        for value, precision, text in m.statements:
            statements.append((len(sources), Event(value, precision, "statement", text, list(sources))))
    statements.sort(key=lambda se: (-se[0], se[1].sort_key()))
    events.extend(e for _, e in statements[:MAX_STATEMENTS])
    merged: list[Event] = []
    by_day: dict[tuple[str, bool], list[Event]] = {}
    for ev in sorted(events, key=Event.sort_key):
        bucket = by_day.setdefault((ev.date[:10], ev.kind == "statement"), [])
        for seen in bucket:
            if _same_event(seen, ev):
                _fold(seen, ev)
                break
        else:
            bucket.append(ev)
            merged.append(ev)
    merged.sort(key=Event.sort_key)
    ranks = {d.isoformat(): i + 1 for i, d in enumerate(key_days(members))}
    return tuple(e.record(ranks) for e in merged)
