"""Copy an archive between stores (SQLite to PostgreSQL or back), table by table, losslessly and idempotently."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from storyline.store import schema
from storyline.store.base import Store


@dataclass(frozen=True)
class CopyResult:
    """Rows each table held in the source and how many of them were new in the destination."""

    table: str
    source_rows: int
    new_rows: int


def copy_store(src: Store, dst: Store, on_table: Callable[[CopyResult], None] | None = None) -> list[CopyResult]:
    """Every portable table of `src` into `dst`, in dependency order; rows already there are kept.

    Records, raw bytes, annotations (entity ids included), stories and the clusterer's state move
    as they are, so ingest and clustering continue on `dst` where they stopped on `src`; the
    destination builds its own search index from the copied records. Each table is one
    transaction: an interrupted copy can simply be run again.
    """
    results = []
    for table in schema.TABLES:
        seen = [0]
        new = dst.load(table.name, _counted(src.dump(table.name), seen))
        results.append(CopyResult(table.name, seen[0], new))
        if on_table:
            on_table(results[-1])
    return results


def _counted(rows: Iterator[tuple[Any, ...]], seen: list[int]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        seen[0] += 1
        yield row
