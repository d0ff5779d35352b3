"""The NLP stage: parse paragraphs once with spaCy, then entities, quotes, places and dates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Any

from storyline.model import Article, Entity, Failure, Place, Quote, TimeExpression
from storyline.nlp.model import get_nlp

BATCH = 64  # paragraphs per nlp.pipe batch


def _components() -> dict[str, Any]:
    """The component functions that exist (each issue's module lands on its own)."""
    found: dict[str, Any] = {}
    try:
        from storyline.nlp.entities import extract_entities

        found["entities"] = extract_entities
    except ImportError:
        pass
    try:
        from storyline.nlp.quotes import extract_quotes

        found["quotes"] = extract_quotes
    except ImportError:
        pass
    try:
        from storyline.nlp.places import geocode_places

        found["places"] = geocode_places
    except ImportError:
        pass
    try:
        from storyline.nlp.temporal import resolve_dates

        found["dates"] = resolve_dates
    except ImportError:
        pass
    return found


def annotate_docs(article: Article, docs: list[Any]) -> Article:
    """Run the components on an article whose paragraphs are already parsed (one Doc per paragraph).

    A component that raises does not stop the batch: the article keeps its cleaned fields and
    gets an nlp_failed warning naming the error.
    """
    try:
        return _annotate(article, docs)
    except Exception as exc:  # noqa: BLE001 - one bad document never stops a batch
        return article.warn("nlp_failed", f"{article.source.name}: {type(exc).__name__}: {exc}")


def _annotate(article: Article, docs: list[Any]) -> Article:
    comps = _components()
    entities: tuple[Entity, ...] = comps["entities"](article, docs) if "entities" in comps else ()
    quotes: tuple[Quote, ...] = comps["quotes"](article, docs, entities) if "quotes" in comps else ()
    places: tuple[Place, ...] = comps["places"](article, docs, entities) if "places" in comps else ()
    dates: tuple[TimeExpression, ...] = comps["dates"](article, docs) if "dates" in comps else ()
    return replace(article, entities=entities, quotes=quotes, places=places, dates=dates, nlp=True)


def annotate(article: Article) -> Article:
    """The NLP stage for one article (doc -> doc)."""
    nlp = get_nlp()
    return annotate_docs(article, list(nlp.pipe(article.paragraphs)))


def annotate_many(results: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
    """Annotate a stream, batching paragraphs of several articles through nlp.pipe; failures pass."""
    nlp = get_nlp()
    it = iter(results)
    while chunk := list(islice(it, 16)):
        arts = [r for r in chunk if isinstance(r, Article)]
        texts = [p for a in arts for p in a.paragraphs]
        docs = iter(list(nlp.pipe(texts, batch_size=BATCH)))
        done: dict[int, Article] = {}
        for a in arts:
            done[id(a)] = annotate_docs(a, [next(docs) for _ in a.paragraphs])
        for r in chunk:
            yield done[id(r)] if isinstance(r, Article) else r
