"""The `Store` interface every storage back-end implements, and the typed results it returns."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar, runtime_checkable

from storyline.model import Article, Failure
from storyline.store.filters import COUNT_LIMIT, RANK_WINDOW
from storyline.store.results import (
    ArticleRow,
    EntityMention,
    EntityRow,
    Facets,
    FailureRow,
    MentioningArticle,
    Narrow,
    PlaceDetail,
    PlaceRow,
    PlaceSummary,
    QuoteRow,
    SearchHit,
    Stats,
    StoredArticle,
)

# re-exported: callers import every result type from here
from storyline.store.results import as_json as as_json
from storyline.store.story_results import EventQuote as EventQuote
from storyline.store.story_results import EventSource as EventSource
from storyline.store.story_results import (
    JoinReason,
    StoredEvent,
    StoredMember,
    Story,
    StoryDetail,
    StorySummary,
    TimelineWrite,
    Unclustered,
)
from storyline.store.story_results import StoryEntity as StoryEntity
from storyline.store.story_results import StoryMember as StoryMember
from storyline.store.story_results import StoryPlace as StoryPlace
from storyline.store.story_results import TimelineEvent as TimelineEvent

T = TypeVar("T")
#: Markers around matched terms in SearchHit.snippet.
MARK_OPEN, MARK_CLOSE = "«", "»"


class QueryTimeout(Exception):
    """A query ran longer than the store's query time limit and was cancelled."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing: its items, the cursor of the next page (None on the last), every match's
    count; a search past its count limit gives the limit as `total` with `total_exact` false (more than that)."""

    items: tuple[T, ...]
    next_cursor: str | None
    total: int
    total_exact: bool = True


# -- the interfaces ------------------------------------------------------------------------------


class StoryRepository(Protocol):
    """What story clustering needs from storage (see storyline.stories.update)."""

    def clustering(self) -> AbstractContextManager[None]:
        """One transaction in which this process is the only story clusterer."""
        ...

    def unclustered(self, inputs: str) -> Generator[Unclustered, None, None]:
        """Stored articles in no story yet, oldest publication first (undated last), streamed (close()
        ends the query): each with its stored story inputs when they begin with `inputs` (not empty),
        else with its record decoded."""
        ...

    def member_articles(self, story_id: str) -> list[tuple[Article, str | None]]:
        """(article, duplicate_of) of every member of a story, oldest first: the full records."""
        ...

    def member_summaries(self, story_id: str) -> list[StoredMember]:
        """Every member of a story with the summary stored with it, oldest first (no record is read)."""
        ...

    def set_summaries(self, summaries: Sequence[tuple[str, str]]) -> None:
        """Store (article_id, summary) for members placed without one."""
        ...

    def story_of_article(self, article_id: str) -> str | None:
        """The story an article is a member of (None: not clustered yet)."""
        ...

    def lookup_key(self, key: str) -> str | None:
        """The story of the first clustered article named by a related key (id:/url:/title:)."""
        ...

    def lookup_links(self, key: str) -> list[str]:
        """Stories with an article whose related items point to `key`."""
        ...

    def add_member(self, article_id: str, story_id: str, duplicate_of: str | None, summary: str | None = None,
                   reason: JoinReason | None = None) -> None:
        """Place an article in a story with its summary and the reason it joined (an article already
        placed stays where it is)."""
        ...

    def story_label(self, story_id: str) -> str | None:
        """The label a story was last written with (None before its first write)."""
        ...

    def add_keys(self, story_id: str, keys: Iterable[str], links: Iterable[str]) -> None:
        """Record the keys an article is named by and the keys its related items point to."""
        ...

    def merge_story(self, gone: str, keep: str) -> None:
        """Move every member and key of story `gone` into `keep`; drop `gone`'s record."""
        ...

    def member_inputs(self, article_ids: Sequence[str], inputs: str) -> list[Unclustered]:
        """Clustered articles as `unclustered` gives them (stored inputs beginning with `inputs`, else the
        record), in the order asked; a KeyError names an id not stored."""
        ...

    def move_members(self, story_id: str, new_id: str, article_ids: Sequence[str], keys: Iterable[str],
                     reason: JoinReason) -> None:
        """Move these members of `story_id`, and its related keys among `keys`, to story `new_id` (a split),
        recording `reason` as why they are there."""
        ...

    def story_totals(self, story_id: str) -> str | None:
        """The running totals a story was last written with (JSON text; None: not kept, or no such story)."""
        ...

    def story_events(self, story_id: str, days: Sequence[str] | None, owners: Sequence[str] = ()) -> list[StoredEvent]:
        """A story's stored events of the given days (None: every day) and those owned by the given
        articles, in their stored order (seq)."""
        ...

    def write_story(self, story: Story, totals: str | None = None, timeline: TimelineWrite | None = None) -> None:
        """Insert or replace one story record, with its running totals (see stories.totals); with
        `timeline`, the story's timeline is its stored events (changed as it says) and `story.timeline`
        is not stored, else `story.timeline` is stored whole."""
        ...

    def load_state(self) -> str | None:
        """The clusterer's saved state (JSON text), or None before the first run."""
        ...

    def save_state(self, state: str) -> None:
        """Save the clusterer's state (JSON text)."""
        ...


@runtime_checkable
class Store(StoryRepository, Protocol):
    """Where article records, their raw bytes, annotations, stories and failures are kept.

    Writes are idempotent (a sha256 already stored is skipped, never duplicated) and each
    `write_batch` is all-or-nothing. Listings return a `Page`; cursors come from a previous page
    and anything else raises `CursorError`; filters match literal substrings (`%` and `_` are
    plain characters); `search` takes storyline's query syntax (storyline.store.query).
    """

    #: Where the store lives (a file path or a URL without password).
    target: str
    #: Whether one store may serve several threads at once (else: one store per thread).
    thread_safe: bool

    def transaction(self) -> AbstractContextManager[None]:
        """Everything inside is committed together, or rolled back if the block raises."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads inside see the store as it was at the first of them, on one connection (a page built
        from several reads); for reads only. Nested blocks, and transactions inside, join the outer one."""
        ...

    # writes
    def write_batch(self, items: Sequence[tuple[Article, bytes]]) -> int:
        """Store articles with their raw bytes in one transaction; return how many were new."""
        ...

    def store_new(self, items: Sequence[tuple[Article, bytes]]) -> tuple[str, ...]:
        """As write_batch, returning the ids that were new (the others were stored already, maybe by
        another process meanwhile)."""
        ...

    def record_failures(self, failures: Sequence[Failure]) -> None:
        """Remember failed documents (keyed by name and sha256, so reruns do not duplicate)."""
        ...

    # articles
    def has(self, sha256: str) -> bool: ...

    def known(self, sha256s: Iterable[str]) -> set[str]:
        """The subset of `sha256s` already stored (one batch lookup)."""
        ...

    def get(self, id_or_sha: str) -> StoredArticle | None:
        """A record by 16-hex id or full sha256."""
        ...

    def raw(self, id_or_sha: str) -> bytes | None:
        """The bytes an article was extracted from."""
        ...

    def articles(self, date_from: str | None = None, date_to: str | None = None, limit: int = 20,
                 cursor: str | None = None) -> Page[ArticleRow]:
        """Articles newest first (undated last); dates YYYY[-MM[-DD]] filter inclusively."""
        ...

    def search(self, query: str, date_from: str | None = None, date_to: str | None = None, limit: int = 20,
               cursor: str | None = None, *, narrow: Narrow | None = None, sort: str = "relevance",
               rank_window: int = RANK_WINDOW, count_limit: int = COUNT_LIMIT) -> Page[SearchHit]:
        """Ranked full-text search (title above body), or newest first with sort="date", kept to the
        narrowing (language, site, entity, place, story); QuerySyntaxError for a query that cannot be parsed.
        Relevance ranks the matches `rank_window` at a time, the most recently stored first (0: all at once).
        The total is exact up to `count_limit` matches (0: always); past it, `total_exact` is false."""
        ...

    def search_facets(self, query: str | None = None, narrow: Narrow | None = None, interval: str = "month",
                      top: int = 10) -> Facets:
        """Counts over every article the search (or, without a query, the narrowing alone) matches:
        top languages, sites, entities, places, stories, and a day/week/month/year histogram."""
        ...

    # annotations
    def quotes(self, speaker: str | None = None, text: str | None = None, entity_id: int | None = None,
               limit: int = 50, cursor: str | None = None) -> Page[QuoteRow]:
        """Quotes by article date (oldest first), by speaker (name, mention or alias substring) and text."""
        ...

    def entities(self, query: str | None = None, type: str | None = None, limit: int = 50,
                 cursor: str | None = None) -> Page[EntityRow]:
        """Corpus entities by mentions, filtered by name/alias substring and type."""
        ...

    def entity(self, entity_id: int) -> EntityRow | None: ...

    def entity_articles(self, entity_id: int, limit: int = 100) -> tuple[MentioningArticle, ...]:
        """Articles mentioning an entity, newest first."""
        ...

    def article_entities(self, article_id: str) -> tuple[EntityMention, ...]: ...

    def entity_ids(self, names: Sequence[tuple[str, str]]) -> dict[str, int]:
        """Corpus entity ids for (surface form, type) pairs, keyed by the case-folded form."""
        ...

    def article_places(self, article_id: str) -> tuple[PlaceRow, ...]: ...

    def place_named(self, name: str) -> PlaceRow | None:
        """Where the corpus most often puts a place of this name."""
        ...

    def places(self, query: str | None = None, country: str | None = None, limit: int = 50,
               cursor: str | None = None) -> Page[PlaceSummary]:
        """Geocoded places by number of articles, filtered by name substring and ISO country code."""
        ...

    def place(self, name: str, limit: int = 50) -> PlaceDetail | None:
        """The most mentioned place of this name: articles, stories, quotes naming it, places nearby."""
        ...

    # stories
    def stories(self, limit: int = 50, cursor: str | None = None) -> Page[StorySummary]:
        """Stories, newest last date first."""
        ...

    def story(self, story_id: str) -> StoryDetail | None:
        """A story by its id, or the story of the article with that id."""
        ...

    # summary
    def failures(self) -> tuple[FailureRow, ...]: ...

    def count(self) -> int: ...

    def stats(self) -> Stats: ...

    def warning_counts(self) -> dict[str, int]:
        """Articles per warning code, most common first (reads every warned record: not for each page view)."""
        ...

    # copying between back-ends
    def dump(self, table: str) -> Iterator[tuple[Any, ...]]:
        """Every row of a portable table (storyline.store.schema.TABLES), in key order."""
        ...

    def load(self, table: str, rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert rows of a portable table (existing keys kept); return how many were new."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...
