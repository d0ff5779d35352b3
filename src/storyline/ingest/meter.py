"""ByteMeter: how many bytes of its input files ingest has read, for a progress bar when documents cannot be counted first."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import BinaryIO

from storyline.ingest.paths import WalkError, iter_files, resolve


class ByteMeter:
    """Bytes read so far: the sizes of the files finished plus the position in the open one.

    For a compressed file the position is in the compressed bytes, so the total to compare with is
    the files' sizes on disk (`input_bytes`)."""

    def __init__(self) -> None:
        self._finished = 0
        self._open: BinaryIO | None = None

    def start(self, file: BinaryIO) -> None:
        self._open = file

    def finish(self, size: int) -> None:
        self._finished += size
        self._open = None

    @property
    def read(self) -> int:
        here = 0
        if self._open is not None and not self._open.closed:
            here = self._open.tell()
        return self._finished + here


def input_bytes(paths: Sequence[str]) -> int | None:
    """The total size on disk of the files under `paths` (None when one is stdin, which has no size)."""
    if any(p == "-" for p in paths):
        return None
    total = 0
    for item in iter_files(resolve(paths)):
        if isinstance(item, WalkError):
            continue
        try:
            total += os.stat(item.path).st_size
        except OSError:
            continue  # the reader reports it
    return total
