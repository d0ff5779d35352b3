"""Sentence bounds and entities of one parsed paragraph, computed once and looked up by bisection."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any


class DocIndex:
    """What rules ask of a Doc again and again ("which sentence is token i in", "which entities end
    before it"), answered without rescanning the Doc (Token.sent walks the sentence, Doc.ents
    rebuilds every entity span on each access).

    Build it after the entities are final (coref_entities.harmonise relabels them in place).
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self._sent_starts: list[int] | None = None
        self.ents = tuple(doc.ents)
        self.ent_ends = [e.end for e in self.ents]
        self._ent_of: dict[int, Any] | None = None

    @property
    def sent_starts(self) -> list[int]:
        """First token of each sentence (Doc.sents, walked once)."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents] if len(self.doc) else []
        return self._sent_starts

    def sent(self, i: int) -> tuple[int, int]:
        """(start, end) token range of the sentence holding token i (as Token.sent gives it)."""
        starts = self.sent_starts
        k = bisect_right(starts, i) - 1
        start = starts[k] if k >= 0 else 0
        end = starts[k + 1] if k + 1 < len(starts) else len(self.doc)
        return start, end

    def ents_ending_by(self, i: int) -> int:
        """How many entities (a prefix of self.ents, which are in order) end at or before token i."""
        return bisect_right(self.ent_ends, i)

    def ent_at(self, i: int) -> Any | None:
        """The entity span holding token i, or None."""
        if self._ent_of is None:
            self._ent_of = {t: e for e in self.ents for t in range(e.start, e.end)}
        return self._ent_of.get(i)
