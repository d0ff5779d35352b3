"""`SQLiteStore`: the Store interface on one SQLite file (WAL, FTS5 search, named migrations)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent import futures
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from storyline.errors import UsageError
from storyline.model import Article
from storyline.store import filters, rows_articles, schema
from storyline.store.base import MARK_CLOSE, MARK_OPEN, Page, QueryTimeout, SearchHit
from storyline.store.migrate import apply_migrations
from storyline.store.query import parse, to_fts5
from storyline.store.rows_facets import (
    SEARCH_DATE_KEYS,
    Narrow,
    check_sort,
    narrow_clause,
    url_host,
    with_dates,
)
from storyline.store.sql import SQLITE, Params, insert_sql, marks
from storyline.store.sqlbase import SQLStore
from storyline.store.sqlite_count import Counter

#: Milliseconds a connection waits for another one's lock before giving up.
BUSY_TIMEOUT_MS = 30_000
#: bm25 column weights for (title, body, article_id): a title match counts ten times a body match.
BM25_WEIGHTS = (10.0, 1.0, 0.0)
#: The ellipsis for cut text in snippets.
ELLIPSIS = "…"
SNIPPET_TOKENS = 24
# Private markers used inside SQL, so a body that itself contains « » is not mistaken for a match.
_OPEN, _CLOSE = "\x02", "\x03"
_RANK = f"bm25(articles_fts, {', '.join(str(w) for w in BM25_WEIGHTS)})"
# Step 1 ranks matches without touching any other column; step 2 makes snippets for the page's rows only.
_SEARCH_IDS = f"SELECT rowid, {_RANK} AS r FROM articles_fts WHERE articles_fts MATCH ? ORDER BY r, rowid LIMIT ? OFFSET ?"
_SEARCH_IDS_DATED = f"""
SELECT articles_fts.rowid, {_RANK} AS r, a.published, a.id
  FROM articles_fts JOIN articles AS a ON a.id = articles_fts.article_id
 WHERE articles_fts MATCH ?{{dates}} ORDER BY {{order}} LIMIT ? OFFSET ?
"""
# Ranked window by window (filters.rank_pieces): bm25 only for the window's matches, newest stored first.
_SEARCH_WINDOW = f"""
SELECT rowid, r FROM (
  SELECT articles_fts.rowid AS rowid, {_RANK} AS r FROM articles_fts{{join}}
   WHERE articles_fts MATCH ?{{dates}} ORDER BY articles_fts.rowid DESC LIMIT ? OFFSET ?)
 ORDER BY r, rowid LIMIT ? OFFSET ?
"""
_JOIN_ARTICLES = " JOIN articles AS a ON a.id = articles_fts.article_id"
_BY_RANK = "r, articles_fts.rowid"
_BY_DATE = "a.published DESC NULLS LAST, a.id DESC"
HOST_SQL = "storyline_host({url})"  # rows_facets.url_host, registered on each connection
_SNIPPETS = f"""
SELECT rowid, article_id, snippet(articles_fts, {{column}}, '{_OPEN}', '{_CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS})
  FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({{marks}})
"""
# One pass over the page's rowid range, the rows picked out by SQLite ("+rowid"): FTS5 would run
# the query afresh for each rowid of a plain IN list, a whole prefix expansion each time.


#: A search's count: its FTS5 match, date clause and params, and its count limit.
_Counted = tuple[str, str, list[Any], int]


def _count_sql(match: str, dates: str, params: list[Any], count_limit: int) -> tuple[str, list[Any]]:
    """The count of the matches, stopping past count_limit (filters.capped_count_sql)."""
    where = (" FROM articles_fts JOIN articles AS a ON a.id = articles_fts.article_id WHERE articles_fts MATCH ?"
             + dates) if dates else " FROM articles_fts WHERE articles_fts MATCH ?"
    return filters.capped_count(where, [match, *params] if dates else [match], count_limit)


def mark(snippet: str | None) -> str:
    """A snippet with the private match markers turned into « »."""
    return (snippet or "").replace(_OPEN, MARK_OPEN).replace(_CLOSE, MARK_CLOSE)


class _Executor:
    """sqlite3 statements for the shared SQL layer."""

    dialect = SQLITE

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        cur = self.conn.execute(sql, params)
        found = cur.fetchone()
        cur.fetchall()  # finish the statement (an INSERT ... RETURNING completes only when stepped to the end)
        return found

    def run(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    def run_many(self, sql: str, seq: Sequence[Params]) -> None:
        if seq:
            self.conn.executemany(sql, seq)

    def stream(self, sql: str, params: Params = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.conn.execute(sql, params)

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> None:
        self.run_many(insert_sql(table, columns), rows)


class SQLiteStore(SQLStore):
    """Articles, raw bytes, annotations and stories in one SQLite file; full-text search with FTS5.

    One writing process at a time (each write is a BEGIN IMMEDIATE transaction); any number of
    concurrent readers (WAL journal). Opening a file applies pending migrations. Not thread-safe:
    use one store per thread.
    """

    thread_safe = False

    def __init__(self, path: str | os.PathLike[str], *, migrations: Traversable | Path | None = None,
                 query_seconds: float | None = None, count_beside: bool = True) -> None:
        """`count_beside`: count a search's matches on a second connection while this one ranks them
        (two cores at once; False counts after the ranking, on this connection, as the benchmark's peer)."""
        self.path = self.target = os.fspath(path)
        self.query_seconds = query_seconds
        self._deadline = float("inf")
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise UsageError(f"cannot open database {self.path}: {exc}") from exc
        conn.create_function("storyline_host", 1, url_host, deterministic=True)
        self._conn = conn
        self._exec = _Executor(conn)
        self._depth = 0
        self._counter = None if not count_beside or self.path in ("", ":memory:") else Counter(self.path, BUSY_TIMEOUT_MS, self._deadline_at)
        self._owner = threading.get_ident()
        try:
            for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "journal_mode = WAL", "synchronous = NORMAL",
                           "foreign_keys = ON"):
                conn.execute(f"PRAGMA {pragma}")
            self.migrations_applied = apply_migrations(conn, migrations)
            if query_seconds is not None:  # every 10k VM steps: is the statement past its deadline?
                conn.set_progress_handler(lambda: int(time.monotonic() > self._deadline), 10_000)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UsageError(f"cannot use database {self.path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise

    def _deadline_at(self) -> float:
        return self._deadline

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    @contextmanager
    def _x(self) -> Iterator[_Executor]:
        """The connection; with a query time limit, statements run past it are interrupted (QueryTimeout)."""
        if self.query_seconds is None or self._depth:
            yield self._exec
            return
        self._deadline = time.monotonic() + self.query_seconds
        try:
            yield self._exec
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise
            raise QueryTimeout(f"query cancelled after {self.query_seconds:g} s") from exc
        finally:
            self._deadline = float("inf")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT (ROLLBACK if the block raises); nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A deferred (read) transaction: WAL keeps its view while other connections write."""
        if self._depth:
            yield
            return
        self._conn.execute("BEGIN DEFERRED")
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    def clustering(self) -> AbstractContextManager[None]:
        """A write transaction: SQLite has one writer at a time, so the clusterer is alone in it."""
        return self.transaction()

    # -- bulk writes ----------------------------------------------------------------------------

    def _insert_new(self, x: Any, items: Sequence[tuple[Article, bytes]], stamp: str) -> list[Article]:
        new = []
        for article, data in items:
            if x.run(rows_articles.INSERT_ARTICLE, rows_articles.article_row(article, stamp)) == 1:
                x.run(rows_articles.INSERT_RAW, rows_articles.raw_row(article.source.sha256, data))
                new.append(article)
        return new

    def _index(self, x: Any, articles: Sequence[Article]) -> None:
        x.run_many("INSERT INTO articles_fts (title, body, article_id) VALUES (?, ?, ?)",
                   [(a.title or "", a.body, a.id) for a in articles])

    # -- search ---------------------------------------------------------------------------------

    def search(self, query: str, date_from: str | None = None, date_to: str | None = None, limit: int = 20,
               cursor: str | None = None, *, narrow: Narrow | None = None, sort: str = "relevance",
               rank_window: int = filters.RANK_WINDOW, count_limit: int = filters.COUNT_LIMIT) -> Page[SearchHit]:
        """Rank by bm25 (title weighted above body) window by window, or newest first; snippets for the
        page only, matches marked « »; the total counted up to count_limit."""
        match = to_fts5(parse(query))
        limit, sort = filters.check_limit(limit), check_sort(sort)
        dates, params = narrow_clause(with_dates(narrow, date_from, date_to), HOST_SQL)
        counted = (match, dates, params, filters.check_count_limit(count_limit))
        with self._x():
            if sort == "date":
                return self._search_by_date(counted, limit, cursor)
            return self._search(counted, limit, filters.offset_of(cursor), rank_window)

    def _matched(self, query: str | None, narrow: Narrow) -> tuple[str, list[Any]]:
        clause, params = narrow_clause(narrow, HOST_SQL)
        if query is None:
            return "SELECT a.id AS id FROM articles AS a WHERE 1 = 1" + clause, params
        return ("SELECT articles_fts.article_id AS id FROM articles_fts JOIN articles AS a"
                " ON a.id = articles_fts.article_id WHERE articles_fts MATCH ?" + clause,
                [to_fts5(parse(query)), *params])

    def _dump_order(self, t: schema.Table) -> str:
        return "rowid" if t.name == "articles" else super()._dump_order(t)

    def _host_sql(self) -> str:
        return HOST_SQL

    def _search(self, counted: _Counted, limit: int, offset: int, window: int) -> Page[SearchHit]:
        match, dates, params, count_limit = counted
        ahead = self._count_ahead(counted)
        try:
            ranked = self._ranked_pieces(match, (dates, params), limit, offset, window)
        finally:
            if ahead is not None:
                futures.wait([ahead])
        known = filters.known_total(offset, limit, len(ranked))
        counted_now = 0 if known is not None else ahead.result() if ahead is not None else self._count(counted)
        hits = self._hits(match, ranked[:limit])
        total, exact = filters.search_total(counted_now, count_limit, known, offset + len(hits))
        return Page(hits, filters.next_offset(offset, limit, len(ranked)), total, exact)

    def _ranked_pieces(self, match: str, where: tuple[str, list[Any]], limit: int, offset: int,
                       window: int) -> list[tuple[int, float]]:
        ranked: list[tuple[int, float]] = []
        for start, skip, take in filters.rank_pieces(offset, limit + 1, window):
            got = self._ranked(match, where, (window, start), skip, take)
            ranked += got
            if len(got) < take:
                break
        return ranked

    def _ranked(self, match: str, where: tuple[str, list[Any]], window: tuple[int, int], skip: int,
                take: int) -> list[tuple[int, float]]:
        """(rowid, bm25) of ranks skip..skip+take-1 in the window (size, start), or over every match."""
        (dates, params), (size, start) = where, window
        if size > 0:
            sql = _SEARCH_WINDOW.format(join=_JOIN_ARTICLES if dates else "", dates=dates)
            return [(r[0], r[1]) for r in self._conn.execute(sql, (match, *params, size, start, take, skip))]
        if dates:
            sql = _SEARCH_IDS_DATED.format(dates=dates, order=_BY_RANK)
            return [(r[0], r[1]) for r in self._conn.execute(sql, (match, *params, take, skip))]
        return [(r[0], r[1]) for r in self._conn.execute(_SEARCH_IDS, (match, take, skip))]

    def _search_by_date(self, counted: _Counted, limit: int, cursor: str | None) -> Page[SearchHit]:
        """Newest first, keyset-paged on (published, id) like the article listing: no depth limit."""
        match, dates, params, count_limit = counted  # counted: every match, not only those past the cursor
        ahead = self._count_ahead(counted)
        if cursor:
            clause, after = filters.after(SEARCH_DATE_KEYS, filters.decode_cursor(cursor, (None, str)))
            dates, params = f"{dates} AND {clause}", [*params, *after]
        sql = _SEARCH_IDS_DATED.format(dates=dates, order=_BY_DATE)
        try:
            rows = self._conn.execute(sql, (match, *params, limit + 1, 0)).fetchall()
        finally:
            if ahead is not None:
                futures.wait([ahead])
        total, exact = filters.search_total(ahead.result() if ahead is not None else self._count(counted), count_limit,
                                            None, 0)
        last = rows[limit - 1][2:] if limit and len(rows) > limit else None
        return Page(self._hits(match, [r[:2] for r in rows[:limit]]), filters.keyset_next(last, limit, len(rows)),
                    total, exact)

    def _count(self, counted: _Counted) -> int:
        return int(self._conn.execute(*_count_sql(*counted)).fetchone()[0])

    def _count_ahead(self, counted: _Counted) -> Future[int] | None:
        """The count started on the second connection, or None inside a transaction (whose view only
        this connection has) and for an in-memory database."""
        if self._depth or self._counter is None:
            return None
        return self._counter.start(*_count_sql(*counted))

    def _hits(self, match: str, page: list[tuple[int, float]]) -> tuple[SearchHit, ...]:
        if not page:
            return ()
        rowids = [r[0] for r in page]
        snips = self._snippets(match, rowids, 1)  # the body's best passage...
        title_only = [r for r in rowids if _OPEN not in (snips.get(r, ("", ""))[1] or "")]
        if title_only:  # ...or, when only the title matched, the best passage of any column
            snips.update(self._snippets(match, title_only, -1))
        meta = rows_articles.rows_by_ids(self._exec, [snips[r][0] for r in rowids if r in snips])
        hits = []
        for rowid, rank in page:
            if rowid in snips and snips[rowid][0] in meta:
                article_id, snip = snips[rowid]
                art = meta[article_id]
                hits.append(SearchHit(article_id, art.title, art.published, mark(snip), -float(rank)))
        return tuple(hits)

    def _snippets(self, match: str, rowids: list[int], column: int) -> dict[int, tuple[str, str]]:
        sql = _SNIPPETS.format(column=column, marks=marks(len(rowids)))
        return {r[0]: (r[1], r[2]) for r in self._conn.execute(sql, (match, min(rowids), max(rowids), *rowids))}

    def close(self) -> None:
        if self._counter is not None:
            self._counter.close()
        self._conn.close()
