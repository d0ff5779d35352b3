"""Per-article keys the clusterer matches on: canonical entities, places and related-feed links."""

from __future__ import annotations

from storyline.model import Article
from storyline.stories.text import normalize_title, normalize_url


def entity_keys(article: Article) -> set[str]:
    """Canonical entity keys of an article (gazetteer id when known, else type:name)."""
    return set(entity_key_order(article))


def entity_key_order(article: Article) -> tuple[str, ...]:
    """entity_keys in order of first occurrence."""
    return tuple(dict.fromkeys((e.id or f"{e.type}:{e.name}").lower() for e in article.entities if e.name))


def place_keys(article: Article) -> set[str]:
    return set(place_key_order(article))


def place_key_order(article: Article) -> tuple[str, ...]:
    """place_keys in order of first occurrence."""
    return tuple(dict.fromkeys((p.gazetteer_id or p.name).lower() for p in article.places if p.name))


def item_keys(id: str | None, url: str | None, title: str | None) -> tuple[str, ...]:
    """id:/url:/title: keys for one article or related item, in this order (titles shorter than 12
    characters are too vague)."""
    keys = [f"id:{id}"] if id else []
    if url:
        keys.append(f"url:{normalize_url(url)}")
    norm = normalize_title(title)
    if len(norm) >= 12:
        keys.append(f"title:{norm}")
    return tuple(keys)


def _keys(id: str | None, url: str | None, title: str | None) -> set[str]:
    return set(item_keys(id, url, title))


def related_keys(article: Article) -> set[str]:
    """Keys under which an article can be named by another article's related item."""
    return _keys(article.id, article.url, article.title)


def link_keys(article: Article) -> set[str]:
    """Keys of the articles this article's related items point to."""
    return set().union(*(_keys(item.id, item.url, item.title) for item in article.related))
