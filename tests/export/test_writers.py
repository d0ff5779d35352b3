"""Export writers: CSV, JSON Lines and Parquet carry the same rows and columns; columns come from types."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from storyline.export.writers import batches, columns, write_csv, write_jsonl, write_parquet


@dataclass(frozen=True)
class Row:
    id: str
    score: float
    count: int
    note: str | None
    tags: tuple[str, ...]


ROWS = [Row("a", 1.5, 2, None, ("x", "y, z")), Row("é\"b", -0.0, 0, "line\nbreak", ())]


def test_columns_follow_the_annotations() -> None:
    cols = columns(Row)
    assert [(c.name, c.kind, c.is_list, c.nullable) for c in cols] == [
        ("id", str, False, False), ("score", float, False, False), ("count", int, False, False),
        ("note", str, False, True), ("tags", str, True, False)]

    @dataclass(frozen=True)
    class Bad:
        blob: bytes

    with pytest.raises(TypeError, match="blob"):
        columns(Bad)


def test_jsonl_and_csv_round_trip() -> None:
    out = io.StringIO()
    assert write_jsonl(ROWS, Row, out) == 2
    back = [json.loads(line) for line in out.getvalue().splitlines()]
    assert back[0] == {"id": "a", "score": 1.5, "count": 2, "note": None, "tags": ["x", "y, z"]}
    out = io.StringIO()
    assert write_csv(ROWS, Row, out) == 2
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert table[0]["note"] == "" and json.loads(table[0]["tags"]) == ["x", "y, z"]
    assert table[1]["id"] == 'é"b' and table[1]["note"] == "line\nbreak"


def test_parquet_in_row_groups(tmp_path: Path) -> None:
    many = [Row(str(i), float(i), i, None, (str(i),)) for i in range(25)]
    assert [t.num_rows for t in batches(many, Row, size=10)] == [10, 10, 5]
    assert [t.num_rows for t in batches(many[:20], Row, size=10)] == [10, 10]  # no empty group at the end
    long = [Row(str(i), 0.0, i, "x" * 1000, ()) for i in range(25)]
    assert [t.num_rows for t in batches(long, Row, size=10, chars=3000)] == [3] * 8 + [1]  # long text: small groups
    path = tmp_path / "rows.parquet"
    assert write_parquet(iter(many), Row, str(path)) == 25
    table = pq.read_table(path)
    assert table.column_names == ["id", "score", "count", "note", "tags"]
    assert table.column("tags").to_pylist()[3] == ["3"] and table.num_rows == 25


def test_an_empty_export_still_has_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert write_parquet([], Row, str(path)) == 0
    assert pq.read_table(path).column_names == ["id", "score", "count", "note", "tags"]
    out = io.StringIO()
    write_csv([], Row, out)
    assert out.getvalue() == "id,score,count,note,tags\n"
