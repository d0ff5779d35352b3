"""Related-story link lists and boilerplate containers: find them, keep the links, drop them."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from storyline.extract.html_data import related_heading_re
from storyline.extract.html_dates import normalize_date
from storyline.extract.html_meta import clean
from storyline.model import RelatedItem

_NEVER = {"html", "body", "head", "article", "main"}
_HEADING_XPATH = etree.XPath("//h2|//h3|//h4|//h5|//h6")
_LISTS = {"ul", "ol", "div", "section", "nav", "aside"}
_KIND = re.compile(r"/(video|videos|gallery|galleries|photos|audio|podcasts?)/", re.I)
_KINDS = {"video": "video", "videos": "video", "gallery": "gallery", "galleries": "gallery",
          "photos": "gallery", "audio": "audio", "podcast": "audio", "podcasts": "audio"}


def _text_len(el: HtmlElement) -> int:
    return len(clean(el.text_content()))


def _link_density(el: HtmlElement) -> float:
    total = _text_len(el)
    if not total:
        return 0.0
    linked = sum(len(clean(a.text_content())) for a in el.iter("a"))
    return linked / total


def remove(el: HtmlElement) -> None:
    """Drop an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def find_containers(
    tree: HtmlElement, found_related: list[HtmlElement], found_prune: list[HtmlElement]
) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """(related-story containers, boilerplate containers), outermost first, none nested.

    `found_related` / `found_prune` are the elements whose class/id matched the hint lists.
    """
    head_re = related_heading_re()
    related = [el for el in found_related if el.tag not in _NEVER]
    for el in _HEADING_XPATH(tree):
        if el.text and len(el.text) < 60 and head_re.fullmatch(clean(el.text_content())):
            nxt = el.getnext()
            if nxt is not None and nxt.tag in _LISTS and nxt.find(".//a") is not None:
                related.append(nxt)
    prune = [el for el in found_prune if el.tag not in _NEVER]
    related = _outermost(related)
    taken = set(related)
    prune = [el for el in _outermost(prune) if not any(a in taken for a in el.iterancestors())]
    return related, prune


def _outermost(els: list[HtmlElement]) -> list[HtmlElement]:
    chosen = set(els)
    return [el for el in els if not any(a in chosen for a in el.iterancestors())]


def _holds_prose(el: HtmlElement) -> bool:
    """True when the element holds article-like prose (2+ long, mostly unlinked paragraphs)."""
    long_paras = 0
    for p in el.iter("p"):
        text = clean(p.text_content())
        if len(text) > 120 and sum(len(a.text_content()) for a in p.iter("a")) < len(text) / 2:
            long_paras += 1
            if long_paras >= 2:
                return True
    return False


def take_related(
    tree: HtmlElement, base_url: str | None, found_related: list[HtmlElement], found_prune: list[HtmlElement]
) -> tuple[RelatedItem, ...]:
    """Related-story items from link lists; their containers (and boilerplate ones) are removed."""
    related, prune = find_containers(tree, found_related, found_prune)
    items: list[RelatedItem] = []
    seen: set[str] = set()
    for el in related:
        if _link_density(el) < 0.3 or _holds_prose(el):  # a wrapper around the article, not a list
            continue
        items.extend(_items(el, base_url, seen))
        remove(el)
    for el in prune:
        if not _holds_prose(el):
            remove(el)
    return tuple(items)


def _items(container: HtmlElement, base_url: str | None, seen: set[str]) -> list[RelatedItem]:
    out = []
    for a in container.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        title = clean(a.text_content()) or clean(a.get("title"))
        if len(title.split()) < 3:
            continue
        url = urljoin(base_url or "", href)
        if url in seen:
            continue
        seen.add(url)
        kind_m = _KIND.search(url)
        out.append(
            RelatedItem(
                id=None,
                title=title,
                url=url,
                kind=_KINDS[kind_m.group(1).lower()] if kind_m else "article",
                published=_item_date(a, container),
            )
        )
    return out


def _item_date(a: HtmlElement, container: HtmlElement) -> str | None:
    """A date next to the link: a <time> inside its list item / card, or date text there."""
    item = a
    for anc in a.iterancestors():
        if anc is container:
            break
        item = anc
        if anc.tag in ("li", "article"):
            break
    for t in item.iter("time"):
        iso = normalize_date(t.get("datetime") or t.text_content())
        if iso:
            return iso
    link_text = clean(a.text_content())
    rest = clean(item.text_content()).replace(link_text, " ")
    if rest.strip():
        return normalize_date(rest)
    return None
