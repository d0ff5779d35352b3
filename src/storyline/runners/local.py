"""Runners on this machine: in this process, or a pool of spawned processes that each load the model once."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TypeVar

from storyline.runners.base import settle, windowed

U = TypeVar("U")
R = TypeVar("R")
#: How often a pool worker checks that the process that started it is still there.
PARENT_CHECK_SECONDS = 1.0


class InProcess:
    """Runs every unit here, one after the other."""

    workers = 1
    in_process = True

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


def _start_pool_worker(nlp: bool, parent: int) -> None:
    """A pool worker exits when its parent is gone (killed, say): its siblings keep the task pipe
    open, so it would otherwise wait on it for ever."""
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="storyline-parent-watch").start()
    warm_worker(nlp)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


class Pool:
    """A pool of `workers` spawned processes; at most two units per worker in flight.

    A worker that dies breaks the pool: its unit and those in flight end with BrokenProcessPool
    (given to `on_error`, or raised); what was written before stays, and a rerun resumes.
    """

    in_process = False

    def __init__(self, workers: int, warm: bool = True) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start_pool_worker, initargs=(warm, os.getpid()))

    def map(self, fn: Callable[[U], R], units: Iterable[U],
            on_error: Callable[[U, BaseException], R] | None = None) -> Iterator[R]:
        return windowed(lambda unit: self._pool.submit(fn, unit), units, 2 * self.workers, on_error)

    def describe(self) -> str:
        return f"process pool of {self.workers}"

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
