"""Runners on this machine: in this process, or a pool of spawned processes that each load the model once."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import TypeVar

from storyline.runners.base import settle

U = TypeVar("U")
R = TypeVar("R")


class InProcess:
    """Runs every unit here, one after the other."""

    workers = 1

    def map(self, fn: Callable[[U], R], units: Iterable[U],
            on_error: Callable[[U, BaseException], R] | None = None) -> Iterator[R]:
        for unit in units:
            yield settle(unit, partial(fn, unit), on_error)

    def describe(self) -> str:
        return "in-process"

    def close(self) -> None:
        pass


def warm_worker(nlp: bool) -> None:
    """Worker start-up: load the spaCy model before the first unit arrives (once per process)."""
    if nlp:
        from storyline.nlp.model import get_nlp

        get_nlp()


class Pool:
    """A pool of `workers` spawned processes; at most two units per worker in flight.

    A worker that dies breaks the pool: its unit and those in flight end with BrokenProcessPool
    (given to `on_error`, or raised); what was written before stays, and a rerun resumes.
    """

    def __init__(self, workers: int, warm: bool = True) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=warm_worker, initargs=(warm,))

    def map(self, fn: Callable[[U], R], units: Iterable[U],
            on_error: Callable[[U, BaseException], R] | None = None) -> Iterator[R]:
        window: deque[tuple[U, Future[R]]] = deque()
        for unit in units:
            window.append((unit, self._pool.submit(fn, unit)))
            if len(window) >= 2 * self.workers:
                done, future = window.popleft()
                yield settle(done, future.result, on_error)
        while window:
            done, future = window.popleft()
            yield settle(done, future.result, on_error)

    def describe(self) -> str:
        return f"process pool of {self.workers}"

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
