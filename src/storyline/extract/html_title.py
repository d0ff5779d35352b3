"""The page's headline from its candidate titles: JSON-LD headline, meta titles, a lone h1, then the <title>."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
#: A separator between a tab title's parts ("Headline | Site", "Site - Section - Headline").
_TAB_SEPS = re.compile(r"\s+[|\u2013\u2014\-:\u00bb\u00b7]\s+")
#: Separators between a headline and the site's name at its end.
_SITE_SEPS = (" | ", " - ", " \u2013 ", " \u2014 ")


@dataclass(frozen=True)
class TitleSources:
    """A page's candidate titles, whitespace collapsed; empty ones left out."""

    headline: str | None = None  # JSON-LD's headline
    metas: tuple[str, ...] = ()  # meta titles in order of trust (og:title, twitter:title, ...)
    h1s: tuple[str, ...] = ()
    tab: str | None = None  # the <title> element
    site: str | None = None  # the site's name, when the page states it


def page_title(src: TitleSources) -> str | None:
    """The headline: JSON-LD's (when the page echoes it), a meta title, a lone h1 (unless a section heading),
    else the longest part of the <title>; a trailing site name is cut off. In Unicode NFC, as the body."""
    title = _ld_headline(src) or next(iter(src.metas), None) or _lone_h1(src) or _tab_headline(src.tab)
    return unicodedata.normalize("NFC", _without_site(title, src.site)) if title else None


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _ld_headline(src: TitleSources) -> str | None:
    """JSON-LD's headline, unless the page's other titles hold fewer than half its words: then it names
    something else ("Wikimedia list article" on a list's page)."""
    if not src.headline:
        return None
    seen = {w for other in (*src.metas, *src.h1s, src.tab) if other for w in _words(other)}
    words = _words(src.headline)
    if seen and len(words & seen) * 2 < len(words):
        return None
    return src.headline


def _lone_h1(src: TitleSources) -> str | None:
    """The page's only h1, unless it is a section heading (see _is_section_heading)."""
    if len(src.h1s) != 1:
        return None
    h1 = src.h1s[0]
    return None if src.tab and _is_section_heading(h1, src.tab, src.site) else h1


def _is_section_heading(h1: str, tab: str, site: str | None) -> bool:
    """An h1 the <title> does not echo (fewer than half its words) and no longer than it names a section
    ("Allergies Health Center" above "Babies Who Eat Peanuts Early May Avoid Allergy"), not the article;
    a <title> that is only the site's name says nothing either way."""
    if site and tab.casefold() == site.casefold():
        return False
    words, tab_words = _words(h1), _words(tab)
    return len(words & tab_words) * 2 < len(words) and len(words) <= len(tab_words)


def _tab_headline(tab: str | None) -> str | None:
    """The longest part of a <title> split at its separators ("Headline | Section | Site")."""
    if not tab:
        return None
    return max(_TAB_SEPS.split(tab), key=len) if _TAB_SEPS.search(tab) else tab


def _without_site(title: str, site: str | None) -> str:
    """The title without a trailing " | Site" (or " - ", en or em dash) naming the page's site."""
    if site:
        for sep in _SITE_SEPS:
            if title.endswith(sep + site):
                return title[: -len(sep + site)]
    return title
