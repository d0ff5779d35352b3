"""Planning shards: small files grouped, big JSONL files cut into line ranges, names that a rerun finds again."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyline.errors import UsageError
from storyline.ingest import read_lines
from storyline.model import RawDocument
from storyline.shards.plan import Shard, expected_documents, plan


def _corpus(tmp_path: Path) -> Path:
    for i in range(5):
        (tmp_path / f"doc{i}.txt").write_text(f"Title {i}\n\nBody {i}.", encoding="utf-8")
    rows = [json.dumps({"title": f"Row {i}", "text": f"Text of row {i}."}) for i in range(7)]
    (tmp_path / "big.jsonl").write_text("\n".join(rows), encoding="utf-8")  # no newline after the last row
    (tmp_path / "rows.csv").write_text("title,text\nA,alpha text\n", encoding="utf-8")
    return tmp_path


def test_files_are_grouped_jsonl_is_cut_other_corpora_stay_whole(tmp_path: Path) -> None:
    shards = plan([str(_corpus(tmp_path))], docs_per_shard=3)
    jsonl = [s for s in shards if s.lines]
    assert [s.lines for s in jsonl] == [(1, 4), (4, 7), (7, 10)]
    singles = [s for s in shards if not s.lines and s.files[0].endswith(".txt")]
    assert [len(s.files) for s in singles] == [3, 2]
    assert [s.files for s in shards if s.files[0].endswith(".csv")] == [(str(tmp_path / "rows.csv"),)]


def test_names_are_deterministic_and_differ_by_content(tmp_path: Path) -> None:
    first = [s.name for s in plan([str(_corpus(tmp_path))], 3)]
    assert first == [s.name for s in plan([str(tmp_path)], 3)]
    assert len(set(first)) == len(first)
    assert Shard(("a",), (1, 4)).name != Shard(("a",), (4, 7)).name


def test_line_ranges_read_exactly_their_lines(tmp_path: Path) -> None:
    path = str(_corpus(tmp_path) / "big.jsonl")
    docs = [d for r in [(1, 4), (4, 7), (7, 10)] for d in read_lines(path, r)]
    assert all(isinstance(d, RawDocument) for d in docs)
    assert [d.locator for d in docs if isinstance(d, RawDocument)] == [f"line={n}" for n in range(1, 8)]


def test_stdin_cannot_be_sharded() -> None:
    with pytest.raises(UsageError, match="stdin"):
        plan(["-"], 10)


def test_expected_documents_counts_files_lines_and_rows(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.html").write_text("<p>two</p>")
    (tmp_path / "c.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n{"text": "z"}')  # no final newline
    (tmp_path / "d.csv").write_text('title,text\nA,"two\nlines"\nB,plain\n')
    assert expected_documents([str(tmp_path)]) == 2 + 3 + 2
    assert expected_documents([str(tmp_path / "d.csv")]) == 2
    (tmp_path / "e.jsonl.gz").write_bytes(gzip.compress(b'{"text": "q"}\n'))
    assert expected_documents([str(tmp_path)]) is None  # counting it would mean reading it through
    assert expected_documents(["-"]) is None
