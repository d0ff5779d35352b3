"""SQLite rows for stories: memberships, story records with their timelines, and clusterer state."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_CHUNK = 500
STATE_KEY = "clusterer"


def _loads(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def _encode_cursor(last_sort: str, story_id: str) -> str:
    return base64.urlsafe_b64encode(f"{last_sort}\t{story_id}".encode()).decode("ascii")


def _decode_cursor(cursor: str) -> tuple[str, str] | None:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (ValueError, UnicodeError):
        return None
    sort, sep, sid = text.partition("\t")
    return (sort, sid) if sep else None


# -- the read interface (web UI, CLI) ------------------------------------------------------------


def list_stories(
    conn: sqlite3.Connection, limit: int = 50, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Stories, newest last date first, as (rows, next cursor or None); rows carry counts and names."""
    limit = max(0, int(limit))
    where, params = "", []
    after = _decode_cursor(cursor) if cursor else None
    if after is not None:
        where = "WHERE last_sort < ? OR (last_sort = ? AND id > ?)"
        params = [after[0], after[0], after[1]]
    rows = conn.execute(
        "SELECT id, label, first_date, last_date, articles, quotes, entities, places, last_sort"
        f" FROM stories {where} ORDER BY last_sort DESC, id LIMIT ?",
        (*params, limit + 1),
    ).fetchall()
    out = [
        {
            "id": sid, "label": label, "first_date": first, "last_date": last, "articles": n, "quotes": q,
            "entities": [e["name"] for e in _loads(ents, [])], "places": [p["name"] for p in _loads(places, [])],
        }
        for sid, label, first, last, n, q, ents, places, _ in rows[:limit]
    ]
    next_cursor = _encode_cursor(rows[limit - 1][8], rows[limit - 1][0]) if len(rows) > limit > 0 else None
    return out, next_cursor


def get_story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """One story with its members (near-duplicates folded in), entities, places and timeline."""
    row = conn.execute(
        "SELECT id, label, first_date, last_date, quotes, entities, places, timeline FROM stories WHERE id = ?",
        (story_id,),
    ).fetchone()
    if row is None:
        return None
    sid, label, first, last, quotes, ents, places, timeline = row
    members = conn.execute(
        "SELECT a.id, a.title, a.published, coalesce(d.n, 0)"
        " FROM story_members AS m JOIN articles AS a ON a.id = m.article_id"
        " LEFT JOIN (SELECT duplicate_of, count(*) AS n FROM story_members"
        "            WHERE story_id = ? AND duplicate_of IS NOT NULL GROUP BY duplicate_of) AS d"
        "   ON d.duplicate_of = a.id"
        " WHERE m.story_id = ? AND m.duplicate_of IS NULL ORDER BY a.published, a.id",
        (sid, sid),
    ).fetchall()
    return {
        "id": sid, "label": label, "first_date": first, "last_date": last,
        "members": [{"id": i, "title": t, "published": p, "duplicates": d} for i, t, p, d in members],
        "entities": _loads(ents, []), "places": _loads(places, []), "quotes": quotes,
        "timeline": _loads(timeline, []),
    }


def story_of_article(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The story an article belongs to, or None when it is not clustered (yet)."""
    row = conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
    return None if row is None else str(row[0])


# -- the write side (storyline.stories.update) ---------------------------------------------------


def unclustered(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Records of stored articles that belong to no story yet, oldest publication first (streamed)."""
    rows = conn.execute(
        "SELECT a.record FROM articles AS a LEFT JOIN story_members AS m ON m.article_id = a.id"
        " WHERE m.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id"
    )
    for (record,) in rows:
        yield json.loads(record)


def member_records(conn: sqlite3.Connection, story_id: str) -> list[tuple[dict[str, Any], str | None]]:
    """(record, duplicate_of) of every member of a story."""
    rows = conn.execute(
        "SELECT a.record, m.duplicate_of FROM story_members AS m JOIN articles AS a ON a.id = m.article_id"
        " WHERE m.story_id = ? ORDER BY a.published, a.id",
        (story_id,),
    )
    return [(json.loads(rec), dup) for rec, dup in rows]


def load_state(conn: sqlite3.Connection) -> dict[str, Any] | None:
    row = conn.execute("SELECT value FROM story_state WHERE key = ?", (STATE_KEY,)).fetchone()
    return None if row is None else _loads(row[0], None)


def save_state(conn: sqlite3.Connection, state: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO story_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (STATE_KEY, json.dumps(state, separators=(",", ":"))),
    )


def add_members(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, str | None]], now: str) -> None:
    """Insert (article_id, story_id, duplicate_of) memberships; an article already placed is kept."""
    conn.executemany(
        "INSERT INTO story_members (article_id, story_id, duplicate_of, added_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (article_id) DO NOTHING",
        [(a, s, d, now) for a, s, d in rows],
    )


def merge_story(conn: sqlite3.Connection, gone: str, keep: str) -> None:
    """Move every member (and related-link key) of story `gone` into story `keep`; drop `gone`'s record."""
    conn.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (keep, gone))
    conn.execute("UPDATE story_keys SET story_id = ? WHERE story_id = ?", (keep, gone))
    conn.execute("UPDATE OR IGNORE story_links SET story_id = ? WHERE story_id = ?", (keep, gone))
    conn.execute("DELETE FROM story_links WHERE story_id = ?", (gone,))
    conn.execute("DELETE FROM stories WHERE id = ?", (gone,))


def add_keys(conn: sqlite3.Connection, story_id: str, keys: Iterable[str], links: Iterable[str]) -> None:
    """Record an article's related keys (`keys`: what names it; the first story with a key keeps it)
    and the keys its related items point to (`links`), both for story `story_id`. "id:" keys are
    skipped in `keys`: story_members answers them."""
    conn.executemany("INSERT INTO story_keys (key, story_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                     [(k, story_id) for k in keys if not k.startswith("id:")])
    conn.executemany("INSERT INTO story_links (key, story_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     [(k, story_id) for k in links])


def lookup_key(conn: sqlite3.Connection, key: str) -> str | None:
    """The story of the first clustered article named by a related key (id:/url:/title:), or None."""
    if key.startswith("id:"):
        return story_of_article(conn, key[3:])
    row = conn.execute("SELECT story_id FROM story_keys WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def lookup_links(conn: sqlite3.Connection, key: str) -> list[str]:
    """Stories with an article whose related items point to `key`."""
    return [str(r[0]) for r in conn.execute("SELECT story_id FROM story_links WHERE key = ? ORDER BY story_id",
                                            (key,))]


def write_story(conn: sqlite3.Connection, story: dict[str, Any], now: str) -> None:
    """Insert or replace one story record (a dict as built by storyline.stories.record)."""
    conn.execute(
        "INSERT INTO stories (id, label, first_date, last_date, last_sort, articles, quotes, entities, places,"
        " timeline, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET label = excluded.label, first_date = excluded.first_date,"
        " last_date = excluded.last_date, last_sort = excluded.last_sort, articles = excluded.articles,"
        " quotes = excluded.quotes, entities = excluded.entities, places = excluded.places,"
        " timeline = excluded.timeline, updated_at = excluded.updated_at",
        (
            story["id"], story["label"], story["first_date"], story["last_date"], story.get("last_sort") or "",
            story["articles"], story["quotes"], _dumps(story["entities"]), _dumps(story["places"]),
            _dumps(story["timeline"]), now,
        ),
    )


def story_ids(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """article id -> story id for the given articles that are clustered."""
    out: dict[str, str] = {}
    ids = list(article_ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})", chunk)
        out.update({a: s for a, s in rows})
    return out


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
