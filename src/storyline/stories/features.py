"""Per-article keys the clusterer matches on: canonical entities, places and related-feed links."""

from __future__ import annotations

from storyline.model import Article
from storyline.stories.text import normalize_title, normalize_url


def entity_keys(article: Article) -> set[str]:
    """Canonical entity keys of an article (gazetteer id when known, else type:name)."""
    return {(e.id or f"{e.type}:{e.name}").lower() for e in article.entities if e.name}


def place_keys(article: Article) -> set[str]:
    return {(p.gazetteer_id or p.name).lower() for p in article.places if p.name}


def related_keys(article: Article) -> set[str]:
    """Keys under which an article can be named by another article's related item."""
    keys = {f"id:{article.id}"}
    if article.url:
        keys.add(f"url:{normalize_url(article.url)}")
    title = normalize_title(article.title)
    if len(title) >= 12:
        keys.add(f"title:{title}")
    return keys


def link_keys(article: Article) -> set[str]:
    """Keys of the articles this article's related items point to."""
    keys: set[str] = set()
    for item in article.related:
        if item.id:
            keys.add(f"id:{item.id}")
        if item.url:
            keys.add(f"url:{normalize_url(item.url)}")
        title = normalize_title(item.title)
        if len(title) >= 12:
            keys.add(f"title:{title}")
    return keys
