"""Lookups for the quote finder that keep it linear: quoted stretches, cues and speakers by offset."""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any

from storyline.nlp.quotes_marks import QSpan

Piece = tuple[int, int, int]  # paragraph, start, end (characters)


class Kinds:
    """Counts of word characters inside and outside quotation marks, per paragraph, by prefix sums.

    `quoted[p]` are the quoted (start, end) stretches of paragraph p; a character is inside when
    one of them holds it.
    """

    def __init__(self, paragraphs: tuple[str, ...], quoted: list[list[tuple[int, int]]]) -> None:
        self.paragraphs = paragraphs
        self.quoted = quoted
        self._sums: dict[int, tuple[array[int], array[int]]] = {}

    def _prefix(self, p: int) -> tuple[array[int], array[int]]:
        if p not in self._sums:
            text = self.paragraphs[p]
            mask = bytearray(len(text))
            for a, b in self.quoted[p]:
                mask[a:b] = b"\x01" * (min(b, len(text)) - min(a, len(text)))
            alnum = array("l", accumulate((c.isalnum() for c in text), initial=0))
            inside = array("l", accumulate((c.isalnum() and m for c, m in zip(text, mask, strict=True)), initial=0))
            self._sums[p] = (alnum, inside)
        return self._sums[p]

    def counts(self, pieces: Sequence[Piece]) -> tuple[int, int]:
        """(inside, outside): word characters of the pieces inside and outside quotation marks."""
        inside = outside = 0
        for p, s, e in pieces:
            alnum, ins = self._prefix(p)
            e = max(s, e)
            n_in = ins[e] - ins[s]
            inside += n_in
            outside += alnum[e] - alnum[s] - n_in
        return inside, outside


class SpanIndex:
    """The quoted stretches (QSpans, disjoint and in text order) by paragraph, for overlap queries."""

    def __init__(self, spans: list[QSpan], paragraphs: tuple[str, ...]) -> None:
        self.spans = spans
        self.pieces = [q.pieces(paragraphs) for q in spans]
        self._starts: dict[int, list[int]] = {}
        self._ends: dict[int, list[int]] = {}
        self._ids: dict[int, list[int]] = {}
        for k, qp in enumerate(self.pieces):
            for p, s, e in qp:
                self._starts.setdefault(p, []).append(s)
                self._ends.setdefault(p, []).append(e)
                self._ids.setdefault(p, []).append(k)

    def first_touching(self, p: int, s: int, e: int, after: int) -> int | None:
        """The lowest span number above `after` with a piece overlapping (s, e) in paragraph p."""
        ids = self._ids.get(p)
        if not ids:
            return None
        lo = max(bisect_right(self._ends[p], s), bisect_right(ids, after))
        hi = bisect_left(self._starts[p], e)
        return ids[lo] if lo < hi else None


def nesting(cues: list[tuple[int, int]], contents: list[list[Piece]]) -> dict[int, int]:
    """{j: i}: candidate j's cue lies inside the content of candidate i (the first such i, i != j).

    `cues[j]` is (paragraph, character of the cue); `contents[i]` the pieces of candidate i. Only
    pieces in candidate i's own paragraph (`cues[i][0]`) count, as only cues there can nest in it.
    """
    by_para: dict[int, list[tuple[int, int]]] = {}
    for j, (p, char) in enumerate(cues):
        by_para.setdefault(p, []).append((char, j))
    for lst in by_para.values():
        lst.sort()
    chars = {p: [c for c, _ in lst] for p, lst in by_para.items()}
    # next_free[p][k]: the first position >= k in by_para[p] whose cue has no container yet
    next_free = {p: list(range(len(lst) + 1)) for p, lst in by_para.items()}

    def find(p: int, k: int) -> int:
        nxt = next_free[p]
        root = k
        while nxt[root] != root:
            root = nxt[root]
        while nxt[k] != root:
            nxt[k], k = root, nxt[k]
        return root

    out: dict[int, int] = {}
    for i, pieces in enumerate(contents):
        para = cues[i][0]
        lst = by_para[para]
        for p, s, e in pieces:
            if p != para:
                continue
            k = find(p, bisect_left(chars[p], s))
            while k < len(lst) and lst[k][0] < e:
                j = lst[k][1]
                if j != i:
                    out[j] = i
                    next_free[p][k] = k + 1
                k = find(p, k + 1)
    return out


class Covered:
    """Pieces already attributed, per paragraph: does a new stretch overlap any of them?"""

    def __init__(self, pieces: list[Piece]) -> None:
        by_para: dict[int, list[tuple[int, int]]] = {}
        for p, s, e in pieces:
            by_para.setdefault(p, []).append((s, e))
        self._starts: dict[int, list[int]] = {}
        self._max_end: dict[int, list[int]] = {}
        for p, lst in by_para.items():
            lst.sort()
            self._starts[p] = [s for s, _ in lst]
            self._max_end[p] = list(accumulate((e for _, e in lst), max))

    def overlaps(self, pieces: list[Piece]) -> bool:
        for p, s, e in pieces:
            starts = self._starts.get(p)
            if not starts:
                continue
            k = bisect_left(starts, e)  # pieces starting before e; the furthest end among them
            if k and self._max_end[p][k - 1] > s:
                return True
        return False


class LastSpeaker:
    """Attributions with a speaker, ranked in list order, by the paragraph and end of their last piece:
    which one ends last among those that start before a position and end in a paragraph window."""

    def __init__(self, items: list[Any], eligible: Callable[[Any], bool]) -> None:
        self.items: list[Any] = list(items)
        self.eligible = eligible
        self._heaps: dict[int, list[tuple[int, int, int]]] = {}  # last paragraph -> (-end, rank, version)
        self._version: list[int] = [0] * len(self.items)
        self._pending = sorted((i for i, a in enumerate(self.items) if eligible(a)),
                               key=lambda i: (self.items[i].pieces[0][0], self.items[i].pieces[0][1]), reverse=True)

    def _push(self, rank: int) -> None:
        a = self.items[rank]
        para, _s, end = a.pieces[-1]
        heapq.heappush(self._heaps.setdefault(para, []), (-end, rank, self._version[rank]))

    def activate_before(self, para: int, start: int) -> None:
        """Make every listed attribution that starts before (para, start) a candidate."""
        while self._pending and tuple(self.items[self._pending[-1]].pieces[0][:2]) < (para, start):
            self._push(self._pending.pop())

    def best(self, lo: int, hi: int) -> int | None:
        """Rank of the candidate whose last piece is furthest on, ending in paragraphs lo..hi."""
        for para in range(hi, lo - 1, -1):
            heap = self._heaps.get(para)
            while heap and heap[0][2] != self._version[heap[0][1]]:
                heapq.heappop(heap)
            if heap:
                return heap[0][1]
        return None

    def replace(self, rank: int, item: Any) -> None:
        self.items[rank] = item
        self._version[rank] += 1
        self._push(rank)

    def add(self, item: Any) -> int:
        """A new attribution, after all the others; a candidate at once when it has a speaker."""
        self.items.append(item)
        self._version.append(0)
        rank = len(self.items) - 1
        if self.eligible(item):
            self._push(rank)
        return rank
