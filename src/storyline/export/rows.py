"""The flat rows `storyline export` writes, streamed page by page from the Store with the listings' filters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from storyline.errors import UsageError
from storyline.store.base import Page, Store, StorySummary
from storyline.store.results import EntityRow, QuoteRow

PAGE = 500  # rows fetched per store call: memory stays flat whatever the archive's size
T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    """What an export keeps; each kind accepts the filters its listing has (see FILTERS)."""

    query: str | None = None
    speaker: str | None = None
    entity: int | None = None
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    story: str | None = None


@dataclass(frozen=True)
class ArticleExport:
    """One stored article: its cleaned fields, its body text, and counts of what NLP found."""

    id: str
    title: str | None
    published: str | None
    published_source: str | None
    authors: tuple[str, ...]
    signoff: str | None
    credits: tuple[str, ...]
    language: str | None
    format: str
    url: str | None
    sitename: str | None
    stored_at: str
    paragraphs: int
    quotes: int
    entities: int
    places: int
    warnings: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class PlaceExport:
    """One geocoded place of one article."""

    article_id: str
    published: str | None
    name: str
    lat: float
    lon: float
    country: str | None
    feature: str | None
    mentions: int
    usage: str | None  # None: the place itself; adjectival, demonym or in_name (model.Place.usage)


@dataclass(frozen=True)
class TimelineExport:
    """One dated event of a story's timeline, with the articles that report it."""

    story_id: str
    story_label: str
    date: str
    precision: str
    kind: str
    summary: str
    article_ids: tuple[str, ...]
    quote_text: str | None
    quote_speaker: str | None
    quote_kind: str | None  # direct, mixed or indirect (a paraphrase); None: stored before kinds were kept
    key: int | None  # the rank of its day among the story's key days, None when not one


ROW_TYPES: dict[str, type] = {
    "articles": ArticleExport, "quotes": QuoteRow, "entities": EntityRow, "places": PlaceExport,
    "stories": StorySummary, "timelines": TimelineExport,
}
FILTERS: dict[str, frozenset[str]] = {
    "articles": frozenset({"query", "date_from", "date_to", "story"}),
    "quotes": frozenset({"query", "speaker", "entity", "date_from", "date_to", "story"}),
    "entities": frozenset({"query", "type"}),
    "places": frozenset({"query", "date_from", "date_to", "story"}),
    "stories": frozenset({"query", "date_from", "date_to"}),
    "timelines": frozenset({"date_from", "date_to", "story"}),
}


def rows(store: Store, kind: str, filters: Filters = Filters()) -> Iterator[Any]:
    """Every row of `kind` that the filters keep, in the listing's order, fetched PAGE at a time.

    Raises UsageError for an unknown kind, a filter the kind has no use for, or an unknown story.
    """
    if kind not in ROW_TYPES:
        raise UsageError(f"unknown export kind {kind!r}: choose one of {', '.join(ROW_TYPES)}")
    given = {k for k, v in vars(filters).items() if v is not None}
    if given - FILTERS[kind]:
        flags = ", ".join("--" + k.replace("_", "-") for k in sorted(given - FILTERS[kind]))
        raise UsageError(f"{kind} cannot be filtered by {flags}")
    members = _members(store, filters.story) if filters.story else None
    return _ROWS[kind](store, filters, members)


class Truncated(Exception):
    """A listing stopped before its total (rows deleted or added while it was read)."""


def pages(fetch: Callable[[str | None], Page[T]]) -> Iterator[T]:
    """The items of every page of a listing, following next_cursor to the end.

    Raises Truncated (after the rows it could give) when the listing ends short of its total, so
    that an export never silently drops rows."""
    cursor: str | None = None
    seen = 0
    while True:
        page = fetch(cursor)
        seen += len(page.items)
        yield from page.items
        if page.next_cursor is None:
            if seen < page.total:
                raise Truncated(f"the listing stopped after {seen:,} of {page.total:,} rows: the archive changed"
                                " while it was read (run the export again once ingest is done)")
            return
        cursor = page.next_cursor


def in_range(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a date (or timestamp) lies in [from, to], each bound YYYY[-MM[-DD]] and inclusive."""
    if date_from is None and date_to is None:
        return True
    if not date:
        return False
    return ((date_from is None or date[: len(date_from)] >= date_from)
            and (date_to is None or date[: len(date_to)] <= date_to))


def _members(store: Store, story_id: str) -> frozenset[str]:
    detail = store.story(story_id)
    if detail is None:
        raise UsageError(f"no story with id {story_id!r}")
    return frozenset(m.article_id for m in store.member_summaries(detail.story.id))


def _article_ids(store: Store, f: Filters, members: frozenset[str] | None) -> Iterator[tuple[str, str | None]]:
    """(id, published) of the articles the filters keep, newest first (undated last), keyset-paged."""
    if f.query:
        found = ((h.id, h.published) for h in pages(lambda c: store.search(f.query or "", f.date_from, f.date_to, PAGE, c,
                                                                             sort="date")))
    else:
        found = ((a.id, a.published) for a in pages(lambda c: store.articles(f.date_from, f.date_to, PAGE, c)))
    return (x for x in found if members is None or x[0] in members)


def _articles(store: Store, f: Filters, members: frozenset[str] | None) -> Iterator[ArticleExport]:
    for article_id, _ in _article_ids(store, f, members):
        stored = store.get(article_id)
        if stored is None:  # deleted between the listing and the read
            continue
        a = stored.article
        yield ArticleExport(
            a.id, a.title, a.published, a.published_source, a.authors, a.signoff, a.credits, a.language, a.source.format, a.url, a.sitename,
            stored.stored_at, len(a.paragraphs), len(a.quotes), len(a.entities), len(a.places),
            tuple(w.code for w in a.warnings), a.body)


def _quotes(store: Store, f: Filters, members: frozenset[str] | None) -> Iterator[QuoteRow]:
    for q in pages(lambda c: store.quotes(f.speaker, f.query, f.entity, PAGE, c)):
        if in_range(q.published, f.date_from, f.date_to) and (members is None or q.article_id in members):
            yield q


def _entities(store: Store, f: Filters, members: frozenset[str] | None) -> Iterator[EntityRow]:
    return pages(lambda c: store.entities(f.query, f.type, PAGE, c))


def _places(store: Store, f: Filters, members: frozenset[str] | None) -> Iterator[PlaceExport]:
    for article_id, published in _article_ids(store, f, members):  # no record read: the listing has the date
        for p in store.article_places(article_id):
            yield PlaceExport(article_id, published, p.name, p.lat, p.lon, p.country, p.feature, p.mentions, p.usage)


def _stories(store: Store, f: Filters, members: frozenset[str] | None) -> Iterator[StorySummary]:
    needle = f.query.casefold() if f.query else None
    for s in pages(lambda c: store.stories(PAGE, c)):
        if needle is not None and needle not in s.label.casefold():
            continue
        if _overlaps(s, f.date_from, f.date_to):
            yield s


def _overlaps(s: StorySummary, date_from: str | None, date_to: str | None) -> bool:
    """A story's [first, last] span meets [from, to] (undated stories only when no bound is given)."""
    if date_from is None and date_to is None:
        return True
    first, last = s.first_date or s.last_date, s.last_date or s.first_date
    if not first or not last:
        return False
    return ((date_to is None or first[: len(date_to)] <= date_to)
            and (date_from is None or last[: len(date_from)] >= date_from))


def _timelines(store: Store, f: Filters, members: frozenset[str] | None) -> Iterator[TimelineExport]:
    ids = [f.story] if f.story else (s.id for s in pages(lambda c: store.stories(PAGE, c)))
    for story_id in ids:
        detail = store.story(story_id)
        if detail is None:
            continue
        s = detail.story
        for e in s.timeline:
            if in_range(e.date, f.date_from, f.date_to):
                yield TimelineExport(s.id, s.label, e.date, e.precision, e.kind, e.summary,
                                     tuple(x.article_id for x in e.sources),
                                     e.quote.text if e.quote else None, e.quote.speaker if e.quote else None,
                                     e.quote.kind if e.quote else None, e.key)


_ROWS: dict[str, Callable[[Store, Filters, frozenset[str] | None], Iterator[Any]]] = {
    "articles": _articles, "quotes": _quotes, "entities": _entities, "places": _places,
    "stories": _stories, "timelines": _timelines,
}
