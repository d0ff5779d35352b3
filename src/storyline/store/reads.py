"""Read-only queries for the web views: paged article lists, search with dates, entity pages (parameterised SQL)."""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from datetime import date, timedelta
from typing import Any

from storyline.store.sqlite import ELLIPSIS, MARK_CLOSE, MARK_OPEN, SNIPPET_TOKENS, quote_terms

#: Furthest a search or quote listing may page (offset-based cursors are bounded).
MAX_OFFSET = 10_000
_OPEN, _CLOSE = "\x02", "\x03"

_RANK = "bm25(articles_fts, 10.0, 1.0, 0.0)"
# Step 1 ranks matches without touching any other column (reading article_id per match doubles the
# cost); step 2 makes snippets for the page's rows only; titles and dates come from `articles`.
_SEARCH_IDS = f"SELECT rowid, {_RANK} AS r FROM articles_fts WHERE articles_fts MATCH ? ORDER BY r, rowid LIMIT ? OFFSET ?"
_SEARCH_IDS_DATED = f"""
SELECT articles_fts.rowid, {_RANK} AS r
  FROM articles_fts JOIN articles AS a ON a.id = articles_fts.article_id
 WHERE articles_fts MATCH ? AND (? IS NULL OR a.published >= ?) AND (? IS NULL OR a.published < ?)
 ORDER BY r, articles_fts.rowid LIMIT ? OFFSET ?
"""
_SNIPPETS = f"""
SELECT rowid, article_id, snippet(articles_fts, {{column}}, '{_OPEN}', '{_CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS})
  FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({{marks}})
"""


class CursorError(ValueError):
    """A cursor that this server did not hand out (or that no longer fits the query)."""


def encode_cursor(value: Any) -> str:
    """An opaque, URL-safe cursor for any JSON value."""
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    """The value inside a cursor from `encode_cursor`; CursorError for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise CursorError(f"invalid cursor {cursor[:40]!r}") from exc


def offset_of(cursor: str | None) -> int:
    """The offset inside an offset cursor ({"o": N}); 0 without a cursor."""
    if not cursor:
        return 0
    value = decode_cursor(cursor)
    if not isinstance(value, dict) or not isinstance(value.get("o"), int) or not 0 <= value["o"] <= MAX_OFFSET:
        raise CursorError(f"invalid cursor {cursor[:40]!r}")
    return int(value["o"])


def _next_offset(offset: int, limit: int, got: int) -> str | None:
    nxt = offset + limit
    return encode_cursor({"o": nxt}) if got > limit and nxt <= MAX_OFFSET else None


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """(inclusive lower, exclusive upper) string bounds for ISO dates YYYY[-MM[-DD]]; ValueError if malformed."""
    low = _parse_day(date_from, "from").isoformat() if date_from else None
    high = None
    if date_to:
        parts = date_to.split("-")
        day = _parse_day(date_to, "to")
        if len(parts) == 1:
            high = f"{day.year + 1:04d}"
        elif len(parts) == 2:
            high = f"{day.year + (day.month == 12):04d}-{day.month % 12 + 1:02d}"
        else:
            high = (day + timedelta(days=1)).isoformat()
    return low, high


def _parse_day(text: str, name: str) -> date:
    parts = text.strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4:
            raise ValueError(text)
        nums = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(nums[0], nums[1], nums[2])
    except ValueError as exc:
        raise ValueError(f"{name}={text!r} is not a date like 2016-03-28, 2016-03 or 2016") from exc


def _mark(snippet: str | None) -> str:
    return (snippet or "").replace(_OPEN, MARK_OPEN).replace(_CLOSE, MARK_CLOSE)


def list_articles(
    conn: sqlite3.Connection, date_from: str | None = None, date_to: str | None = None, limit: int = 20,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Articles newest first (undated last), keyset-paged on (published, id); dates filter inclusively."""
    low, high = date_bounds(date_from, date_to)
    where: list[str] = []
    params: list[Any] = []
    if low is not None:
        where.append("published >= ?")
        params.append(low)
    if high is not None:
        where.append("published < ?")
        params.append(high)
    if cursor:
        key = decode_cursor(cursor)
        if not (isinstance(key, list) and len(key) == 2 and isinstance(key[1], str)
                and (key[0] is None or isinstance(key[0], str))):
            raise CursorError(f"invalid cursor {cursor[:40]!r}")
        if key[0] is None:
            where.append("(published IS NULL AND id < ?)")
            params.append(key[1])
        else:
            where.append("(published < ? OR (published = ? AND id < ?) OR published IS NULL)")
            params += [key[0], key[0], key[1]]
    # SQLite sorts NULL lowest, so DESC puts undated articles last and the published index serves it.
    sql = ("SELECT id, title, published, language, source_format, url FROM articles"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY published DESC, id DESC LIMIT ?")
    rows = conn.execute(sql, (*params, limit + 1)).fetchall()
    out = [{"id": r[0], "title": r[1], "published": r[2], "language": r[3], "format": r[4], "url": r[5]}
           for r in rows[:limit]]
    nxt = encode_cursor([out[-1]["published"], out[-1]["id"]]) if len(rows) > limit else None
    return out, nxt


def search_articles(
    conn: sqlite3.Connection, query: str, date_from: str | None = None, date_to: str | None = None,
    limit: int = 20, cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """FTS5 search (bm25, title weighted) within optional dates; snippets mark matches with « »."""
    query = query.replace("\x00", " ")
    if not query.strip():
        raise ValueError("empty search query: give at least one word to search for")
    low, high = date_bounds(date_from, date_to)
    offset = offset_of(cursor)
    try:
        return _search(conn, query, low, high, limit, offset)
    except sqlite3.OperationalError:
        fallback = quote_terms(query)
        return _search(conn, fallback, low, high, limit, offset) if fallback else ([], None)


def _search(
    conn: sqlite3.Connection, match: str, low: str | None, high: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], str | None]:
    if low is None and high is None:
        ranked = conn.execute(_SEARCH_IDS, (match, limit + 1, offset)).fetchall()
    else:
        ranked = conn.execute(_SEARCH_IDS_DATED, (match, low, low, high, high, limit + 1, offset)).fetchall()
    page = ranked[:limit]
    if not page:
        return [], None
    rowids = [r[0] for r in page]
    snips = _snippets(conn, match, rowids, 1)  # the body's best passage...
    title_only = [r for r in rowids if _OPEN not in (snips.get(r, ("", ""))[1] or "")]
    if title_only:  # ...or, when only the title matched, the best passage of any column
        snips.update(_snippets(conn, match, title_only, -1))
    meta = articles_by_ids(conn, [snips[r][0] for r in rowids if r in snips])
    hits = []
    for rowid, rank in page:
        if rowid not in snips or snips[rowid][0] not in meta:
            continue
        article_id, snip = snips[rowid]
        art = meta[article_id]
        hits.append({"id": article_id, "title": art["title"], "published": art["published"],
                     "snippet": _mark(snip), "score": round(-float(rank), 4)})
    return hits, _next_offset(offset, limit, len(ranked))


def _snippets(conn: sqlite3.Connection, match: str, rowids: list[int], column: int) -> dict[int, tuple[str, str]]:
    sql = _SNIPPETS.format(column=column, marks=", ".join("?" * len(rowids)))
    return {r[0]: (r[1], r[2]) for r in conn.execute(sql, (match, *rowids))}


def quotes(
    conn: sqlite3.Connection, speaker: str | None = None, text: str | None = None, limit: int = 50,
    cursor: str | None = None, entity_id: int | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Quotes by article date (oldest first) with the speaker's corpus entity id and the article title."""
    where: list[str] = []
    params: list[Any] = []
    if entity_id is not None:
        where.append("q.speaker_entity = ?")
        params.append(entity_id)
    if _clean(speaker):
        like = _like(speaker or "")
        known = [r[0] for r in conn.execute(
            "SELECT DISTINCT entity_id FROM entity_aliases WHERE alias LIKE ? ESCAPE '\\' LIMIT 500", (like,))]
        if known:  # indexed: quotes by those entities, or by a speaker of exactly that name
            marks = ", ".join("?" * len(known))
            where.append(f"(q.speaker_entity IN ({marks}) OR q.speaker_name = ? COLLATE NOCASE)")
            params += [*known, _clean(speaker)]
        else:  # no entity matches: substring search over every speaker's name and mention
            where.append("(q.speaker_name LIKE ? ESCAPE '\\' OR q.speaker_mention LIKE ? ESCAPE '\\')")
            params += [like, like]
    if _clean(text):
        where.append("q.text LIKE ? ESCAPE '\\'")
        params.append(_like(text or ""))
    offset = offset_of(cursor)
    sql = ('SELECT q.article_id, q.idx, q.kind, q.cue, q.text, q.speaker_name, q.speaker_mention,'
           ' q.speaker_entity, q.source_name, q.paragraph, q.start, q."end", q.published, a.title'
           " FROM quotes q JOIN articles a ON a.id = q.article_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY q.published IS NULL, q.published, q.article_id, q.idx LIMIT ? OFFSET ?")
    rows = conn.execute(sql, (*params, limit + 1, offset)).fetchall()
    keys = ("article_id", "idx", "kind", "cue", "text", "speaker_name", "speaker_mention", "speaker_id",
            "source_name", "paragraph", "start", "end", "published", "title")
    return [dict(zip(keys, r, strict=True)) for r in rows[:limit]], _next_offset(offset, limit, len(rows))


def _clean(text: str | None) -> str:
    """Filter text without NULs (SQLite would end the pattern there) and surrounding space."""
    return (text or "").replace("\x00", "").strip()


def _like(text: str) -> str:
    """A LIKE pattern for `text` as a literal substring (its own % and _ match only themselves)."""
    return "%" + _clean(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def entities(
    conn: sqlite3.Connection, query: str | None = None, type: str | None = None, limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Corpus entities by mention count, filtered by name/alias substring and type, with their aliases."""
    offset = offset_of(cursor)
    where: list[str] = []
    params: list[Any] = []
    if _clean(query):
        where.append("e.id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ? ESCAPE '\\')")
        params.append(_like(query or ""))
    if type and type.strip():
        where.append("e.type = ?")
        params.append(type.strip().upper())
    sql = ("SELECT e.id, e.name, e.type, e.role, e.gazetteer_id, e.mention_count, e.article_count, e.first_date,"
           " e.last_date FROM entities e" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY e.mention_count DESC, e.name, e.id LIMIT ? OFFSET ?")
    rows = conn.execute(sql, (*params, limit + 1, offset)).fetchall()
    keys = ("id", "name", "type", "role", "gazetteer_id", "mentions", "articles", "first_date", "last_date")
    out = [dict(zip(keys, r, strict=True)) for r in rows[:limit]]
    aliases: dict[int, set[str]] = {}
    if out:
        marks = ", ".join("?" * len(out))
        for entity_id, alias in conn.execute(
                f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks})", [e["id"] for e in out]):
            aliases.setdefault(entity_id, set()).add(alias)
    for e in out:
        e["aliases"] = sorted(aliases.get(e["id"], ()))
    return out, _next_offset(offset, limit, len(rows))


def entity(conn: sqlite3.Connection, entity_id: int) -> dict[str, Any] | None:
    """One corpus entity with its aliases, or None."""
    row = conn.execute(
        "SELECT id, name, type, role, gazetteer_id, mention_count, article_count, first_date, last_date"
        " FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    aliases = sorted({r[0] for r in conn.execute(
        "SELECT alias FROM entity_aliases WHERE entity_id = ?", (entity_id,))})
    keys = ("id", "name", "type", "role", "gazetteer_id", "mentions", "articles", "first_date", "last_date")
    return {**dict(zip(keys, row, strict=True)), "aliases": aliases}


def entity_articles(conn: sqlite3.Connection, entity_id: int, limit: int = 100) -> list[dict[str, Any]]:
    """Articles that mention an entity, newest first, with the mention count."""
    rows = conn.execute(
        "SELECT a.id, a.title, a.published, ae.mentions FROM article_entities ae"
        " JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = ?"
        " ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ?", (entity_id, limit)).fetchall()
    return [{"id": r[0], "title": r[1], "published": r[2], "mentions": r[3]} for r in rows]


def article_entities(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The corpus entities an article mentions (id, name, type, role, mentions), most mentioned first."""
    rows = conn.execute(
        "SELECT e.id, e.name, e.type, coalesce(ae.role, e.role), ae.mentions FROM article_entities ae"
        " JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ? ORDER BY ae.mentions DESC, e.name",
        (article_id,)).fetchall()
    return [{"id": r[0], "name": r[1], "type": r[2], "role": r[3], "mentions": r[4]} for r in rows]


def entity_ids(conn: sqlite3.Connection, names: list[tuple[str, str]]) -> dict[str, int]:
    """Corpus entity ids for (surface form, type) pairs, keyed by the case-folded form."""
    out: dict[str, int] = {}
    for name, etype in names:
        key = " ".join(name.split()).casefold()
        row = conn.execute("SELECT entity_id FROM entity_aliases WHERE alias_key = ? AND type = ?",
                           (key, etype)).fetchone()
        if row:
            out[key] = int(row[0])
    return out


def article_places(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """Geocoded places of one article."""
    rows = conn.execute(
        "SELECT name, lat, lon, country, feature, mentions FROM article_places WHERE article_id = ? ORDER BY idx",
        (article_id,)).fetchall()
    return [{"name": r[0], "lat": r[1], "lon": r[2], "country": r[3], "feature": r[4], "mentions": r[5]}
            for r in rows]


def place_named(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """Where the geocoder put a place of this name (its most frequent coordinates), or None."""
    row = conn.execute(
        "SELECT name, lat, lon, country FROM article_places WHERE name = ?"
        " GROUP BY lat, lon ORDER BY count(*) DESC LIMIT 1", (name,)).fetchone()
    return None if row is None else {"name": row[0], "lat": row[1], "lon": row[2], "country": row[3]}


def articles_by_ids(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """{id: {id, title, published}} for the stored ones among `ids`."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for r in conn.execute(f"SELECT id, title, published FROM articles WHERE id IN ({marks})", chunk):
            out[r[0]] = {"id": r[0], "title": r[1], "published": r[2]}
    return out


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many articles, quotes, entities and places the store holds."""
    out = {}
    for name, table in (("articles", "articles"), ("quotes", "quotes"), ("entities", "entities"),
                        ("places", "article_places")):
        out[name] = int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return out
