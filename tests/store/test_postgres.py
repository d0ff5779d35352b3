"""PostgreSQL back-end specifics: how its search rows are laid out on disk (migration 0010)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from storyline.model import Article
from storyline.store.postgres import PostgresStore, split_url

from ..conftest import drop, pg_url
from .helpers import article, raw_of

#: A body long enough that its search row goes past PostgreSQL's TOAST threshold (about 2 KB).
LONG_BODY = " ".join(f"word{i} reported on day {i % 31}" for i in range(400))
#: Long articles written per test: one heap page holds them all only when their tsvectors are TOASTed.
ROWS = 40


@pytest.fixture
def url() -> Iterator[str]:
    target = pg_url()
    yield target
    drop(target)


def heap_pages(target: str, compact: bool = False) -> int:
    """Pages of the search table itself (its TOAST table not counted); after VACUUM FULL if `compact`."""
    conninfo, schema = split_url(target)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"SET search_path = {schema}")
        if compact:  # without the dead versions an UPDATE leaves behind
            conn.execute("VACUUM FULL article_search")
        got = conn.execute("SELECT pg_relation_size('article_search') / current_setting('block_size')::int").fetchone()
    assert got is not None
    return int(got[0])


def long_articles() -> list[Article]:
    return [article(f"long{i}", f"Long report {i}", LONG_BODY) for i in range(ROWS)]


def test_search_rows_keep_their_tsvectors_out_of_line(url: str) -> None:
    with PostgresStore(url) as s:
        s.write_batch([(a, raw_of(a)) for a in long_articles()])
        assert s.search('"reported on day"').total == ROWS
    assert heap_pages(url) == 1  # before 0010 each row kept its head (about 700 bytes) inline


def test_migration_rewrites_rows_stored_before_it(url: str) -> None:
    with PostgresStore(url) as s:
        s.write_batch([(a, raw_of(a)) for a in long_articles()])
    conninfo, schema = split_url(url)
    with psycopg.connect(conninfo) as conn:  # undo 0010: the layout of a database stored before it
        conn.execute(f"SET search_path = {schema}")
        conn.execute("ALTER TABLE article_search RESET (toast_tuple_target)")
        conn.execute("ALTER TABLE article_search ALTER COLUMN head SET STORAGE MAIN")
        conn.execute("UPDATE article_search SET head = head::text::tsvector")
        conn.execute("DELETE FROM schema_migrations WHERE name LIKE '0010%'")
    assert heap_pages(url, compact=True) > 2
    with PostgresStore(url) as s:
        assert s.search("reported").total == ROWS
    assert heap_pages(url, compact=True) == 1
