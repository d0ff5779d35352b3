"""Readers: one stream in, RawDocuments (or per-row Failures) out, record by record."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from storyline.ingest.csvrecords import CsvRecords
from storyline.ingest.mapping import as_text, describe_text_column, resolve_columns, row_document
from storyline.model import Failure, Problem, RawDocument

_READ_CHUNK = 1 << 20


class Progress:
    """Where a reader is in its file, so a file-level failure can say where reading stopped."""

    def __init__(self) -> None:
        self.where: str | None = None

    def after(self) -> str:
        return f" after {self.where}" if self.where else ""


def too_large(name: str, size: int | None, limit: int, what: str = "document") -> Failure:
    amount = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return Failure(name, Problem("too_large", f"{name}: {what} of {amount} exceeds max-document-bytes {limit:,}"))


def bad_row(name: str, message: str) -> Failure:
    return Failure(name, Problem("bad_row", f"{name}: {message}"))


def read_single(
    path: str, stream: io.BufferedReader, fmt: str, limit: int
) -> Iterator[RawDocument | Failure]:
    """The whole stream as one document; reads at most limit+1 bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield too_large(path, None, limit)
        return
    yield RawDocument(path=path, data=data, format="html" if fmt == "html" else "auto")


def _lines(stream: io.BufferedReader, max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; line is None for a line longer than max_line (skipped, not kept)."""
    n = 0
    while True:
        line = stream.readline(max_line + 1)
        if not line:
            return
        n += 1
        if len(line) > max_line and not line.endswith(b"\n"):
            while True:  # skip the rest of the oversized line without keeping it
                rest = stream.readline(_READ_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
        else:
            yield n, line


def read_jsonl(
    path: str, stream: io.BufferedReader, mapping: Mapping[str, str] | None, limit: int, progress: Progress,
    lines: tuple[int, int] | None = None,
) -> Iterator[RawDocument | Failure]:
    """One document per JSON-object line (of lines [first, stop) only, when given). Bad lines become
    bad_row failures; the file goes on."""
    # JSON escaping (\\uXXXX, \\n) can make a line much longer than the text it holds.
    max_line = 2 * limit + 64 * 1024
    first, stop = lines or (1, None)
    for n, line in _lines(stream, max_line):
        if n < first:
            continue
        if stop is not None and n >= stop:
            return
        name = f"{path}#line={n}"
        progress.where = f"line {n}"
        if line is None:
            yield too_large(name, None, max_line, what="line")
            continue
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        text_line = line.decode("utf-8", "replace").strip()
        if not text_line:
            continue
        try:
            obj: Any = json.loads(text_line)
        except json.JSONDecodeError as exc:
            cut = exc.pos >= len(text_line) - 1 or exc.msg.startswith("Unterminated")
            hint = ", truncated?" if cut else ""
            yield bad_row(name, f"line {n} is not valid JSON ({exc.msg}, column {exc.colno}{hint})")
            continue
        except RecursionError:
            yield bad_row(name, f"line {n} is JSON nested too deeply to read")
            continue
        if not isinstance(obj, dict):
            yield bad_row(name, f"line {n} is a JSON {_json_type(obj)}, not an object")
            continue
        keys = [k for k in obj]
        columns = resolve_columns(keys, mapping)
        values = {f: as_text(obj.get(c), f) for f, c in columns.items()}
        text = values.get("text")
        if "text" not in columns:
            yield bad_row(name, f"line {n} has no {describe_text_column(mapping)}; keys found: {_list(keys)}")
            continue
        if text is None:
            raw_value = obj.get(columns["text"])
            if raw_value is not None and not isinstance(raw_value, str | list):
                yield bad_row(name, f"line {n}: {columns['text']!r} holds a JSON {_json_type(raw_value)}, not text")
                continue
            text = ""
        doc = row_document(path, "jsonl", f"line={n}", values, text, original=line)
        if len(doc.data) > limit:
            yield too_large(name, len(doc.data), limit, what="row text")
            continue
        yield doc


def read_csv(
    path: str,
    stream: io.BufferedReader,
    mapping: Mapping[str, str] | None,
    limit: int,
    progress: Progress,
    delimiter: str = ",",
) -> Iterator[RawDocument | Failure]:
    """One document per row after the header row; quoted fields may span lines.

    Records are cut from the bytes before they are parsed: one longer than 2 * limit + 64 KiB
    (quote doubling and the other columns on top of the text) is skipped without being held, and
    becomes a too_large failure; the rows after it are read as usual.
    """
    max_record = 2 * limit + 64 * 1024
    if csv.field_size_limit() < max_record + 1:
        csv.field_size_limit(max_record + 1)
    records = CsvRecords(stream, delimiter, max_record)
    rows = iter(records)
    progress.where = "the header row"
    first = next(rows, b"")
    if first is None:
        yield _record_too_large(f"{path}#header", "the header row", records.line, limit, max_record)
        return
    if not first:
        return
    try:
        header = _parse_record(first.removeprefix(b"\xef\xbb\xbf"), delimiter)
    except csv.Error as exc:
        yield bad_row(f"{path}#header", f"header row cannot be read: {exc}")
        return
    header = [h.strip() for h in header]
    columns = resolve_columns(header, mapping)
    if "text" not in columns:
        yield bad_row(f"{path}#header", f"header has no {describe_text_column(mapping)}; columns found: {_list(header)}")
        return
    index = {f: header.index(c) for f, c in columns.items()}
    text_col = columns["text"]
    for n, record in enumerate(rows, start=1):
        progress.where = f"row {n}"
        name = f"{path}#row={n}"
        if record is None:
            yield _record_too_large(name, f"row {n}", records.line, limit, max_record)
            continue
        try:
            row = _parse_record(record, delimiter)
        except csv.Error as exc:
            yield bad_row(name, f"row {n} (line {records.line}) cannot be parsed: {exc}")
            continue
        if not row or all(not cell.strip() for cell in row):
            continue
        if index["text"] >= len(row):
            yield bad_row(
                name,
                f"row {n} (line {records.line}) has {len(row)} fields and no value for column "
                f"{text_col!r} (field text, column {index['text'] + 1}); columns found: {_list(header)}",
            )
            continue
        values = {f: as_text(row[i], f) if i < len(row) else None for f, i in index.items()}
        doc = row_document(path, "csv", f"row={n}", values, row[index["text"]], original=record)
        if len(doc.data) > limit:
            yield too_large(name, len(doc.data), limit, what="row text")
            continue
        yield doc


def _parse_record(record: bytes, delimiter: str) -> list[str]:
    """The fields of one record, as csv.reader reads them (undecodable bytes become U+FFFD)."""
    return next(csv.reader([record.decode("utf-8", "replace")], delimiter=delimiter), [])


def _record_too_large(name: str, what: str, line: int, limit: int, max_record: int) -> Failure:
    return Failure(name, Problem("too_large", (
        f"{name}: {what} (ending on line {line:,}) is longer than {max_record:,} bytes"
        f" (twice max-document-bytes {limit:,}, plus 64 KiB); skipped without being read whole"
    )))


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _list(names: list[str], most: int = 20) -> str:
    shown = ", ".join(repr(n) for n in names[:most])
    if len(names) > most:
        shown += f", ... ({len(names)} in all)"
    return shown or "(none)"
