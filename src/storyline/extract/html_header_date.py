"""The day printed under an HTML page's headline (its byline or dateline line), read in the languages of data/html_header_dates.json."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from lxml.html import HtmlElement

from storyline import resources

#: The header is the text after the headline (see `headline`), up to HEADER_CHARS characters of it (or the next h1).
HEADER_CHARS = 300
#: A dated line is a text node of at most LINE_CHARS characters ("Von Moritz Wichmann 29.04.2020,
#: 12:01 Uhr") that holds at most LINE_OTHER_CHARS word characters besides its date and time (a byline,
#: "Updated", "Stand:"), not a sentence that mentions a date ("... der Vorstandssitzung vom 5.8.2019").
LINE_CHARS = 100
LINE_OTHER_CHARS = 40
_TIME = re.compile(r"\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?|uhr)?", re.I)
_NON_WORD = re.compile(r"\W+")
_WS = re.compile(r"\s+")


@cache
def _config() -> tuple[dict[str, int], frozenset[str], tuple[re.Pattern[str], ...]]:
    data: dict[str, Any] = resources.json_data("html_header_dates.json")
    months: dict[str, int] = {}
    for names in data["months"].values():
        for number, spellings in enumerate(names, start=1):
            for name in spellings.split("|"):
                months.setdefault(name, number)
    mon = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    year, day = r"(?P<y>(?:19|20)\d\d)(?!\d)", r"(?P<d>[0-3]\d)(?!\d)"
    patterns = (
        # "4. März 2019", "19 FEB 2020", "1er juin 2019", "4 de marzo de 2019"
        re.compile(rf"(?<!\w)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er)?\.?\s*(?:de\s+)?(?P<mon>{mon})\.?,?\s*(?:de\s+)?{year}", re.I),
        # "March 14, 2021", "Nov. 8 2023"
        re.compile(rf"(?<!\w)(?P<mon>{mon})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{year}", re.I),
        re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?{year}"),  # "29.04.2020"
        re.compile(rf"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-/])(?P<m>[01]\d)(?P=sep){day}"),  # "2020-04-29", "2020/04/29"
    )
    return months, frozenset(data["skip_tags"]), patterns


def dates_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO day) of every date written in the text, in order of position."""
    months, _, patterns = _config()
    found = []
    for rx in patterns:
        for m in rx.finditer(text):
            groups = m.groupdict()
            month = months.get(m["mon"].lower()) if groups.get("mon") else int(m["m"])
            try:
                day = date(int(m["y"]), month or 0, int(m["d"])).isoformat()
            except ValueError:
                continue
            found.append((m.start(), m.end(), day))
    return sorted(found)


def header_date(tree: HtmlElement, title: str | None = None) -> tuple[str, str] | None:
    """The ISO day of the first dated line after the page's headline, and that line; None when the
    header holds none. Captions, buttons, scripts and the headline's own words are not read."""
    _, skip, _ = _config()
    h1 = headline(tree, title)
    if h1 is None:
        return None
    seen = 0
    for text in _texts_after(h1, skip):
        if text is None:
            return None  # the next headline: this one's header is over
        line = _WS.sub(" ", text).strip()
        if not line:
            continue
        seen += len(line)
        if seen > HEADER_CHARS:
            return None
        if len(line) <= LINE_CHARS:
            found = dates_in(line)
            if found and _other_chars(line, found) <= LINE_OTHER_CHARS:
                return found[0][2], line
    return None


def _texts_after(el: HtmlElement, skip: frozenset[str]) -> Iterator[str | None]:
    """The text nodes after the element in document order, lazily, leaving out what sits in a skipped
    element; None at the next h1. Walks without recursion (a page may be nested deeply)."""
    node: HtmlElement | None = el
    while node is not None:
        parent = node.getparent()
        if parent is not None and not _skipped(parent, skip):
            if node.tail:
                yield node.tail
            for sibling in node.itersiblings():
                yield from _subtree_texts(sibling, skip)
        node = parent


def _subtree_texts(el: HtmlElement, skip: frozenset[str]) -> Iterator[str | None]:
    """The element's text nodes in document order, its tail last; None (and no more) at an h1."""
    stack: list[tuple[HtmlElement, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node.tail:
                yield node.tail
            continue
        stack.append((node, True))
        if not isinstance(node.tag, str) or node.tag in skip:
            continue
        if node.tag == "h1":
            yield None
            return
        if node.text:
            yield node.text
        stack.extend((child, False) for child in reversed(node))


def headline(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The h1 that holds the page's title (or is held in it), else the first h1 (a page may open with
    an h1 naming the site or the section, "KBS WORLD", "Thema – Corona")."""
    first = None
    key = _WS.sub(" ", title or "").strip().casefold()
    for h1 in tree.iter("h1"):
        text = _WS.sub(" ", h1.text_content()).strip().casefold()
        if key and text and (text in key or key in text):
            return h1
        first = h1 if first is None else first
    return first


def _skipped(el: HtmlElement, skip: frozenset[str]) -> bool:
    """Whether the element is, or sits inside, one whose text is not the header's (a caption, a script)."""
    if not isinstance(el.tag, str) or el.tag in skip:
        return True
    return any(isinstance(a.tag, str) and a.tag in skip for a in el.iterancestors())


def _other_chars(line: str, found: list[tuple[int, int, str]]) -> int:
    """Word characters of the line besides its dates and clock times."""
    rest = line
    for start, end, _ in sorted(found, reverse=True):
        rest = rest[:start] + rest[end:]
    return len(_NON_WORD.sub("", _TIME.sub("", rest)))
