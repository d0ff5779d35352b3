"""`SQLiteStore`: the `Store` interface on one SQLite file (WAL, FTS5 search, named migrations)."""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from storyline.errors import StorylineError, UsageError
from storyline.model import Article, Failure
from storyline.store import nlp_rows
from storyline.store.base import SearchHit
from storyline.store.migrate import apply_migrations

#: Milliseconds a connection waits for another one's lock before giving up.
BUSY_TIMEOUT_MS = 30_000
#: bm25 column weights for (title, body, article_id): a title match counts ten times a body match.
BM25_WEIGHTS = (10.0, 1.0, 0.0)
#: Markers around matched terms in SearchHit.snippet, and the ellipsis for cut text.
MARK_OPEN, MARK_CLOSE, ELLIPSIS = "«", "»", "…"
SNIPPET_TOKENS = 24
#: Host parameters per IN (...) lookup, well under SQLite's limit.
_CHUNK = 500
# Private markers used inside SQL, so a body that itself contains « » is not mistaken for a match.
_OPEN, _CLOSE = "\x02", "\x03"

_INSERT_ARTICLE = """
INSERT INTO articles
    (id, sha256, title, published, language, source_path, source_format, locator, url,
     record, warned, stored_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
"""

_SEARCH = f"""
SELECT a.id, a.title, a.published,
       snippet(articles_fts, 1, '{_OPEN}', '{_CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS}),
       snippet(articles_fts, -1, '{_OPEN}', '{_CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS}),
       bm25(articles_fts, {", ".join(str(w) for w in BM25_WEIGHTS)}) AS rank
  FROM articles_fts JOIN articles AS a ON a.id = articles_fts.article_id
 WHERE articles_fts MATCH ?
 ORDER BY rank, a.id
 LIMIT ? OFFSET ?
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _article_row(article: Article, stored_at: str) -> tuple[Any, ...]:
    """The `articles` row for one article, in _INSERT_ARTICLE's column order."""
    src = article.source
    record = json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return (
        article.id,
        src.sha256,
        article.title,
        article.published,
        article.language,
        src.path,
        src.format,
        src.locator,
        article.url,
        record,
        1 if article.warnings else 0,
        stored_at,
    )


def quote_terms(query: str) -> str:
    """A query that FTS5 always accepts: every whitespace-separated term as a quoted phrase.

    A trailing `*` stays a prefix marker (`Palm*` -> `"Palm"*`); embedded quotes are doubled, so
    operators, parentheses, column filters and SQL in the input are searched for as plain text.
    """
    parts = []
    for term in query.split():
        core = term.rstrip("*")
        if core:
            parts.append('"' + core.replace('"', '""') + '"' + ("*" if core != term else ""))
    return " ".join(parts)


def _mark(snippet: str | None) -> str:
    return (snippet or "").replace(_OPEN, MARK_OPEN).replace(_CLOSE, MARK_CLOSE)


class SQLiteStore:
    """Articles, raw bytes and failures in one SQLite file; full-text search with FTS5.

    One writing process at a time (each write is a BEGIN IMMEDIATE transaction); any number of
    concurrent readers (WAL journal). Opening a file applies pending migrations. Not thread-safe:
    use one store per thread.
    """

    def __init__(self, path: str | os.PathLike[str], *, migrations: Traversable | Path | None = None) -> None:
        self.path = os.fspath(path)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise UsageError(f"cannot open database {self.path}: {exc}") from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self.migrations_applied = apply_migrations(self._conn, migrations)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise UsageError(f"cannot use database {self.path}: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    # -- lookups -------------------------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def known(self, sha256s: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(sha256s))
        found: set[str] = set()
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = self._conn.execute(f"SELECT sha256 FROM articles WHERE sha256 IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def get(self, id_or_sha: str) -> dict[str, Any] | None:
        column, key = self._key(id_or_sha)
        row = self._conn.execute(
            f"SELECT record, stored_at FROM articles WHERE {column} = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        record: dict[str, Any] = json.loads(row[0])
        record["stored_at"] = row[1]
        return record

    def raw(self, id: str) -> bytes | None:
        column, key = self._key(id)
        row = self._conn.execute(
            "SELECT r.data FROM articles AS a JOIN raw_documents AS r ON r.sha256 = a.sha256"
            f" WHERE a.{column} = ?",
            (key,),
        ).fetchone()
        return None if row is None else zlib.decompress(row[0])

    @staticmethod
    def _key(id_or_sha: str) -> tuple[str, str]:
        key = id_or_sha.strip().lower()
        return ("sha256" if len(key) == 64 else "id"), key

    # -- writes --------------------------------------------------------------------------------

    def write_batch(self, items: Sequence[tuple[Article, bytes]]) -> int:
        """Insert new articles (with raw bytes and index rows) in one transaction; return the count.

        An article whose sha256 (or id) is already stored is skipped, also within one batch
        (ON CONFLICT DO NOTHING: only uniqueness conflicts are skipped, other errors raise).
        Storing an article clears failures recorded for the same sha256. If anything raises,
        the whole batch is rolled back and the exception propagates.
        """
        if not items:
            return 0
        now = _now()
        new = 0
        with self._transaction():
            for article, data in items:
                cur = self._conn.execute(_INSERT_ARTICLE, _article_row(article, now))
                if cur.rowcount != 1:
                    continue
                new += 1
                sha = article.source.sha256
                self._conn.execute(
                    "INSERT INTO articles_fts (title, body, article_id) VALUES (?, ?, ?)",
                    (article.title or "", article.body, article.id),
                )
                self._conn.execute(
                    "INSERT INTO raw_documents (sha256, data, size) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (sha, zlib.compress(data), len(data)),
                )
                self._conn.execute("DELETE FROM failures WHERE sha256 = ?", (sha,))
                if article.nlp:
                    nlp_rows.write_annotations(self._conn, article)
        return new

    def record_failures(self, failures: Sequence[Failure]) -> None:
        """Upsert failures keyed by (name, sha256 or ''): a rerun updates code, message and time."""
        if not failures:
            return
        now = _now()
        rows = [(f.name, f.sha256 or "", f.problem.code, f.problem.message, now) for f in failures]
        with self._transaction():
            self._conn.executemany(
                "INSERT INTO failures (name, sha256, code, message, failed_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (name, sha256) DO UPDATE SET"
                " code = excluded.code, message = excluded.message, failed_at = excluded.failed_at",
                rows,
            )

    def failures(self) -> list[dict[str, Any]]:
        """Every recorded failure (name, sha256 or None, code, message, failed_at), by name."""
        rows = self._conn.execute(
            "SELECT name, sha256, code, message, failed_at FROM failures ORDER BY name, sha256"
        )
        return [
            {"name": n, "sha256": s or None, "code": c, "message": m, "failed_at": t}
            for n, s, c, m, t in rows
        ]

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)

    # -- search --------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Rank articles by bm25 (title weighted above body); matched terms are marked « ».

        `query` is FTS5 syntax (words, "phrases", prefix*, AND/OR/NOT, NEAR); input FTS5 rejects
        is searched again with every term quoted (see `quote_terms`), so it never raises
        sqlite3 errors. Raises ValueError for an empty query or a negative limit/offset.
        """
        query = query.replace("\x00", " ")  # FTS5 reads a NUL as the end of the query
        if not query.strip():
            raise ValueError("empty search query: give at least one word to search for")
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must not be negative (got {limit}, {offset})")
        try:
            rows = self._conn.execute(_SEARCH, (query, limit, offset)).fetchall()
        except sqlite3.OperationalError:
            fallback = quote_terms(query)
            if not fallback:
                return []
            try:
                rows = self._conn.execute(_SEARCH, (fallback, limit, offset)).fetchall()
            except sqlite3.Error as exc:
                raise StorylineError(f"search for {query!r} failed: {exc}") from exc
        hits = []
        for id_, title, published, body_snip, best_snip, rank in rows:
            snip = body_snip if _OPEN in (body_snip or "") else best_snip
            hits.append(SearchHit(id_, title, published, _mark(snip), -float(rank)))
        return hits

    # -- annotations ---------------------------------------------------------------------------

    def quotes(
        self, speaker: str | None = None, text: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Stored quotes by article date, filtered by speaker (name, mention or alias) and text."""
        return nlp_rows.quotes(self._conn, speaker, text, limit, offset)

    def entities(
        self, query: str | None = None, type: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Corpus-wide canonical entities by mention count, with aliases and first/last dates."""
        return nlp_rows.entities(self._conn, query, type, limit, offset)

    # -- stories -------------------------------------------------------------------------------

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection (autocommit mode), for the row modules' read functions."""
        return self._conn

    def update_stories(self) -> Any:
        """Cluster stored articles not yet in a story (one transaction; see storyline.stories.update)."""
        from storyline.stories.update import update_stories

        return update_stories(self._conn)

    # -- summary -------------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        """{"articles", "failures", "warned": int, "by_format": {source format: articles}}."""
        articles, warned = self._conn.execute(
            "SELECT count(*), coalesce(sum(warned), 0) FROM articles"
        ).fetchone()
        failures = self._conn.execute("SELECT count(*) FROM failures").fetchone()[0]
        by_format = dict(
            self._conn.execute(
                "SELECT source_format, count(*) FROM articles GROUP BY source_format ORDER BY source_format"
            ).fetchall()
        )
        return {"articles": articles, "failures": failures, "warned": warned, "by_format": by_format}

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises (connection in autocommit mode)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._conn.execute("COMMIT")
        elif self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
