"""One view per page: each returns the context dict that the JSON route returns and the HTML route renders."""

from __future__ import annotations

import sqlite3
from types import ModuleType
from typing import Any

from storyline.store import reads
from storyline.web.db import Database
from storyline.web.security import safe_url

DEFAULT_LIMIT, MAX_LIMIT = 20, 100


class ViewError(Exception):
    """A request the views cannot serve: HTTP status, stable code, human message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _limit(limit: int | None) -> int:
    """The page size: the default when absent, capped at MAX_LIMIT."""
    return DEFAULT_LIMIT if limit is None else max(1, min(int(limit), MAX_LIMIT))


def _bad_input(exc: ValueError) -> ViewError:
    code = "invalid_cursor" if isinstance(exc, reads.CursorError) else "invalid_parameter"
    return ViewError(400, code, str(exc))


def _stories() -> ModuleType | None:
    """The stories store module when it has landed (it is built by another stage)."""
    try:
        from storyline.store import stories_rows
    except ImportError:
        return None
    return stories_rows


def _story_call(name: str, *args: Any, **kw: Any) -> Any:
    """Call stories_rows.<name>, or None when the module or its tables are not there yet."""
    mod = _stories()
    if mod is None or not hasattr(mod, name):
        return None
    try:
        return getattr(mod, name)(*args, **kw)
    except sqlite3.OperationalError:  # tables not migrated yet: no stories
        return None


def home(db: Database) -> dict[str, Any]:
    """The front page: counts, newest articles, most mentioned entities, stories."""
    conn = db.conn
    recent, _ = reads.list_articles(conn, limit=10)
    top, _ = reads.entities(conn, limit=12)
    found = _story_call("list_stories", conn, limit=40)
    # the newest stories, those with several reports first (single-article stories are the long tail)
    latest = sorted(found[0] if found else [], key=lambda s: -min(int(s.get("articles") or 0), 2))[:8]
    return {"counts": reads.counts(conn), "recent": recent, "entities": top, "stories": latest}


def articles(
    db: Database, q: str | None = None, date_from: str | None = None, date_to: str | None = None,
    limit: int | None = None, cursor: str | None = None,
) -> dict[str, Any]:
    """Search results with snippets when `q` is given, else articles newest first; both paged by cursor."""
    n = _limit(limit)
    try:
        if q and q.strip():
            items, nxt = reads.search_articles(db.conn, q, date_from, date_to, n, cursor)
        else:
            items, nxt = reads.list_articles(db.conn, date_from, date_to, n, cursor)
    except ValueError as exc:
        raise _bad_input(exc) from exc
    return {"query": q or None, "filters": {"from": date_from, "to": date_to}, "limit": n, "items": items,
            "next_cursor": nxt}


def article(db: Database, article_id: str) -> dict[str, Any]:
    """One article: clean text, quotes with their speakers, linked entities, places, related items, story."""
    record = db.store.get(article_id)
    if record is None:
        raise ViewError(404, "not_found", f"no article with id {article_id!r}")
    conn = db.conn
    ents = record.get("entities") or []
    ids = reads.entity_ids(conn, [(form, e["type"]) for e in ents for form in (e["name"], *e.get("aliases", ()))])
    entities = [{**e, "link_id": ids.get(" ".join(e["name"].split()).casefold())} for e in ents]
    quotes = []
    for q in record.get("quotes") or []:
        sp = q.get("speaker") or {}
        link = ids.get(" ".join(sp.get("name", "").split()).casefold()) if sp else None
        quotes.append({**q, "speaker_id": link})
    related = [{**r, "url": safe_url(r.get("url"))} for r in record.get("related") or []]
    story_id = _story_call("story_of_article", conn, record["id"])
    story = _story_call("get_story", conn, story_id) if story_id else None
    members = [m for m in (story or {}).get("members", []) if m.get("id") != record["id"]]
    fields = ("id", "title", "published", "authors", "signoff", "language", "sitename", "description",
              "paragraphs", "source", "warnings", "stored_at")
    return {
        "article": {**{k: record.get(k) for k in fields}, "url": safe_url(record.get("url"))},
        "quotes": quotes,
        "entities": entities,
        "places": record.get("places") or reads.article_places(conn, record["id"]),
        "related": related,
        "story": {"id": story["id"], "label": story.get("label"), "members": members} if story else None,
    }


def quotes(
    db: Database, speaker: str | None = None, q: str | None = None, limit: int | None = None,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Quotes by date, filtered by speaker (name, mention or alias) and words in the quote."""
    n = _limit(limit)
    try:
        items, nxt = reads.quotes(db.conn, speaker, q, n, cursor)
    except ValueError as exc:
        raise _bad_input(exc) from exc
    return {"speaker": speaker, "query": q, "limit": n, "items": items, "next_cursor": nxt}


def entities(
    db: Database, q: str | None = None, type: str | None = None, limit: int | None = None,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Corpus entities (people, organisations, places...) by mentions, filtered by name and type."""
    n = _limit(limit)
    try:
        items, nxt = reads.entities(db.conn, q, type, n, cursor)
    except ValueError as exc:
        raise _bad_input(exc) from exc
    return {"query": q, "type": type, "limit": n, "items": items, "next_cursor": nxt}


def entity(db: Database, entity_id: int, limit: int | None = None, cursor: str | None = None) -> dict[str, Any]:
    """A speaker/entity page: who, everything they said by date with its article, articles naming them."""
    conn = db.conn
    found = reads.entity(conn, entity_id)
    if found is None:
        raise ViewError(404, "not_found", f"no entity with id {entity_id}")
    n = _limit(limit or MAX_LIMIT)
    try:
        said, nxt = reads.quotes(conn, limit=n, cursor=cursor, entity_id=entity_id)
    except ValueError as exc:
        raise _bad_input(exc) from exc
    place = reads.place_named(conn, found["name"]) if found["type"] in ("GPE", "LOC", "FAC") else None
    return {"entity": found, "quotes": said, "next_cursor": nxt, "place": place,
            "articles": reads.entity_articles(conn, entity_id, limit=MAX_LIMIT)}


def stories(db: Database, limit: int | None = None, cursor: str | None = None) -> dict[str, Any]:
    """Stories (clusters of articles about one event), newest first; empty until stories are built."""
    n = _limit(limit)
    try:
        found = _story_call("list_stories", db.conn, limit=n, cursor=cursor)
    except ValueError as exc:
        raise _bad_input(exc) from exc
    items, nxt = found if found else ([], None)
    return {"limit": n, "items": items, "next_cursor": nxt}


def story(db: Database, story_id: str) -> dict[str, Any]:
    """One story: its articles, entities, places and the timeline of events with sources."""
    found = _story_call("get_story", db.conn, story_id)
    if not found:
        raise ViewError(404, "not_found", f"no story with id {story_id!r}")
    return {"story": found}
