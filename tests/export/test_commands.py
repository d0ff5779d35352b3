"""`storyline export`: each format to a file or stdout, filters, clear errors, the README lists every column."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.export.rows import ROW_TYPES
from storyline.export.writers import columns

from ..web.fixture_store import FILLERS, build

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, dict[str, str | None]]:
    path = str(tmp_path / "x.db")
    return path, build(path)


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, ["export", *args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_quotes_of_a_speaker_to_parquet(db: tuple[str, dict[str, str | None]], tmp_path: Path) -> None:
    out = tmp_path / "putin.parquet"
    code, _, err = run("quotes", "--db", db[0], "--speaker", "Putin", "--out", str(out))
    assert code == 0 and "1 quotes row(s) written" in err
    table = pq.read_table(out)
    assert table.num_rows == 1
    assert table.column("speaker_name").to_pylist() == ["Vladimir Putin"]


def test_articles_as_jsonl_on_stdout_and_csv_file(db: tuple[str, dict[str, str | None]], tmp_path: Path) -> None:
    code, out, _ = run("articles", "--db", db[0])
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == 4 + FILLERS and all(isinstance(x["authors"], list) for x in lines)
    target = tmp_path / "march.csv"
    code, _, _ = run("articles", "--db", db[0], "--from", "2016-03-27", "--to", "2016-03-28", "-o", str(target))
    table = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert code == 0 and {r["id"] for r in table} == {db[1]["palmyra"], db[1]["putin"]}


def test_timeline_of_a_story_and_gzip(db: tuple[str, dict[str, str | None]], tmp_path: Path) -> None:
    import gzip

    target = tmp_path / "t.jsonl.gz"
    code, _, _ = run("timelines", "--db", db[0], "--story", str(db[1]["story"]), "--out", str(target))
    events = [json.loads(x) for x in gzip.decompress(target.read_bytes()).decode().splitlines()]
    assert code == 0 and [e["date"] for e in events] == ["2016-03-27", "2016-03-28"]


def test_errors_are_one_line_usage_errors(db: tuple[str, dict[str, str | None]], tmp_path: Path) -> None:
    code, _, err = run("quotes", "--db", db[0], "--format", "parquet")
    assert code == 2 and "parquet needs a file" in err
    code, _, err = run("entities", "--db", db[0], "--speaker", "x")
    assert code == 2 and "cannot be filtered by --speaker" in err
    code, _, err = run("quotes", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and "does not exist" in err
    code, _, err = run("people", "--db", db[0])
    assert code == 2 and "people" in err


def test_readme_documents_every_export_column() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Export columns"):]
    for kind, row_type in ROW_TYPES.items():
        block = re.search(rf"^`{kind}`: (.+?)(?:\n\n|\Z)", section, re.M | re.S)
        assert block, f"README has no column list for {kind}"
        listed = re.findall(r"`(\w+)`", block.group(1))
        assert listed == [c.name for c in columns(row_type)], kind
