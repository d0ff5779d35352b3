"""Size limits: big single documents are refused without being read; big rows fail alone."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from storyline.ingest import iter_documents
from storyline.settings import Settings

from .helpers import split


def test_sparse_200mb_file_is_too_large_without_reading(tmp_path: Path) -> None:
    for name in ("huge.txt", "huge.html", "huge.unknown"):
        path = tmp_path / name
        with open(path, "wb") as f:
            f.truncate(200 * 1024 * 1024)
    start = time.monotonic()
    items = list(iter_documents([str(tmp_path)]))
    assert time.monotonic() - start < 2.0
    assert [i.problem.code for i in items] == ["too_large"] * 3  # type: ignore[union-attr]
    assert "huge.html" in items[0].problem.message  # type: ignore[union-attr]
    assert "209,715,200 bytes" in items[0].problem.message  # type: ignore[union-attr]


def test_small_limit_applies_to_single_docs_gz_and_stdin(tmp_path: Path) -> None:
    settings = Settings(max_document_bytes=100)
    (tmp_path / "a.txt").write_bytes(b"x" * 101)
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(b"y" * 5000))
    (tmp_path / "c.txt").write_bytes(b"z" * 100)
    got, failed = split(iter_documents([str(tmp_path)], settings=settings))
    assert [f.problem.code for f in failed] == ["too_large", "too_large"]
    assert [d.data for d in got] == [b"z" * 100]


def test_big_row_fails_alone(tmp_path: Path) -> None:
    settings = Settings(max_document_bytes=1000)
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps({"text": t}) for t in ["small", "x" * 1500, "y" * 10_000, "after"]) + "\n"
    )
    csvf = tmp_path / "d.csv"
    csvf.write_text("text\nsmall\n" + "x" * 1500 + "\nafter\n")
    got, failed = split(iter_documents([str(jsonl), str(csvf)], settings=settings))
    assert [d.data for d in got] == [b"small", b"after", b"small", b"after"]
    assert [(f.name.rsplit("/", 1)[1], f.problem.code) for f in failed] == [
        ("c.jsonl#line=2", "too_large"),
        ("c.jsonl#line=3", "too_large"),
        ("d.csv#row=2", "too_large"),
    ]


def test_overlong_jsonl_line_is_skipped_without_keeping_it(tmp_path: Path) -> None:
    settings = Settings(max_document_bytes=1000)
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "z" * 300_000}) + "\n" + json.dumps({"text": "after"}) + "\n")
    got, failed = split(iter_documents([str(path)], settings=settings))
    assert [d.data for d in got] == [b"after"] and got[0].locator == "line=2"
    assert [(f.name, f.problem.code) for f in failed] == [(f"{path}#line=1", "too_large")]
