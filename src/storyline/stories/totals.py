"""A story's running totals: what its record is built from, kept beside it so an update reads only new members."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from storyline.stories.dates import DayVotes, member_votes
from storyline.stories.summary import MemberSummary
from storyline.stories.text import parse_time, terms
from storyline.stories.timeline import TimelineBuilder

#: A story keeps its label while that title scores at least this share of the best title's score.
LABEL_KEEP = 0.75
#: Member titles a story keeps as label candidates between updates (the best-scoring ones).
LABEL_POOL = 64
#: Version of the stored totals; other versions are rebuilt from the members' summaries (2: the
#: timeline's events are stored as rows beside them, not in them).
VERSION = 2


def _scores(titles: Sequence[str], df: Counter[str]) -> list[tuple[float, int, int]]:
    """Each title's score: terms it shares with the other titles (short titles first on ties)."""
    out = []
    for i, t in enumerate(titles):
        s = set(terms(t))
        shared = sum(df[w] - 1 for w in s) / (len(s) + 2) if s else 0.0
        length = len(t.split())
        out.append((shared - 0.05 * max(0, length - 12), -length, -i))
    return out


def _title_df(titles: Sequence[str]) -> Counter[str]:
    df: Counter[str] = Counter()
    for t in titles:
        df.update(set(terms(t)))
    return df


def choose_label(titles: Sequence[str], previous: str | None = None, df: Counter[str] | None = None) -> str:
    """The member title sharing most terms with the others (a short one on ties): the story's headline.
    A `previous` label that is still a member title is kept unless another title now scores clearly
    better (below LABEL_KEEP of the best), so a story is not relabelled each time an article joins.
    `df`: the number of member titles holding each term, when `titles` are only the candidates."""
    titles = [t.strip() for t in titles if t and t.strip()]
    if not titles:
        return "(untitled story)"
    scores = _scores(titles, df if df is not None else _title_df(titles))
    best = max(range(len(titles)), key=scores.__getitem__)
    if previous is not None and previous.strip() in titles:
        kept = scores[titles.index(previous.strip())][0]
        if kept >= LABEL_KEEP * scores[best][0]:
            return previous.strip()
    return titles[best]


class StoryTotals:
    """Counts, spans, label candidates, day votes and the folded timeline of one story (of a stored
    story, the events loaded: see TimelineBuilder.load); `add` and `absorb` follow new members and
    merges, so keeping a story current never re-reads its members."""

    def __init__(self) -> None:
        self.reports = self.quotes = self.undated = 0
        self.first: tuple[str, str] | None = None  # (sortable UTC time, published as given)
        self.last: tuple[str, str] | None = None
        self.outlets: set[str] = set()
        self.entities: Counter[tuple[str, str]] = Counter()
        self.places: Counter[str] = Counter()
        self.place_info: dict[str, tuple[float, float, str | None]] = {}
        self.titles: list[str] = []  # label candidates, in the order they joined
        self.title_df: Counter[str] = Counter()
        self.votes = DayVotes()
        self.timeline = TimelineBuilder()

    @classmethod
    def from_members(cls, members: Sequence[MemberSummary]) -> StoryTotals:
        ids = {m.article_id for m in members}
        totals = cls()
        totals.add(members, ids.__contains__)
        return totals

    def add(self, members: Sequence[MemberSummary], is_member: Callable[[str], bool]) -> None:
        """Add new members (oldest first); `is_member(id)`: whether an article is in the story, new
        members included (a member duplicating one is not a report of its own)."""
        for m in members:
            dt = parse_time(m.published)
            if dt is not None and m.published:
                when = (dt.isoformat(), m.published)
                self.first = when if self.first is None else min(self.first, when)
                self.last = when if self.last is None else max(self.last, when)
            if m.outlet:
                self.outlets.add(m.outlet.lower())
            if m.duplicate_of and is_member(m.duplicate_of):
                continue
            self.reports += 1
            self.quotes += m.quotes
            self.undated += dt is None
            self.entities.update(m.entities)
            for name, lat, lon, country in m.places:
                self.places[name] += 1
                self.place_info.setdefault(name, (lat, lon, country))
            title = (m.title or "").strip()
            if title:
                self.titles.append(title)
                self.title_df.update(set(terms(title)))
        member_votes(members, self.votes)
        self.timeline.add(members, is_member)

    def absorb(self, other: StoryTotals) -> None:
        """Add another story's totals (it merged into this one)."""
        self.reports += other.reports
        self.quotes += other.quotes
        self.undated += other.undated
        for when in (other.first, other.last):
            if when is not None:
                self.first = when if self.first is None else min(self.first, when)
                self.last = when if self.last is None else max(self.last, when)
        self.outlets |= other.outlets
        self.entities.update(other.entities)
        self.places.update(other.places)
        for name, info in other.place_info.items():
            self.place_info.setdefault(name, info)
        self.titles.extend(other.titles)
        self.title_df.update(other.title_df)
        self.votes.absorb(other.votes)
        self.timeline.absorb(other.timeline)

    def settle_label(self, previous: str | None) -> str:
        """The story's label (see choose_label); keeps the LABEL_POOL best candidates, the label among them."""
        label = choose_label(self.titles, previous, self.title_df)
        if len(self.titles) > LABEL_POOL:
            scores = _scores(self.titles, self.title_df)
            best = sorted(range(len(self.titles)), key=scores.__getitem__, reverse=True)[:LABEL_POOL]
            keep = set(best) | {i for i, t in enumerate(self.titles) if t == label}
            self.titles = [t for i, t in enumerate(self.titles) if i in keep]
        return label

    def to_json(self, events: bool = True) -> str:
        """The totals as JSON text; without `events` when the store keeps the timeline's events as rows."""
        d: dict[str, Any] = {
            "version": VERSION, "counts": [self.reports, self.quotes, self.undated], "first": self.first,
            "last": self.last, "outlets": sorted(self.outlets),
            "entities": [[n, t, c] for (n, t), c in self.entities.items()],
            "places": [[n, c, *self.place_info[n]] for n, c in self.places.items()],
            "titles": self.titles, "title_df": dict(self.title_df), "votes": self.votes.to_json(),
            "timeline": self.timeline.to_json(events),
        }
        return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> StoryTotals | None:
        """The totals stored as `text`; None when they are of another version (rebuild them)."""
        d = json.loads(text)
        if not isinstance(d, dict) or d.get("version") != VERSION:
            return None
        t = cls()
        t.reports, t.quotes, t.undated = d["counts"]
        t.first = (d["first"][0], d["first"][1]) if d["first"] else None
        t.last = (d["last"][0], d["last"][1]) if d["last"] else None
        t.outlets = set(d["outlets"])
        t.entities = Counter({(n, ty): c for n, ty, c in d["entities"]})
        for n, c, lat, lon, country in d["places"]:
            t.places[n] = c
            t.place_info[n] = (lat, lon, country)
        t.titles = list(d["titles"])
        t.title_df = Counter(d["title_df"])
        t.votes = DayVotes.from_json(d["votes"])
        t.timeline = TimelineBuilder.from_json(d["timeline"])
        return t
