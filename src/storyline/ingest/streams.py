"""Byte streams for ingest: open files and stdin, undo gzip, and guess a format from name and first bytes."""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from typing import BinaryIO

#: Format by file extension (after removing .gz). "text" means: one document, the pipeline sniffs.
EXTENSIONS = {
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}

GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/1."
SNIFF_BYTES = 64 * 1024

#: Errors that mean "this compressed stream is broken" rather than "the disk failed".
ARCHIVE_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)

#: The compression ratio is judged only once this many bytes have been decompressed: small
#: files (a few repeated lines, an empty corpus) may compress far better than real ones.
RATIO_CHECK_AFTER = 4 * 1024 * 1024


class ArchiveLimitError(Exception):
    """A compressed file decompressed past max-archive-bytes or max-compression-ratio; the message says which."""


def split_gz(name: str) -> tuple[str, bool]:
    """("x.warc", True) for "x.warc.gz"; the name itself and False otherwise."""
    if name.lower().endswith(".gz"):
        return name[:-3], True
    return name, False


def format_from_name(name: str) -> str | None:
    """The format an extension names (without any .gz), or None when the extension says nothing."""
    return EXTENSIONS.get(os.path.splitext(name)[1].lower())


class _RawAdapter(io.RawIOBase):
    """Make any object with read(n) usable under io.BufferedReader (for peek()).

    Uses read1() where the inner stream has it, so that data decompressed before a gzip error
    is delivered before the error (read(n) of a GzipFile drops it when it raises).
    """

    def __init__(self, inner: BinaryIO | io.BufferedIOBase) -> None:
        self._inner = inner
        self._read = getattr(inner, "read1", inner.read)

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._read(len(b))
        n = len(data)
        b[:n] = data
        return n


def peekable(stream: BinaryIO | io.BufferedIOBase, buffer_size: int = SNIFF_BYTES) -> io.BufferedReader:
    """A buffered reader over `stream` whose peek() can show up to `buffer_size` bytes."""
    return io.BufferedReader(_RawAdapter(stream), buffer_size=buffer_size)


def head(stream: io.BufferedReader, n: int = SNIFF_BYTES) -> bytes:
    """Up to n first bytes, without consuming them (may be fewer if the source delivers less at once)."""
    return stream.peek(n)[:n]


def sniff(data: bytes) -> str | None:
    """'warc' or 'jsonl' from the first bytes (already decompressed); None for 'one document'."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    stripped = data.lstrip()
    if stripped.startswith(WARC_MAGIC):
        return "warc"
    if stripped.startswith(b"{"):
        line, newline, _ = stripped.partition(b"\n")
        if not newline and len(data) >= SNIFF_BYTES:
            # a first line longer than the sniff window: trust the shape
            return "jsonl" if stripped.startswith(b'{"') else None
        try:
            value = json.loads(line.decode("utf-8", "replace"))
        except (ValueError, RecursionError):
            return None
        return "jsonl" if isinstance(value, dict) else None
    return None


class _Counted:
    """The compressed side of a gzip stream: counts the bytes the decompressor has taken."""

    def __init__(self, inner: io.BufferedReader) -> None:
        self._inner = inner
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._inner.read(size)
        self.count += len(data)
        return data

    def seek(self, offset: int, whence: int = 0, /) -> int:
        raise io.UnsupportedOperation("a compressed input stream is read forward only")


class _Capped(io.RawIOBase):
    """Decompressed bytes of a gzip stream, raising ArchiveLimitError once a cap is passed."""

    def __init__(self, compressed: _Counted, max_bytes: int, max_ratio: float) -> None:
        self._compressed = compressed
        self._gzip = gzip.GzipFile(fileobj=compressed, mode="rb")
        self._max_bytes = max_bytes
        self._max_ratio = max_ratio
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        # read1: data decompressed before a gzip error is delivered before the error
        data = self._gzip.read1(len(b))
        self.count += len(data)
        self._check()
        n = len(data)
        b[:n] = data
        return n

    def _check(self) -> None:
        if self.count > self._max_bytes:
            raise ArchiveLimitError(
                f"decompresses to more than {self._max_bytes:,} bytes (max-archive-bytes)"
            )
        packed = max(self._compressed.count, 1)
        if self.count >= RATIO_CHECK_AFTER and self.count > self._max_ratio * packed:
            raise ArchiveLimitError(
                f"decompresses to more than {self._max_ratio:g} times its compressed size"
                f" ({self.count:,} bytes from {packed:,}; max-compression-ratio): a decompression bomb?"
            )


def open_gzip(stream: io.BufferedReader, max_bytes: int, max_ratio: float) -> io.BufferedReader:
    """The decompressed bytes of gzip `stream`, peekable; reading past either cap raises ArchiveLimitError."""
    return io.BufferedReader(_Capped(_Counted(stream), max_bytes, max_ratio), buffer_size=SNIFF_BYTES)


class FastwarcInput:
    """A stream for fastwarc's ArchiveIterator: reads never raise (fastwarc cannot take Python errors).

    A read error (corrupt or truncated gzip, I/O error, an archive cap) is remembered in `error` and
    reported as EOF; the WARC reader then checks each record's length and reports the error itself.
    """

    def __init__(self, inner: io.BufferedReader) -> None:
        self._inner = inner
        self._pos = 0
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        try:
            data = self._inner.read1(size)
        except (OSError, ValueError, EOFError, zlib.error, ArchiveLimitError) as exc:
            self.error = exc
            return b""
        self._pos += len(data)
        return data

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        # fastwarc only asks where it is; a forward-only stream cannot move.
        return self._pos

    def close(self) -> None:
        pass
