"""What the shared SQL query layer needs from a back-end's connection: an executor and its dialect."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Dialect:
    """The few spellings that differ between SQLite and PostgreSQL in the shared queries."""

    #: Case-insensitive LIKE (SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE).
    ilike: str
    #: A case-insensitive equality `{col} = ?`.
    nocase_eq: str
    #: True when `{col}` holds no space.
    no_space: str
    #: Ends a subquery the planner must run as written, not merge into the outer query; empty where
    #: the planner already picks the few rows an indexed filter names before sorting them (SQLite).
    fence: str
    #: Quotes oldest first, undated last, in the form the back-end's index serves.
    quote_order: str


SQLITE = Dialect(ilike="LIKE", nocase_eq="{col} = ? COLLATE NOCASE", no_space="instr({col}, ' ') = 0", fence="",
                 quote_order="q.published IS NULL, q.published, q.article_id, q.idx")
POSTGRES = Dialect(ilike="ILIKE", nocase_eq="lower({col}) = lower(?)", no_space="strpos({col}, ' ') = 0", fence="OFFSET 0",
                   quote_order="q.published ASC NULLS LAST, q.article_id, q.idx")

Params = Sequence[Any]


class Executor(Protocol):
    """One connection's statements, written with `?` placeholders (a back-end translates them)."""

    dialect: Dialect

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...

    def row(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None: ...

    def run(self, sql: str, params: Params = ()) -> int:
        """Execute one statement; return the number of rows it changed."""
        ...

    def run_many(self, sql: str, seq: Sequence[Params]) -> None: ...

    def stream(self, sql: str, params: Params = ()) -> Iterator[tuple[Any, ...]]:
        """Rows one at a time, for listings too big to hold."""
        ...

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> None:
        """Plain inserts of many rows (no conflict handling: the caller knows the keys are new)."""
        ...


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """`INSERT INTO table ("a", "b") VALUES (?, ?)`."""
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({marks(len(columns))})"


def marks(n: int) -> str:
    """`?, ?, ...` for an IN list of n items."""
    return ", ".join("?" * n)


def chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` items (IN lists stay under every back-end's parameter limit)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
