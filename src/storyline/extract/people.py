"""Which byline names are people: desks, agencies and outlets become credits, titles come off (data/byline_*.txt)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from storyline import resources

_WS = re.compile(r"\s+")


def _generic() -> tuple[re.Pattern[str], ...]:
    return resources.rules("byline_credits.txt", re.I)


@cache
def _titles() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in resources.lines("byline_titles.txt"))


def without_titles(name: str) -> str:
    """The name without honorifics before it or a role after it ("Dr. Jane Roe, Correspondent" -> "Jane Roe")."""
    s = _WS.sub(" ", name).strip(" ,;|")
    for pattern in _titles():
        cut = pattern.sub("", s).strip(" ,;|")
        s = cut or s  # a name that is all title ("Correspondent") is left for is_credit to judge
    return s


def _only_a_title(name: str) -> bool:
    s = ", " + name
    for pattern in _titles():
        s = pattern.sub("", s)
    return not s.strip(" ,;|")


def _key(text: str) -> str:
    return re.sub(r"^the\s+", "", _WS.sub(" ", text).strip().casefold())


def is_credit(name: str, sitename: str | None = None) -> bool:
    """True when a byline name is a desk, an agency, an outlet (the site's own name included) or a generic
    credit such as "Staff" or "Example Times staff", not a person."""
    s = _WS.sub(" ", name).strip()
    if sitename and _key(s) == _key(sitename):
        return True
    return any(p.fullmatch(s) for p in _generic())


def people_and_credits(names: Sequence[str], sitename: str | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The people among byline names (titles cut off, in order, once each) and the rest as credits."""
    people: list[str] = []
    credits: list[str] = []
    for raw in names:
        name = _WS.sub(" ", raw).strip(" ,;|")
        if not name:
            continue
        if is_credit(name, sitename):
            credits.append(name)
            continue
        if _only_a_title(name):
            continue  # a title standing alone, cut off its name by the split ("John Doe, Senior Correspondent")
        person = without_titles(name)
        (credits if is_credit(person, sitename) else people).append(person)
    return tuple(dict.fromkeys(people)), tuple(dict.fromkeys(credits))
