"""Shared SQL that reads NLP annotations: quotes, corpus-wide canonical entities (alias table), places."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.store import filters
from storyline.store.base import EntityMention, EntityRow, MentioningArticle, Page, PlaceRow, QuoteRow
from storyline.store.sql import Executor, chunks, marks

#: A speaker filter matching more names or entities than this scans every quote instead.
_MAX_KEYS = 500
_ENTITY_COLUMNS = "id, name, type, role, gazetteer_id, mention_count, article_count, first_date, last_date"
QUOTE_COLUMNS = (
    'q.article_id, q.idx, q.kind, q.cue, q.text, q.speaker_name, q.speaker_mention, q.speaker_type, q.speaker_via,'
    ' q.speaker_entity, q.source_name, q.source_mention, q.paragraph, q.end_paragraph, q.start, q."end",'
    " q.published, a.title"
)


# -- reads ---------------------------------------------------------------------------------------


#: The quote listing's order (oldest first, undated last) as keyset columns: (expression, descending, nullable).
_QUOTE_KEYS = (("q.published", False, True), ("q.article_id", False, False), ("q.idx", False, False))
_ENTITY_KEYS = (("mention_count", True, False), ("name", False, False), ("id", False, False))


def quotes(x: Executor, speaker: str | None, text: str | None, entity_id: int | None, limit: int,
           cursor: str | None) -> Page[QuoteRow]:
    """Oldest first, keyset-paged; speaker matches a substring of the name, the mention or any alias."""
    limit = filters.check_limit(limit)
    where: list[str] = []
    params: list[Any] = []
    if entity_id is not None:
        where.append("q.speaker_entity = ?")
        params.append(entity_id if 0 <= entity_id <= filters.MAX_ID else -1)
    like = x.dialect.ilike
    indexed = True  # every filter so far reaches its quotes through an index
    if filters.clean(speaker):
        clause, found, indexed = _speaker_filter(x, filters.like_pattern(speaker or ""))
        where.append(clause)
        params += found
    rest = [f"q.text {like} ? ESCAPE '\\'"] if filters.clean(text) else []
    rest_params = [filters.like_pattern(text or "")] if rest else []
    total = x.row("SELECT count(*) FROM quotes q" + _where([*where, *rest]), [*params, *rest_params])
    # A speaker or entity filter reaches few quotes through their indexes: on PostgreSQL those are
    # picked first, then sorted (its planner would rather walk every quote in date order, checking each).
    if x.dialect.fence and where and indexed:
        source, outer = f"(SELECT * FROM quotes q{_where(where)} {x.dialect.fence}) q", rest
    else:
        source, outer = "quotes q", [*where, *rest]
    outer_params = [*params, *rest_params]
    if cursor:
        clause, after = filters.after(_QUOTE_KEYS, filters.decode_cursor(cursor, (None, str, int)))
        outer, outer_params = [*outer, clause], [*outer_params, *after]
    rows = x.rows(f"SELECT {QUOTE_COLUMNS} FROM {source} JOIN articles a ON a.id = q.article_id" + _where(outer)
                  + f" ORDER BY {x.dialect.quote_order} LIMIT ?", (*outer_params, limit + 1))
    items = tuple(QuoteRow(*r) for r in rows[:limit])
    last = (items[-1].published, items[-1].article_id, items[-1].idx) if items else None
    return Page(items, filters.keyset_next(last, limit, len(rows)), int(total[0]) if total else 0)


def _where(clauses: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _speaker_filter(x: Executor, pattern: str) -> tuple[str, list[Any], bool]:
    """WHERE clause (and params) for quotes whose speaker's name, mention or any alias contains the
    pattern, and whether it reaches them through indexes.

    The few matching names (quote_speakers) and entities (entity_aliases) are found first, so the
    quotes are reached through indexes; when too many match, every quote is scanned instead.
    """
    like = x.dialect.ilike
    keys = [r[0] for r in x.rows(f"SELECT key FROM quote_speakers WHERE key {like} ? ESCAPE '\\' LIMIT ?",
                                 (pattern, _MAX_KEYS + 1))]
    ids = [r[0] for r in x.rows(f"SELECT DISTINCT entity_id FROM entity_aliases WHERE alias {like} ? ESCAPE '\\'"
                                " LIMIT ?", (pattern, _MAX_KEYS + 1))]
    if len(keys) > _MAX_KEYS or len(ids) > _MAX_KEYS:
        return (f"(q.speaker_name {like} ? ESCAPE '\\' OR q.speaker_mention {like} ? ESCAPE '\\' OR q.speaker_entity"
                f" IN (SELECT entity_id FROM entity_aliases WHERE alias {like} ? ESCAPE '\\'))", [pattern] * 3, False)
    parts = [f"q.speaker_name IN ({marks(len(keys))})", f"q.speaker_mention IN ({marks(len(keys))})"] if keys else []
    parts += [f"q.speaker_entity IN ({marks(len(ids))})"] if ids else []
    return ("(" + " OR ".join(parts) + ")" if parts else "1 = 0"), [*keys, *keys, *ids], True


def entities(x: Executor, query: str | None, etype: str | None, limit: int, cursor: str | None) -> Page[EntityRow]:
    """By mention count, keyset-paged; `query` matches a substring of any alias, `etype` the type exactly."""
    limit = filters.check_limit(limit)
    where: list[str] = []
    params: list[Any] = []
    if filters.clean(query):
        where.append(f"id IN (SELECT entity_id FROM entity_aliases WHERE alias {x.dialect.ilike} ? ESCAPE '\\')")
        params.append(filters.like_pattern(query or ""))
    if filters.clean(etype):
        where.append("type = ?")
        params.append(filters.clean(etype).upper())
    total = x.row("SELECT count(*) FROM entities" + _where(where), params)
    if cursor:
        clause, after = filters.after(_ENTITY_KEYS, filters.decode_cursor(cursor, (int, str, int)))
        where, params = [*where, clause], [*params, *after]
    rows = x.rows(f"SELECT {_ENTITY_COLUMNS} FROM entities" + _where(where)
                  + " ORDER BY mention_count DESC, name, id LIMIT ?", (*params, limit + 1))
    items = _with_aliases(x, rows[:limit])
    last = (items[-1].mentions, items[-1].name, items[-1].id) if items else None
    return Page(items, filters.keyset_next(last, limit, len(rows)), int(total[0]) if total else 0)


def _with_aliases(x: Executor, rows: Sequence[tuple[Any, ...]]) -> tuple[EntityRow, ...]:
    aliases: dict[int, set[str]] = {}
    if rows:
        for eid, alias in x.rows(f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks(len(rows))})",
                                 [r[0] for r in rows]):
            aliases.setdefault(int(eid), set()).add(alias)
    return tuple(_entity(r, tuple(sorted(aliases.get(int(r[0]), ())))) for r in rows)


def _entity(r: Sequence[Any], aliases: tuple[str, ...]) -> EntityRow:
    eid, name, etype, role, gazetteer_id, mentions, articles, first, last = r
    return EntityRow(int(eid), name, etype, role, gazetteer_id, int(mentions), int(articles), first, last, aliases)


def entity(x: Executor, entity_id: int) -> EntityRow | None:
    if not 0 <= entity_id <= filters.MAX_ID:
        return None
    row = x.row(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id = ?", (entity_id,))
    return None if row is None else _with_aliases(x, [row])[0]


def entity_articles(x: Executor, entity_id: int, limit: int) -> tuple[MentioningArticle, ...]:
    if not 0 <= entity_id <= filters.MAX_ID:
        return ()
    rows = x.rows("SELECT a.id, a.title, a.published, ae.mentions FROM article_entities ae"
                  " JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = ?"
                  " ORDER BY a.published DESC NULLS LAST, a.id LIMIT ?", (entity_id, filters.check_limit(limit)))
    return tuple(MentioningArticle(*r) for r in rows)


def article_entities(x: Executor, article_id: str) -> tuple[EntityMention, ...]:
    rows = x.rows("SELECT e.id, e.name, e.type, coalesce(ae.role, e.role), ae.mentions FROM article_entities ae"
                  " JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ? ORDER BY ae.mentions DESC, e.name",
                  (article_id,))
    return tuple(EntityMention(*r) for r in rows)


def entity_ids(x: Executor, names: Sequence[tuple[str, str]]) -> dict[str, int]:
    """name key -> entity id for the (name, type) pairs that have one; later pairs win a shared key.
    One statement per 500 keys (the article page asks for a dozen or two)."""
    pairs = [(filters.name_key(name), etype) for name, etype in names]
    found: dict[tuple[str, str], int] = {}
    for part in chunks(sorted({key for key, _ in pairs})):
        rows = x.rows(f"SELECT alias_key, type, entity_id FROM entity_aliases WHERE alias_key IN ({marks(len(part))})",
                      tuple(part))
        found.update(((key, etype), int(eid)) for key, etype, eid in rows)
    return {key: found[key, etype] for key, etype in pairs if (key, etype) in found}


def article_places(x: Executor, article_id: str) -> tuple[PlaceRow, ...]:
    rows = x.rows("SELECT name, lat, lon, country, feature, mentions, usage FROM article_places WHERE article_id = ?"
                  " ORDER BY idx", (article_id,))
    return tuple(PlaceRow(*r) for r in rows)


def place_named(x: Executor, name: str) -> PlaceRow | None:
    row = x.row("SELECT name, lat, lon, country, min(feature), sum(mentions) FROM article_places WHERE name = ?"
                " GROUP BY name, lat, lon, country ORDER BY count(*) DESC, lat, lon LIMIT 1", (name,))
    return None if row is None else PlaceRow(*row)
