"""A search's total counted on the second connection: used outside transactions, not inside them."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from storyline.store.sqlite import SQLiteStore
from storyline.store.sqlite_count import Counter

from .helpers import article, raw_of


def _items(n: int, word: str = "palmyra") -> list[tuple[object, bytes]]:
    arts = [article(f"{word}{i}", f"Title {i}", f"The {word} report number {i}.") for i in range(n)]
    return [(a, raw_of(a)) for a in arts]


def test_total_is_counted_beside_the_ranking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    real = Counter.start

    def spy(self: Counter, sql: str, params: object) -> object:
        started.append(sql)
        return real(self, sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(Counter, "start", spy)
    with SQLiteStore(tmp_path / "a.db") as store:
        store.write_batch(_items(30))  # type: ignore[arg-type]
        page = store.search("palmyra", limit=5)
        dated = store.search("palmyra", limit=5, sort="date")
    assert (page.total, dated.total, len(page.items)) == (30, 30, 5)
    assert len(started) == 2 and all("count(*)" in s for s in started)


def test_inside_a_transaction_the_count_sees_its_own_writes(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "a.db") as store:
        store.write_batch(_items(10))  # type: ignore[arg-type]
        with store.transaction():
            store.write_batch(_items(30, "aleppo"))  # type: ignore[arg-type]
            # the second connection cannot see these uncommitted rows: the count must stay on this one
            assert store.search("aleppo", limit=5).total == 30
            first = store.search("aleppo", limit=5, sort="date")
            assert first.total == 30 and first.next_cursor
            # the total counts every match, not only those past the cursor
            assert store.search("aleppo", limit=5, sort="date", cursor=first.next_cursor).total == 30


def test_close_ends_the_count_thread(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "a.db") as store:
        store.write_batch(_items(30))  # type: ignore[arg-type]
        assert store.search("palmyra", limit=5).total == 30
    assert not [t for t in threading.enumerate() if t.name.startswith("storyline-count")]


def test_a_count_past_the_deadline_is_a_query_timeout(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "a.db") as store:
        store.write_batch(_items(30))  # type: ignore[arg-type]
    counter = Counter(str(tmp_path / "a.db"), 1000, lambda: 0.0, steps=1)  # every statement already late
    try:
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            counter.start("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", ["palmyra"]).result()
    finally:
        counter.close()


def test_count_beside_off_counts_on_the_one_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Counter, "start", lambda *a: pytest.fail("count_beside=False started a background count"))
    with SQLiteStore(tmp_path / "a.db", count_beside=False) as store:
        store.write_batch(_items(30))  # type: ignore[arg-type]
        assert store.search("palmyra", limit=5).total == 30
