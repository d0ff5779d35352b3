"""JSONL and CSV corpora: field mapping, hints, bad rows, quoted newlines."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.ingest import iter_documents, parse_mapping
from storyline.model import RawDocument

from .helpers import docs, split


def _jsonl(path: Path, *rows: object) -> str:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_jsonl_default_mapping_uses_aliases(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "c.jsonl",
        {"headline": "Palmyra retaken", "content": "Troops entered the city.", "date": "2016-03-27",
         "author": "A. Writer; B. Writer", "link": "https://x.example/p", "extra": "ignored"},
        {"title": "Second", "text": "Body two", "authors": ["Ann", "Bob"], "id": 7},
    )
    first, second = docs(iter_documents([path]))
    assert first == RawDocument(
        path=path,
        data=b"Troops entered the city.",
        format="jsonl",
        locator="line=1",
        hints=(
            ("authors", "A. Writer; B. Writer"),
            ("published", "2016-03-27"),
            ("title", "Palmyra retaken"),
            ("url", "https://x.example/p"),
        ),
        url="https://x.example/p",
    )
    assert second.hints == (("authors", "Ann; Bob"), ("id", "7"), ("title", "Second"))
    assert second.url is None and second.name == f"{path}#line=2"


def test_jsonl_explicit_mapping(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "c.jsonl", {"hed": "Title here", "txt": "The body", "title": "not this", "when": "2016"})
    [doc] = docs(iter_documents([path], mapping=parse_mapping("title=hed,text=txt,published=when")))
    assert doc.data == b"The body"
    assert doc.hints == (("published", "2016"), ("title", "Title here"))


def test_jsonl_bad_lines_are_bad_rows_and_the_batch_goes_on(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "c.jsonl",
        {"text": "good one"},
        '{"text": "truncated li',
        "[1, 2, 3]",
        "",
        {"title": "no body here"},
        {"text": "good two"},
    )
    got, failed = split(iter_documents([path, _jsonl(tmp_path / "d.jsonl", {"text": "next file"})]))
    assert [d.data for d in got] == [b"good one", b"good two", b"next file"]
    assert [d.locator for d in got] == ["line=1", "line=6", "line=1"]
    assert [f.problem.code for f in failed] == ["bad_row"] * 3
    truncated, array, no_text = failed
    assert truncated.name == f"{path}#line=2"
    assert path in truncated.problem.message and "line 2" in truncated.problem.message
    assert "not valid JSON" in truncated.problem.message
    assert "line 3" in array.problem.message and "array, not an object" in array.problem.message
    assert "line 5" in no_text.problem.message and "text" in no_text.problem.message
    assert "'title'" in no_text.problem.message  # the keys found are named


def test_jsonl_mapped_column_missing_names_it(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "c.jsonl", {"text": "has text but not the mapped one"})
    [failure] = list(iter_documents([path], mapping={"text": "content"}))
    assert failure.problem.code == "bad_row"  # type: ignore[union-attr]
    assert "'content'" in failure.problem.message  # type: ignore[union-attr]


def test_csv_quoted_newlines_and_hints(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'title,text,published,authors,url\n'
        '"Palmyra, retaken","First paragraph.\n\nSecond, with ""quotes"".",2016-03-27,"A; B",https://x.example/1\n'
        'Short,Plain body,,,\n',
        encoding="utf-8",
    )
    first, second = docs(iter_documents([str(path)]))
    assert first.data == b'First paragraph.\n\nSecond, with "quotes".'
    assert first.locator == "row=1" and first.format == "csv"
    assert first.hints == (
        ("authors", "A; B"),
        ("published", "2016-03-27"),
        ("title", "Palmyra, retaken"),
        ("url", "https://x.example/1"),
    )
    assert first.url == "https://x.example/1"
    assert second.locator == "row=2" and second.hints == (("title", "Short"),) and second.url is None


def test_tsv_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_bytes("\ufeffheadline\tbody\nT\tThe body\n".encode())
    [doc] = docs(iter_documents([str(path)]))
    assert doc.data == b"The body" and doc.hints == (("title", "T"),)


def test_csv_header_missing_mapped_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("title,body\nT,B\n")
    [failure] = list(iter_documents([str(path)], mapping={"text": "article_text"}))
    assert failure.problem.code == "bad_row"  # type: ignore[union-attr]
    message = failure.problem.message  # type: ignore[union-attr]
    assert "'article_text'" in message and "'title', 'body'" in message and str(path) in message


def test_csv_short_row_is_bad_row_and_others_go_on(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("title,published,text\nA,2016,body A\nB\nC,2016,body C\n")
    got, failed = split(iter_documents([str(path)]))
    assert [d.data for d in got] == [b"body A", b"body C"]
    assert [d.locator for d in got] == ["row=1", "row=3"]
    [failure] = failed
    assert failure.name == f"{path}#row=2" and failure.problem.code == "bad_row"
    assert "'text'" in failure.problem.message and "columns found" in failure.problem.message
