"""Named SQL migrations: apply, in name order, each `NNNN_name.sql` not yet in schema_migrations."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from storyline.errors import StorylineError

#: Where the bundled migrations live (package data: storyline/store/migrations/*.sql).
DEFAULT_DIR: Traversable = resources.files("storyline.store") / "migrations"


def migration_files(directory: Traversable | Path | None = None) -> list[tuple[str, str]]:
    """(name, sql) of every `*.sql` file in `directory`, sorted by name; name is the file stem."""
    base = DEFAULT_DIR if directory is None else directory
    found = [f for f in base.iterdir() if f.is_file() and f.name.endswith(".sql")]
    return [
        (f.name[: -len(".sql")], f.read_text(encoding="utf-8")) for f in sorted(found, key=lambda f: f.name)
    ]


def split_statements(script: str) -> list[str]:
    """Split a SQL script into single statements (trigger bodies and quoted `;` stay intact)."""
    statements: list[str] = []
    start = 0
    for i, ch in enumerate(script):
        if ch == ";" and sqlite3.complete_statement(script[start : i + 1]):
            statements.append(script[start : i + 1].strip())
            start = i + 1
    rest = "\n".join(
        line for line in script[start:].splitlines() if line.strip() and not line.strip().startswith("--")
    )
    if rest.strip():
        raise ValueError(f"incomplete SQL statement at end of script: {rest.strip()[:60]!r}")
    return statements


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied to this database, in name order."""
    _ensure_table(conn)
    return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]


def apply_migrations(conn: sqlite3.Connection, directory: Traversable | Path | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied now.

    `conn` must be in autocommit mode (isolation_level=None). Each migration re-checks, under the
    write lock (BEGIN IMMEDIATE), that nobody applied it meanwhile, so two processes opening the
    same new database do not both apply it. A migration that fails is rolled back entirely and
    raised as StorylineError. Migrations must not contain PRAGMA or transaction statements.
    """
    _ensure_table(conn)
    done: list[str] = []
    for name, sql in migration_files(directory):
        statements = split_statements(sql)
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StorylineError(f"migration {name} failed: {exc}") from exc
            raise
        done.append(name)
    return done


def _ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
