"""The story record: label from member titles, date span, key entities and places, quote count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from storyline.store.base import Story, StoryEntity, StoryPlace
from storyline.stories.summary import MemberSummary
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


def build_story(story_id: str, members: Sequence[MemberSummary]) -> Story:
    """The record of one story from its members' summaries."""
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
    entities = tuple(StoryEntity(n, t) for (n, t), _ in
                     sorted(ent_count.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_ENTITIES])
    places = tuple(place_info[n] for n, _ in
                   sorted(place_count.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_PLACES])
    last_dt = dated[-1][0] if dated else None
    return Story(
        id=story_id,
        label=choose_label([m.title or "" for m in reports]),
        first_date=dated[0][1] if dated else None,
        last_date=dated[-1][1] if dated else None,
        last_sort=last_dt.isoformat() if last_dt else "",
        articles=len(reports),
        quotes=sum(m.quotes for m in reports),
        entities=entities,
        places=places,
        timeline=build_timeline(members),
    )
