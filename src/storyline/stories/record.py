"""The story record: label from member titles, date span, key entities and places, quote count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from storyline.model import Article
from storyline.store.base import Story, StoryEntity, StoryPlace
from storyline.stories.text import parse_time, terms
from storyline.stories.timeline import build_timeline

KEY_ENTITIES = 10
KEY_PLACES = 8


def choose_label(titles: Sequence[str]) -> str:
    """The member title sharing most terms with the others (a short one on ties): the story's headline."""
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

    return titles[max(range(len(titles)), key=score)]


def build_story(story_id: str, members: Sequence[tuple[Article, str | None]]) -> Story:
    """The record of one story from its (article, duplicate_of) members."""
    ids = {a.id for a, _ in members}
    reports = [a for a, dup in members if not (dup and dup in ids)]
    dated: list[tuple[datetime, str]] = []
    for a, _ in members:
        dt = parse_time(a.published)
        if dt is not None and a.published:
            dated.append((dt, a.published))
    dated.sort()
    ent_count: Counter[tuple[str, str]] = Counter()
    place_count: Counter[str] = Counter()
    place_info: dict[str, StoryPlace] = {}
    for a in reports:
        ent_count.update({(e.name, e.type) for e in a.entities if e.name})
        for p in a.places:
            if p.name and p.stands_for is None:
                place_count[p.name] += 1
                place_info.setdefault(p.name, StoryPlace(p.name, p.lat, p.lon, p.country))
    entities = tuple(StoryEntity(n, t) for (n, t), _ in
                     sorted(ent_count.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_ENTITIES])
    places = tuple(place_info[n] for n, _ in
                   sorted(place_count.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_PLACES])
    last_dt = dated[-1][0] if dated else None
    return Story(
        id=story_id,
        label=choose_label([a.title or "" for a in reports]),
        first_date=dated[0][1] if dated else None,
        last_date=dated[-1][1] if dated else None,
        last_sort=last_dt.isoformat() if last_dt else "",
        articles=len(reports),
        quotes=sum(len(a.quotes) for a in reports),
        entities=entities,
        places=places,
        timeline=build_timeline(members),
    )
