"""SQLite back-end specifics: pragmas, the FTS5 index rows, compression, closed stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.model import Article
from storyline.store.sqlite import SQLiteStore

from .helpers import article, raw_of


def _q(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_pragmas_and_reopen(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "re.db"
    with SQLiteStore(path) as s:
        s.write_batch([(articles[0], b"x")])
    with SQLiteStore(path) as s:
        assert s.count() == 1 and s.migrations_applied == []
    assert _q(path, "PRAGMA journal_mode") == [("wal",)]


def test_one_fts_row_per_article_and_compressed_raw(tmp_path: Path, articles: list[Article]) -> None:
    path = tmp_path / "f.db"
    with SQLiteStore(path) as s:
        s.write_batch([(a, raw_of(a)) for a in articles] * 2)
        big = article("big", "Big", "x")
        s.write_batch([(big, b"abc" * 10_000)])
    assert _q(path, "SELECT count(*) FROM articles_fts") == [(5,)]
    [(size, stored)] = _q(path, f"SELECT size, length(data) FROM raw_documents WHERE sha256 = '{big.source.sha256}'")
    assert size == 30_000 and isinstance(stored, int) and stored < 3_000


def test_closed_store_cannot_be_used(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "c.db")
    s.close()
    with pytest.raises(sqlite3.ProgrammingError):
        s.count()
