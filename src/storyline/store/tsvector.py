"""PostgreSQL's binary tsvector, built from storyline's own tokens: title weighted A, then a gap, then the body; search rows by batch."""

from __future__ import annotations

import struct
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import cast

import numpy as np

from storyline.model import Article
from storyline.store.query import utf8_tokens

#: PostgreSQL's limits: positions 1..16383, 256 positions kept per lexeme, lexemes under 2 KB, 1 MB in all.
MAX_POS, MAX_POSITIONS, MAX_LEXEME_BYTES, MAX_BYTES = 16383, 256, 2047, 1_000_000
_WEIGHT_A = 3 << 14
#: One packer per position count: the count, then the positions, all big-endian uint16.
_PACK = [struct.Struct(f"!{k + 1}H") for k in range(MAX_POSITIONS + 1)]
_HEADER = struct.Struct("!i")
#: Tokens of the body ranked with the title (results are ranked on the head: title and lead).
HEAD_TOKENS = 80
#: Articles whose search rows are encoded together (`encode_pairs`), then sent.
SEARCH_CHUNK = 500


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


def search_rows(articles: Sequence[Article]) -> Iterator[tuple[str, bytes, bytes]]:
    """(id, tsvector, head tsvector) per article, encoded SEARCH_CHUNK articles at a time as COPY asks
    for them: the server stores one chunk while the next is encoded."""
    for start in range(0, len(articles), SEARCH_CHUNK):
        chunk = articles[start : start + SEARCH_CHUNK]
        pairs = encode_pairs([(utf8_tokens(a.title or ""), utf8_tokens(a.body)) for a in chunk], HEAD_TOKENS)
        for a, (tsv, head) in zip(chunk, pairs, strict=True):
            yield a.id, tsv, head



def encode_pairs(texts: Sequence[tuple[Sequence[bytes], Sequence[bytes]]], head: int) -> list[tuple[bytes, bytes]]:
    """`encode_pair(title, body, head)` of each (title, body) tokens (UTF-8), for a whole batch at once.

    The same bytes, made with array operations over every token of the batch instead of Python
    steps per lexeme; texts past PostgreSQL's limits (positions, lexeme or vector size) go through
    `encode_pair`.
    """
    out: list[tuple[bytes, bytes] | None] = [None] * len(texts)
    plain = []
    for i, (title, body) in enumerate(texts):
        if len(title) + len(body) + 1 > MAX_POS:
            out[i] = _encode_utf8(title, body, head)
        else:
            plain.append(i)
    if plain:
        made = _Batch([texts[i] for i in plain], head)
        for i, got in zip(plain, made.pairs(), strict=True):
            out[i] = _encode_utf8(*texts[i], head) if got is None else got
    return cast(list[tuple[bytes, bytes]], out)


def _encode_utf8(title: Sequence[bytes], body: Sequence[bytes], head: int) -> tuple[bytes, bytes]:
    return encode_pair([t.decode() for t in title], [t.decode() for t in body], head)


class _Batch:
    """The tokens of a batch as arrays: per token its text, its lexeme's rank in byte order, its position."""

    def __init__(self, texts: Sequence[tuple[Sequence[bytes], Sequence[bytes]]], head: int) -> None:
        titles = np.fromiter((len(t) for t, _ in texts), dtype=np.int64, count=len(texts))
        bodies = np.fromiter((len(b) for _, b in texts), dtype=np.int64, count=len(texts))
        flat = list(chain.from_iterable(chain.from_iterable(texts)))
        ids = dict.fromkeys(flat)
        words = list(ids)
        order = sorted(range(len(words)), key=words.__getitem__)
        rank = np.empty(len(words), dtype=np.int64)
        rank[order] = np.arange(len(words), dtype=np.int64)
        for i, w in enumerate(ids):
            ids[w] = i
        self.lexemes = [words[i] for i in order]  # by rank
        lengths = np.fromiter(map(len, self.lexemes), dtype=np.int64, count=len(words))
        self.lex_len, self.lex_start = lengths, np.cumsum(lengths) - lengths
        self.blob = np.frombuffer(b"".join(self.lexemes), dtype=np.uint8)
        sizes = titles + bodies
        self.count = len(texts)
        art = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
        within = np.arange(len(flat), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        in_title = within < titles[art]
        pos = within + np.where(in_title, 1, 2)  # title token k at k + 1, body token j at len(title) + 2 + j
        token_rank = rank[np.fromiter(map(ids.__getitem__, flat), dtype=np.int64, count=len(flat))]
        key = np.sort((art << 40) | (token_rank << 14) | pos)
        self.art, self.rank, self.pos = key >> 40, (key >> 14) & ((1 << 26) - 1), key & MAX_POS
        self.weighted = self.pos | np.where(self.pos <= titles[self.art], _WEIGHT_A, 0)
        self.cutoff = titles[self.art] + 2 + head
        self.too_long = lengths > MAX_LEXEME_BYTES

    def pairs(self) -> list[tuple[bytes, bytes] | None]:
        """(full, head) vectors per text, None where a lexeme is too long or a vector too big."""
        full, full_ok = self._vectors(None)
        short, _ = self._vectors(self.pos < self.cutoff)
        bad = np.bincount(self.art[self.too_long[self.rank]], minlength=self.count) > 0
        return [None if bad[i] or not full_ok[i] else (full[i], short[i]) for i in range(self.count)]

    def _vectors(self, keep: np.ndarray | None) -> tuple[list[bytes], np.ndarray]:
        """Each text's vector of the kept tokens (all if None), and whether it fits MAX_BYTES."""
        art, rank, pos = (self.art, self.rank, self.weighted) if keep is None else (
            self.art[keep], self.rank[keep], self.weighted[keep])
        n = len(art)
        starts = np.ones(n, dtype=bool)
        starts[1:] = (art[1:] != art[:-1]) | (rank[1:] != rank[:-1])
        group = np.cumsum(starts) - 1
        first = np.flatnonzero(starts)
        nth = np.arange(n, dtype=np.int64) - first[group]
        g_art, g_rank = art[first], rank[first]
        g_count = np.minimum(np.diff(np.append(first, n)), MAX_POSITIONS)
        g_lex = self.lex_len[g_rank]
        g_size = g_lex + 3 + 2 * g_count
        per_text = np.bincount(g_art, weights=g_size, minlength=self.count).astype(np.int64) + _HEADER.size
        ends = np.cumsum(per_text)
        text_start = ends - per_text
        g_off = np.cumsum(g_size) - g_size + _HEADER.size * (g_art + 1)  # texts and groups lie end to end
        buf = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
        buf[_runs(g_off, g_lex)] = self.blob[_runs(self.lex_start[g_rank], g_lex)]
        at = g_off + g_lex + 1
        buf[at], buf[at + 1] = g_count >> 8, g_count & 0xFF
        if len(g_count) and g_count.max() >= MAX_POSITIONS:
            kept = nth < MAX_POSITIONS
            group, nth, pos = group[kept], nth[kept], pos[kept]
        where = (at + 2)[group] + 2 * nth
        buf[where], buf[where + 1] = pos >> 8, pos & 0xFF
        lexemes = np.bincount(g_art, minlength=self.count)
        for k in range(_HEADER.size):
            buf[text_start + k] = (lexemes >> (8 * (_HEADER.size - 1 - k))) & 0xFF
        data = buf.tobytes()
        return [data[s:e] for s, e in zip(text_start.tolist(), ends.tolist(), strict=True)], per_text <= MAX_BYTES


def _runs(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start, start + 1, ..., start + length - 1 of each run, runs one after the other
    (lengths at least 1): one cumulative sum of steps, 1 inside a run and a jump at each run's start."""
    steps = np.ones(int(lengths.sum()), dtype=np.int64)
    if len(starts):
        heads = np.cumsum(lengths) - lengths
        steps[heads[0]] = starts[0]
        steps[heads[1:]] = starts[1:] - (starts[:-1] + lengths[:-1] - 1)
    return np.cumsum(steps)
