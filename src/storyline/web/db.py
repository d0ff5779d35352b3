"""One SQLite store per server thread (the store is not thread-safe), opened lazily on the db path."""

from __future__ import annotations

import sqlite3
import threading

from storyline.store.sqlite import SQLiteStore


class Database:
    """Hands each thread its own `SQLiteStore` on the same file; one lock serialises writes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._stores: list[SQLiteStore] = []
        self._guard = threading.Lock()
        self.write_lock = threading.Lock()

    @property
    def store(self) -> SQLiteStore:
        """This thread's store (opened, and migrated, on first use)."""
        store: SQLiteStore | None = getattr(self._local, "store", None)
        if store is None:
            store = SQLiteStore(self.path)
            self._local.store = store
            with self._guard:
                self._stores.append(store)
        return store

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, for the read-only queries in `storyline.store.reads`."""
        store = self.store
        conn = getattr(store, "connection", None)  # public accessor where the store has one
        return conn if isinstance(conn, sqlite3.Connection) else store._conn

    def close(self) -> None:
        """Close every thread's store (at server shutdown)."""
        with self._guard:
            stores, self._stores = self._stores, []
        for store in stores:
            try:
                store.close()
            except sqlite3.ProgrammingError:  # closed from another thread: harmless at shutdown
                pass
