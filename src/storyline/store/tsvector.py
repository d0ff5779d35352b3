"""PostgreSQL's binary tsvector, built from storyline's own tokens: title weighted A, then a gap, then the body."""

from __future__ import annotations

import struct
from collections import defaultdict
from collections.abc import Sequence

#: PostgreSQL's limits: positions 1..16383, 256 positions kept per lexeme, lexemes under 2 KB, 1 MB in all.
MAX_POS, MAX_POSITIONS, MAX_LEXEME_BYTES, MAX_BYTES = 16383, 256, 2047, 1_000_000
_WEIGHT_A = 3 << 14
#: One packer per position count: the count, then the positions, all big-endian uint16.
_PACK = [struct.Struct(f"!{k + 1}H") for k in range(MAX_POSITIONS + 1)]
_HEADER = struct.Struct("!i")


def encode(title: Sequence[str], body: Sequence[str]) -> bytes:
    """The binary send/receive form of a tsvector of `title` (weight A) and `body` (weight D) tokens.

    As `setweight(to_tsvector(title), 'A') || <gap> || to_tsvector(body)` would give for these tokens:
    the gap keeps a phrase from matching across title and body (as FTS5's columns do). Past
    PostgreSQL's limits, positions stick at 16383 and lexemes that would overflow 1 MB are left out.
    """
    return encode_pair(title, body, len(body))[0]


def encode_pair(title: Sequence[str], body: Sequence[str], head: int) -> tuple[bytes, bytes]:
    """(tsvector of title and body, tsvector of title and the first `head` body tokens), from one pass.

    Lexemes are sent sorted (byte order, which for UTF-8 is code-point order, the server's order),
    so the server does not sort them again.
    """
    positions = _positions(title, body)
    cutoff = len(title) + 2 + head  # body token i (0-based) is at position len(title) + 2 + i
    full, short = [b""], [b""]
    size = _HEADER.size
    for word in sorted(positions):
        lexeme = word.encode()
        if len(lexeme) > MAX_LEXEME_BYTES:
            continue
        pos = positions[word]
        entry = lexeme + b"\0" + _PACK[len(pos)].pack(len(pos), *pos)
        size += len(entry)
        if size > MAX_BYTES:
            break
        full.append(entry)
        if (pos[0] & MAX_POS) >= cutoff:  # not in the head
            continue
        if (pos[-1] & MAX_POS) < cutoff:
            short.append(entry)
            continue
        kept = pos[: sum(1 for p in pos if (p & MAX_POS) < cutoff)]
        short.append(lexeme + b"\0" + _PACK[len(kept)].pack(len(kept), *kept))
    full[0], short[0] = _HEADER.pack(len(full) - 1), _HEADER.pack(len(short) - 1)
    return b"".join(full), b"".join(short)


def _positions(title: Sequence[str], body: Sequence[str]) -> dict[str, list[int]]:
    """Each token's positions, strictly increasing, weight A on the title's, at most MAX_POSITIONS each."""
    if len(title) + len(body) + 1 > MAX_POS:
        return _clamped_positions(title, body)
    positions: defaultdict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(title, start=1):
        positions[word].append(i | _WEIGHT_A)
    for i, word in enumerate(body, start=len(title) + 2):
        positions[word].append(i)
    for pos in positions.values():
        if len(pos) > MAX_POSITIONS:
            del pos[MAX_POSITIONS:]
    return positions


def _clamped_positions(title: Sequence[str], body: Sequence[str]) -> dict[str, list[int]]:
    """Positions of a text past position 16383: they stick there, so repeats are dropped."""
    positions: dict[str, list[int]] = {}
    numbered = [(min(i, MAX_POS) | _WEIGHT_A, w) for i, w in enumerate(title, start=1)]
    numbered += [(min(i, MAX_POS), w) for i, w in enumerate(body, start=len(title) + 2)]
    for p, word in numbered:
        pos = positions.setdefault(word, [])
        if len(pos) < MAX_POSITIONS and (not pos or (p & MAX_POS) > (pos[-1] & MAX_POS)):
            pos.append(p)
    return positions
