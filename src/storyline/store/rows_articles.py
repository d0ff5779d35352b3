"""Shared SQL for articles, raw bytes, failures and counts (both back-ends run these statements)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from storyline.model import Article, Failure
from storyline.store import filters
from storyline.store.base import ArticleRow, FailureRow, Page, Stats, StoredArticle
from storyline.store.sql import Executor, chunks, marks

INSERT_ARTICLE = """
INSERT INTO articles
    (id, sha256, title, published, language, source_path, source_format, locator, url, record, warned, stored_at,
     story_inputs)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
"""
INSERT_RAW = "INSERT INTO raw_documents (sha256, data, size) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
_ROW_COLUMNS = "id, title, published, language, source_format, url"


def article_row(article: Article, stored_at: str) -> tuple[Any, ...]:
    """The `articles` row for one article, in INSERT_ARTICLE's column order."""
    src = article.source
    record = json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return (article.id, src.sha256, article.title, article.published, article.language, src.path, src.format,
            src.locator, article.url, record, 1 if article.warnings else 0, stored_at, article.story_inputs)


def raw_row(sha256: str, data: bytes) -> tuple[str, bytes, int]:
    """The `raw_documents` row: the bytes zlib-compressed, and their length."""
    return (sha256, zlib.compress(data), len(data))


def key_of(id_or_sha: str) -> tuple[str, str]:
    """(column, value) to find an article by 16-hex id or 64-hex sha256."""
    key = id_or_sha.strip().lower()
    return ("sha256" if len(key) == 64 else "id"), key


def known(x: Executor, sha256s: Iterable[str]) -> set[str]:
    wanted = list(dict.fromkeys(sha256s))
    found: set[str] = set()
    for chunk in chunks(wanted):
        found.update(r[0] for r in x.rows(f"SELECT sha256 FROM articles WHERE sha256 IN ({marks(len(chunk))})", chunk))
    return found


def get(x: Executor, id_or_sha: str) -> StoredArticle | None:
    column, key = key_of(id_or_sha)
    row = x.row(f"SELECT record, stored_at FROM articles WHERE {column} = ?", (key,))
    return None if row is None else StoredArticle(Article.from_dict(json.loads(row[0])), row[1])


def raw(x: Executor, id_or_sha: str) -> bytes | None:
    column, key = key_of(id_or_sha)
    row = x.row(f"SELECT r.data FROM articles AS a JOIN raw_documents AS r ON r.sha256 = a.sha256"
                f" WHERE a.{column} = ?", (key,))
    return None if row is None else zlib.decompress(bytes(row[0]))


def _date_where(date_from: str | None, date_to: str | None, col: str = "published") -> tuple[list[str], list[Any]]:
    low, high = filters.date_bounds(date_from, date_to)
    where, params = [], []
    if low is not None:
        where.append(f"{col} >= ?")
        params.append(low)
    if high is not None:
        where.append(f"{col} < ?")
        params.append(high)
    return where, params


def date_filter(date_from: str | None, date_to: str | None, col: str) -> tuple[str, list[Any]]:
    """(' AND ...' SQL, params) restricting `col` to the dates; '' without dates."""
    where, params = _date_where(date_from, date_to, col)
    return "".join(" AND " + w for w in where), params


def list_articles(x: Executor, date_from: str | None, date_to: str | None, limit: int,
                  cursor: str | None) -> Page[ArticleRow]:
    """Newest first (undated last), keyset-paged on (published, id)."""
    limit = filters.check_limit(limit)
    where, params = _date_where(date_from, date_to)
    total = int(x.row("SELECT count(*) FROM articles" + _where(where), params)[0])  # type: ignore[index]
    if cursor:
        published, last_id = filters.decode_cursor(cursor, (None, str))
        if published is None:
            where.append("(published IS NULL AND id < ?)")
            params.append(last_id)
        else:
            where.append("(published < ? OR (published = ? AND id < ?) OR published IS NULL)")
            params += [published, published, last_id]
    rows = x.rows(f"SELECT {_ROW_COLUMNS} FROM articles" + _where(where)
                  + " ORDER BY published DESC NULLS LAST, id DESC LIMIT ?", (*params, limit + 1))
    items = tuple(ArticleRow(*r) for r in rows[:limit])
    nxt = filters.encode_cursor([items[-1].published, items[-1].id]) if len(rows) > limit and items else None
    return Page(items, nxt, total)


def _where(clauses: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def rows_by_ids(x: Executor, ids: Sequence[str]) -> dict[str, ArticleRow]:
    out: dict[str, ArticleRow] = {}
    for chunk in chunks(list(ids)):
        for r in x.rows(f"SELECT {_ROW_COLUMNS} FROM articles WHERE id IN ({marks(len(chunk))})", chunk):
            out[r[0]] = ArticleRow(*r)
    return out


def record_failures(x: Executor, failures: Sequence[Failure], now: str) -> None:
    """Upsert failures keyed by (name, sha256 or ''): a rerun updates code, message and time."""
    x.run_many(
        "INSERT INTO failures (name, sha256, code, message, failed_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (name, sha256) DO UPDATE SET"
        " code = excluded.code, message = excluded.message, failed_at = excluded.failed_at",
        [(f.name, f.sha256 or "", f.problem.code, f.problem.message, now) for f in failures],
    )


def failures(x: Executor) -> tuple[FailureRow, ...]:
    rows = x.rows("SELECT name, sha256, code, message, failed_at FROM failures ORDER BY name, sha256")
    return tuple(FailureRow(n, s or None, c, m, t) for n, s, c, m, t in rows)


def count(x: Executor, table: str = "articles") -> int:
    row = x.row(f"SELECT count(*) FROM {table}")
    return int(row[0]) if row else 0


def stats(x: Executor) -> Stats:
    row = x.row("SELECT count(*), coalesce(sum(warned), 0) FROM articles")
    articles, warned = (int(row[0]), int(row[1])) if row else (0, 0)
    by_format = {f: int(n) for f, n in x.rows(
        "SELECT source_format, count(*) FROM articles GROUP BY source_format ORDER BY source_format")}
    return Stats(articles=articles, failures=count(x, "failures"), warned=warned, by_format=by_format,
                 quotes=count(x, "quotes"), entities=count(x, "entities"), places=count(x, "article_places"),
                 stories=count(x, "stories"))


def warning_counts(x: Executor, page: int = 1000) -> dict[str, int]:
    """How many stored articles carry each warning code, most common first; the warned articles'
    records are read in pages of `page` by id, so memory stays flat."""
    counts: dict[str, int] = {}
    last = ""
    while True:
        batch = x.rows("SELECT id, record FROM articles WHERE warned = 1 AND id > ? ORDER BY id LIMIT ?", (last, page))
        for _, record in batch:
            for code in {w["code"] for w in json.loads(record).get("warnings", ())}:
                counts[code] = counts.get(code, 0) + 1
        if len(batch) < page:
            return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        last = batch[-1][0]


def article_of_row(row: Sequence[Any]) -> Article:
    """The Article inside an `articles` row (columns as in storyline.store.schema)."""
    return Article.from_dict(json.loads(row[9]))
