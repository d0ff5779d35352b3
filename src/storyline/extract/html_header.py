"""The article header's standfirst: a sentence-long subheading under the headline, taken out of the body."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from storyline.extract.html_meta import clean
from storyline.extract.html_related import remove

#: A subheading of at least this many words is a standfirst (a summary sentence), not a section title.
STANDFIRST_MIN_WORDS = 8
_AFTER_HEADLINE = etree.XPath(
    "//h1/following-sibling::*[1][self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
)
#: The class of a headline wrapper ("article-head", "wsj-article-headline-wrap", "article-title").
_HEADER_CLASS = re.compile(r"head|title", re.I)


def take_standfirst(tree: HtmlElement) -> str | None:
    """Remove the standfirst from the tree and return its text (None when there is none).

    A standfirst is the h2-h6 that directly follows an h1 inside the article's header (a <header>
    element, or a wrapper whose class names a head or title) and reads as a sentence of
    STANDFIRST_MIN_WORDS or more words ("There are more devices ... than ever before."). It
    summarises the story under its headline: page furniture like the headline, not the body.
    A subheading after an h1 in the body's own container stays (it may open the text).
    """
    found = None
    for el in _AFTER_HEADLINE(tree):
        parent = el.getparent()
        if parent is None or not (parent.tag == "header" or _HEADER_CLASS.search(parent.get("class") or "")):
            continue
        text = clean(el.text_content())
        if len(text.split()) >= STANDFIRST_MIN_WORDS:
            found = found or text
            remove(el)
    return found
