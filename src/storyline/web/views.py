"""One view per page: each returns the context dict that the JSON route returns and the HTML route renders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, TypeVar

from storyline.store.base import Narrow, Page, QueryTimeout, Store, as_json
from storyline.store.filters import CursorError
from storyline.store.query import QuerySyntaxError
from storyline.store.results import FacetValue
from storyline.web.db import Database
from storyline.web.security import safe_url

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
T = TypeVar("T")


class ViewError(Exception):
    """A request the views cannot serve: HTTP status, stable code, human message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _limit(limit: int | None) -> int:
    """The page size: the default when absent, capped at MAX_LIMIT."""
    return DEFAULT_LIMIT if limit is None else max(1, min(int(limit), MAX_LIMIT))


@contextmanager
def bad_input() -> Iterator[None]:
    """Bad cursors, queries and parameters become 400s with a stable code."""
    try:
        yield
    except CursorError as exc:
        raise ViewError(400, "invalid_cursor", str(exc)) from exc
    except QueryTimeout as exc:
        raise ViewError(503, "query_timeout", f"{exc}: narrow the query or try again") from exc
    except QuerySyntaxError as exc:
        raise ViewError(400, "invalid_query", str(exc)) from exc
    except ValueError as exc:
        raise ViewError(400, "invalid_parameter", str(exc)) from exc


def _page(fetch: Callable[[], Page[T]]) -> dict[str, Any]:
    with bad_input():
        page = fetch()
    return {"items": as_json(page.items), "next_cursor": page.next_cursor, "total": page.total,
            "total_exact": page.total_exact}


def home(db: Database) -> dict[str, Any]:
    """The front page: counts, newest articles, most mentioned entities, stories."""
    store = db.store
    found = store.stories(limit=40).items
    # the newest stories, those with several reports first (single-article stories are the long tail)
    latest = sorted(found, key=lambda s: -min(s.articles, 2))[:8]
    return {"counts": as_json(store.stats()), "recent": as_json(store.articles(limit=10).items),
            "entities": as_json(store.entities(limit=12).items), "stories": as_json(latest)}


def articles(
    db: Database, q: str | None = None, date_from: str | None = None, date_to: str | None = None,
    limit: int | None = None, cursor: str | None = None, narrow: Narrow | None = None, sort: str = "relevance",
) -> dict[str, Any]:
    """Search results with snippets when `q` is given (ranked, or newest first with sort="date", kept to
    the narrowing), else articles newest first; both paged by cursor."""
    n, store = _limit(limit), db.store
    narrow = narrow or Narrow()
    if q and q.strip():
        page = _page(lambda: store.search(q, date_from, date_to, n, cursor, narrow=narrow, sort=sort,
                                          count_limit=db.count_limit))
    elif narrow != Narrow():
        raise ViewError(400, "invalid_parameter", "language, site, entity, place and story narrow a search: give q")
    else:
        page = _page(lambda: store.articles(date_from, date_to, n, cursor))
    return {"query": q or None, "sort": sort, "narrow": as_json(narrow),
            "filters": {"from": date_from, "to": date_to}, "limit": n, **page}


def facets(db: Database, q: str | None, date_from: str | None, date_to: str | None, narrow: Narrow,
           interval: str = "month") -> dict[str, Any]:
    """Facet counts and a date histogram over everything the search matches (all articles without q)."""
    full = replace(narrow, date_from=date_from, date_to=date_to)
    with bad_input():
        found = db.store.search_facets(q if q and q.strip() else None, full, interval)
    return {"facets": as_json(found), "bars": _bars(found.histogram)}


def _bars(histogram: tuple[FacetValue, ...]) -> list[dict[str, Any]]:
    """Histogram buckets with the day range each covers (for a link narrowing to it) and a 0-100 height."""
    top = max((b.count for b in histogram), default=0) or 1
    out = []
    for b in histogram:
        first, last = _bucket_days(b.key)
        out.append({"key": b.key, "count": b.count, "from": first, "to": last, "height": round(100 * b.count / top)})
    return out


def _bucket_days(key: str) -> tuple[str, str]:
    """The first and last day of a histogram bucket ("2016-W12" -> its Monday and Sunday), else the key."""
    if "-W" in key:
        year, week = key.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    return key, key


def article(db: Database, article_id: str) -> dict[str, Any]:
    """One article: clean text, quotes with their speakers, linked entities, places, related items, story."""
    store = db.store
    with store.snapshot():  # one connection and one view of the store for the page's reads
        return _article(store, article_id)


def _article(store: Store, article_id: str) -> dict[str, Any]:
    stored = store.get(article_id)
    if stored is None:
        raise ViewError(404, "not_found", f"no article with id {article_id[:80]!r}")
    record = stored.to_dict()
    ents = record.get("entities") or []
    ids = store.entity_ids([(form, e["type"]) for e in ents for form in (e["name"], *e.get("aliases", ()))])
    entities = [{**e, "link_id": ids.get(" ".join(e["name"].split()).casefold())} for e in ents]
    quotes = []
    for q in record.get("quotes") or []:
        sp = q.get("speaker") or {}
        link = ids.get(" ".join(sp.get("name", "").split()).casefold()) if sp else None
        quotes.append({**q, "speaker_id": link})
    related = [{**r, "url": safe_url(r.get("url"))} for r in record.get("related") or []]
    story = store.story(sid) if (sid := store.story_of_article(record["id"])) else None
    members = [as_json(m) for m in (story.members if story else ()) if m.id != record["id"]]
    fields = ("id", "title", "published", "published_source", "authors", "signoff", "credits", "language", "sitename", "description",
              "paragraphs", "source", "warnings", "stored_at")
    return {
        "article": {**{k: record.get(k) for k in fields}, "url": safe_url(record.get("url"))},
        "quotes": quotes,
        "entities": entities,
        "places": record.get("places") or as_json(store.article_places(record["id"])),
        "related": related,
        "story": {"id": story.story.id, "label": story.story.label, "members": members} if story else None,
    }


def quotes(
    db: Database, speaker: str | None = None, q: str | None = None, limit: int | None = None,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Quotes by date, filtered by speaker (name, mention or alias) and words in the quote."""
    n = _limit(limit)
    page = _page(lambda: db.store.quotes(speaker, q, None, n, cursor))
    return {"speaker": speaker, "query": q, "limit": n, **page}


def entities(
    db: Database, q: str | None = None, type: str | None = None, limit: int | None = None,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Corpus entities (people, organisations, places...) by mentions, filtered by name and type."""
    n = _limit(limit)
    page = _page(lambda: db.store.entities(q, type, n, cursor))
    return {"query": q, "type": type, "limit": n, **page}


def entity(db: Database, entity_id: int, limit: int | None = None, cursor: str | None = None) -> dict[str, Any]:
    """A speaker/entity page: who, everything they said by date with its article, articles naming them."""
    store = db.store
    found = store.entity(entity_id)
    if found is None:
        raise ViewError(404, "not_found", f"no entity with id {entity_id}")
    n = _limit(limit or MAX_LIMIT)
    said = _page(lambda: store.quotes(entity_id=entity_id, limit=n, cursor=cursor))
    place = store.place_named(found.name) if found.type in ("GPE", "LOC", "FAC") else None
    return {"entity": as_json(found), "quotes": said["items"], "next_cursor": said["next_cursor"],
            "total": said["total"], "place": as_json(place) if place else None,
            "articles": as_json(store.entity_articles(entity_id, limit=MAX_LIMIT))}


def places(db: Database, q: str | None = None, country: str | None = None, limit: int | None = None,
           cursor: str | None = None) -> dict[str, Any]:
    """Geocoded places across the corpus by number of articles, with a map of the page's places."""
    n = _limit(limit)
    return {"query": q, "country": country, "limit": n,
            **_page(lambda: db.store.places(q or None, country or None, n, cursor))}


def place(db: Database, name: str) -> dict[str, Any]:
    """One place: where it is, articles and stories mentioning it, quotes naming it, places nearby."""
    found = db.store.place(name, limit=MAX_LIMIT)
    if found is None:
        raise ViewError(404, "not_found", f"no geocoded place named {name!r}")
    return dict(as_json(found))


def stories(db: Database, limit: int | None = None, cursor: str | None = None) -> dict[str, Any]:
    """Stories (clusters of articles about one event), newest first."""
    n = _limit(limit)
    return {"limit": n, **_page(lambda: db.store.stories(n, cursor))}


def story(db: Database, story_id: str) -> dict[str, Any]:
    """One story: its articles, entities, places and the timeline of events with sources."""
    found = db.store.story(story_id)
    if found is None:
        raise ViewError(404, "not_found", f"no story with id {story_id[:80]!r}")
    return {"story": found.to_dict()}
