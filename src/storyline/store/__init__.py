"""Storage back-ends behind one interface: SQLite (a file path) or PostgreSQL (a postgresql:// URL)."""

from __future__ import annotations

import re

from storyline.errors import UsageError
from storyline.store.base import SearchHit, Store
from storyline.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "SearchHit", "Store", "is_url", "open_store"]

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_url(target: str) -> bool:
    """Whether `target` names a store by URL (else it is a SQLite file path)."""
    return _URL.match(target) is not None


def open_store(target: str, *, pool_size: int = 4, query_seconds: float | None = None) -> Store:
    """Open the store at `target`, applying pending migrations.

    A file path (or `sqlite://PATH`, so `sqlite:///abs/file.db` is absolute) is a SQLite file,
    created if missing. `postgresql://user@host:port/dbname` (or `postgres://`) is a PostgreSQL
    database; `?schema=NAME` keeps storyline's tables in that schema (created if missing);
    `pool_size` caps its pooled connections. With `query_seconds`, a query running longer is
    cancelled and raises QueryTimeout (the server sets it). Any other scheme raises UsageError.
    """
    m = _URL.match(target)
    if m:
        scheme = m.group(1).lower()
        if scheme == "sqlite":
            return SQLiteStore(target[m.end() :], query_seconds=query_seconds)
        if scheme in ("postgresql", "postgres"):
            from storyline.store.postgres import PostgresStore

            return PostgresStore(target, pool_size=pool_size, query_seconds=query_seconds)
        raise UsageError(f"unsupported store URL scheme {scheme!r}: give a SQLite file path or a postgresql:// URL")
    if not target.strip():
        raise UsageError("no database given: pass a SQLite file path or a postgresql:// URL")
    return SQLiteStore(target, query_seconds=query_seconds)
