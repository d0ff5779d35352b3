"""The runner seam: map a picklable function over picklable units of work, results in the units' order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

U = TypeVar("U")
R = TypeVar("R")


class Runner(Protocol):
    """Runs `fn` on each unit somewhere (this process, a pool, a cluster).

    `map` is lazy and bounded: it keeps at most a few units per worker in flight, so a stream of
    any length runs in constant memory, and it yields results in the order of the units.
    """

    #: Processes doing the work (1 for in-process).
    workers: int

    def map(self, fn: Callable[[U], R], units: Iterable[U]) -> Iterator[R]: ...

    def describe(self) -> str:
        """One line for the log: which engine, how many workers, and where (a dashboard link if any)."""
        ...

    def close(self) -> None: ...
