"""Named migrations: the bundled schema, pending ones applied once, failures rolled back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from storyline.errors import StorylineError, UsageError
from storyline.store import SQLiteStore, open_store
from storyline.store.migrate import DEFAULT_DIR, applied, apply_migrations, migration_files, split_statements

BUNDLED = [name for name, _ in migration_files()]


def copy_bundled(dest: Path) -> Path:
    dest.mkdir()
    for name, sql in migration_files():
        (dest / f"{name}.sql").write_text(sql, encoding="utf-8")
    return dest


def test_bundled_migrations_recorded(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db") as s:
        assert s.migrations_applied == BUNDLED
    conn = sqlite3.connect(tmp_path / "m.db")
    assert applied(conn) == BUNDLED
    assert BUNDLED[0] == "0001_initial"
    at = conn.execute("SELECT applied_at FROM schema_migrations").fetchone()[0]
    assert at.startswith("20")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "raw_documents", "failures", "schema_migrations", "articles_fts"} <= tables
    conn.close()


def test_bundled_dir_is_package_data() -> None:
    assert (DEFAULT_DIR / "0001_initial.sql").is_file()


def test_new_migration_applied_exactly_once(tmp_path: Path) -> None:
    mig = copy_bundled(tmp_path / "migrations")
    db = tmp_path / "old.db"
    with SQLiteStore(db, migrations=mig) as s:
        assert s.migrations_applied == BUNDLED
    (mig / "9002_notes.sql").write_text(
        "-- a later schema change\n"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);\n"
        "INSERT INTO notes (text) VALUES ('semi;colon');\n"
        "CREATE TRIGGER notes_t AFTER INSERT ON notes BEGIN SELECT 1; SELECT 2; END;\n",
        encoding="utf-8",
    )
    with SQLiteStore(db, migrations=mig) as s:
        assert s.migrations_applied == ["9002_notes"]
    with SQLiteStore(db, migrations=mig) as s:
        assert s.migrations_applied == []
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT text FROM notes").fetchall() == [("semi;colon",)]
    assert applied(conn) == [*BUNDLED, "9002_notes"]
    conn.close()


def test_migrations_apply_in_name_order(tmp_path: Path) -> None:
    mig = tmp_path / "mig"
    mig.mkdir()
    (mig / "0002_b.sql").write_text("INSERT INTO t VALUES ('b');", encoding="utf-8")
    (mig / "0001_a.sql").write_text("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('a');", encoding="utf-8")
    (mig / "README.txt").write_text("not a migration", encoding="utf-8")
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert apply_migrations(conn, mig) == ["0001_a", "0002_b"]
    assert conn.execute("SELECT v FROM t").fetchall() == [("a",), ("b",)]
    assert apply_migrations(conn, mig) == []


def test_failing_migration_rolled_back(tmp_path: Path) -> None:
    mig = copy_bundled(tmp_path / "migrations")
    (mig / "9002_bad.sql").write_text(
        "CREATE TABLE half (x);\nINSERT INTO no_such_table VALUES (1);\n", encoding="utf-8"
    )
    db = tmp_path / "bad.db"
    with pytest.raises(StorylineError, match="9002_bad"):
        SQLiteStore(db, migrations=mig)
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations")]
    assert names == BUNDLED
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    conn.close()
    (mig / "9002_bad.sql").unlink()
    shutil.rmtree(mig / "__pycache__", ignore_errors=True)
    with SQLiteStore(db, migrations=mig) as s:
        assert s.migrations_applied == []


def test_split_statements() -> None:
    script = (
        "-- comment\nCREATE TABLE a (x); INSERT INTO a VALUES (';');\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\n-- trailing comment\n"
    )
    parts = split_statements(script)
    assert len(parts) == 3
    assert parts[2].startswith("CREATE TRIGGER") and parts[2].endswith("END;")
    with pytest.raises(ValueError, match="incomplete"):
        split_statements("CREATE TABLE a (x); SELECT")


def test_open_store(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "o.db")) as s:
        assert isinstance(s, SQLiteStore) and s.count() == 0
    with open_store(f"sqlite://{tmp_path / 'u.db'}") as s:
        assert isinstance(s, SQLiteStore)
    assert (tmp_path / "u.db").exists()


@pytest.mark.parametrize("target", ["postgresql://user:secret@127.0.0.1:1/db", "postgres://127.0.0.1:1/db"])
def test_open_store_unreachable_postgres_is_a_usage_error(target: str) -> None:
    with pytest.raises(UsageError, match="cannot connect to PostgreSQL at postgres") as info:
        open_store(target)
    assert "secret" not in str(info.value)


def test_open_store_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="scheme"):
        open_store("mysql://h/db")
    with pytest.raises(UsageError):
        open_store("")
    with pytest.raises(UsageError, match="cannot"):
        open_store(str(tmp_path / "no" / "such" / "dir.db"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(UsageError, match="cannot"):
        open_store(str(junk))
