"""Runners on this machine: in this process, or a pool of spawned processes that each load the model once."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

U = TypeVar("U")
R = TypeVar("R")


class InProcess:
    """Runs every unit here, one after the other."""

    workers = 1

    def map(self, fn: Callable[[U], R], units: Iterable[U]) -> Iterator[R]:
        for unit in units:
            yield fn(unit)

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
    """A pool of `workers` spawned processes; at most two units per worker in flight."""

    def __init__(self, workers: int, warm: bool = True) -> None:
        self.workers = workers
        self._pool = multiprocessing.get_context("spawn").Pool(workers, initializer=warm_worker, initargs=(warm,))

    def map(self, fn: Callable[[U], R], units: Iterable[U]) -> Iterator[R]:
        window: deque[AsyncResult[Any]] = deque()
        for unit in units:
            window.append(self._pool.apply_async(fn, (unit,)))
            if len(window) >= 2 * self.workers:
                yield window.popleft().get()
        while window:
            yield window.popleft().get()

    def describe(self) -> str:
        return f"process pool of {self.workers}"

    def close(self) -> None:
        self._pool.close()
        self._pool.join()
