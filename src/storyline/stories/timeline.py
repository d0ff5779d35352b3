"""Story timelines: dated events from publications, related items and dated statements, folded as members join."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.store.base import EventQuote, EventSource, StoredEvent, TimelineEvent
from storyline.stories.dates import KEY_DAYS, DayVotes, member_votes
from storyline.stories.summary import MemberSummary
from storyline.stories.text import normalize_title, parse_time, precision_of, terms

#: Kind order within one instant: a report before the items it lists, statements last.
KIND_ORDER = {"article": 0, "related": 1, "statement": 2}
#: Dated statements kept per story (the most supported first), so long stories stay readable.
MAX_STATEMENTS = 40
#: Statement candidates a story keeps between updates (a candidate can gain support as copies join).
STATEMENT_POOL = 4 * MAX_STATEMENTS
#: Two summaries of one day are one event when their term sets overlap this much (Jaccard).
SAME_EVENT = 0.7
_PRECISION_RANK = {"unknown": 0, "year": 1, "month": 2, "week": 2, "day": 3, "minute": 4, "second": 5}


@dataclass
class Event:
    """One dated timeline entry, with the articles that report it (`owners`: the reports whose own
    publication or statement it is, so a copy joining later is listed beside its original)."""

    date: str
    precision: str
    kind: str
    summary: str
    sources: list[EventSource] = field(default_factory=list)
    quote: EventQuote | None = None
    owners: list[str] = field(default_factory=list)
    seq: int | None = None  # its place in the story's stored event order (None: not stored yet)
    _keyed: tuple[str, str, frozenset[str]] = ("", "", frozenset())  # (summary, its key, its terms)

    def keys(self) -> tuple[str, frozenset[str]]:
        """The summary's title key and term set (computed once per summary: merging compares them often)."""
        if self._keyed[0] != self.summary or not self._keyed[1]:
            self._keyed = (self.summary, normalize_title(self.summary), frozenset(terms(self.summary)))
        return self._keyed[1], self._keyed[2]

    def sort_key(self) -> tuple[str, int, str]:
        dt = parse_time(self.date)
        return (dt.isoformat() if dt else self.date, KIND_ORDER.get(self.kind, 9), self.summary.lower())

    def key_day(self) -> str | None:
        """The day whose key rank the event carries (None: it is dated more coarsely than a day)."""
        return self.date[:10] if _PRECISION_RANK.get(self.precision, 0) >= _PRECISION_RANK["day"] else None

    def record(self, ranks: dict[str, int]) -> TimelineEvent:
        day = self.key_day()
        key = ranks.get(day) if day is not None else None
        return TimelineEvent(self.date, self.precision, self.kind, self.summary, tuple(self.sources), self.quote, key)

    def stored(self, seq: int) -> StoredEvent:
        return StoredEvent(seq, self.record({}), tuple(self.owners), self.key_day(), self.sort_key())

    @classmethod
    def from_stored(cls, e: StoredEvent) -> Event:
        t = e.event
        return cls(t.date, t.precision, t.kind, t.summary, list(t.sources), t.quote, list(e.owners), e.seq)

    def copy(self) -> Event:
        return Event(self.date, self.precision, self.kind, self.summary, list(self.sources), self.quote,
                     list(self.owners))

    def to_json(self) -> list[Any]:
        quote = [self.quote.text, self.quote.speaker, self.quote.kind] if self.quote else None
        return [self.date, self.precision, self.kind, self.summary, [[s.article_id, s.title] for s in self.sources],
                quote, self.owners]

    @classmethod
    def from_json(cls, row: Sequence[Any]) -> Event:
        date, precision, kind, summary, sources, quote, owners = row
        return cls(date, precision, kind, summary, [EventSource(i, t) for i, t in sources],
                   EventQuote(*quote) if quote else None, list(owners))


def _source(member: MemberSummary) -> EventSource:
    return EventSource(member.article_id, member.title)


def _same_event(a: Event, b: Event) -> bool:
    (ka, ta), (kb, tb) = a.keys(), b.keys()
    if ka == kb:
        return True
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= SAME_EVENT


def _prefix(term_set: frozenset[str]) -> list[str]:
    """The terms two sets reaching SAME_EVENT must share one of (prefix filtering, in sorted order)."""
    need = math.ceil(SAME_EVENT * len(term_set) - 1e-9)
    return sorted(term_set)[: len(term_set) - need + 1]


def _fold(into: Event, other: Event) -> None:
    if _PRECISION_RANK.get(other.precision, 0) > _PRECISION_RANK.get(into.precision, 0):
        into.date, into.precision = other.date, other.precision
    known = {s.article_id for s in into.sources}
    into.sources.extend(s for s in other.sources if s.article_id not in known)
    into.owners.extend(o for o in other.owners if o not in into.owners)
    if into.quote is None:
        into.quote = other.quote
    if into.kind != "article" and other.kind == "article":
        into.kind, into.summary = other.kind, other.summary


class _Day:
    """The events of one day (one kind group), indexed (on first use) so a new event finds the first one
    it repeats without comparing it with every event of the day."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._by_key: dict[str, list[int]] | None = None
        self._by_term: dict[str, list[int]] = {}

    def _index(self, pos: int) -> None:
        if self._by_key is None:
            return
        key, term_set = self.events[pos].keys()
        self._by_key.setdefault(key, []).append(pos)
        for t in _prefix(term_set):
            self._by_term.setdefault(t, []).append(pos)

    def fold(self, ev: Event) -> Event | None:
        """Fold `ev` into the first event of the day it repeats; None when it is new (then kept)."""
        if self._by_key is None:
            self._by_key = {}
            for pos in range(len(self.events)):
                self._index(pos)
        key, term_set = ev.keys()
        cands = set(self._by_key.get(key, ()))
        if term_set:
            for t in _prefix(term_set):
                cands.update(self._by_term.get(t, ()))
        for pos in sorted(cands):
            seen = self.events[pos]
            if _same_event(seen, ev):
                before = seen.summary
                _fold(seen, ev)
                if seen.summary != before:
                    self._index(pos)  # its new summary's key and terms find it too
                return seen
        self.events.append(ev)
        self._index(len(self.events) - 1)
        return None


def _fold_all(events: Iterable[Event], days: dict[str, _Day]) -> list[Event]:
    """Fold events (in timeline order) into their days; the events that were new."""
    fresh = []
    for ev in sorted(events, key=Event.sort_key):
        day = days.setdefault(ev.date[:10], _Day())
        if day.fold(ev) is None:
            fresh.append(ev)
    return fresh


class TimelineBuilder:
    """A story's folded timeline, kept up to date as members join (`add`) and stories merge (`absorb`)."""

    def __init__(self, events: Iterable[Event] = (), statements: Iterable[Event] = (), next_seq: int = 0) -> None:
        self.events: list[Event] = list(events)  # article and related events, folded (those loaded, when stored)
        self.statements: list[Event] = list(statements)  # statement candidates, not folded
        self.next_seq = next_seq  # the seq the next new event is stored with
        self._loaded: dict[int, list[Any]] = {}  # seq -> the event as it was loaded
        self._days: dict[str, _Day] | None = None

    def load(self, stored: Iterable[Event]) -> None:
        """Take stored events (in seq order, before anything is added): those of the days new members
        or merged events touch, and those their late copies' originals own (see `needs`)."""
        for ev in stored:
            if ev.seq is not None and ev.seq not in self._loaded:
                self._loaded[ev.seq] = ev.to_json()
                self.events.append(ev)
        self._days = None

    def needs(self, members: Sequence[MemberSummary], is_member: Callable[[str], bool]) -> tuple[set[str], set[str]]:
        """(days, owners): the stored events `add(members)` may change are those of these days and
        those these articles own."""
        new_ids = {m.article_id for m in members}
        days, owners = set(), set()
        for m in members:
            if m.duplicate_of and is_member(m.duplicate_of):
                if m.duplicate_of not in new_ids:
                    owners.add(m.duplicate_of)
                continue
            if m.published:
                days.add(m.published[:10])
            days.update(published[:10] for published, _ in m.related)
        return days, owners

    def days(self) -> set[str]:
        """The days of the events held (what absorbing them may change)."""
        return {ev.date[:10] for ev in self.events}

    def changes(self) -> list[StoredEvent]:
        """The events new or changed since they were loaded (new ones get their seq now), as stored."""
        out = []
        for ev in self.events:
            if ev.seq is None:
                ev.seq, self.next_seq = self.next_seq, self.next_seq + 1
            elif self._loaded.get(ev.seq) == ev.to_json():
                continue
            out.append(ev.stored(ev.seq))
            self._loaded[ev.seq] = ev.to_json()
        return out

    def _by_day(self) -> dict[str, _Day]:
        if self._days is None:
            self._days = {}
            for ev in self.events:  # stored events are folded: each is new to its day
                self._days.setdefault(ev.date[:10], _Day()).events.append(ev)
        return self._days

    def add(self, members: Sequence[MemberSummary], is_member: Callable[[str], bool]) -> None:
        """Add new members; `is_member(id)` tells whether an article is in the story (new members
        included): a member duplicating one is listed as a source of its original's events."""
        copies: dict[str, list[MemberSummary]] = {}
        for m in members:
            if m.duplicate_of and is_member(m.duplicate_of):
                copies.setdefault(m.duplicate_of, []).append(m)
        new_ids = {m.article_id for m in members}
        events: list[Event] = []
        for m in members:
            if m.duplicate_of and is_member(m.duplicate_of):
                continue
            sources = [_source(m)] + [_source(d) for d in copies.get(m.article_id, [])]
            if m.published:
                events.append(Event(m.published, precision_of(m.published), "article", m.title or m.first_sentence,
                                    list(sources), m.key_quote, [m.article_id]))
            for published, title in m.related:
                events.append(Event(published, precision_of(published), "related", title, [_source(m)]))
            self.statements.extend(Event(value, precision, "statement", text, list(sources), None, [m.article_id])
                                   for value, precision, text in m.statements)
        for original, dups in copies.items():
            if original not in new_ids:
                self._list_copies(original, dups)
        self.events.extend(_fold_all(events, self._by_day()))
        self._keep_best_statements()

    def _list_copies(self, original: str, dups: Sequence[MemberSummary]) -> None:
        for ev in (*self.events, *self.statements):
            if original in ev.owners:
                known = {s.article_id for s in ev.sources}
                ev.sources.extend(_source(d) for d in dups if d.article_id not in known)

    def absorb(self, other: TimelineBuilder) -> None:
        """Fold another story's timeline into this one (the stories merged)."""
        fresh = _fold_all(other.events, self._by_day())
        for ev in fresh:
            ev.seq = None  # a new event of this story
        self.events.extend(fresh)
        self.statements.extend(other.statements)
        self._keep_best_statements()

    def _keep_best_statements(self) -> None:
        self.statements.sort(key=lambda e: (-len(e.sources), e.sort_key()))
        del self.statements[STATEMENT_POOL:]

    def shown_statements(self) -> list[Event]:
        """The MAX_STATEMENTS best-supported statements, folded among themselves, in timeline order."""
        return _fold_all((e.copy() for e in self.statements[:MAX_STATEMENTS]), {})

    def records(self, ranks: dict[str, int]) -> tuple[TimelineEvent, ...]:
        """The timeline of the events held (all of them: not a stored story's) with the shown
        statements folded in; the events of a ranked day carry its rank as `key`."""
        merged = sorted([*self.events, *self.shown_statements()], key=Event.sort_key)
        return tuple(e.record(ranks) for e in merged)

    def to_json(self, events: bool = True) -> dict[str, Any]:
        """The statements and the next seq; with `events`, the events held too (a store keeps them as rows)."""
        d: dict[str, Any] = {"statements": [e.to_json() for e in self.statements], "next": self.next_seq}
        if events:
            d["events"] = [e.to_json() for e in self.events]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> TimelineBuilder:
        events = [Event.from_json(e) for e in d.get("events") or ()]
        builder = cls((), map(Event.from_json, d.get("statements") or ()), max(d.get("next") or 0, len(events)))
        builder.load(replace(e, seq=i) for i, e in enumerate(events))  # events kept in the JSON: as if stored
        return builder


def ranks_of(votes: DayVotes, k: int) -> dict[str, int]:
    """Day (ISO) -> its rank among the k key days."""
    return {d.isoformat(): i + 1 for i, d in enumerate(votes.ranked(k))}


def build_timeline(members: Sequence[MemberSummary]) -> tuple[TimelineEvent, ...]:
    """Ordered, de-duplicated events of a story from its members' summaries; the events of its key
    days (stories.dates.key_days) carry their day's rank as `key`."""
    ids = {m.article_id for m in members}
    builder = TimelineBuilder()
    builder.add(members, ids.__contains__)
    return builder.records(ranks_of(member_votes(members, DayVotes()), KEY_DAYS))
