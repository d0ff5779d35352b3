"""Search narrowing (language, site, entity, place, story) and facet counts with a date histogram, over matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from storyline.store import rows_articles
from storyline.store.results import Facets, FacetValue, Narrow
from storyline.store.sql import Executor

INTERVALS = ("day", "week", "month", "year")
SORTS = ("relevance", "date")
__all__ = ["INTERVALS", "SORTS", "Facets", "FacetValue", "Narrow", "bucket", "facets", "narrow_clause", "url_host"]


def with_dates(narrow: Narrow | None, date_from: str | None, date_to: str | None) -> Narrow:
    """The narrowing with the dates given beside it (a date given here wins over the narrowing's)."""
    n = narrow or Narrow()
    return replace(n, date_from=date_from or n.date_from, date_to=date_to or n.date_to)


#: The date-sorted search's order (newest first, undated last) as keyset columns (filters.after).
SEARCH_DATE_KEYS = (("a.published", True, True), ("a.id", True, False))


def check_sort(sort: str) -> str:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
    return sort


def url_host(url: str | None) -> str | None:
    """The site of a URL as the facets count it: the host, lower-cased, without "www." (SQLite's
    storyline_host; PostgreSQL's HOST_SQL computes the same)."""
    if url is None:
        return None
    parts = url.split("://", 1)
    if len(parts) < 2:
        return ""
    host = parts[1].split("/", 1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def narrow_clause(n: Narrow, host_sql: str, a: str = "a") -> tuple[str, list[Any]]:
    """(' AND ...' SQL, params) over `a` (the articles alias) and the id column `a`.id; '' for no narrowing."""
    sql, params = rows_articles.date_filter(n.date_from, n.date_to, f"{a}.published")
    if n.language is not None:
        sql += f" AND {a}.language = ?"
        params.append(n.language)
    if n.site is not None:
        sql += f" AND {host_sql.format(url=f'{a}.url')} = ?"
        params.append(n.site)
    for value, subquery in ((n.entity, "SELECT article_id FROM article_entities WHERE entity_id = ?"),
                            (n.place, "SELECT article_id FROM article_places WHERE name = ?"),
                            (n.story, "SELECT article_id FROM story_members WHERE story_id = ?")):
        if value is not None:
            sql += f" AND {a}.id IN ({subquery})"
            params.append(value)
    return sql, params


def facets(x: Executor, matched: str, params: Sequence[Any], host_sql: str, interval: str = "month",
           top: int = 10) -> Facets:
    """Facets over `matched`: a SELECT of the matching article ids as `id` (with its params)."""
    if interval not in INTERVALS:
        raise ValueError(f"unknown histogram interval {interval!r}: one of {', '.join(INTERVALS)}")
    m = f"({matched}) AS m JOIN articles AS a ON a.id = m.id"
    total = int(x.row(f"SELECT count(*) FROM {m}", params)[0])  # type: ignore[index]
    host = host_sql.format(url="a.url")

    def top_of(select: str, group: str, order: str = "3 DESC, 2") -> tuple[FacetValue, ...]:
        rows = x.rows(f"SELECT {select} FROM {m} {group} ORDER BY {order} LIMIT ?", (*params, top))
        return tuple(FacetValue(str(k), str(label), int(n)) for k, label, n in rows)

    days = x.rows(f"SELECT substr(a.published, 1, 10), count(*) FROM {m} WHERE a.published IS NOT NULL"
                  " GROUP BY substr(a.published, 1, 10)", params)
    histogram = bucket([(str(d), int(n)) for d, n in days], interval)
    return Facets(
        total=total,
        languages=top_of("a.language, a.language, count(*)", "WHERE a.language IS NOT NULL GROUP BY a.language"),
        sites=top_of(f"{host}, {host}, count(*)", f"WHERE a.url IS NOT NULL AND {host} <> '' GROUP BY {host}"),
        entities=top_of("e.id, e.name, count(*)", "JOIN article_entities AS ae ON ae.article_id = a.id"
                        " JOIN entities AS e ON e.id = ae.entity_id GROUP BY e.id, e.name"),
        places=top_of("p.name, p.name, count(DISTINCT p.article_id)",
                      "JOIN article_places AS p ON p.article_id = a.id GROUP BY p.name"),
        stories=top_of("s.id, s.label, count(*)", "JOIN story_members AS sm ON sm.article_id = a.id"
                       " JOIN stories AS s ON s.id = sm.story_id GROUP BY s.id, s.label"),
        histogram=histogram, interval=interval, undated=total - sum(b.count for b in histogram),
    )


def bucket(days: Sequence[tuple[str, int]], interval: str) -> tuple[FacetValue, ...]:
    """Day counts (YYYY-MM-DD, possibly shorter: YYYY-MM, YYYY) summed into buckets, in date order.

    A date known only to the month has no day or week: it goes to its month (and year), and into
    the day and week histograms under its own shorter key, so no article is dropped."""
    out: dict[str, int] = {}
    for day, n in days:
        key = _bucket_key(day, interval)
        out[key] = out.get(key, 0) + n
    return tuple(FacetValue(k, k, n) for k, n in sorted(out.items()))


def _bucket_key(day: str, interval: str) -> str:
    if interval == "year" or len(day) < 7:
        return day[:4]
    if interval == "month" or len(day) < 10:
        return day[:7]
    if interval == "week":
        try:
            year, week, _ = dt.date.fromisoformat(day).isocalendar()
        except ValueError:
            return day[:7]
        return f"{year}-W{week:02d}"
    return day
