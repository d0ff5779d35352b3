"""The story record: a stable label from member titles, date span, outlets, key entities and places with counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from storyline.store.base import JoinReason, Story, StoryEntity, StoryPlace
from storyline.stories.summary import MemberSummary
from storyline.stories.text import parse_time, terms
from storyline.stories.timeline import build_timeline

KEY_ENTITIES = 10
KEY_PLACES = 8


_REASON_TEXT = {"first": "started the story", "known": "placed before", "duplicate": "near-duplicate of {via}",
                "link": "related-feed link {via}", "similarity": "similar text ({score:.2f}): {terms}"}


def reason_text(reason: JoinReason | None) -> str:
    """Why a member joined its story, as a reader reads it ("similar text (0.31): palmyra, assad")."""
    if reason is None:
        return "joined before reasons were kept"
    template = _REASON_TEXT.get(reason.kind, reason.kind)
    return template.format(via=reason.via or "", score=reason.score or 0.0, terms=", ".join(reason.terms))


#: A story keeps its label while that title scores at least this share of the best title's score.
LABEL_KEEP = 0.75


def choose_label(titles: Sequence[str], previous: str | None = None) -> str:
    """The member title sharing most terms with the others (a short one on ties): the story's headline.
    A `previous` label that is still a member title is kept unless another title now scores clearly
    better (below LABEL_KEEP of the best), so a story is not relabelled each time an article joins."""
    titles = [t.strip() for t in titles if t and t.strip()]
    if not titles:
        return "(untitled story)"
    sets = [set(terms(t)) for t in titles]
    df: Counter[str] = Counter()
    for s in sets:
        df.update(s)

    def score(i: int) -> tuple[float, int, int]:
        s = sets[i]
        shared = sum(df[w] - 1 for w in s) / (len(s) + 2) if s else 0.0
        length = len(titles[i].split())
        return (shared - 0.05 * max(0, length - 12), -length, -i)

    best = max(range(len(titles)), key=score)
    if previous is not None and previous.strip() in titles:
        kept = score(titles.index(previous.strip()))[0]
        if kept >= LABEL_KEEP * score(best)[0]:
            return previous.strip()
    return titles[best]


def _counted(counts: Counter[Any], limit: int) -> list[tuple[Any, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def build_story(story_id: str, members: Sequence[MemberSummary], previous_label: str | None = None) -> Story:
    """The record of one story from its members' summaries (`previous_label`: the label it was last
    written with, kept while it still fits: see choose_label)."""
    ids = {m.article_id for m in members}
    reports = [m for m in members if not (m.duplicate_of and m.duplicate_of in ids)]
    dated: list[tuple[datetime, str]] = []
    for m in members:
        dt = parse_time(m.published)
        if dt is not None and m.published:
            dated.append((dt, m.published))
    dated.sort()
    ent_count: Counter[tuple[str, str]] = Counter()
    place_count: Counter[str] = Counter()
    place_info: dict[str, StoryPlace] = {}
    for m in reports:
        ent_count.update(m.entities)
        for name, lat, lon, country in m.places:
            place_count[name] += 1
            place_info.setdefault(name, StoryPlace(name, lat, lon, country))
    entities = tuple(StoryEntity(n, t, c) for (n, t), c in _counted(ent_count, KEY_ENTITIES))
    places = tuple(replace(place_info[n], count=c) for n, c in _counted(place_count, KEY_PLACES))
    last_dt = dated[-1][0] if dated else None
    return Story(
        id=story_id,
        label=choose_label([m.title or "" for m in reports], previous_label),
        first_date=dated[0][1] if dated else None,
        last_date=dated[-1][1] if dated else None,
        last_sort=last_dt.isoformat() if last_dt else "",
        articles=len(reports),
        quotes=sum(m.quotes for m in reports),
        entities=entities,
        places=places,
        timeline=build_timeline(members),
        sources=len({m.outlet.lower() for m in members if m.outlet}),
        undated=sum(1 for m in reports if parse_time(m.published) is None),
    )
