"""Text-dump stage: headline, dateline, byline, body paragraphs, sign-off and leaks from plain text."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from storyline.extract.dates import parse_date
from storyline.extract.jsondoc import check_json_document
from storyline.extract.leaks import Leak, find_leaks
from storyline.extract.trailer import take_agency_lead, take_trailer, trailer_problems
from storyline.model import Article, Problem, RelatedItem

_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
_BYLINE = re.compile(r"^(?:by|written by|posted by|story by|report by)\s+(?P<names>.{2,160})$", re.I)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.I)
_HAS_WORD = re.compile(r"\w")
_DATE_LABEL = re.compile(r"^(?:published|posted|updated|last updated|date|dated)(?:\s+on)?\s*:", re.I)
_MAX_HEADER_LINES = 8


def normalise_ws(s: str) -> str:
    """Collapse runs of whitespace (incl. no-break and thin spaces) to one space; strip."""
    return _WS.sub(" ", s.replace("\r", "")).strip()


def _same(a: str, b: str) -> bool:
    return normalise_ws(a).casefold() == normalise_ws(b).casefold()


def split_blocks(text: str) -> list[str]:
    """Paragraph blocks: blank-line separated; if the text has no blank lines, one line per block."""
    if _BLANK.search(text):
        blocks = _BLANK.split(text)
    else:
        blocks = text.split("\n")
    return [b for b in (blk.strip("\n") for blk in blocks) if b.strip()]


def _strip_leaks(text: str, leaks: list[Leak]) -> str:
    """The text with each leak replaced by a paragraph break (so text around a leak stays apart)."""
    out: list[str] = []
    pos = 0
    for leak in leaks:
        out.append(text[pos : leak.start])
        out.append("\n\n")
        pos = leak.end
    out.append(text[pos:])
    return "".join(out)


def parse_byline(line: str) -> tuple[str, ...] | None:
    """Byline names from a 'By A, B and C, Reuters' line (finalize tells the people from the agencies
    and desks). None if not a byline."""
    m = _BYLINE.match(normalise_ws(line))
    if not m:
        return None
    names = []
    for part in _SPLIT_NAMES.split(m.group("names")):
        part = part.strip(" .")
        if part and len(part.split()) <= 5:
            names.append(part)
    return tuple(names)


def _is_title_candidate(line: str) -> bool:
    s = normalise_ws(line)
    if not s or len(s) > 250 or len(s.split()) > 35:
        return False
    if s.endswith((".", ",", ";")) and len(s.split()) > 12:
        return False
    return bool(_HAS_WORD.search(s))


def clean_dump(doc: Article) -> Article:
    """The text-dump stage: fills title, published, authors, signoff, credits, paragraphs, related, warnings.

    Raises DocumentError('bad_row') when the whole text is a JSON value (valid, truncated or malformed).
    """
    check_json_document(doc)
    text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[Problem] = []
    leaks = find_leaks(text)
    related: list[RelatedItem] = list(doc.related)
    for leak in leaks:
        related.extend(leak.items)
        warnings.append(
            Problem("leak_removed", f"{doc.source.name}: removed leaked {leak.kind} output "
                    f"({leak.end - leak.start} chars at offset {leak.start}; {len(leak.items)} related item(s) recovered)")
        )
        warnings.extend(Problem(c, f"{doc.source.name}: {m}") for c, m in leak.problems)
    body_text = _strip_leaks(text, leaks) if leaks else text
    if _ENTITY.search(body_text):
        body_text = html.unescape(body_text)
    blocks = split_blocks(body_text)

    title, published, authors = doc.title, doc.published, doc.authors
    published_source = doc.published_source
    header_done = False
    body: list[str] = []
    dateline_raw: str | None = None
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln.strip()] if not header_done else [block]
        rest: list[str] = []
        for i, line in enumerate(lines):
            if header_done:
                rest = lines[i:]
                break
            kind = _header_kind(line, title, published, authors, seen=len(body) + i)
            if kind == "title":
                title = normalise_ws(line)
            elif kind == "repeat":
                pass
            elif kind == "date":
                parsed = parse_date(line)
                if parsed is not None and not published:
                    published, published_source = parsed.value, "dateline"
                dateline_raw = line
            elif kind == "byline":
                names = parse_byline(line)
                if names and not authors:
                    authors = names
            else:
                header_done = True
                rest = lines[i:]
                break
        if rest:
            body.append("\n".join(rest))
    trailer = take_trailer(body)
    paragraphs = [p for p in (normalise_ws(b.replace("\n", " ")) for b in trailer.body) if p]
    kept = [p for p in paragraphs if _HAS_WORD.search(p)]
    if len(kept) != len(paragraphs):
        warnings.append(Problem("separator_removed", f"{doc.source.name}: {len(paragraphs) - len(kept)} paragraph(s) without words removed"))
    credits = list(doc.credits) + list(trailer.credits)
    if kept:
        kept[0], agency = take_agency_lead(kept[0])
        credits[:0] = [agency] if agency else []
    warnings += trailer_problems(doc.source.name, trailer)
    if dateline_raw is not None and not published:
        warnings.append(Problem("date_unparsed", f"{doc.source.name}: dateline {dateline_raw.strip()!r} not understood"))
    return replace(
        doc,
        title=title,
        published=published,
        published_source=published_source,
        authors=authors,
        signoff=doc.signoff or " ".join(trailer.signoff) or None,
        credits=tuple(dict.fromkeys(credits)),
        paragraphs=tuple(kept),
        related=tuple(related),
        warnings=doc.warnings + tuple(warnings),
    )


def _header_kind(line: str, title: str | None, published: str | None, authors: tuple[str, ...], seen: int) -> str:
    """Classify one line at the top of a dump: title, repeat, date, byline or body."""
    s = normalise_ws(line)
    if title and _same(s, title):
        return "repeat"
    if len(s) <= 80 and (parse_date(s) is not None or _DATE_LABEL.match(s)):
        return "date"
    if parse_byline(s) is not None:
        return "byline"
    if title is None and seen == 0 and _is_title_candidate(s):
        return "title"
    return "body"
