"""Split a CSV byte stream into records (one or more physical lines each), never holding more than a cap."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

_CHUNK = 1 << 20
#: The inside of a quoted field: anything but a quote, and doubled (escaped) quotes.
_QUOTED = re.compile(rb'[^"]*+(?:""[^"]*+)*+')
_CR, _LF, _QUOTE = 0x0D, 0x0A, 0x22

# Where the scanner is, as in the csv module's parser (default dialect: '"' quotes, doubled to escape).
_FIELD_START, _IN_FIELD, _IN_QUOTED, _QUOTE_IN_QUOTED = range(4)


class CsvRecords:
    """The records of a CSV stream as bytes (terminator included), split where csv.reader would split them.

    A record ends at an unquoted \\n, \\r or \\r\\n (quoted fields may span lines). A record longer
    than `max_record` bytes comes out as None: it is skipped as it is read, never held whole, and the
    next record is found as usual. `line` is the number of physical lines read so far.
    """

    def __init__(self, stream: io.BufferedReader, delimiter: str, max_record: int) -> None:
        self._stream = stream
        self._delim = ord(delimiter)
        self._max = max_record
        self.line = 0
        self._last = _LF  # the last byte counted (a \n right after a \r ends the same line)

    def __iter__(self) -> Iterator[bytes | None]:
        parts: list[bytes] = []
        size = 0
        state = _FIELD_START
        buf = b""
        i = 0
        cr_wait = False  # the record ended at a \r that closed the buffer: a \n may follow
        while True:
            if i >= len(buf):
                buf, i = self._stream.read1(_CHUNK), 0
                if not buf:
                    if size:
                        self.line += 0 if self._last in (_CR, _LF) else 1  # a last line with no newline
                        yield b"".join(parts) if size <= self._max else None
                    return
            if cr_wait:
                cr_wait = False
                if buf[i] == _LF:
                    size = self._take(parts, size, buf[i : i + 1])
                    i += 1
                yield b"".join(parts) if size <= self._max else None
                parts, size, state = [], 0, _FIELD_START
                continue
            end, state = self._scan(buf, i, state)
            if end < 0:
                size = self._take(parts, size, buf[i:] if i else buf)
                i = len(buf)
                continue
            if buf[end - 1] == _CR:
                if end == len(buf):
                    size = self._take(parts, size, buf[i:end])
                    i, cr_wait = end, True
                    continue
                if buf[end] == _LF:
                    end += 1
            size = self._take(parts, size, buf[i:end])
            i = end
            yield b"".join(parts) if size <= self._max else None
            parts, size, state = [], 0, _FIELD_START

    def _take(self, parts: list[bytes], size: int, piece: bytes) -> int:
        """Add `piece` to the record, or only count it once the record is over the cap."""
        size += len(piece)
        if size <= self._max:
            parts.append(piece)
        elif parts:
            parts.clear()
        if piece:
            self.line += piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n")
            if self._last == _CR and piece[0] == _LF:
                self.line -= 1
            self._last = piece[-1]
        return size

    def _scan(self, buf: bytes, i: int, state: int) -> tuple[int, int]:
        """(index just past the newline ending the record, state), or (-1, state at the end of buf)."""
        n = len(buf)
        stop = -1  # the next \r or \n at or after i (n: none in buf); found again once i has passed it
        while i < n:
            if state == _IN_QUOTED:
                m = _QUOTED.match(buf, i)  # always matches (maybe the empty string)
                j = m.end() if m else i
                if j == n:
                    return -1, state
                i, state = j + 1, _QUOTE_IN_QUOTED  # a lone quote (or one closing the buffer: see the next)
            elif state == _QUOTE_IN_QUOTED:
                c = buf[i]
                i += 1
                if c == _QUOTE:
                    state = _IN_QUOTED  # "" is an escaped quote
                elif c == self._delim:
                    state = _FIELD_START
                elif c in (_CR, _LF):
                    return i, _FIELD_START
                else:
                    state = _IN_FIELD  # csv (non-strict) keeps the character, the field goes on unquoted
            elif state == _FIELD_START and buf[i] == _QUOTE:
                i, state = i + 1, _IN_QUOTED
            else:  # unquoted: the record ends at the next \r or \n, unless a quote opens a field before it
                if stop < i:
                    nl = buf.find(b"\n", i)
                    cr = buf.find(b"\r", i, nl if nl >= 0 else n)
                    stop = cr if cr >= 0 else nl if nl >= 0 else n
                q = buf.find(b'"', i, stop)
                while q >= 0 and (q == i or buf[q - 1] != self._delim):  # inside an unquoted field: kept
                    q = buf.find(b'"', q + 1, stop)
                if q >= 0:
                    i, state = q + 1, _IN_QUOTED
                elif stop < n:
                    return stop + 1, _FIELD_START
                else:
                    return -1, _FIELD_START if buf[n - 1] == self._delim else _IN_FIELD
        return -1, state
