"""Word lists and patterns for the HTML extractor, loaded once from storyline/data/html_*."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree


def _read(name: str) -> str:
    return resources.files("storyline").joinpath("data", name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    out = []
    for line in _read(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def meta_config() -> dict[str, Any]:
    """The metadata cascade settings (meta names in order of trust, byline hints, months)."""
    data: dict[str, Any] = json.loads(_read("html_meta.json"))
    return data


_ATTR_VALUES = etree.XPath("//@class | //@id", smart_strings=False)


def elements_matching(tree: etree._Element, *patterns: re.Pattern[str]) -> list[list[etree._Element]]:
    """For each pattern, the elements whose lower-cased class or id matches it, in document order.

    Attribute values are read in one XPath pass and tested once each; the tree is walked only
    when some value matched. An element goes to the first pattern it matches.
    """
    values = set(_ATTR_VALUES(tree))
    owner: dict[str, int] = {}
    for v in values:
        low = v.lower()
        for i, rx in enumerate(patterns):
            if rx.search(low):
                owner[v] = i
                break
    out: list[list[etree._Element]] = [[] for _ in patterns]
    if not owner:
        return out
    for el in tree.iter():
        i = owner.get(el.get("class") or "", owner.get(el.get("id") or "", -1))
        if i >= 0:
            out[i].append(el)
    return out


@cache
def related_class_re() -> re.Pattern[str]:
    """Matches class/id values of related-story containers."""
    return re.compile("|".join(re.escape(h) for h in _lines("html_related_hints.txt")))


@cache
def prune_class_re() -> re.Pattern[str]:
    """Matches class/id values of boilerplate containers (share bars, ads, comments...)."""
    return re.compile("|".join(re.escape(h) for h in _lines("html_prune_hints.txt")))


@cache
def byline_class_re() -> re.Pattern[str]:
    """Matches class/id values of visible bylines."""
    return re.compile("|".join(re.escape(h) for h in meta_config()["byline_hints"]))


@cache
def dateline_class_re() -> re.Pattern[str]:
    """Matches class/id values of visible publication dates."""
    return re.compile("|".join(re.escape(h) for h in meta_config()["dateline_hints"]))


@cache
def related_heading_re() -> re.Pattern[str]:
    """Matches the whole text of a heading that introduces a related-stories list."""
    return re.compile(r"(?:" + "|".join(_lines("html_related_headings.txt")) + r")\W*", re.I)


@cache
def boilerplate_line_re() -> re.Pattern[str]:
    """Matches a whole paragraph that is page furniture rather than article text."""
    return re.compile("|".join(f"(?:{p})" for p in _lines("html_boilerplate_lines.txt")), re.I)
