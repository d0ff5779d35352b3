"""Shared SQL for places across the corpus: the index of geocoded places and one place with what mentions it."""

from __future__ import annotations

import math
from typing import Any

from storyline.store import filters
from storyline.store.base import Page
from storyline.store.results import (
    MentioningArticle,
    NearbyPlace,
    PlaceDetail,
    PlaceStory,
    PlaceSummary,
    QuoteRow,
)
from storyline.store.rows_nlp import QUOTE_COLUMNS
from storyline.store.sql import Executor

NEARBY_KM = 250.0  # "nearby": within this distance (great circle)
_GROUP = "p.name, p.lat, p.lon, p.country"
_SUMMARY = (f"SELECT {_GROUP}, min(p.feature), count(DISTINCT p.article_id), sum(p.mentions),"
            " min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10))"
            " FROM article_places AS p JOIN articles AS a ON a.id = p.article_id")


def places(x: Executor, query: str | None, country: str | None, limit: int, cursor: str | None) -> Page[PlaceSummary]:
    """Geocoded places by number of articles (then name), filtered by a name substring and a country code."""
    limit, offset = filters.check_limit(limit), filters.offset_of(cursor)
    where, params = [], []
    if filters.clean(query):
        where.append(f"p.name {x.dialect.ilike} ? ESCAPE '\\'")
        params.append(filters.like_pattern(query or ""))
    if filters.clean(country):
        where.append("p.country = ?")
        params.append((country or "").upper())
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = x.rows(f"{_SUMMARY}{clause} GROUP BY {_GROUP} ORDER BY 6 DESC, 1, 2, 3 LIMIT ? OFFSET ?",
                  (*params, limit + 1, offset))
    total = filters.known_total(offset, limit, len(rows))
    if total is None:
        counted = x.row(f"SELECT count(*) FROM (SELECT {_GROUP} FROM article_places AS p{clause}"
                        f" GROUP BY {_GROUP}) AS g", params)
        total = int(counted[0]) if counted else 0
    return Page(tuple(_summary(r) for r in rows[:limit]), filters.next_offset(offset, limit, len(rows)), total)


def _summary(r: tuple[Any, ...]) -> PlaceSummary:
    return PlaceSummary(r[0], float(r[1]), float(r[2]), r[3], r[4], int(r[5]), int(r[6] or 0), r[7], r[8])


def place(x: Executor, name: str, limit: int = 50) -> PlaceDetail | None:
    """The most mentioned place of that name, with its articles, stories, quotes naming it, and neighbours."""
    rows = x.rows(f"{_SUMMARY} WHERE p.name = ? GROUP BY {_GROUP} ORDER BY 6 DESC, 2, 3 LIMIT 1", (name,))
    if not rows:
        return None
    s = _summary(rows[0])
    here = "p.name = ? AND p.lat = ? AND p.lon = ?"
    key = (s.name, s.lat, s.lon)
    articles = x.rows(f"SELECT a.id, a.title, a.published, p.mentions FROM article_places AS p"
                      f" JOIN articles AS a ON a.id = p.article_id WHERE {here}"
                      " ORDER BY a.published DESC NULLS LAST, a.id LIMIT ?", (*key, limit))
    stories = x.rows(f"SELECT s.id, s.label, s.first_date, s.last_date, count(DISTINCT p.article_id)"
                     f" FROM article_places AS p JOIN story_members AS m ON m.article_id = p.article_id"
                     f" JOIN stories AS s ON s.id = m.story_id WHERE {here}"
                     " GROUP BY s.id, s.label, s.first_date, s.last_date ORDER BY 5 DESC, s.last_date DESC NULLS LAST LIMIT ?",
                     (*key, limit))
    quotes = x.rows(f"SELECT {QUOTE_COLUMNS} FROM quotes AS q JOIN articles AS a ON a.id = q.article_id"
                    f" WHERE q.article_id IN (SELECT p.article_id FROM article_places AS p WHERE {here})"
                    f" AND q.text {x.dialect.ilike} ? ESCAPE '\\' ORDER BY q.published NULLS LAST, q.article_id, q.idx"
                    " LIMIT ?", (*key, filters.like_pattern(s.name), limit))
    return PlaceDetail(s, tuple(MentioningArticle(*r) for r in articles),
                       tuple(PlaceStory(*r) for r in stories), tuple(QuoteRow(*r) for r in quotes),
                       _nearby(x, s))


def _nearby(x: Executor, s: PlaceSummary, top: int = 10) -> tuple[NearbyPlace, ...]:
    """Other geocoded places within NEARBY_KM, nearest first (a bounding box in SQL, the distance here)."""
    dlat = NEARBY_KM / 111.0
    dlon = min(180.0, NEARBY_KM / (111.0 * max(math.cos(math.radians(s.lat)), 0.01)))
    rows = x.rows(f"SELECT {_GROUP}, count(DISTINCT p.article_id) FROM article_places AS p"
                  " WHERE p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ? AND NOT (p.name = ? AND p.lat = ? AND p.lon = ?)"
                  f" GROUP BY {_GROUP}", (s.lat - dlat, s.lat + dlat, s.lon - dlon, s.lon + dlon, s.name, s.lat, s.lon))
    near = [NearbyPlace(n, float(la), float(lo), c, round(km(s.lat, s.lon, float(la), float(lo)), 1), int(k))
            for n, la, lo, c, k in rows]
    return tuple(sorted((p for p in near if p.km <= NEARBY_KM), key=lambda p: (p.km, p.name))[:top])


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))
