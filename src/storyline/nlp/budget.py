"""NLP limits per document: long paragraphs cut into pieces at sentence or word breaks, a character cap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from storyline.model import Article, Problem
from storyline.settings import Settings

# A sentence end: terminal punctuation, closing quotes or brackets, then whitespace (the cut goes after it).
SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_SPACE = re.compile(r"\s+")

Piece = tuple[int, int, int]  # paragraph index, start, end (characters of that paragraph)


@dataclass(frozen=True)
class Plan:
    """What the NLP stage parses of one article: pieces in text order, and the annotated text.

    `paragraphs[i]` is the part of paragraph i that is parsed (the whole paragraph, or a prefix
    of it when the document budget ends inside it); paragraphs after the budget are left out, so
    offsets into `paragraphs` are offsets into the article's paragraphs.
    """

    pieces: tuple[Piece, ...]
    paragraphs: tuple[str, ...]
    warnings: tuple[Problem, ...]

    @property
    def chars(self) -> int:
        return sum(e - s for _, s, e in self.pieces)


def cuts(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) pieces of at most `limit` characters covering `text`, cut after the last sentence
    end in the second half of the window, else after the last whitespace there, else at the limit."""
    limit = max(1, limit)
    start, n = 0, len(text)
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = _last_end(SENTENCE_BREAK, text, lo, hi) or _last_end(_SPACE, text, lo, hi) or hi
        cut = max(cut, start + 1)
        yield start, cut
        start = cut
    yield start, n


def _last_end(rx: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    last = None
    for m in rx.finditer(text, lo, hi):
        last = m.end()
    return last


def plan(article: Article, settings: Settings) -> Plan:
    """The pieces to parse under settings.nlp_paragraph_chars and nlp_document_chars, with the
    nlp_truncated warnings that say what was cut (paragraph index and length) or where it stopped."""
    name = article.source.name
    limit, budget = settings.nlp_paragraph_chars, settings.nlp_document_chars
    pieces: list[Piece] = []
    paragraphs: list[str] = []
    warnings: list[Problem] = []
    used = 0
    for i, text in enumerate(article.paragraphs):
        stop: int | None = None
        count = 0
        for s, e in cuts(text, limit):
            if used + (e - s) > budget:
                stop = s
                break
            pieces.append((i, s, e))
            used += e - s
            count += 1
        if len(text) > limit and count:
            warnings.append(Problem("nlp_truncated", (
                f"{name}: paragraph {i} has {len(text):,} characters, more than nlp-paragraph-chars "
                f"({limit:,}): parsed in {count} piece(s) cut at sentence or word breaks")))
        if stop is None:
            paragraphs.append(text)
            continue
        if stop:
            paragraphs.append(text[:stop])
        total = sum(len(p) for p in article.paragraphs)
        warnings.append(Problem("nlp_truncated", (
            f"{name}: the document has {total:,} characters, more than nlp-document-chars ({budget:,}): "
            f"NLP stopped at paragraph {i} (at character {stop:,} of its {len(text):,}; the document has "
            f"{len(article.paragraphs)} paragraph(s)): the rest is not annotated")))
        break
    return Plan(tuple(pieces), tuple(paragraphs), tuple(warnings))
