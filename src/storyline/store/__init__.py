"""Storage back-ends behind one small interface (SQLite by default)."""

from __future__ import annotations

import re

from storyline.errors import UsageError
from storyline.store.base import SearchHit, Store
from storyline.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "SearchHit", "Store", "open_store"]

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_store(target: str) -> Store:
    """Open the store at `target`: a file path means SQLite (created if missing).

    `sqlite://PATH` also means SQLite (so `sqlite:///abs/file.db` is an absolute path).
    `postgresql://...` URLs are reserved for a future PostgreSQL store and raise UsageError, as
    does any other URL scheme.
    """
    m = _URL.match(target)
    if m:
        scheme = m.group(1).lower()
        if scheme == "sqlite":
            return SQLiteStore(target[m.end() :])
        if scheme in ("postgresql", "postgres"):
            raise UsageError(
                f"PostgreSQL stores are not implemented yet ({scheme}://...); give a SQLite file path"
            )
        raise UsageError(f"unsupported store URL scheme {scheme!r}; give a SQLite file path")
    if not target.strip():
        raise UsageError("no database given: pass a SQLite file path")
    return SQLiteStore(target)
