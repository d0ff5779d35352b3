"""Metadata cascade for HTML pages: JSON-LD, meta tags, <time datetime>, visible byline, the dated line under the headline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from storyline.extract.dates import path_date
from storyline.extract.html_data import meta_config
from storyline.extract.html_dates import normalize_date, richness
from storyline.extract.html_header_date import header_date
from storyline.extract.html_title import TitleSources, page_title

_WS = re.compile(r"\s+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b)\s*", re.I)
_NOT_NAME = re.compile(r"https?:|www\.|@|\d|[<>{}|/]")
#: An XHTML page's wrapper around a script's JSON ("<![CDATA[ {...} ]]>", or an old-style "<!-- ... -->").
_SCRIPT_WRAPPER = re.compile(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$")


def clean(text: str | None) -> str:
    """Collapse runs of whitespace and trim."""
    return _WS.sub(" ", text or "").strip()


@dataclass
class PageMeta:
    """What the metadata cascade found on one page; None / () where nothing was found."""

    title: str | None = None
    published: str | None = None
    published_source: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None
    sitename: str | None = None
    url: str | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)


def read_meta(
    tree: HtmlElement,
    base_url: str | None,
    bylines: list[HtmlElement] | None = None,
    datelines: list[HtmlElement] | None = None,
) -> PageMeta:
    """Run the cascade on a parsed page (the tree is not modified).

    `bylines` / `datelines` are the elements whose class/id looked like a byline / a date.
    """
    cfg = meta_config()
    byline_texts = _byline_texts(tree, bylines or [])
    metas = _meta_tags(tree)
    ld = _jsonld_article(tree, cfg["article_types"])
    out = PageMeta()

    out.sitename = _first(
        _ld_name(ld.get("publisher")) if ld else None, *(metas.get(k) for k in cfg["sitename_meta"])
    )
    if out.sitename and out.sitename.startswith("@"):
        out.sitename = out.sitename[1:]
    out.title = _title(tree, ld, metas, cfg, out.sitename)
    out.description = _first(*(metas.get(k) for k in cfg["description_meta"]), ld.get("description") if ld else None)
    out.url = _url(tree, ld, metas, cfg, base_url)
    out.authors = _authors(ld, metas, cfg, byline_texts)
    found = _published(tree, ld, metas, cfg, out.problems, byline_texts + _short_texts(datelines or [], 80))
    if found:
        out.published, out.published_source = found
    _take_printed_day(out, header_date(tree, out.title), base_url)
    return out


def _take_printed_day(out: PageMeta, printed: tuple[str, str] | None, base_url: str | None) -> None:
    """The day printed under the headline is the one the page shows its readers ("Stand: 28.04.2020",
    "Updated Mar 12, 2020"): it stands over the markup's (often a UTC stamp a day off, or the first
    draft's), with a date_from_header warning, unless the page's URL dates the markup's day. A byline
    or date text of the same day is the header line's (so htmldate need not second-guess it)."""
    if printed is None:
        return
    if out.published and out.published[:10] == printed[0]:
        if out.published_source == "visible text":
            out.published_source = "header line"
        return
    day, line = printed
    if out.published:
        confirmed = {d.isoformat() for d in (path_date(u or "") for u in (base_url, out.url)) if d}
        if out.published[:10] in confirmed:
            return
        out.problems.append(("date_from_header", f"the line under the headline says {day} ({line[:60]!r}), "
                             f"{out.published_source} said {out.published}"))
    out.published, out.published_source = day, "header line"


def _first(*values: Any) -> str | None:
    for v in values:
        if isinstance(v, str):
            v = clean(v)
            if v:
                return v
    return None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """First content of every <meta> by lower-cased property/name/itemprop; an attribute may list several
    names, space-separated as RDFa allows (property="og:title twitter:title")."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop"):
            for key in (el.get(attr) or "").lower().split():
                out.setdefault(key, content)
    return out


def _jsonld_article(tree: HtmlElement, types: list[str]) -> dict[str, Any]:
    """The best article-like JSON-LD object on the page ({} when none)."""
    best: dict[str, Any] = {}
    best_rank = len(types)
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_SCRIPT_WRAPPER.sub("", script.text))
        except ValueError:
            continue
        for obj in _walk(data):
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            for kind in kinds:
                if isinstance(kind, str) and kind.lower() in types:
                    rank = types.index(kind.lower())
                    if rank < best_rank:
                        best, best_rank = obj, rank
    return best


def _walk(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(data, list):
        return [o for item in data for o in _walk(item, depth + 1)]
    if isinstance(data, dict):
        found = [data]
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                found.extend(_walk(data[key], depth + 1))
        return found
    return []


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


def _title(tree: HtmlElement, ld: dict[str, Any], metas: dict[str, str], cfg: dict[str, Any], site: str | None) -> str | None:
    head = tree.find(".//title")
    return page_title(TitleSources(
        headline=_first(ld.get("headline")),
        metas=tuple(t for t in (_first(metas.get(k)) for k in cfg["title_meta"]) if t),
        h1s=tuple(h for h in (clean(h.text_content()) for h in tree.iter("h1")) if h),
        tab=clean(head.text_content()) if head is not None else None,
        site=site,
    ))


def _url(tree: HtmlElement, ld: dict[str, Any], metas: dict[str, str], cfg: dict[str, Any], base: str | None) -> str | None:
    candidates: list[Any] = []
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            candidates.append(link.get("href"))
    candidates.extend(metas.get(k) for k in cfg["url_meta"])
    main = ld.get("mainEntityOfPage")
    candidates.append(main.get("@id") if isinstance(main, dict) else main)
    candidates.append(ld.get("url"))
    for c in candidates:
        if isinstance(c, str) and c.strip():
            url = urljoin(base or "", c.strip())
            if url.startswith(("http://", "https://")):
                return url
    return None


@cache
def _date_tail_pattern(months: tuple[str, ...]) -> re.Pattern[str]:
    month = "|".join(sorted(months, key=len, reverse=True))
    return re.compile(rf"(?<=\w)\s+(?:(?:on|updated|published|posted)\s+)?(?:(?:{month})\.?\s+\d|\d|@\w).*$", re.I)


def _date_tail(cfg: dict[str, Any]) -> re.Pattern[str]:
    """A date, time or @handle running to the end of a byline ("By A May 3, 2017 11:00 PM @a")."""
    return _date_tail_pattern(tuple(cfg["months"]))


def split_authors(text: str, cfg: dict[str, Any]) -> list[str]:
    """Names from a byline text: drops a leading 'By' and a trailing date or @handle, splits on commas and 'and'."""
    text = _date_tail(cfg).sub("", clean(text))
    prefixes = sorted(cfg["byline_prefixes"], key=len, reverse=True)
    low = text.lower()
    for p in prefixes:
        if low.startswith(p + " ") or low.startswith(p + ":"):
            text = text[len(p) + 1:].lstrip(" :")
            break
    names = []
    for part in _AUTHOR_SPLIT.split(text):
        part = clean(part).strip(" .|-\u2013\u2014")
        if not part or _NOT_NAME.search(part) or len(part.split()) > 5 or len(part) < 3:
            continue
        if part.lower() in cfg["author_stopwords"]:
            continue
        names.append(part)
    return names


def _authors(ld: dict[str, Any], metas: dict[str, str], cfg: dict[str, Any], bylines: list[str]) -> tuple[str, ...]:
    raw: list[str] = []
    value = ld.get("author") if ld else None
    for item in value if isinstance(value, list) else [value]:
        name = _ld_name(item)
        if name:
            raw.append(name)
    if not raw:
        raw = [metas[k] for k in cfg["author_meta"] if metas.get(k)][:1]
    if not raw:  # the first visible byline that names someone ("By A May 3, 2017" names A)
        raw = next(([text] for text in bylines if split_authors(text, cfg)), [])
    names: list[str] = []
    for text in raw:
        for name in split_authors(text, cfg):
            if name not in names:
                names.append(name)
    return tuple(names)


_AUTHOR_XPATH = etree.XPath("//*[@rel='author' or @itemprop='author']")


def _byline_texts(tree: HtmlElement, bylines: list[HtmlElement]) -> list[str]:
    """Visible byline texts: rel=author, itemprop=author, then byline/author classes."""
    return _short_texts(list(_AUTHOR_XPATH(tree)) + list(bylines), 120)


def _short_texts(els: list[HtmlElement], limit: int) -> list[str]:
    out = []
    for el in els:
        if el.tag in ("meta", "link", "script", "style"):
            continue
        text = clean(el.text_content())
        if text and len(text) < limit and text not in out:
            out.append(text)
    return out


def _published(
    tree: HtmlElement, ld: dict[str, Any], metas: dict[str, str], cfg: dict[str, Any],
    problems: list[tuple[str, str]], visible: list[str],
) -> tuple[str, str] | None:
    """JSON-LD, meta tags, itemprop/<time>, then visible byline/date text; the richest of the first day,
    with where it came from (model.PUBLISHED_SOURCES)."""
    strong: list[tuple[str, str]] = []  # (source, raw value)
    if ld.get("datePublished"):
        strong.append(("json-ld", str(ld["datePublished"])))
    strong.extend((f"meta:{k}", metas[k]) for k in cfg["date_meta"] if metas.get(k))
    weak: list[tuple[str, str]] = []
    for el in tree.iter("time"):
        if el.get("datetime"):
            weak.append(("time element", el.get("datetime", "")))
    for el in tree.xpath('//*[@itemprop="datePublished"]'):
        weak.append(("itemprop", el.get("content") or el.get("datetime") or el.text_content()))
    parsed: list[tuple[str, str]] = []
    unparsed: list[str] = []
    for source, value in strong + weak:
        iso = normalize_date(value)
        if iso:
            parsed.append((source, iso))
        elif value.strip():
            unparsed.append(f"{source}={value.strip()[:40]!r}")
    if not parsed:
        for text in visible:
            iso = normalize_date(text)
            if iso:
                parsed.append(("visible text", iso[:10]))
                break
    if not parsed:
        if unparsed:
            problems.append(("date_unparsed", f"could not read the page date from {unparsed[0]}"))
        return None
    source, best = parsed[0]
    first = source
    for other_source, other in parsed[1:]:
        if other[:10] != best[:10]:
            if first.startswith(("json", "meta")) and other_source.startswith(("json", "meta")):
                problems.append(("date_conflict", f"{first} says {best}, {other_source} says {other}; kept the first"))
            continue
        if richness(other) > richness(best):
            best, source = other, other_source
    return best, source
