"""`PostgresStore`: the Store interface on PostgreSQL (psycopg 3 pool, tsvector search, COPY bulk writes)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from storyline.errors import UsageError
from storyline.model import Article
from storyline.store import filters, pg_rank, rows_articles, schema, snippets, tsvector
from storyline.store.base import Page, QueryTimeout, SearchHit
from storyline.store.query import Node, parse, to_tsquery
from storyline.store.rows_facets import SEARCH_DATE_KEYS, Narrow, check_sort, narrow_clause, with_dates
from storyline.store.sql import POSTGRES, Executor, Params
from storyline.store.sqlbase import SQLStore

# The site of a URL as rows_facets.url_host computes it: host, lower-cased, without "www.".
HOST_SQL = "regexp_replace(lower(split_part(split_part({url}, '://', 2), '/', 1)), '^www[.]', '')"

#: Advisory lock keys: migrations, article writers (one batch at a time), the story clusterer.
MIGRATE_LOCK, WRITE_LOCK, CLUSTER_LOCK = 0x5701_0001, 0x5701_0002, 0x5701_0003


#: A search's count: its `FROM ... WHERE ...` and params, and its count limit.
_Counting = tuple[tuple[str, list[Any]], int]


class _Executor:
    """psycopg statements for the shared SQL layer (`?` placeholders become `%s`)."""

    dialect = POSTGRES

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql.replace("?", "%s"), params).fetchall()

    def row(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        return self.conn.execute(sql.replace("?", "%s"), params).fetchone()

    def run(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql.replace("?", "%s"), params).rowcount

    def run_many(self, sql: str, seq: Sequence[Params]) -> None:
        if seq:
            with self.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), seq)

    def stream(self, sql: str, params: Params = ()) -> Iterator[tuple[Any, ...]]:
        with self.conn.cursor(name=f"stream_{id(self)}_{threading.get_ident()}") as cur:
            cur.itersize = 500
            cur.execute(sql.replace("?", "%s"), params)
            yield from cur

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> None:
        if rows:
            self.copy(table, columns, rows)

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]],
             binary: Sequence[str] | None = None) -> None:
        """COPY rows in; `binary` names the wire types of a binary COPY (bytes sent as is for `bytea`)."""
        cols = ", ".join(f'"{c}"' for c in columns)
        fmt = " (FORMAT BINARY)" if binary else ""
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN{fmt}") as copy:
            if binary:
                copy.set_types(list(binary))
            for row in rows:
                copy.write_row(row)


def split_url(url: str) -> tuple[str, str | None]:
    """(conninfo URL for psycopg, schema or None): storyline's own `schema=` parameter is taken out."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    found = [v for k, v in query if k == "schema"]
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    conninfo = f"postgresql://{parts.netloc}{parts.path}" + (f"?{rest}" if rest else "")
    return conninfo, (found[-1] if found else None)


def public_url(url: str) -> str:
    """`url` with any password replaced by ***."""
    return re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1:***@", url)


class PostgresStore(SQLStore):
    """Articles, annotations and stories in a PostgreSQL database (optionally one schema of it).

    Thread-safe: each call borrows a pooled connection; a transaction keeps its thread's
    connection until it ends. Several processes may write at once: article batches take an
    advisory lock in turn, and one story clusterer runs at a time.
    """

    thread_safe = True

    def __init__(self, url: str, *, pool_size: int = 4, query_seconds: float | None = None,
                 count_beside: bool = True) -> None:
        """`count_beside`: count a search's matches on a second pooled connection while the first ranks
        them (False counts after the ranking, on the same connection, as the benchmark's peer)."""
        self.target = public_url(url)
        self.query_seconds = query_seconds
        conninfo, self.schema = split_url(url)
        if self.schema is not None and not self.schema.replace("_", "").isalnum():
            raise UsageError(f"schema name {self.schema!r} must be letters, digits and underscores")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._count_beside = count_beside
        self._counter: ThreadPoolExecutor | None = None  # background counts, started on first use
        try:
            self._create_schema(conninfo)  # also fails fast, with the server's reason
            self._pool = ConnectionPool(conninfo, min_size=1, max_size=max(1, pool_size), open=True, timeout=30,
                                        configure=self._configure, name="storyline")
            self._pool.wait(timeout=10)
        except (psycopg.Error, PoolTimeout) as exc:
            raise UsageError(f"cannot connect to PostgreSQL at {self.target}: {public_url(str(exc))}") from exc
        self.migrations_applied = self._migrate()

    def __repr__(self) -> str:
        return f"PostgresStore({self.target!r})"

    def _create_schema(self, conninfo: str) -> None:
        with psycopg.connect(conninfo, connect_timeout=10, autocommit=True) as conn:
            if self.schema:  # under the migration lock: concurrent CREATE SCHEMA IF NOT EXISTS can collide
                conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK,))
                conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK,))

    def _configure(self, conn: psycopg.Connection[Any]) -> None:
        conn.autocommit = True
        if self.schema:
            conn.execute(f'SET search_path TO "{self.schema}", public')
        # Plan each statement for its own values: psycopg prepares a statement run five times, and a
        # generic plan made for "any word" scans the wrong way for a common one (or a rare one).
        conn.execute("SET plan_cache_mode = force_custom_plan")
        if self.query_seconds is not None:
            conn.execute(f"SET statement_timeout = {int(self.query_seconds * 1000)}")
        conn.autocommit = False

    # -- connections and transactions ---------------------------------------------------------

    @contextmanager
    def _x(self) -> Iterator[_Executor]:
        conn = getattr(self._local, "conn", None)
        try:
            if conn is not None:
                yield _Executor(conn)
                return
            with self._pool.connection() as conn:
                yield _Executor(conn)
        except psycopg.errors.QueryCanceled as exc:
            raise QueryTimeout(f"query cancelled after {self.query_seconds:g} s") from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction on this thread's connection; nested blocks join the outer one."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self._pool.connection() as conn:  # commits on success, rolls back if the block raises
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One REPEATABLE READ, READ ONLY transaction on one pooled connection."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self.transaction(), self._x() as x:
            x.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    @contextmanager
    def _locked(self, key: int) -> Iterator[None]:
        with self.transaction(), self._x() as x:
            x.run("SELECT pg_advisory_xact_lock(?)", (key,))
            yield

    def clustering(self) -> AbstractContextManager[None]:
        """A transaction holding the cluster lock: concurrent ingests cluster one after the other."""
        return self._locked(CLUSTER_LOCK)

    def _migrate(self) -> list[str]:
        done = []
        folder = resources.files("storyline.store") / "pg_migrations"
        files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
        with self._locked(MIGRATE_LOCK), self._x() as x:
            x.run("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            applied = {r[0] for r in x.rows("SELECT name FROM schema_migrations")}
            for f in files:
                name = f.name[: -len(".sql")]
                if name not in applied:
                    x.conn.execute(f.read_text(encoding="utf-8").encode())
                    x.run("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                          (name, datetime.now(UTC).isoformat(timespec="seconds")))
                    done.append(name)
        return done

    # -- bulk writes ----------------------------------------------------------------------------

    def _insert_new(self, x: Executor, items: Sequence[tuple[Article, bytes]], stamp: str) -> list[Article]:
        """Writers take turns (an advisory lock), so the keys not yet stored are COPYed straight in."""
        pg = cast(_Executor, x)
        self._lock_writes(pg)
        pg.run("SET LOCAL work_mem = '64MB'")  # the GIN index's pending-list merge sorts in work_mem
        first: dict[str, tuple[Article, bytes]] = {}
        for article, data in items:
            first.setdefault(article.id, (article, data))
        stored = {r[0] for r in pg.rows("SELECT id FROM articles WHERE id = ANY(?)", (list(first),))}
        new = [(a, d) for key, (a, d) in first.items() if key not in stored]
        shas = [a.source.sha256 for a, _ in new]
        kept = {r[0] for r in pg.rows("SELECT sha256 FROM raw_documents WHERE sha256 = ANY(?)", (shas,))}
        # Rows are made as COPY sends them: the server stores one while the next is built.
        pg.copy("articles", schema.table("articles").columns, (rows_articles.article_row(a, stamp) for a, _ in new))
        pg.copy("raw_documents", ("sha256", "data", "size"),
                (rows_articles.raw_row(a.source.sha256, d) for a, d in new if a.source.sha256 not in kept))
        return [a for a, _ in new]

    def _lock_writes(self, x: Executor) -> None:
        x.run("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))

    def _index(self, x: Executor, articles: Sequence[Article]) -> None:
        """Binary COPY of tsvectors built from storyline's tokens (the same FTS5 makes): no parsing in the server."""
        if not articles:
            return
        cast(_Executor, x).copy("article_search", ("article_id", "tsv", "head"), tsvector.search_rows(articles),
                                binary=("text", "bytea", "bytea"))

    def _ids_written(self, x: Executor, table: schema.Table) -> None:
        if table.name == "entities":
            x.run("SELECT setval(pg_get_serial_sequence('entities', 'id'), greatest(1, (SELECT max(id) FROM entities)))")

    # -- search ---------------------------------------------------------------------------------

    def search(self, query: str, date_from: str | None = None, date_to: str | None = None, limit: int = 20,
               cursor: str | None = None, *, narrow: Narrow | None = None, sort: str = "relevance",
               rank_window: int = filters.RANK_WINDOW, count_limit: int = filters.COUNT_LIMIT) -> Page[SearchHit]:
        """Rank by ts_rank over title (weight A) and lead window by window, or newest first; snippets for
        the page only, matches marked « »; the total counted up to count_limit."""
        node = parse(query)
        tsq = to_tsquery(node)
        limit, by_date = filters.check_limit(limit), check_sort(sort) == "date"
        dates, params = narrow_clause(with_dates(narrow, date_from, date_to), HOST_SQL)
        join = " JOIN articles AS a ON a.id = s.article_id" if dates or by_date else ""
        where = (f" FROM article_search AS s{join} WHERE s.tsv @@ to_tsquery('simple', ?){dates}", [tsq, *params])
        counting = (where, filters.check_count_limit(count_limit))
        beside = self._count_beside and not (by_date or self._in_transaction())
        counted: Future[int] | None = None
        with self.transaction(), self._x() as x:
            # With statistics, the planner reads every search row for a common word (a sequential scan
            # that detoasts each tsvector); the GIN bitmap or the stored order is faster, so ask for them.
            x.run("SET LOCAL enable_seqscan = off")
            if by_date:
                return self._search_by_date(x, node, counting, limit, cursor)
            offset = filters.offset_of(cursor)
            # One window holding every match ranks them as ranking them whole would, so the window
            # does not wait for the count: the planner's estimate of the matches picks the plan.
            window = max(rank_window, 0)
            estimate = self._estimate(x, where) if window else 0
            if beside and window and 2 * estimate >= window:  # the window will hardly show the total
                counted = self._count_apart(counting)
            by_bitmap = bool(window) and estimate ** 2 < window * self._rows(x)
            if by_bitmap:
                # Walking the stored order back to find a window of a mid-frequency query's matches
                # re-reads more rows than the GIN bitmap returns: take the window from the bitmap.
                x.run("SET LOCAL enable_indexscan = off")
            ranked, seen = pg_rank.ranked_pieces(x, tsq, where, (offset, limit), window)
            if by_bitmap:
                x.run("SET LOCAL enable_indexscan = on")
            hits = self._hits(x, node, [r[:2] for r in ranked[:limit]])
            known = filters.known_total(offset, limit, len(ranked))
            total = self._count(x, counting) if known is None and seen is None and counted is None else None
        counted_now = 0 if known is not None else seen if seen is not None else self._counted(counted, total)
        total, exact = filters.search_total(counted_now, count_limit, known, offset + len(hits))
        return Page(hits, filters.next_offset(offset, limit, len(ranked)), total, exact)

    def _in_transaction(self) -> bool:
        return getattr(self._local, "conn", None) is not None

    def _count_apart(self, counting: _Counting) -> Future[int]:
        """The count on another pooled connection, in the background, while this one ranks (outside a
        transaction only: a transaction's own rows are seen by its connection alone)."""
        def count() -> int:
            with self.transaction(), self._x() as x:
                x.run("SET LOCAL enable_seqscan = off")
                return self._count(x, counting)

        with self._lock:
            if self._counter is None:
                self._counter = ThreadPoolExecutor(max_workers=self._pool.max_size, thread_name_prefix="storyline-count")
        return self._counter.submit(count)

    def _counted(self, counted: Future[int] | None, total: int | None) -> int:
        """The total: counted here, or the background count's, waited for with no connection held
        (its QueryTimeout, raised by `_x` in its thread, comes out here)."""
        return int(total or 0) if counted is None else counted.result()

    @staticmethod
    def _estimate(x: _Executor, where: tuple[str, list[Any]]) -> int:
        """The planner's estimate of the matches (no count: a plan choice, not a result)."""
        got = x.row(f"EXPLAIN (FORMAT JSON) SELECT 1{where[0]}", tuple(where[1]))
        return int(got[0][0]["Plan"]["Plan Rows"]) if got else 0

    @staticmethod
    def _rows(x: _Executor) -> int:
        """The planner's estimate of the number of search rows (no count: a plan choice, not a result)."""
        got = x.row("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'article_search'::regclass")
        return int(got[0]) if got else 0

    def _search_by_date(self, x: _Executor, node: Node, counting: _Counting, limit: int,
                        cursor: str | None) -> Page[SearchHit]:
        """Newest first, keyset-paged on (published, id) like the article listing: no depth limit."""
        (sql, params), count_limit = counting
        if cursor:
            clause, after = filters.after(SEARCH_DATE_KEYS, filters.decode_cursor(cursor, (None, str)))
            sql, params = f"{sql} AND {clause}", [*params, *after]
        rows = x.rows(f"SELECT s.article_id, ts_rank(s.head, to_tsquery('simple', ?)) AS r, a.published, a.id{sql}"
                      " ORDER BY a.published DESC NULLS LAST, a.id DESC LIMIT ?", (to_tsquery(node), *params, limit + 1))
        last = rows[limit - 1][2:] if limit and len(rows) > limit else None
        total, exact = filters.search_total(self._count(x, counting), count_limit, None, 0)
        return Page(self._hits(x, node, [r[:2] for r in rows[:limit]]), filters.keyset_next(last, limit, len(rows)),
                    total, exact)

    @staticmethod
    def _count(x: _Executor, counting: _Counting) -> int:
        """The count of the matches, stopping past the count limit (filters.capped_count_sql)."""
        (where, params), count_limit = counting
        sql, args = filters.capped_count(where, params, count_limit)
        counted = x.row(sql, tuple(args))
        return int(counted[0]) if counted else 0

    def _matched(self, query: str | None, narrow: Narrow) -> tuple[str, list[Any]]:
        clause, params = narrow_clause(narrow, HOST_SQL)
        if query is None:
            return "SELECT a.id AS id FROM articles AS a WHERE 1 = 1" + clause, params
        return ("SELECT s.article_id AS id FROM article_search AS s JOIN articles AS a ON a.id = s.article_id"
                " WHERE s.tsv @@ to_tsquery('simple', ?)" + clause, [to_tsquery(parse(query)), *params])

    def _dump_order(self, t: schema.Table) -> str:
        if t.name != "articles":
            return super()._dump_order(t)
        return "(SELECT s.seq FROM article_search AS s WHERE s.article_id = articles.id), id"

    def _host_sql(self) -> str:
        return HOST_SQL

    @staticmethod
    def _hits(x: _Executor, node: Node, page: Sequence[tuple[Any, ...]]) -> tuple[SearchHit, ...]:
        """The page's hits with snippets made here from the stored records (`store.snippets`): in
        Python they cost a fraction of the server's ts_headline, which re-parses each whole body."""
        if not page:
            return ()
        rows = {r[0]: r[1:] for r in x.rows(
            "SELECT id, title, published, record FROM articles WHERE id = ANY(?)", ([r[0] for r in page],))}
        pattern = snippets.term_pattern(snippets.positive_terms(node))
        hits = []
        for article_id, rank in page:
            title, published, record = rows[article_id]
            body = "\n\n".join(json.loads(record).get("paragraphs") or ())
            snip = None if pattern is None else (snippets.snippet(body, pattern)
                                                  or snippets.highlight(title or "", pattern))
            hits.append(SearchHit(article_id, title, published, snip or "", float(rank)))
        return tuple(hits)

    # -- lifetime -------------------------------------------------------------------------------

    def drop_schema(self) -> None:
        """Drop this store's own schema and everything in it (tests; a store opened with ?schema=)."""
        if not self.schema:
            raise UsageError("drop_schema needs a store opened with ?schema=NAME")
        with self._pool.connection() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def close(self) -> None:
        with self._lock:
            if self._counter is not None:
                self._counter.shutdown(wait=True)
                self._counter = None
        self._pool.close()
