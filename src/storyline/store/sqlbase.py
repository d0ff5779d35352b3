"""`SQLStore`: the Store interface over the shared SQL layer; a back-end adds connections, search and bulk paths."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from itertools import islice
from types import TracebackType
from typing import Any, Self

from storyline.model import Article, Failure
from storyline.store import (
    filters,
    rows_annotate,
    rows_articles,
    rows_events,
    rows_facets,
    rows_nlp,
    rows_places,
    rows_stories,
    schema,
)
from storyline.store.base import (
    ArticleRow,
    EntityMention,
    EntityRow,
    FailureRow,
    JoinReason,
    MentioningArticle,
    Page,
    PlaceDetail,
    PlaceRow,
    PlaceSummary,
    QuoteRow,
    SearchHit,
    Stats,
    StoredArticle,
    StoredEvent,
    StoredMember,
    Story,
    StoryDetail,
    StorySummary,
    TimelineWrite,
    Unclustered,
)
from storyline.store.query import parse
from storyline.store.rows_facets import Facets, Narrow
from storyline.store.sql import Executor, chunks, marks


def now() -> str:
    """The current UTC time as stored in `stored_at`, `failed_at`, `added_at`."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLStore(ABC):
    """Everything but connections, full-text search and bulk inserts, shared by the SQL back-ends."""

    target: str

    # -- what a back-end provides -----------------------------------------------------------------

    @abstractmethod
    def _x(self) -> AbstractContextManager[Executor]:
        """An executor: the open transaction's connection, else one for a single statement group."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def clustering(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def _insert_new(self, x: Executor, items: Sequence[tuple[Article, bytes]], stamp: str) -> list[Article]:
        """Insert article and raw rows (existing keys skipped); return the articles that were new."""

    @abstractmethod
    def _index(self, x: Executor, articles: Sequence[Article]) -> None:
        """Add newly stored articles to the full-text index."""

    @abstractmethod
    def search(self, query: str, date_from: str | None = None, date_to: str | None = None, limit: int = 20,
               cursor: str | None = None, *, narrow: Narrow | None = None, sort: str = "relevance",
               rank_window: int = filters.RANK_WINDOW, count_limit: int = filters.COUNT_LIMIT) -> Page[SearchHit]: ...

    @abstractmethod
    def _matched(self, query: str | None, narrow: Narrow) -> tuple[str, list[Any]]:
        """A SELECT of the ids (as `id`) of the articles a search matches, and its params."""

    @abstractmethod
    def _host_sql(self) -> str:
        """SQL for the site of the URL `{url}` (rows_facets.url_host)."""

    def search_facets(self, query: str | None = None, narrow: Narrow | None = None, interval: str = "month",
                      top: int = 10) -> Facets:
        n = narrow or Narrow()
        if query is not None:
            parse(query)  # a QuerySyntaxError before any SQL
        matched, params = self._matched(query, n)
        with self._x() as x:
            return rows_facets.facets(x, matched, params, self._host_sql(), interval, top)

    @abstractmethod
    def close(self) -> None: ...

    def _lock_writes(self, x: Executor) -> None:  # noqa: B027 - optional hook
        """Hook: wait for other writers of articles (PostgreSQL's advisory lock; SQLite's BEGIN IMMEDIATE does it)."""

    def _ids_written(self, x: Executor, table: schema.Table) -> None:  # noqa: B027 - optional hook
        """Hook after rows with explicit ids went into `table` (PostgreSQL moves its id sequence past them)."""

    # -- writes -----------------------------------------------------------------------------------

    def write_batch(self, items: Sequence[tuple[Article, bytes]]) -> int:
        return len(self.store_new(items))

    def store_new(self, items: Sequence[tuple[Article, bytes]]) -> tuple[str, ...]:
        """All-or-nothing: new articles with raw bytes, index rows and annotations; failures for them cleared."""
        if not items:
            return ()
        with self.transaction(), self._x() as x:
            new = self._insert_new(x, items, now())
            self._index(x, new)
            for chunk in chunks([a.source.sha256 for a in new]):
                x.run(f"DELETE FROM failures WHERE sha256 IN ({marks(len(chunk))})", chunk)
            annotated = [a for a in new if a.nlp]
            if annotated and rows_annotate.write(x, annotated):
                self._ids_written(x, schema.table("entities"))
        return tuple(a.id for a in new)

    def record_failures(self, failures: Sequence[Failure]) -> None:
        if failures:
            with self.transaction(), self._x() as x:
                rows_articles.record_failures(x, failures, now())

    # -- articles ---------------------------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        return bool(self.known([sha256]))

    def known(self, sha256s: Iterable[str]) -> set[str]:
        with self._x() as x:
            return rows_articles.known(x, sha256s)

    def get(self, id_or_sha: str) -> StoredArticle | None:
        with self._x() as x:
            return rows_articles.get(x, id_or_sha)

    def raw(self, id_or_sha: str) -> bytes | None:
        with self._x() as x:
            return rows_articles.raw(x, id_or_sha)

    def articles(self, date_from: str | None = None, date_to: str | None = None, limit: int = 20,
                 cursor: str | None = None) -> Page[ArticleRow]:
        with self._x() as x:
            return rows_articles.list_articles(x, date_from, date_to, limit, cursor)

    # -- annotations ------------------------------------------------------------------------------

    def quotes(self, speaker: str | None = None, text: str | None = None, entity_id: int | None = None,
               limit: int = 50, cursor: str | None = None) -> Page[QuoteRow]:
        with self._x() as x:
            return rows_nlp.quotes(x, speaker, text, entity_id, limit, cursor)

    def entities(self, query: str | None = None, type: str | None = None, limit: int = 50,
                 cursor: str | None = None) -> Page[EntityRow]:
        with self._x() as x:
            return rows_nlp.entities(x, query, type, limit, cursor)

    def entity(self, entity_id: int) -> EntityRow | None:
        with self._x() as x:
            return rows_nlp.entity(x, entity_id)

    def entity_articles(self, entity_id: int, limit: int = 100) -> tuple[MentioningArticle, ...]:
        with self._x() as x:
            return rows_nlp.entity_articles(x, entity_id, limit)

    def article_entities(self, article_id: str) -> tuple[EntityMention, ...]:
        with self._x() as x:
            return rows_nlp.article_entities(x, article_id)

    def entity_ids(self, names: Sequence[tuple[str, str]]) -> dict[str, int]:
        with self._x() as x:
            return rows_nlp.entity_ids(x, names)

    def article_places(self, article_id: str) -> tuple[PlaceRow, ...]:
        with self._x() as x:
            return rows_nlp.article_places(x, article_id)

    def place_named(self, name: str) -> PlaceRow | None:
        with self._x() as x:
            return rows_nlp.place_named(x, name)

    # -- stories (reads) --------------------------------------------------------------------------

    def places(self, query: str | None = None, country: str | None = None, limit: int = 50,
               cursor: str | None = None) -> Page[PlaceSummary]:
        with self._x() as x:
            return rows_places.places(x, query, country, limit, cursor)

    def place(self, name: str, limit: int = 50) -> PlaceDetail | None:
        with self._x() as x:
            return rows_places.place(x, name, filters.check_limit(limit))

    def stories(self, limit: int = 50, cursor: str | None = None) -> Page[StorySummary]:
        with self._x() as x:
            return rows_stories.list_stories(x, limit, cursor)

    def story(self, story_id: str) -> StoryDetail | None:
        with self._x() as x:
            found = rows_stories.get_story(x, story_id)
            if found is None and (sid := rows_stories.story_of_article(x, story_id)):
                found = rows_stories.get_story(x, sid)
            return found

    def story_of_article(self, article_id: str) -> str | None:
        with self._x() as x:
            return rows_stories.story_of_article(x, article_id)

    # -- stories (the clusterer's repository; call inside `clustering()`) -------------------------

    def unclustered(self, inputs: str) -> Generator[Unclustered, None, None]:
        with self._x() as x:
            yield from rows_stories.unclustered(x, inputs)

    def member_articles(self, story_id: str) -> list[tuple[Article, str | None]]:
        with self._x() as x:
            return rows_stories.member_articles(x, story_id)

    def lookup_key(self, key: str) -> str | None:
        with self._x() as x:
            return rows_stories.lookup_key(x, key)

    def lookup_links(self, key: str) -> list[str]:
        with self._x() as x:
            return rows_stories.lookup_links(x, key)

    def member_summaries(self, story_id: str) -> list[StoredMember]:
        with self._x() as x:
            return rows_stories.member_summaries(x, story_id)

    def set_summaries(self, summaries: Sequence[tuple[str, str]]) -> None:
        with self._x() as x:
            x.run_many("UPDATE story_members SET summary = ? WHERE article_id = ?", [(s, a) for a, s in summaries])

    def add_member(self, article_id: str, story_id: str, duplicate_of: str | None, summary: str | None = None,
                   reason: JoinReason | None = None) -> None:
        with self._x() as x:
            rows_stories.add_member(x, article_id, story_id, duplicate_of, now(), summary, reason)

    def story_label(self, story_id: str) -> str | None:
        with self._x() as x:
            return rows_stories.story_label(x, story_id)

    def add_keys(self, story_id: str, keys: Iterable[str], links: Iterable[str]) -> None:
        with self._x() as x:
            rows_stories.add_keys(x, story_id, keys, links)

    def merge_story(self, gone: str, keep: str) -> None:
        with self._x() as x:
            rows_stories.merge_story(x, gone, keep)

    def member_inputs(self, article_ids: Sequence[str], inputs: str) -> list[Unclustered]:
        with self._x() as x:
            return rows_stories.member_inputs(x, article_ids, inputs)

    def move_members(self, story_id: str, new_id: str, article_ids: Sequence[str], keys: Iterable[str],
                     reason: JoinReason) -> None:
        with self._x() as x:
            rows_stories.move_members(x, story_id, new_id, article_ids, keys, reason)

    def story_totals(self, story_id: str) -> str | None:
        with self._x() as x:
            return rows_stories.story_totals(x, story_id)

    def story_events(self, story_id: str, days: Sequence[str] | None, owners: Sequence[str] = ()) -> list[StoredEvent]:
        with self._x() as x:
            return rows_events.story_events(x, story_id, days, owners)

    def write_story(self, story: Story, totals: str | None = None, timeline: TimelineWrite | None = None) -> None:
        with self._x() as x:
            rows_stories.write_story(x, story, now(), totals, timeline)

    def load_state(self) -> str | None:
        with self._x() as x:
            return rows_stories.load_state(x)

    def save_state(self, state: str) -> None:
        with self._x() as x:
            rows_stories.save_state(x, state)

    # -- summary ----------------------------------------------------------------------------------

    def failures(self) -> tuple[FailureRow, ...]:
        with self._x() as x:
            return rows_articles.failures(x)

    def count(self) -> int:
        with self._x() as x:
            return rows_articles.count(x)

    def stats(self) -> Stats:
        with self._x() as x:
            return rows_articles.stats(x)

    def warning_counts(self) -> dict[str, int]:
        with self._x() as x:
            return rows_articles.warning_counts(x)

    # -- copying ----------------------------------------------------------------------------------

    def dump(self, table: str) -> Iterator[tuple[Any, ...]]:
        t = schema.table(table)
        with self._x() as x:
            for row in x.stream(f"SELECT {t.column_list()} FROM {t.name} ORDER BY {self._dump_order(t)}"):
                yield tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)

    def _dump_order(self, t: schema.Table) -> str:
        """The order a dump reads `t` in: its key; articles in the order they were stored, so a copy keeps
        the order relevance windows follow (filters.RANK_WINDOW)."""
        return ", ".join(t.key)

    def load(self, table: str, rows: Iterable[tuple[Any, ...]]) -> int:
        t = schema.table(table)
        sql = (f"INSERT INTO {t.name} ({t.column_list()}) VALUES ({marks(len(t.columns))})"
               " ON CONFLICT DO NOTHING")
        with self.transaction(), self._x() as x:
            self._lock_writes(x)
            before = rows_articles.count(x, t.name)
            it = iter(rows)
            while chunk := list(islice(it, 1000)):
                if t.name == "articles":  # only new articles join the search index
                    known = rows_articles.known(x, [r[1] for r in chunk])
                    chunk = [r for r in chunk if r[1] not in known]
                x.run_many(sql, chunk)
                if t.name == "articles":
                    self._index(x, [rows_articles.article_of_row(r) for r in chunk])
            self._ids_written(x, t)
            return rows_articles.count(x, t.name) - before

    # -- lifetime ---------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
