"""The Dask runner: units of work as tasks on a cluster (a scheduler's address, or a LocalCluster).

Dask's own scheduler does the placing, retrying and recovering: a unit whose worker dies is
rerun elsewhere, a unit that raises is retried `RETRIES` times. A worker plugin loads the spaCy
model once per worker process, before its first task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from distributed import Client, LocalCluster, WorkerPlugin

from storyline.errors import UsageError
from storyline.runners.base import windowed
from storyline.runners.local import warm_worker

U = TypeVar("U")
R = TypeVar("R")

#: Times a unit that raised is tried again (a unit on a worker that died is rerun regardless).
RETRIES = 2


class WarmModel(WorkerPlugin):
    """Loads the spaCy model when a worker starts (and on workers that join later)."""

    name = "storyline-warm-model"

    def __init__(self, nlp: bool) -> None:
        self.nlp = nlp

    def setup(self, worker: Any) -> None:
        warm_worker(self.nlp)


class DaskRunner:
    """Runs units as Dask tasks, keeping about two per worker in flight; results in the units' order."""

    in_process = False

    def __init__(self, scheduler: str | None = None, local_workers: int = 2, warm: bool = True) -> None:
        self._cluster: LocalCluster | None = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout=30)
            else:
                self._cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", silence_logs=logging.WARNING)
                self._client = Client(self._cluster)
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {exc}") from exc
        self._client.register_plugin(WarmModel(warm))
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))

    def map(self, fn: Callable[[U], R], units: Iterable[U],
            on_error: Callable[[U, BaseException], R] | None = None) -> Iterator[R]:
        return windowed(lambda unit: self._client.submit(fn, unit, pure=False, retries=RETRIES), units, 2 * self.workers, on_error)

    def describe(self) -> str:
        where = self._client.scheduler.address if self._client.scheduler else "?"
        link = self._client.dashboard_link
        return f"dask, {self.workers} worker(s) at {where}" + (f", dashboard {link}" if link else "")

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
