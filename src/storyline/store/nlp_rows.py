"""SQLite rows for the NLP annotations: quotes, corpus-wide canonical entities, places."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any

from storyline.model import Article, Entity

# PERSON surnames alone ("Peskov") are too ambiguous across a corpus to merge on; other types
# (ISIS, Palmyra) and multi-word names are safe keys.
_SINGLE_TOKEN_OK = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"})


_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash)[-‐ ]", re.I)


def surname_key(name: str) -> str | None:
    """Folded last word of a multi-word name ("Bashar al-Assad" -> "assad"); None for one word."""
    words = name.split()
    if len(words) < 2:
        return None
    last = unicodedata.normalize("NFKD", _ARTICLE_PREFIX.sub("", words[-1]))
    return "".join(c for c in last if not unicodedata.combining(c)).casefold().strip(".'’") or None


def _keys(entity: Entity) -> list[tuple[str, str]]:
    """(alias_key, surface form) lookup keys of an article entity.

    Descriptions ("the Russian leader", lowercase first letter) are no keys: they name different
    people in different articles.
    """
    keys: list[tuple[str, str]] = []
    if entity.id:
        keys.append(("id:" + entity.id, entity.name))
    for form in (entity.name, *entity.aliases):
        form = " ".join(form.split())
        if not form or form[0].islower():
            continue
        if entity.type == "PERSON" and len(form.split()) < 2 and form != entity.name:
            continue
        if entity.type not in _SINGLE_TOKEN_OK and entity.type != "PERSON" and len(form) < 2:
            continue
        keys.append((form.casefold(), form))
    return keys


def _resolve(conn: sqlite3.Connection, entity: Entity) -> int:
    """The corpus entity id for an article entity: found through any key, else created."""
    keys = _keys(entity)
    for key, _ in keys:
        row = conn.execute(
            "SELECT entity_id FROM entity_aliases WHERE alias_key = ? AND type = ?", (key, entity.type)
        ).fetchone()
        if row:
            entity_id = int(row[0])
            break
    else:
        entity_id = _by_surname(conn, entity) or _create(conn, entity)
    conn.executemany(
        "INSERT INTO entity_aliases (alias_key, type, entity_id, alias) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(key, entity.type, entity_id, form) for key, form in keys],
    )
    surname = surname_key(entity.name) if entity.type == "PERSON" else None
    if surname:
        conn.execute("INSERT INTO entity_surnames (surname, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     (surname, entity_id))
        if len(entity.name.split()) > 1:  # a fuller name than the stored one becomes the canonical name
            conn.execute("UPDATE entities SET name = ? WHERE id = ? AND instr(name, ' ') = 0",
                         (entity.name, entity_id))
    return entity_id


def _by_surname(conn: sqlite3.Connection, entity: Entity) -> int | None:
    """A one-word PERSON name joins the one corpus person with that surname (none when several);
    a full name joins a corpus person known so far by its surname alone."""
    if entity.type != "PERSON":
        return None
    if len(entity.name.split()) > 1:
        row = conn.execute(
            "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.alias_key = ? AND a.type = 'PERSON' AND instr(e.name, ' ') = 0",
            (entity.name.split()[-1].casefold(),),
        ).fetchone()
        return int(row[0]) if row else None
    key = surname_key("x " + entity.name)
    rows = conn.execute("SELECT DISTINCT entity_id FROM entity_surnames WHERE surname = ?", (key,)).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def _create(conn: sqlite3.Connection, entity: Entity) -> int:
    cur = conn.execute(
        "INSERT INTO entities (name, type, gazetteer_id, role) VALUES (?, ?, ?, ?)",
        (entity.name, entity.type, entity.id, entity.role),
    )
    return int(cur.lastrowid or 0)


def write_annotations(conn: sqlite3.Connection, article: Article) -> None:
    """Rows for one newly stored article (called inside the store's write transaction)."""
    day = (article.published or "")[:10] or None
    by_name: dict[str, int] = {}
    for entity in article.entities:
        entity_id = _resolve(conn, entity)
        for form in (entity.name, *entity.aliases):
            by_name.setdefault(form.casefold(), entity_id)
        new_in_article = conn.execute(
            "SELECT 1 FROM article_entities WHERE article_id = ? AND entity_id = ?", (article.id, entity_id)
        ).fetchone() is None
        conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, mentions, role) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions",
            (article.id, entity_id, len(entity.mentions), entity.role),
        )
        conn.execute(
            "UPDATE entities SET mention_count = mention_count + ?, article_count = article_count + ?,"
            " first_date = CASE WHEN ? IS NOT NULL AND (first_date IS NULL OR ? < first_date) THEN ? ELSE first_date END,"
            " last_date = CASE WHEN ? IS NOT NULL AND (last_date IS NULL OR ? > last_date) THEN ? ELSE last_date END,"
            " role = coalesce(role, ?) WHERE id = ?",
            (len(entity.mentions), int(new_in_article), day, day, day, day, day, day, entity.role, entity_id),
        )
    conn.executemany(
        'INSERT INTO quotes (article_id, idx, kind, cue, text, speaker_name, speaker_mention, speaker_entity,'
        ' source_name, source_mention, paragraph, start, "end", published, end_paragraph, speaker_type)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article.id, i, q.kind, q.cue, q.text,
                q.speaker.name if q.speaker else None,
                q.speaker.mention if q.speaker else None,
                by_name.get(q.speaker.name.casefold()) if q.speaker else None,
                q.source.name if q.source else None,
                q.source.mention if q.source else None,
                q.paragraph, q.start, q.end, article.published,
                q.end_paragraph, q.speaker.type if q.speaker else None,
            )
            for i, q in enumerate(article.quotes)
        ],
    )
    conn.executemany(
        "INSERT INTO article_places (article_id, idx, name, lat, lon, country, feature, gazetteer_id,"
        " stands_for, mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (article.id, i, p.name, p.lat, p.lon, p.country, p.feature, p.gazetteer_id, p.stands_for, len(p.mentions))
            for i, p in enumerate(article.places)
        ],
    )


def quotes(
    conn: sqlite3.Connection, speaker: str | None = None, text: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Stored quotes by date (oldest first), filtered by speaker (name, mention or any alias) and text."""
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        where.append(
            "(q.speaker_name LIKE ? OR q.speaker_mention LIKE ? OR q.speaker_entity IN"
            " (SELECT entity_id FROM entity_aliases WHERE alias LIKE ?))"
        )
        like = f"%{speaker.strip()}%"
        params += [like, like, like]
    if text:
        where.append("q.text LIKE ?")
        params.append(f"%{text.strip()}%")
    sql = (
        'SELECT q.article_id, q.idx, q.kind, q.cue, q.text, q.speaker_name, q.speaker_mention, q.source_name,'
        ' q.source_mention, q.paragraph, q.start, q."end", q.published, a.title, q.end_paragraph,'
        ' q.speaker_type FROM quotes q'
        " JOIN articles a ON a.id = q.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY q.published IS NULL, q.published, q.article_id, q.idx LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, (*params, limit, offset)).fetchall()
    keys = ("article_id", "idx", "kind", "cue", "text", "speaker_name", "speaker_mention", "source_name",
            "source_mention", "paragraph", "start", "end", "published", "title", "end_paragraph", "speaker_type")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def entities(
    conn: sqlite3.Connection, query: str | None = None, type: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Corpus entities by mention count, with every surface form; filtered by name/alias and type."""
    where: list[str] = []
    params: list[Any] = []
    if query:
        where.append("e.id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ?)")
        params.append(f"%{query.strip()}%")
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    sql = (
        "SELECT e.id, e.name, e.type, e.role, e.gazetteer_id, e.mention_count, e.article_count, e.first_date,"
        " e.last_date, (SELECT group_concat(alias, '|') FROM (SELECT DISTINCT alias FROM entity_aliases"
        " WHERE entity_id = e.id)) FROM entities e"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY e.mention_count DESC, e.name LIMIT ? OFFSET ?"
    )
    out = []
    for r in conn.execute(sql, (*params, limit, offset)):
        out.append({
            "id": r[0], "name": r[1], "type": r[2], "role": r[3], "gazetteer_id": r[4], "mentions": r[5],
            "articles": r[6], "first_date": r[7], "last_date": r[8],
            "aliases": sorted(set((r[9] or "").split("|")) - {""}),
        })
    return out
