"""htmldate's extensive search inside the HTML date cascade, asked where the page's markup is silent, weak or contradicted by its URL."""

from __future__ import annotations

from dataclasses import replace

from storyline.extract.dates import path_date
from storyline.model import Article

#: Cascade sources htmldate is asked to second-guess (a date read from the visible text).
WEAK_SOURCES = frozenset({"visible text"})


def worth_asking(doc: Article) -> bool:
    """Whether htmldate may know better: no date yet, a weak one, or a URL whose /YYYY/MM/DD/ says
    another day. Elsewhere the markup's JSON-LD, meta tags and time elements stand (asking htmldate
    on every page gains 0.001 accuracy on its own set for four times the calls: eval/dates.py)."""
    if doc.published_source == "corpus field":  # a corpus states its own date: nothing to second-guess
        return False
    if doc.published is None or doc.published_source in WEAK_SOURCES:
        return True
    day = path_date(doc.url or "")
    return day is not None and day.isoformat() != doc.published[:10]


def with_htmldate(doc: Article) -> Article:
    """The record with htmldate's publication day where it is worth asking and finds one: a value of
    the same day stays (with its time, offset and source); another day, or none, gives way to
    htmldate's day (`published_source` "htmldate", and a date_from_htmldate warning saying what the
    markup said)."""
    if not worth_asking(doc):
        return doc
    from htmldate import find_date

    try:
        day = find_date(doc.text, extensive_search=True, original_date=True, url=doc.url)
    except (ValueError, TypeError):  # htmldate could not read this page: the cascade's value stands
        return doc
    if not day or (doc.published and doc.published[:10] == day):
        return doc
    note = f"htmldate says {day}" + (f", {doc.published_source} said {doc.published}" if doc.published else "")
    return replace(doc, published=day, published_source="htmldate").warn("date_from_htmldate", f"{doc.source.name}: {note}")
