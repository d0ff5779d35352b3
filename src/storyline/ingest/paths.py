"""Input paths: files, folders (recursive), globs and "-" (stdin), resolved up front, walked lazily."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from storyline.errors import UsageError

STDIN = "-"
STDIN_NAME = "<stdin>"

_GLOB_MAGIC = re.compile(r"[*?[]")


@dataclass(frozen=True)
class Input:
    """One resolved command-line input: a file, a folder to walk, or stdin."""

    kind: str  # "file" | "dir" | "stdin"
    path: str


@dataclass(frozen=True)
class WalkError:
    """A folder that could not be listed while walking."""

    path: str
    error: OSError


def resolve(paths: Sequence[str]) -> list[Input]:
    """Check every path now (raising UsageError naming the first missing one); expand globs, sorted."""
    if isinstance(paths, str):
        paths = [paths]
    if not paths:
        raise UsageError("no input paths given (use - to read standard input)")
    out: list[Input] = []
    seen_stdin = False
    for p in paths:
        if p == STDIN:
            if seen_stdin:
                raise UsageError("standard input (-) given more than once")
            seen_stdin = True
            out.append(Input("stdin", STDIN))
        elif os.path.lexists(p):
            out.append(Input("dir" if os.path.isdir(p) else "file", p))
        elif _GLOB_MAGIC.search(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise UsageError(f"no files match {p!r}")
            out.extend(Input("dir" if os.path.isdir(m) else "file", m) for m in matches)
        else:
            raise UsageError(f"no such file or directory: {p!r}")
    return out


def iter_files(inputs: Sequence[Input]) -> Iterator[Input | WalkError]:
    """Files to read, in order: folders walked recursively and sorted, hidden entries skipped.

    A file reached twice (a folder and a glob overlapping) is read once.
    """
    seen: set[str] = set()
    for item in inputs:
        if item.kind == "dir":
            for entry in _walk(item.path, set()):
                if isinstance(entry, WalkError) or _first_time(entry, seen):
                    yield entry if isinstance(entry, WalkError) else Input("file", entry)
        elif item.kind == "stdin" or _first_time(item.path, seen):
            yield item


def _first_time(path: str, seen: set[str]) -> bool:
    key = os.path.realpath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(top: str, visited: set[str]) -> Iterator[str | WalkError]:
    """Non-hidden files under `top`, depth first in name order; symlinked folders followed once."""
    real = os.path.realpath(top)
    if real in visited:
        return
    visited.add(real)
    try:
        with os.scandir(top) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield WalkError(top, exc)
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(entry.path, visited)
        else:
            yield entry.path
