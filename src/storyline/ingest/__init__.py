"""Ingest: find documents in files, folders, corpora and archives, and yield them raw."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import BinaryIO

from storyline.ingest.mapping import ROW_FIELDS, check_mapping, parse_mapping
from storyline.ingest.meter import ByteMeter
from storyline.ingest.paths import STDIN_NAME, Input, WalkError, iter_files, resolve
from storyline.ingest.readers import Progress, read_csv, read_jsonl, read_single, too_large
from storyline.ingest.streams import (
    ARCHIVE_ERRORS,
    GZIP_MAGIC,
    WARC_MAGIC,
    ArchiveLimitError,
    format_from_name,
    head,
    open_gzip,
    peekable,
    sniff,
    split_gz,
)
from storyline.ingest.warc import read_warc
from storyline.model import Failure, Problem, RawDocument
from storyline.settings import Settings

__all__ = ["ROW_FIELDS", "ByteMeter", "iter_documents", "parse_mapping", "read_lines"]

#: Lines [first, stop) of a JSONL file, 1-based.
Lines = tuple[int, int]


def iter_documents(
    paths: Sequence[str],
    mapping: Mapping[str, str] | None = None,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
    meter: ByteMeter | None = None,
) -> Iterator[RawDocument | Failure]:
    """Every document under `paths`, streamed: RawDocuments, or Failures for what cannot be read.

    `paths` holds files, folders (walked recursively in sorted order, hidden entries skipped),
    glob patterns and "-" for stdin (`stdin`, default sys.stdin.buffer). All paths are checked
    when this is called: a missing one raises UsageError before anything is read. Files are then
    opened one at a time; corpora (JSONL, CSV, WARC) are read record by record.

    `mapping` (field -> column, see parse_mapping) says which corpus column holds which record
    field; fields it does not name are found by the default aliases in data/field_aliases.json.
    `meter`, when given, follows the bytes read (see ByteMeter).
    """
    settings = settings or Settings()
    checked = check_mapping(mapping) if mapping else None
    inputs = resolve(paths)
    return _documents(inputs, checked, settings, stdin, meter or ByteMeter())


def _documents(
    inputs: list[Input], mapping: dict[str, str] | None, settings: Settings, stdin: BinaryIO | None,
    meter: ByteMeter,
) -> Iterator[RawDocument | Failure]:
    for item in iter_files(inputs):
        if isinstance(item, WalkError):
            yield Failure(item.path, Problem("unreadable", f"{item.path}: folder cannot be listed ({item.error})"))
        elif item.kind == "stdin":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, mapping, settings)
        else:
            yield from _read_file(item.path, mapping, settings, meter=meter)


def read_lines(path: str, lines: Lines, mapping: Mapping[str, str] | None = None,
               settings: Settings | None = None) -> Iterator[RawDocument | Failure]:
    """The documents of lines [first, stop) of one uncompressed JSONL file (a shard of a big corpus file).

    Earlier lines are skipped unparsed; reading stops at `stop`. Locators keep the file's own line numbers.
    """
    checked = check_mapping(mapping) if mapping else None
    return _read_file(path, checked, settings or Settings(), lines)


def _read_file(path: str, mapping: dict[str, str] | None, settings: Settings,
               lines: Lines | None = None, meter: ByteMeter | None = None) -> Iterator[RawDocument | Failure]:
    limit = settings.max_document_bytes
    base, gz = split_gz(path)
    fmt = format_from_name(base)
    progress, size = Progress(), 0
    meter = meter or ByteMeter()
    try:
        size = os.stat(path).st_size
        if not gz and fmt in ("html", "text") and size > limit:
            yield too_large(path, size, limit)  # never opened, never read
            return
        with open(path, "rb") as raw:
            meter.start(raw)
            stream = peekable(raw)
            if gz or head(stream, 2) == GZIP_MAGIC:
                if head(stream, 2) != GZIP_MAGIC:
                    yield Failure(path, Problem("bad_archive", f"{path}: not a gzip file (no gzip header)"))
                    return
                stream = _gunzip(stream, settings)
            elif fmt is None and size > limit:
                fmt = sniff(head(stream)) or "text"
                if fmt == "text":
                    yield too_large(path, size, limit)
                    return
            yield from _read_stream(path, stream, fmt, mapping, limit, progress, lines)
    except ArchiveLimitError as exc:
        yield _over_cap(path, exc, progress)
    except ARCHIVE_ERRORS as exc:
        yield Failure(path, Problem("bad_archive", f"{path}: archive unreadable{progress.after()} ({exc})"))
    except OSError as exc:
        yield Failure(path, Problem("unreadable", f"{path}: cannot read{progress.after()} ({_os_error(exc)})"))
    finally:
        meter.finish(size)


def _read_stdin(
    source: BinaryIO, mapping: dict[str, str] | None, settings: Settings
) -> Iterator[RawDocument | Failure]:
    progress = Progress()
    try:
        stream = peekable(source)
        if head(stream, 2) == GZIP_MAGIC:
            stream = _gunzip(stream, settings)
        yield from _read_stream(STDIN_NAME, stream, None, mapping, settings.max_document_bytes, progress)
    except ArchiveLimitError as exc:
        yield _over_cap(STDIN_NAME, exc, progress)
    except ARCHIVE_ERRORS as exc:
        yield Failure(STDIN_NAME, Problem("bad_archive", f"{STDIN_NAME}: archive unreadable{progress.after()} ({exc})"))
    except OSError as exc:
        yield Failure(STDIN_NAME, Problem("unreadable", f"{STDIN_NAME}: cannot read{progress.after()} ({_os_error(exc)})"))


def _read_stream(
    path: str,
    stream: io.BufferedReader,
    fmt: str | None,
    mapping: dict[str, str] | None,
    limit: int,
    progress: Progress,
    lines: Lines | None = None,
) -> Iterator[RawDocument | Failure]:
    """Dispatch on the format (from the name, else sniffed from the first bytes); `lines` is for JSONL only."""
    if fmt is None:
        fmt = sniff(head(stream)) or "text"
    if fmt == "warc":
        first = head(stream, len(WARC_MAGIC)).lstrip()
        if first and not first.startswith(b"WARC/"):
            yield Failure(path, Problem("bad_archive", f"{path}: not a WARC file (no WARC/1.x header)"))
            return
        yield from read_warc(path, stream, limit, progress)
    elif fmt == "jsonl":
        yield from read_jsonl(path, stream, mapping, limit, progress, lines)
    elif lines is not None:
        yield Failure(path, Problem("unreadable", f"{path}: line ranges are for JSONL files, this is {fmt}"))
    elif fmt in ("csv", "tsv"):
        yield from read_csv(path, stream, mapping, limit, progress, delimiter="\t" if fmt == "tsv" else ",")
    else:
        yield from read_single(path, stream, fmt, limit)


def _gunzip(stream: io.BufferedReader, settings: Settings) -> io.BufferedReader:
    """The decompressed stream, capped by max-archive-bytes and max-compression-ratio."""
    return open_gzip(stream, settings.max_archive_bytes, settings.max_compression_ratio)


def _over_cap(name: str, exc: ArchiveLimitError, progress: Progress) -> Failure:
    where = progress.after() or " before the first document"
    return Failure(name, Problem("bad_archive", f"{name}: stopped reading{where}: the file {exc}"))


def _os_error(exc: OSError) -> str:
    return exc.strerror or str(exc)
