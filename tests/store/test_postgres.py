"""PostgreSQL back-end specifics: its search rows laid out on disk (migrations 0010, 0012), its total counted beside the ranking or read from the window."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from storyline.model import Article
from storyline.store.base import QueryTimeout
from storyline.store.filters import encode_cursor
from storyline.store.postgres import PostgresStore, split_url

from ..conftest import drop, pg_url
from .helpers import article, raw_of

#: A body long enough that its search row goes past PostgreSQL's TOAST threshold (about 2 KB).
LONG_BODY = " ".join(f"word{i} reported on day {i % 31}" for i in range(400))
#: Long articles written per test.
ROWS = 40
#: Heap pages a new store's search table takes for them: heads in the row, full tsvectors in TOAST.
FRESH_PAGES = 4


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


def test_search_rows_keep_their_head_inline_and_their_full_tsvector_out_of_line(url: str) -> None:
    with PostgresStore(url) as s:
        s.write_batch([(a, raw_of(a)) for a in long_articles()])
        assert s.search('"reported on day"').total == ROWS
    # 0010 moved both tsvectors out of the row (one page held all 40); 0012 keeps the head in it
    assert heap_pages(url, compact=True) == FRESH_PAGES


def _relayout(url: str, *statements: str, undo: tuple[str, ...]) -> None:
    """Give the search rows an older layout and forget the migrations `undo`, as a database stored before them."""
    conninfo, schema = split_url(url)
    with psycopg.connect(conninfo) as conn:
        conn.execute(f"SET search_path = {schema}")
        for sql in statements:
            conn.execute(sql)
        for name in undo:
            conn.execute("DELETE FROM schema_migrations WHERE name LIKE %s", (name + "%",))


def test_migrations_rewrite_rows_stored_before_them(url: str) -> None:
    with PostgresStore(url) as s:
        s.write_batch([(a, raw_of(a)) for a in long_articles()])
    _relayout(url, "ALTER TABLE article_search ALTER COLUMN head SET STORAGE EXTERNAL",
              "UPDATE article_search SET head = head || ''::tsvector", undo=("0012",))  # the layout of 0010
    assert heap_pages(url, compact=True) == 1
    with PostgresStore(url) as s:
        assert s.search("reported").total == ROWS
    assert heap_pages(url, compact=True) == FRESH_PAGES
    _relayout(url, "ALTER TABLE article_search RESET (toast_tuple_target)",
              "ALTER TABLE article_search ALTER COLUMN head SET STORAGE MAIN",
              "ALTER TABLE article_search ALTER COLUMN tsv SET STORAGE EXTENDED",
              "UPDATE article_search SET head = head::text::tsvector", undo=("0010", "0012"))  # before 0010
    with PostgresStore(url) as s:
        assert s.search('"reported on day"').total == ROWS
    assert heap_pages(url, compact=True) == FRESH_PAGES


def _items(n: int, word: str = "palmyra") -> list[tuple[Article, bytes]]:
    arts = [article(f"{word}{i}", f"Title {i}", f"The {word} report number {i} {word}." * (1 + i % 3))
            for i in range(n)]
    return [(a, raw_of(a)) for a in arts]


def test_total_is_counted_beside_the_ranking_when_the_window_cannot_hold_every_match(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    real = PostgresStore._count_apart

    def spy(self: PostgresStore, where: tuple[str, list[object]]) -> object:
        started.append(where)
        return real(self, where)  # type: ignore[arg-type]

    monkeypatch.setattr(PostgresStore, "_count_apart", spy)
    monkeypatch.setattr(PostgresStore, "_estimate", staticmethod(lambda x, where: 30))  # the planner's guess
    with PostgresStore(url) as s:
        s.write_batch(_items(30))
        page = s.search("palmyra", limit=5, rank_window=10)  # 30 matches, windows of 10
        assert (page.total, page.total_exact, len(page.items), len(started)) == (30, True, 5, 1)
        assert s.search("palmyra", limit=5, sort="date").total == 30  # counted on its own connection
        assert len(started) == 1


def test_a_window_holding_every_match_gives_the_total_without_a_count(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    counts: list[str] = []
    monkeypatch.setattr(PostgresStore, "_count_apart", lambda self, c: counts.append("beside"))
    monkeypatch.setattr(PostgresStore, "_count", staticmethod(lambda x, c: counts.append("after") or 0))
    with PostgresStore(url) as s:
        s.write_batch(_items(30))
        page = s.search("palmyra", limit=5)  # one window of 10,000 holds all 30
        assert (page.total, page.total_exact, counts) == (30, True, [])
        deep = s.search("palmyra", limit=3, cursor=encode_cursor([25]), rank_window=20)  # the second window holds 10
        assert (deep.total, deep.total_exact, len(deep.items), counts) == (30, True, 3, [])
        capped = s.search("palmyra", limit=5, count_limit=12)  # known, yet capped as a count would be
        assert (capped.total, capped.total_exact, counts) == (12, False, [])
        s.search("palmyra", limit=5, rank_window=5)  # a full window does not show the total: a count runs
        assert counts


def test_one_window_ranks_as_ranking_whole(url: str) -> None:
    """The window no longer waits for the count: with every match in it, the order is the whole ranking's."""
    with PostgresStore(url) as s:
        s.write_batch(_items(30))
        for offset in (0, 5, 25):
            cursor = None if not offset else s.search("palmyra", limit=offset).next_cursor
            windowed = s.search("palmyra", limit=5, cursor=cursor)
            whole = s.search("palmyra", limit=5, cursor=cursor, rank_window=0)
            assert [h.id for h in windowed.items] == [h.id for h in whole.items]
            assert (windowed.total, windowed.next_cursor) == (whole.total, whole.next_cursor)


def test_inside_a_transaction_the_count_sees_its_own_writes(url: str) -> None:
    with PostgresStore(url) as s:
        s.write_batch(_items(10))
        with s.transaction():
            s.write_batch(_items(30, "aleppo"))
            # another connection cannot see these uncommitted rows: the count must stay on this one
            assert s.search("aleppo", limit=5).total == 30


def test_a_background_count_past_the_timeout_is_a_query_timeout(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(x: object, where: object) -> int:
        x.run("SELECT pg_sleep(2)")  # type: ignore[attr-defined]
        return 0

    with PostgresStore(url, query_seconds=0.1) as s:
        s.write_batch(_items(3))
        monkeypatch.setattr(PostgresStore, "_count", staticmethod(slow))
        monkeypatch.setattr(PostgresStore, "_estimate", staticmethod(lambda x, where: 3))
        with pytest.raises(QueryTimeout):
            s.search("palmyra", limit=1, rank_window=1)  # a full window: the total is counted beside


def test_close_ends_the_count_threads(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PostgresStore, "_estimate", staticmethod(lambda x, where: 30))
    with PostgresStore(url) as s:
        s.write_batch(_items(30))
        assert s.search("palmyra", limit=5, rank_window=10).total == 30
        assert [t for t in threading.enumerate() if t.name.startswith("storyline-count")]
    assert not [t for t in threading.enumerate() if t.name.startswith("storyline-count")]


def test_count_beside_off_counts_on_the_one_connection(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PostgresStore, "_count_apart", lambda *a: pytest.fail("count_beside=False counted apart"))
    with PostgresStore(url, count_beside=False) as s:
        s.write_batch(_items(30))
        assert s.search("palmyra", limit=5).total == 30


def test_search_rows_are_written_without_a_check_per_row_against_articles(url: str) -> None:
    """0014: no foreign key on the search table (its per-row lookup cost a sixth of a bulk write's
    server time); the writer still adds a search row with each new article, and only then."""
    with PostgresStore(url) as store:
        assert store.write_batch([(a, raw_of(a)) for a in long_articles()]) == ROWS
        assert store.write_batch([(a, raw_of(a)) for a in long_articles()]) == 0
        conninfo, schema = split_url(url)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"SET search_path = {schema}")
            keys = conn.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'article_search'::regclass"
                                " AND contype = 'f'").fetchone()
            rows = conn.execute("SELECT count(*), count(a.id) FROM article_search AS s"
                                " LEFT JOIN articles AS a ON a.id = s.article_id").fetchone()
    assert keys == (0,)
    assert rows == (ROWS, ROWS)


def test_annotation_rows_are_written_without_checks_per_row_yet_each_has_its_article(url: str) -> None:
    """0016: no foreign keys on the entity, quote and place rows (their per-row lookups and locks were
    half a bulk write's server time with NLP); the writer still adds them only with their article."""
    from ..stories.helpers import annotated

    items = [(a, raw_of(a)) for a in (annotated(f"fk{i}", f"Palmyra report {i}") for i in range(4))]
    with PostgresStore(url) as store:
        assert store.write_batch(items) == 4 and store.write_batch(items) == 0
        conninfo, schema = split_url(url)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"SET search_path = {schema}")
            keys = conn.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY("
                                "ARRAY['entity_aliases', 'entity_surnames', 'article_entities', 'quotes',"
                                " 'article_places']::regclass[])").fetchone()
            counts = [conn.execute(f"SELECT count(*), count(a.id) FROM {t} AS r LEFT JOIN articles AS a"
                                   " ON a.id = r.article_id").fetchone()
                      for t in ("article_entities", "quotes", "article_places")]
            linked = conn.execute("SELECT count(*), count(e.id) FROM article_entities AS r"
                                  " LEFT JOIN entities AS e ON e.id = r.entity_id").fetchone()
    assert keys == (0,)
    assert all(n > 0 and n == with_article for n, with_article in counts), counts
    assert linked is not None and linked[0] == linked[1] > 0
