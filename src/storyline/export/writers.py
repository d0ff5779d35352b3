"""Write export rows as CSV, JSON Lines or Parquet, streaming, with columns taken from the row type."""

from __future__ import annotations

import csv
import json
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import IO, Any

FORMATS = ("csv", "jsonl", "parquet")
ROW_GROUP = 10_000  # most Parquet rows per row group (and per batch held in memory)
GROUP_CHARS = 8_000_000  # most characters of text per row group: long bodies make smaller groups


@dataclass(frozen=True)
class Column:
    """One column: its name and its type (str, int, float, bool, or a list of str), and whether it can be empty."""

    name: str
    kind: type
    is_list: bool
    nullable: bool


def columns(row_type: type) -> tuple[Column, ...]:
    """The columns of a row dataclass, in field order, from its type annotations."""
    hints = typing.get_type_hints(row_type)
    return tuple(_column(f.name, hints[f.name]) for f in fields(row_type))


def _column(name: str, hint: Any) -> Column:
    args = typing.get_args(hint)
    nullable = isinstance(hint, types.UnionType) and type(None) in args
    if nullable:
        (hint,) = [a for a in args if a is not type(None)]
    if typing.get_origin(hint) is tuple:
        return Column(name, typing.get_args(hint)[0], True, nullable)
    if hint not in (str, int, float, bool):
        raise TypeError(f"export column {name!r} has an unsupported type {hint!r}")
    return Column(name, hint, False, nullable)


def _plain(row: Any, cols: tuple[Column, ...]) -> dict[str, Any]:
    out = {}
    for c in cols:
        value = getattr(row, c.name)
        out[c.name] = list(value) if c.is_list else value
    return out


def write_jsonl(rows: Iterable[Any], row_type: type, out: IO[str]) -> int:
    """One JSON object per line; list columns are JSON arrays. Returns the number of rows."""
    cols, n = columns(row_type), 0
    for row in rows:
        out.write(json.dumps(_plain(row, cols), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[Any], row_type: type, out: IO[str]) -> int:
    """A header line, then one line per row; an empty cell is None, list columns are JSON arrays."""
    cols, n = columns(row_type), 0
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in cols])
    for row in rows:
        writer.writerow([_cell(getattr(row, c.name), c) for c in cols])
        n += 1
    return n


def _cell(value: Any, col: Column) -> Any:
    if value is None:
        return ""
    if col.is_list:
        return json.dumps(list(value), ensure_ascii=False)
    return value


def arrow_schema(row_type: type) -> Any:
    """The pyarrow schema of a row type (lists of strings as list<string>)."""
    import pyarrow as pa

    scalar = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    return pa.schema([
        pa.field(c.name, pa.list_(scalar[c.kind]) if c.is_list else scalar[c.kind], nullable=c.nullable or c.is_list)
        for c in columns(row_type)
    ])


def batches(rows: Iterable[Any], row_type: type, size: int = ROW_GROUP, chars: int = GROUP_CHARS) -> Iterator[Any]:
    """pyarrow Tables of at most `size` rows or about `chars` characters of text each (at least one
    table, possibly empty): memory follows the group, never the archive or the length of a body."""
    import pyarrow as pa

    cols, schema = columns(row_type), arrow_schema(row_type)
    texts = [c.name for c in cols if c.kind is str and not c.is_list]
    chunk: list[dict[str, Any]] = []
    held, tables = 0, 0
    for row in rows:
        chunk.append(_plain(row, cols))
        held += sum(len(getattr(row, name) or "") for name in texts)
        if len(chunk) >= size or held >= chars:
            yield pa.Table.from_pylist(chunk, schema=schema)
            chunk, held, tables = [], 0, tables + 1
    if chunk or not tables:
        yield pa.Table.from_pylist(chunk, schema=schema)


def write_parquet(rows: Iterable[Any], row_type: type, path: str) -> int:
    """A Parquet file at `path` (a local path or any fsspec URL), one row group per ROW_GROUP rows."""
    import fsspec
    import pyarrow.parquet as pq

    n = 0
    with fsspec.open(path, "wb") as f, pq.ParquetWriter(f, arrow_schema(row_type)) as writer:
        for table in batches(rows, row_type):
            writer.write_table(table)
            n += table.num_rows
    return n


def to_pandas(rows: Iterable[Any], row_type: type) -> Any:
    """A pandas DataFrame of the rows, with the same columns and types as the Parquet export.

    Raises ImportError naming the extra to install when pandas is missing."""
    import pyarrow as pa

    try:
        import pandas  # noqa: F401 - pyarrow's to_pandas needs it
    except ImportError as exc:
        raise ImportError("storyline.dataframe needs pandas: pip install 'storyline[analysis]'") from exc
    return pa.concat_tables(list(batches(rows, row_type))).to_pandas()
