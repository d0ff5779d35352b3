"""The runner seam: map a picklable function over picklable units of work, results in the units' order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

U = TypeVar("U")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Runner(Protocol):
    """Runs `fn` on each unit somewhere (this process, a pool, a cluster).

    `fn` and the units must pickle (module-level functions, frozen dataclasses).

    `map` is lazy and bounded: it keeps at most a few units per worker in flight, so a stream of
    any length runs in constant memory, and it yields results in the order of the units.
    """

    #: Processes doing the work (1 for in-process).
    workers: int
    #: Whether `fn` runs in the caller's process (so it may report progress through a callback).
    in_process: bool

    def map(self, fn: Callable[[U], R], units: Iterable[U],
            on_error: Callable[[U, BaseException], R] | None = None) -> Iterator[R]:
        """`fn(unit)` for each unit; a unit whose run raised (or whose worker died, past the
        engine's retries) gives `on_error(unit, error)`, or stops the map with that error."""
        ...

    def describe(self) -> str:
        """One line for the log: which engine, how many workers, and where (a dashboard link if any)."""
        ...

    def close(self) -> None: ...


def settle(unit: U, run: Callable[[], R], on_error: Callable[[U, BaseException], R] | None) -> R:
    """`run()`, or `on_error(unit, error)` if it raised and there is an `on_error`."""
    if on_error is None:
        return run()
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - the caller asked to turn a unit's error into a result
        return on_error(unit, exc)


class Pending(Protocol[R_co]):
    """A submitted unit's future (concurrent.futures or Dask): its result, or the error it raised."""

    def result(self) -> R_co: ...


def windowed(submit: Callable[[U], Pending[R]], units: Iterable[U], size: int,
             on_error: Callable[[U, BaseException], R] | None) -> Iterator[R]:
    """Submit units keeping at most `size` in flight; results in the units' order (see `settle`)."""
    window: deque[tuple[U, Pending[R]]] = deque()
    for unit in units:
        window.append((unit, submit(unit)))
        if len(window) >= size:
            done, future = window.popleft()
            yield settle(done, future.result, on_error)
    while window:
        done, future = window.popleft()
        yield settle(done, future.result, on_error)
