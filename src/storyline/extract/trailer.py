"""The lines around a story's body in wire and site copy: sign-offs, credits, agency tags and boilerplate (patterns in data/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from storyline import resources
from storyline.model import Problem

_WS = re.compile(r"\s+")
#: A last line this short, with no sentence end, reads like no prose: a trailing oddity.
ODD_MAX_CHARS = 60
_SENTENCE_END = re.compile(r"[.!?…:\"”’»)\]]$")
#: The longest trailing line any pattern is tried on (credits run long; paragraphs run longer).
_MAX_LINE = 400


@dataclass(frozen=True)
class Trailer:
    """A body with its trailing lines taken off: what they were, and what is left."""

    body: tuple[str, ...]
    signoff: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    odd: str | None = None  # a short, non-sentence last line left in the body


def _agency_alternation() -> str:
    return "(?:" + resources.alternation("agencies.txt") + ")"


def _norm(line: str) -> str:
    return _WS.sub(" ", line).strip()


def kind_of(line: str) -> str | None:
    """"signoff", "credit" or "boilerplate" when the whole line is one; None for anything else."""
    s = _norm(line)
    if not s or len(s) > _MAX_LINE:
        return None
    for kind, name in (("credit", "credit_patterns.txt"), ("signoff", "signoff_patterns.txt"),
                       ("boilerplate", "boilerplate_patterns.txt")):
        if any(p.fullmatch(s) for p in resources.rules(name)):
            return kind
    return None


def is_trailer(line: str) -> bool:
    """True for a sign-off or credit line (what ends a story rather than continues a list)."""
    return kind_of(line) in ("signoff", "credit")


def take_trailer(blocks: list[str]) -> Trailer:
    """Trailing sign-offs, credits and boilerplate off the end of `blocks` (paragraph blocks whose
    lines may still be separated by newlines), last line first; then a credit in brackets or an
    agency tag closing the last paragraph ("... on Sunday. (Reporting by X)", "... - Reuters")."""
    body = list(blocks)
    taken: list[tuple[str, str]] = []
    while body:
        lines = [ln for ln in body[-1].split("\n") if ln.strip()]
        kind = kind_of(lines[-1]) if lines else "empty"
        if kind is None:
            break
        if kind != "empty":
            taken.insert(0, (kind, _norm(lines[-1])))
        rest = "\n".join(lines[:-1])
        if rest.strip():
            body[-1] = rest
        else:
            body.pop()
    if body:
        last, tail = _inline_tail(body[-1])
        if tail:
            body[-1] = last
            taken.append(("credit", tail))
    out = {k: tuple(text for kind, text in taken if kind == k) for k in ("signoff", "credit", "boilerplate")}
    return Trailer(tuple(body), out["signoff"], out["credit"], out["boilerplate"], _odd(body))


@cache
def _inline_patterns() -> tuple[re.Pattern[str], ...]:
    agency = _agency_alternation()
    return (
        re.compile(r"\s+(\((?:Reporting|Writing|Editing|Additional reporting|Compiled)\s+by\b[^()]{1,300}\))\s*$", re.I),
        re.compile(rf"(?<=[.!?\"”’])\s*[-–—]+\s*({agency}(?:\s*[,/&]\s*{agency})*)\.?\s*$"),
    )


def _inline_tail(block: str) -> tuple[str, str | None]:
    """The block without a credit that closes it on the same line, and that credit."""
    for pattern in _inline_patterns():
        m = pattern.search(block)
        if m and block[: m.start()].strip():
            return block[: m.start()].rstrip(), _norm(m.group(1))
    return block, None


def _odd(body: list[str]) -> str | None:
    if len(body) < 2:
        return None
    s = _norm(body[-1])
    if len(s) <= ODD_MAX_CHARS and not _SENTENCE_END.search(s):
        return s
    return None


@cache
def _lead_pattern() -> re.Pattern[str]:
    agency = _agency_alternation()
    place = r"(?P<place>[A-Z][\w'.-]*(?:[ -][A-Z][\w'.-]*){0,3}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?)"
    return re.compile(rf"^(?:{place}\s*)?\((?P<agency>{agency}(?:\s*[,/&]\s*{agency})*)\)\s*[-–—:]+\s*(?=\S)")


def take_agency_lead(paragraph: str) -> tuple[str, str | None]:
    """A lead without its agency tag ("BEIRUT (Reuters) - Syrian ..." -> "BEIRUT - Syrian ..."), and the
    agency; the place of the dateline stays, as outlets print it."""
    m = _lead_pattern().match(paragraph)
    if not m:
        return paragraph, None
    rest = paragraph[m.end():]
    place = m.group("place")
    return (f"{place} - {rest}" if place else rest), _norm(m.group("agency"))


def trailer_problems(name: str, trailer: Trailer, odd: bool = True) -> list[Problem]:
    """Warnings for what a trailer split removed (boilerplate, quoted) and, with `odd`, for a short
    non-sentence last line it left in the body."""
    out = []
    if trailer.boilerplate:
        lines = "; ".join(repr(b[:80]) for b in trailer.boilerplate)
        out.append(Problem("boilerplate_removed", f"{name}: removed {len(trailer.boilerplate)} trailing line(s) of"
                           f" site boilerplate: {lines}"))
    if odd and trailer.odd:
        out.append(Problem("trailer_unknown", f"{name}: the body ends in {trailer.odd!r}, which reads like no"
                           " sentence (kept: it may be a credit or a code)"))
    return out
