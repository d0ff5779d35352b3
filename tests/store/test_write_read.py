"""Writing batches and reading records, raw bytes, failures and stats back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.model import Article, Failure, Problem
from storyline.store import sqlite as sqlite_mod
from storyline.store.base import Store
from storyline.store.sqlite import SQLiteStore

from .helpers import article, raw_of, sha


def test_is_a_store(store: SQLiteStore) -> None:
    assert isinstance(store, Store)


def test_roundtrip_equals_to_dict(store: SQLiteStore, articles: list[Article]) -> None:
    assert store.write_batch([(a, raw_of(a)) for a in articles]) == len(articles)
    for a in articles:
        rec = store.get(a.id)
        assert rec is not None
        stored_at = rec.pop("stored_at")
        assert isinstance(stored_at, str) and stored_at.startswith("20")
        assert rec == a.to_dict()
        assert Article.from_dict(rec) == a
        by_sha = store.get(a.source.sha256)
        assert by_sha is not None and by_sha["id"] == a.id
    assert store.get("0" * 16) is None
    assert store.get(sha("missing")) is None


def test_same_batch_twice_stores_once(store: SQLiteStore, articles: list[Article]) -> None:
    batch = [(a, raw_of(a)) for a in articles]
    assert store.write_batch(batch) == 4
    assert store.write_batch(batch) == 0
    assert store.count() == 4
    # duplicates inside one batch are stored once too
    assert store.write_batch([(articles[0], b"x"), (articles[0], b"x")]) == 0
    extra = article("extra", "Extra", "Body.")
    assert store.write_batch([(extra, b"e"), (extra, b"e")]) == 1
    assert store.count() == 5
    fts_rows = store._conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    assert fts_rows == 5


def test_empty_batch(store: SQLiteStore) -> None:
    assert store.write_batch([]) == 0
    assert store.count() == 0


def test_has_and_known(filled: SQLiteStore, articles: list[Article]) -> None:
    shas = [a.source.sha256 for a in articles]
    assert filled.has(shas[0])
    assert not filled.has(sha("nope"))
    assert filled.known(shas + [sha("nope"), sha("other")]) == set(shas)
    assert filled.known([]) == set()
    many = [sha(f"n{i}") for i in range(1200)] + [shas[1]]  # more than one IN (...) chunk
    assert filled.known(iter(many)) == {shas[1]}


def test_raw_roundtrip(filled: SQLiteStore, articles: list[Article]) -> None:
    for a in articles:
        assert filled.raw(a.id) == raw_of(a)
        assert filled.raw(a.source.sha256) == raw_of(a)
    assert filled.raw("0" * 16) is None
    size, stored = filled._conn.execute(
        "SELECT size, length(data) FROM raw_documents WHERE sha256 = ?", (articles[0].source.sha256,)
    ).fetchone()
    assert size == len(raw_of(articles[0]))
    big = article("big", "Big", "x")
    data = b"abc" * 10_000
    filled.write_batch([(big, data)])
    assert filled.raw(big.id) == data
    compressed = filled._conn.execute(
        "SELECT length(data) FROM raw_documents WHERE sha256 = ?", (big.source.sha256,)
    ).fetchone()[0]
    assert compressed < len(data) // 10


def test_failures_recorded_once(store: SQLiteStore) -> None:
    fails = [
        Failure("a.txt", Problem("empty", "no bytes"), sha("a")),
        Failure("b.bin", Problem("binary", "binary data"), sha("b")),
        Failure("c.txt", Problem("unreadable", "permission denied")),  # no sha
    ]
    store.record_failures(fails)
    store.record_failures(fails)
    store.record_failures([Failure("c.txt", Problem("unreadable", "still denied"))])
    rows = store.failures()
    assert [r["name"] for r in rows] == ["a.txt", "b.bin", "c.txt"]
    assert rows[2]["sha256"] is None and rows[2]["message"] == "still denied"
    assert store.stats()["failures"] == 3
    store.record_failures([])
    assert len(store.failures()) == 3


def test_storing_an_article_clears_its_failure(store: SQLiteStore) -> None:
    a = article("a", "Now it works", "Body text.")
    store.record_failures([Failure("corpus/a.txt", Problem("internal", "bug"), a.source.sha256)])
    store.write_batch([(a, b"a")])
    assert store.failures() == []


def test_stats(filled: SQLiteStore) -> None:
    assert filled.stats() == {
        "articles": 4,
        "failures": 0,
        "warned": 1,
        "by_format": {"html": 1, "text": 3},
    }
    assert filled.count() == 4


def test_stats_empty(store: SQLiteStore) -> None:
    assert store.stats() == {"articles": 0, "failures": 0, "warned": 0, "by_format": {}}


def test_failing_item_rolls_back_whole_batch(store: SQLiteStore, articles: list[Article]) -> None:
    batch: list[tuple[Article, bytes]] = [(articles[0], b"ok"), (articles[1], None)]  # type: ignore[list-item]
    with pytest.raises(TypeError):
        store.write_batch(batch)
    assert store.count() == 0
    assert not store.has(articles[0].source.sha256)
    assert store._conn.execute("SELECT count(*) FROM raw_documents").fetchone()[0] == 0
    assert store._conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 0
    assert not store._conn.in_transaction
    # the store is still usable afterwards
    assert store.write_batch([(articles[0], b"ok")]) == 1


def test_raise_after_first_insert_rolls_back(
    store: SQLiteStore, articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sqlite_mod._article_row
    calls = []

    def flaky(a: Article, stored_at: str) -> tuple[object, ...]:
        calls.append(a.id)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(a, stored_at)

    monkeypatch.setattr(sqlite_mod, "_article_row", flaky)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write_batch([(a, raw_of(a)) for a in articles])
    assert len(calls) == 3  # two articles were inserted before the failure
    assert store.count() == 0
    assert store.search("Palmyra") == []
    monkeypatch.setattr(sqlite_mod, "_article_row", real)
    assert store.write_batch([(a, raw_of(a)) for a in articles]) == 4


def test_reopen_keeps_data(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "re.db"
    with SQLiteStore(path) as s:
        s.write_batch([(articles[0], b"x")])
    with SQLiteStore(path) as s:
        assert s.count() == 1
        assert s.migrations_applied == []
        mode = s._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert s._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s._conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert s._conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_concurrent_reader_sees_committed_batches(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "wal.db"
    with SQLiteStore(path) as writer, SQLiteStore(path) as reader:
        writer.write_batch([(articles[0], b"x")])
        assert reader.count() == 1
        assert reader.search("Palmyra")[0].id == articles[0].id


def test_closed_store_cannot_be_used(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "c.db")
    s.close()
    with pytest.raises(sqlite3.ProgrammingError):
        s.count()
