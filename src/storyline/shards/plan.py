"""Plan a corpus into shards: groups of small files, line ranges of big JSONL files, one file for other corpora."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from storyline.errors import UsageError
from storyline.ingest import iter_documents, read_lines
from storyline.ingest.paths import WalkError, iter_files, resolve
from storyline.ingest.streams import format_from_name, split_gz
from storyline.model import Failure, RawDocument
from storyline.settings import Settings

_COUNT_CHUNK = 1 << 20
_CSV_FIELD_LIMIT = 1 << 30


@dataclass(frozen=True)
class Shard:
    """A picklable unit of work that a worker reads itself: whole files, or lines of one JSONL file."""

    files: tuple[str, ...]
    lines: tuple[int, int] | None = None  # [first, stop), 1-based, of files[0]

    @property
    def name(self) -> str:
        """Deterministic: the same files and line range give the same name, so a rerun finds its output."""
        spec = json.dumps([self.files, self.lines], ensure_ascii=False).encode("utf-8", "surrogateescape")
        return "shard-" + hashlib.sha256(spec).hexdigest()[:16]

    def describe(self) -> str:
        if self.lines:
            return f"{self.files[0]} lines {self.lines[0]}-{self.lines[1] - 1}"
        return self.files[0] if len(self.files) == 1 else f"{len(self.files)} files from {self.files[0]}"

    def read(self, mapping: Mapping[str, str] | None, settings: Settings) -> Iterator[RawDocument | Failure]:
        if self.lines:
            return read_lines(self.files[0], self.lines, mapping, settings)
        return iter_documents(list(self.files), mapping, settings)


def plan(paths: Sequence[str], docs_per_shard: int) -> list[Shard]:
    """The shards of `paths` (files, folders, globs; no stdin), in the order ingest would read them.

    Single documents (HTML, text) are grouped `docs_per_shard` files to a shard; an uncompressed
    JSONL file is cut into ranges of `docs_per_shard` lines; any other corpus file (CSV, WARC,
    compressed) is a shard of its own.
    """
    if any(p == "-" for p in paths):
        raise UsageError("process reads files, not stdin: give paths (workers read their shards themselves)")
    shards: list[Shard] = []
    group: list[str] = []
    for item in iter_files(resolve(paths)):
        path = item.path
        kind = _kind(path) if not isinstance(item, WalkError) else "corpus"  # a folder that cannot be listed
        if kind == "single":
            group.append(path)
            if len(group) == docs_per_shard:
                shards.append(Shard(tuple(group)))
                group = []
            continue
        if kind == "jsonl":
            shards += [Shard((path,), r) for r in _line_ranges(path, docs_per_shard)]
        else:
            shards.append(Shard((path,)))
    if group:
        shards.append(Shard(tuple(group)))
    return shards


def expected_documents(paths: Sequence[str]) -> int | None:
    """How many documents `paths` hold, counted before reading them (for a progress total): one per
    single file, the lines of a JSONL file, the rows of a CSV file; None when one input cannot be
    counted without reading it through (stdin, WARC, anything compressed)."""
    if any(p == "-" for p in paths):
        return None
    total = 0
    for item in iter_files(resolve(paths)):
        if isinstance(item, WalkError):
            continue  # reported by the reader, as a failure
        kind = _kind(item.path)
        if kind == "single":
            total += 1
        elif kind == "jsonl":
            total += _count_or_zero(item.path, _count_lines)
        elif format_from_name(item.path) == "csv":
            total += _count_or_zero(item.path, _count_rows)
        else:
            return None
    return total


def _count_or_zero(path: str, count: Callable[[str], int]) -> int:
    try:
        return count(path)
    except OSError:
        return 0  # the reader reports the problem


def _count_rows(path: str) -> int:
    """CSV records after the header (quoted newlines inside a field do not start a record)."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))  # news bodies outgrow the default
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


def _kind(path: str) -> str:
    base, gz = split_gz(path)
    fmt = format_from_name(base)
    if fmt in (None, "html", "text") and not gz:
        return "single"
    return "jsonl" if fmt == "jsonl" and not gz else "corpus"


def _line_ranges(path: str, size: int) -> list[tuple[int, int]]:
    """[first, stop) ranges of `size` lines covering the file (a last line without newline counts)."""
    try:
        count = _count_lines(path)
    except OSError:
        return [(1, 2**62)]  # the reader reports the problem
    return [(first, first + size) for first in range(1, max(count, 1) + 1, size)]


def _count_lines(path: str) -> int:
    lines, last = 0, b"\n"
    with open(path, "rb") as f:
        while block := f.read(_COUNT_CHUNK):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (0 if last == b"\n" else 1) if os.path.getsize(path) else 0
