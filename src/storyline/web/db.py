"""The server's stores: one per thread for a back-end that is not thread-safe (SQLite), else one shared."""

from __future__ import annotations

import threading

from storyline.store import open_store
from storyline.store.base import Store
from storyline.store.filters import COUNT_LIMIT


class Database:
    """Hands each request thread a `Store` on the same target; one lock serialises this server's writes."""

    def __init__(self, target: str, pool_size: int = 4, query_seconds: float | None = None,
                 count_limit: int = COUNT_LIMIT) -> None:
        self.target = target
        self.count_limit = count_limit  # searches' Store.search count_limit
        self.pool_size = pool_size
        self.query_seconds = query_seconds
        self._local = threading.local()
        self._stores: list[Store] = []
        self._guard = threading.Lock()
        self.write_lock = threading.Lock()
        self._shared: Store | None = None

    @property
    def store(self) -> Store:
        """This thread's store (opened, and migrated, on first use)."""
        if self._shared is not None:
            return self._shared
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.target, pool_size=self.pool_size, query_seconds=self.query_seconds)
            with self._guard:
                self._stores.append(store)
                if store.thread_safe and self._shared is None:
                    self._shared = store
            self._local.store = store
        return store

    def close(self) -> None:
        """Close every store (at server shutdown)."""
        with self._guard:
            stores, self._stores, self._shared = self._stores, [], None
        for store in stores:
            store.close()
