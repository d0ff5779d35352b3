"""A search's total counted on a second SQLite connection while the first one ranks the page."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from storyline.store.rows_facets import url_host

# SQLite releases the GIL while a statement steps, so the count and the ranking run on two cores.
# A phrase of two common words costs two passes over its matches either way (the count, and
# bm25's own document frequency for the phrase): side by side instead of one after the other.


class Counter:
    """Runs `SELECT count(*) ...` statements on its own read-only connection, one at a time, in one
    background thread; opened on first use, closed with the store."""

    def __init__(self, path: str, busy_ms: int, deadline: Callable[[], float], steps: int = 10_000) -> None:
        """`deadline()`: the monotonic time past which a statement is interrupted, checked every
        `steps` virtual-machine steps."""
        self._path, self._busy_ms, self._deadline, self._steps = path, busy_ms, deadline, steps
        self._conn: sqlite3.Connection | None = None
        self._pool: ThreadPoolExecutor | None = None

    def start(self, sql: str, params: Sequence[Any]) -> Future[int]:
        """The count of `sql` (one row, one integer), computed in the background."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storyline-count")
        return self._pool.submit(self._count, sql, tuple(params))

    def _count(self, sql: str, params: tuple[Any, ...]) -> int:
        if self._conn is None:
            self._conn = self._open()
        return int(self._conn.execute(sql, params).fetchone()[0])

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, isolation_level=None, timeout=self._busy_ms / 1000,
                               check_same_thread=False)
        conn.create_function("storyline_host", 1, url_host, deterministic=True)
        conn.execute("PRAGMA query_only = ON")
        conn.set_progress_handler(lambda: int(time.monotonic() > self._deadline()), self._steps)
        return conn

    def close(self) -> None:
        """Wait for a running count, then close the thread and the connection."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
