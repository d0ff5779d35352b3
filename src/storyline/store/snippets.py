"""Search snippets made from a hit's text and the parsed query, in Python: PostgreSQL's hits (SQLite's FTS5 makes its own)."""

from __future__ import annotations

import re

from storyline.store.base import MARK_CLOSE, MARK_OPEN
from storyline.store.query import All, Node, Term, fold

SNIPPET_TOKENS = 24  #: tokens in a body snippet, as SQLite's snippet() is asked for
ELLIPSIS = "…"
_TOKEN = re.compile(r"[^\W_]+")  # the query module's tokens: runs of letters and digits
_SEP = r"[\W_]+"  # what separates two tokens of a phrase
_CANDIDATES = 16  # windows tried: one starting at each of the first matches
_MATCHES = 64  # matches looked at: a common word's later ones change no window
_LEAD = 2  # tokens of context kept before a window's first match


def positive_terms(node: Node) -> list[Term]:
    """The terms a matching text may contain: every included or optional term, none that is excluded."""
    if isinstance(node, Term):
        return [node]
    parts = node.include if isinstance(node, All) else node.options
    return [t for part in parts for t in positive_terms(part)]


def term_pattern(terms: list[Term]) -> re.Pattern[str] | None:
    """One regular expression finding any of `terms` in folded text, each as its own group; `_found`
    keeps the matches that are whole tokens (a lookaround here would make re try every position)."""
    alts = []
    for term in dict.fromkeys(terms):
        body = _SEP.join(re.escape(tok) for tok in term.tokens) + (r"[^\W_]*" if term.prefix else "")
        alts.append(f"({body})")
    return re.compile("|".join(alts)) if alts else None


def _found(pattern: re.Pattern[str], folded: str) -> list[tuple[int, int, int]]:
    """(start, end, term) of the first `_MATCHES` matches that begin and end at token edges."""
    out: list[tuple[int, int, int]] = []
    last = len(folded)
    for m in pattern.finditer(folded):
        s, e = m.span()
        if (s == 0 or not folded[s - 1].isalnum()) and (e == last or not folded[e].isalnum()):
            out.append((s, e, m.lastindex or 0))
            if len(out) == _MATCHES:
                break
    return out


def snippet(text: str, pattern: re.Pattern[str], tokens: int = SNIPPET_TOKENS) -> str | None:
    """A window of about `tokens` tokens of `text` holding the most distinct query terms, matches marked
    « », ellipses where text is cut; None when no term occurs."""
    folded = fold(text)
    if len(folded) != len(text):  # a rare character folds to more or fewer: match word by word
        return _snippet_by_token(text, pattern, tokens)
    matches = _found(pattern, folded)
    if not matches:
        return None
    start, end = _best_window(folded, matches, tokens, pattern.groups)
    return _render(text, [m for m in matches if m[0] >= start and m[1] <= end], start, end)


def highlight(text: str, pattern: re.Pattern[str]) -> str | None:
    """All of `text` with every match marked (a title); None when no term occurs."""
    folded = fold(text)
    if len(folded) != len(text):
        return _snippet_by_token(text, pattern, len(text))
    matches = _found(pattern, folded)
    return _render(text, matches, 0, len(text)) if matches else None


def _best_window(folded: str, matches: list[tuple[int, int, int]], tokens: int, terms: int) -> tuple[int, int]:
    """(start, end) in characters of the window with the most distinct terms, the earliest on ties
    (the first window holding all `terms` ends the search)."""
    best: tuple[int, int, int] = (-1, 0, 0)
    for first, _, _ in matches[:_CANDIDATES]:
        start = _back(folded, first, _LEAD)
        end = _forward(folded, start, tokens)
        found = len({g for s, e, g in matches if s >= start and e <= end})
        if found > best[0]:
            best = (found, start, end)
            if found >= terms:
                break
    return best[1], best[2]


def _back(text: str, pos: int, count: int) -> int:
    """The start of the token `count` tokens before `pos` (or of the text's first)."""
    starts = [m.start() for m in _TOKEN.finditer(text, max(0, pos - 40 * count), pos)]
    return starts[-count] if len(starts) >= count else (starts[0] if starts and pos - 40 * count > 0 else 0)


def _forward(text: str, start: int, count: int) -> int:
    """The end of the `count`-th token from `start` (or of the text's last)."""
    end = start
    for k, m in enumerate(_TOKEN.finditer(text, start), 1):
        end = m.end()
        if k == count:
            break
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1  # the token's own punctuation ("said.") stays with it
    return end


def _render(text: str, matches: list[tuple[int, int, int]], start: int, end: int) -> str:
    out, pos = [ELLIPSIS if start > 0 else ""], start
    for s, e, _ in matches:
        out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        pos = e
    out += [text[pos:end], ELLIPSIS if text[end:].strip() else ""]
    return "".join(out).strip()


def _snippet_by_token(text: str, pattern: re.Pattern[str], tokens: int) -> str | None:
    """The slow path for text whose folding changes its length: each token folded alone, then matched."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    folded = " ".join(fold(text[s:e]) for s, e in spans)
    at, offsets = 0, []
    for s, e in spans:  # each folded token's start in `folded` -> its span in `text`
        offsets.append((at, s, e))
        at += len(fold(text[s:e])) + 1
    index = {f: (s, e) for f, s, e in offsets}
    matches = []
    for s, e, g in _found(pattern, folded):
        first, last = _token_at(offsets, s), _token_at(offsets, e - 1)
        matches.append((index[first][0], index[last][1], g))
    if not matches:
        return None
    start, end = _best_window(text, matches, tokens, pattern.groups)
    return _render(text, [m for m in matches if m[0] >= start and m[1] <= end], start, end)


def _token_at(offsets: list[tuple[int, int, int]], pos: int) -> int:
    """The folded start of the token holding folded position `pos`."""
    best = offsets[0][0]
    for f, _, _ in offsets:
        if f > pos:
            break
        best = f
    return best
