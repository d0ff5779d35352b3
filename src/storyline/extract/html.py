"""HTML stage: article body via trafilatura (fast mode), plus our own metadata and related links."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace
from typing import Any

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from storyline import resources
from storyline.errors import DocumentError
from storyline.extract.html_data import (
    boilerplate_line_re,
    byline_class_re,
    dateline_class_re,
    elements_matching,
    prune_class_re,
    related_class_re,
)
from storyline.extract.html_depth import PARSER_DEPTH_LIMIT, at_parser_limit, flatten
from storyline.extract.html_header import take_standfirst
from storyline.extract.html_meta import clean, read_meta
from storyline.extract.html_related import take_related
from storyline.extract.jsondoc import check_json_document
from storyline.extract.trailer import take_trailer, trailer_problems
from storyline.model import Article

# trafilatura logs a warning for every page it finds nothing in; we report that ourselves.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

#: trafilatura options, chosen by eval/extraction.py (see eval/README.md for the numbers).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "fast": True,  # no readability/justext fallback: ~1.5x faster and better F1 here
    "favor_recall": True,  # skips the balanced-mode escalation pass: faster, and better F1 here
    "include_comments": False,
    "include_tables": True,
    "with_metadata": False,  # our own cascade in html_meta is richer (times, offsets)
    "deduplicate": False,
}

#: A fast-mode body shorter than RESCUE_WORDS words, or than RESCUE_MAX_WORDS while holding less than
#: RESCUE_SHARE of the words in the page's <p> elements (the article is elsewhere), is extracted again
#: with trafilatura's fallbacks (readability, justext), which rescue odd layouts; the longer of the two
#: (by RESCUE_GAIN) is kept.
RESCUE_WORDS = 60
RESCUE_MAX_WORDS = 150
RESCUE_SHARE = 0.2
RESCUE_GAIN = 2.0
RESCUE_OPTIONS: dict[str, Any] = {**TRAFILATURA_OPTIONS, "fast": False, "favor_recall": False}

#: Below this many words the "body" is menu or footer debris, not an article.
MIN_BODY_WORDS = 12
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")  # kana and Han: no spaces between words


def extract_html(doc: Article) -> Article:
    """Fill title, published, authors, paragraphs (trailing sign-offs, credits and boilerplate split off
    as in text dumps), signoff, credits, related, description, sitename, url.

    Fields already set on `doc` (corpus hints) are kept. Raises DocumentError('no_article')
    when the page has no article body, DocumentError('bad_row') when the text is a JSON value.
    """
    check_json_document(doc)
    tree, depth = _parse(doc)
    found = elements_matching(tree, related_class_re(), prune_class_re(), byline_class_re(), dateline_class_re())
    meta = read_meta(tree, doc.url, found[2], found[3])
    related = take_related(tree, meta.url or doc.url, found[0], found[1])
    standfirst = take_standfirst(tree)
    title = doc.title or meta.title
    trailer = take_trailer(list(doc.paragraphs or body_paragraphs(tree, meta.url or doc.url, title)))
    paragraphs, date_line = take_date_line(trailer.body)
    words = body_words(paragraphs)
    if words < MIN_BODY_WORDS:
        deep = f"; the markup is nested {depth:,} levels deep (parser limit {PARSER_DEPTH_LIMIT})" if depth else ""
        raise DocumentError(
            "no_article", f"{doc.source.name}: no article body found in the HTML page ({words} words of text{deep})"
        )
    fields: dict[str, Any] = {
        "title": meta.title,
        "published": meta.published,
        "published_source": meta.published_source if meta.published and not doc.published else None,
        "authors": meta.authors,
        "paragraphs": paragraphs,
        "signoff": " ".join(trailer.signoff) or None,
        "credits": trailer.credits,
        "related": related,
        "description": meta.description or standfirst,
        "sitename": meta.sitename,
        "url": meta.url,
    }
    out = replace(doc, **{k: v for k, v in fields.items() if v and not getattr(doc, k)})
    for code, message in meta.problems:
        out = out.warn(code, f"{doc.source.name}: {message}")
    # trafilatura's last lines are often captions or links: only what was removed is worth a warning
    out = replace(out, warnings=out.warnings + tuple(trailer_problems(doc.source.name, trailer, odd=False)))
    if date_line:
        out = out.warn("date_line_removed", f"{doc.source.name}: removed the date line {date_line[:80]!r}")
    return out  # no_title / no_date / short_body are finalize.check's business


def body_words(paragraphs: tuple[str, ...]) -> int:
    """Words in a body: whitespace-separated tokens, where Chinese or Japanese script (written
    without spaces) counts one word per two of its characters."""
    total = 0
    for p in paragraphs:
        for token in p.split():
            cjk = len(_CJK.findall(token))
            total += max(1, cjk // 2) if cjk else 1
    return total


def take_date_line(paragraphs: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """The body without a first paragraph that is only a date line ("November 19, 2019 / 12:21 AM /
    Updated 14 hours ago": data/date_line_patterns.txt), and that line (None when there is none)."""
    if len(paragraphs) < 2:
        return paragraphs, None
    first = " ".join(paragraphs[0].split())
    if any(p.fullmatch(first) for p in resources.rules("date_line_patterns.txt")):
        return paragraphs[1:], first
    return paragraphs, None


def _parse(doc: Article) -> tuple[HtmlElement, int | None]:
    """The parsed page and, when its markup was too deep for the parser and had to be flattened, its depth."""
    tree = load_html(doc.text)
    depth = None
    if tree is not None and at_parser_limit(tree):
        flat, depth = flatten(doc.text)
        tree = load_html(flat)
    if tree is None:
        raise DocumentError("no_article", f"{doc.source.name}: the HTML could not be parsed")
    return tree, depth


def body_paragraphs(tree: HtmlElement, url: str | None, title: str | None) -> tuple[str, ...]:
    """The article body as cleaned paragraphs in Unicode NFC (boilerplate lines and a repeated title dropped)."""
    text = _body_text(tree, url, TRAFILATURA_OPTIONS)
    words = len(text.split())
    if _needs_rescue(tree, words):
        rescued = _body_text(tree, url, RESCUE_OPTIONS)
        if len(rescued.split()) > RESCUE_GAIN * words:
            text = rescued
    if not text:
        return ()
    furniture = boilerplate_line_re()
    title_key = unicodedata.normalize("NFC", clean(title)).casefold() if title else None
    out: list[str] = []
    for line in unicodedata.normalize("NFC", text).split("\n"):  # composed, as other extractors give it
        line = clean(line)
        if not line or furniture.fullmatch(line):
            continue
        if not out and title_key and line.casefold() == title_key:
            continue
        out.append(line)
    return tuple(out)


def _needs_rescue(tree: HtmlElement, words: int) -> bool:
    """Whether a fast-mode body of this many words is worth extracting again (see RESCUE_WORDS)."""
    if words < RESCUE_WORDS:
        return True
    return words < RESCUE_MAX_WORDS and words < RESCUE_SHARE * _paragraph_words(tree)


def _paragraph_words(tree: HtmlElement) -> int:
    """Words in the page's <p> elements."""
    return sum(len(p.text_content().split()) for p in tree.iter("p"))


def _body_text(tree: HtmlElement, url: str | None, options: dict[str, Any]) -> str:
    """trafilatura's body text of the page with these options ("" when it finds none)."""
    result = bare_extraction(tree, url=url, **options)
    return (getattr(result, "text", None) or "") if result is not None else ""
