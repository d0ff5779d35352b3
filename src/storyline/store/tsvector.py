"""PostgreSQL's binary tsvector, built from storyline's own tokens: title weighted A, then a gap, then the body."""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Sequence

#: PostgreSQL's limits: positions 1..16383, 256 positions kept per lexeme, lexemes under 2 KB, 1 MB in all.
MAX_POS, MAX_POSITIONS, MAX_LEXEME_BYTES, MAX_BYTES = 16383, 256, 2047, 1_000_000
_WEIGHT_A = 3 << 14
_COUNT = struct.Struct("!H")
_LITTLE = sys.byteorder == "little"


def encode(title: Sequence[str], body: Sequence[str]) -> bytes:
    """The binary send/receive form of a tsvector of `title` (weight A) and `body` (weight D) tokens.

    As `setweight(to_tsvector(title), 'A') || <gap> || to_tsvector(body)` would give for these tokens:
    the gap keeps a phrase from matching across title and body (as FTS5's columns do). Past
    PostgreSQL's limits, positions stick at 16383 and lexemes that would overflow 1 MB are left out.
    """
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(title, start=1):
        positions.setdefault(word, []).append(min(i, MAX_POS) | _WEIGHT_A)
    start = len(title) + 2
    for i, word in enumerate(body, start=start):
        positions.setdefault(word, []).append(min(i, MAX_POS))
    clamped = len(title) + len(body) + 1 > MAX_POS  # only then can positions repeat
    parts, size = [b""], 4
    for word, pos in positions.items():
        lexeme = word.encode()
        if len(lexeme) > MAX_LEXEME_BYTES:
            continue
        kept = _increasing(pos) if clamped else pos[:MAX_POSITIONS]
        size += len(lexeme) + 3 + 2 * len(kept)
        if size > MAX_BYTES:
            break
        packed = array("H", kept)
        if _LITTLE:
            packed.byteswap()
        parts.append(lexeme + b"\0" + _COUNT.pack(len(kept)) + packed.tobytes())
    parts[0] = struct.pack("!i", len(parts) - 1)
    return b"".join(parts)


def _increasing(pos: list[int]) -> list[int]:
    """Strictly increasing positions (weight bits kept), at most MAX_POSITIONS of them."""
    out: list[int] = []
    last = 0
    for p in pos:
        if (p & MAX_POS) > last:
            out.append(p)
            last = p & MAX_POS
            if len(out) == MAX_POSITIONS:
                break
    return out
