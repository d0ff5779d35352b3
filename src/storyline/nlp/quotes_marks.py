"""Quotation marks and brackets: quoted stretches (across paragraphs when a quote runs on), closed brackets."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = "“«„"
CLOSE = "”»"
STRAIGHT = '"'
_MARK = re.compile(r"``|''|[“”«»„\"]")
_LEADING_OPEN = re.compile(r"^\s*(?:``|[“«„\"])")


@dataclass(frozen=True)
class QSpan:
    """A quoted stretch from its opening mark in `paragraph` to after its closing mark in `end_paragraph`."""

    paragraph: int
    start: int
    end_paragraph: int
    end: int

    def pieces(self, paragraphs: tuple[str, ...] | list[str]) -> list[tuple[int, int, int]]:
        """(paragraph, start, end) for each paragraph the quote covers."""
        if self.paragraph == self.end_paragraph:
            return [(self.paragraph, self.start, self.end)]
        out = [(self.paragraph, self.start, len(paragraphs[self.paragraph]))]
        out += [(p, 0, len(paragraphs[p])) for p in range(self.paragraph + 1, self.end_paragraph)]
        out.append((self.end_paragraph, 0, self.end))
        return out


def _kind(mark: str, is_open: bool) -> str:
    """'open', 'close' for one mark given whether a quote is open now."""
    if mark == "``" or mark in OPEN:
        return "open"
    if mark in CLOSE:
        return "close"
    return "close" if is_open else "open"  # " and '' (some outlets open and close with '')


def find_quoted(paragraphs: tuple[str, ...] | list[str]) -> list[QSpan]:
    """Every quoted stretch, in order. A paragraph that ends inside a quote runs on into the next
    paragraph when that one opens with a quotation mark (the news convention); otherwise the quote
    is closed at the paragraph's end."""
    out: list[QSpan] = []
    open_at: tuple[int, int] | None = None
    for p, text in enumerate(paragraphs):
        marks = list(_MARK.finditer(text))
        skip_first = False
        if open_at is not None:
            if _LEADING_OPEN.match(text) and marks:
                skip_first = True
            else:
                prev = paragraphs[open_at[0]]
                out.append(QSpan(open_at[0], open_at[1], p - 1, len(prev.rstrip()) if open_at[0] == p - 1 else len(paragraphs[p - 1])))
                open_at = None
        for i, m in enumerate(marks):
            if skip_first and i == 0:
                continue
            kind = _kind(m.group(), open_at is not None)
            if kind == "open":
                if open_at is None or open_at[0] != p:
                    open_at = open_at if open_at is not None else (p, m.start())
                else:
                    open_at = (p, m.start()) if m.group() in (STRAIGHT, "''") else open_at
            elif open_at is not None:
                out.append(QSpan(open_at[0], open_at[1], p, m.end()))
                open_at = None
    if open_at is not None:
        last = len(paragraphs) - 1
        out.append(QSpan(open_at[0], open_at[1], last, len(paragraphs[last].rstrip())))
    return out


def quoted_chars(paragraph: int, spans: list[QSpan], paragraphs: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """(start, end) stretches of one paragraph that lie inside quotation marks (marks included)."""
    out = []
    for q in spans:
        for p, s, e in q.pieces(paragraphs):
            if p == paragraph:
                out.append((s, e))
    return out


_PAIRS = (("(", ")"), ("[", "]"))


def close_brackets(pieces: list[tuple[int, int, int]], paragraphs: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(paragraph, start, end) pieces, each taking the closing bracket right after it when it opens
    one it does not close ("... Sen. Marco Rubio (R-FL" + ")"): trimming punctuation cut it off."""
    out = []
    for p, s, e in pieces:
        text = paragraphs[p]
        for left, right in _PAIRS:
            if text[e : e + 1] == right and text[s:e].count(left) > text[s:e].count(right):
                e += 1
        out.append((p, s, e))
    return out
