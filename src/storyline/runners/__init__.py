"""Runners: where the pure document work runs -- in this process, a local process pool, or a Dask cluster."""

from __future__ import annotations

import os

from storyline.errors import UsageError
from storyline.runners.base import Runner
from storyline.runners.local import InProcess, Pool

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "InProcess", "Pool", "Runner", "available_cores", "make_runner"]


def available_cores() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def make_runner(engine: str = "local", workers: int = 1, scheduler: str | None = None,
                local_workers: int | None = None, nlp: bool = True) -> Runner:
    """The runner an `--engine` choice names: local (in-process for 1 worker, else a pool) or dask.

    `workers` 0 means one per core available. `dask` connects to `scheduler`
    (tcp://HOST:8786) or starts a LocalCluster of `local_workers` processes (default `workers`).
    With `nlp`, each worker process loads the spaCy model once, up front. A pool or a local cluster
    starts processes with `spawn`: a script that makes one must do so under
    `if __name__ == "__main__":`.
    """
    workers = workers if workers > 0 else available_cores()
    if engine == "local":
        if scheduler or local_workers:
            raise UsageError("--scheduler and --local-workers need --engine dask")
        return InProcess() if workers <= 1 else Pool(workers, warm=nlp)
    if engine == "dask":
        from storyline.runners.dask import DaskRunner

        return DaskRunner(scheduler=scheduler, local_workers=local_workers or max(1, workers), warm=nlp)
    raise UsageError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
