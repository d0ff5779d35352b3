"""Contract: writing batches and reading records, raw bytes, failures, stats and listings back."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from storyline.model import Article, Failure, Problem
from storyline.store import rows_articles
from storyline.store.base import Stats, Store
from storyline.store.filters import MAX_OFFSET, CursorError, encode_cursor

from .helpers import article, raw_of, sha


def test_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)


def test_roundtrip_equals_to_dict(store: Store, articles: list[Article]) -> None:
    assert store.write_batch([(a, raw_of(a)) for a in articles]) == len(articles)
    for a in articles:
        stored = store.get(a.id)
        assert stored is not None
        assert stored.stored_at.startswith("20")
        assert stored.article == a
        assert stored.to_dict() == {**a.to_dict(), "stored_at": stored.stored_at}
        by_sha = store.get(a.source.sha256)
        assert by_sha is not None and by_sha.article.id == a.id
    assert store.get("0" * 16) is None
    assert store.get(sha("missing")) is None


def test_same_batch_twice_stores_once(store: Store, articles: list[Article]) -> None:
    batch = [(a, raw_of(a)) for a in articles]
    assert store.write_batch(batch) == 4
    assert store.write_batch(batch) == 0
    assert store.count() == 4
    assert store.write_batch([(articles[0], b"x"), (articles[0], b"x")]) == 0
    extra = article("extra", "Extra", "Body about zeppelins.")
    assert store.write_batch([(extra, b"e"), (extra, b"e")]) == 1
    assert store.count() == 5
    assert store.search("zeppelins").total == 1  # indexed once


def test_store_new_names_what_was_new(store: Store, articles: list[Article]) -> None:
    assert store.store_new([(articles[0], b"a")]) == (articles[0].id,)
    assert store.store_new([(a, raw_of(a)) for a in articles]) == tuple(a.id for a in articles[1:])
    assert store.store_new([(a, raw_of(a)) for a in articles]) == ()


def test_empty_batch(store: Store) -> None:
    assert store.write_batch([]) == 0
    assert store.count() == 0


def test_has_and_known(filled: Store, articles: list[Article]) -> None:
    shas = [a.source.sha256 for a in articles]
    assert filled.has(shas[0])
    assert not filled.has(sha("nope"))
    assert filled.known(shas + [sha("nope"), sha("other")]) == set(shas)
    assert filled.known([]) == set()
    many = [sha(f"n{i}") for i in range(1200)] + [shas[1]]  # more than one IN (...) chunk
    assert filled.known(iter(many)) == {shas[1]}


def test_raw_roundtrip(filled: Store, articles: list[Article]) -> None:
    for a in articles:
        assert filled.raw(a.id) == raw_of(a)
        assert filled.raw(a.source.sha256) == raw_of(a)
    assert filled.raw("0" * 16) is None
    big = article("big", "Big", "x")
    data = bytes(range(256)) * 400
    filled.write_batch([(big, data)])
    assert filled.raw(big.id) == data


def test_failures_recorded_once(store: Store) -> None:
    fails = [
        Failure("a.txt", Problem("empty", "no bytes"), sha("a")),
        Failure("b.bin", Problem("binary", "binary data"), sha("b")),
        Failure("c.txt", Problem("unreadable", "permission denied")),  # no sha
    ]
    store.record_failures(fails)
    store.record_failures(fails)
    store.record_failures([Failure("c.txt", Problem("unreadable", "still denied"))])
    rows = store.failures()
    assert [r.name for r in rows] == ["a.txt", "b.bin", "c.txt"]
    assert rows[2].sha256 is None and rows[2].message == "still denied"
    assert store.stats().failures == 3
    store.record_failures([])
    assert len(store.failures()) == 3


def test_storing_an_article_clears_its_failure(store: Store) -> None:
    a = article("a", "Now it works", "Body text.")
    store.record_failures([Failure("corpus/a.txt", Problem("internal", "bug"), a.source.sha256)])
    store.write_batch([(a, b"a")])
    assert store.failures() == ()


def test_stats(filled: Store) -> None:
    assert filled.stats() == Stats(articles=4, failures=0, warned=1, by_format={"html": 1, "text": 3},
                                   quotes=0, entities=0, places=0, stories=0)
    assert filled.count() == 4


def test_warning_counts_by_code(store: Store, articles: list[Article]) -> None:
    from dataclasses import replace

    twice = Problem("mojibake_repaired", "x"), Problem("mojibake_repaired", "y"), Problem("no_date", "z")
    more = [replace(a, warnings=twice) for a in articles[2:]]
    store.write_batch([(a, raw_of(a)) for a in [*articles[:2], *more]])
    # an article counts once per code, however often the code occurs in it; most common first
    assert store.warning_counts() == {"no_date": 3, "mojibake_repaired": 2}
    assert list(store.warning_counts()) == ["no_date", "mojibake_repaired"]


def test_warning_counts_page_through_every_record() -> None:
    import json

    records = [(f"id{i}", json.dumps({"warnings": [{"code": f"c{i % 2}"}]})) for i in range(5)]

    class Rows:  # the one Executor call the row layer makes, over a sorted table
        def rows(self, sql: str, params: tuple[str, int]) -> list[tuple[str, str]]:
            last, limit = params
            return [r for r in records if r[0] > last][:limit]

    assert rows_articles.warning_counts(Rows(), page=2) == {"c0": 3, "c1": 2}  # type: ignore[arg-type]


def test_stats_empty(store: Store) -> None:
    assert store.stats() == Stats(0, 0, 0, {}, 0, 0, 0, 0)


def test_failing_item_rolls_back_whole_batch(store: Store, articles: list[Article]) -> None:
    batch: list[tuple[Article, bytes]] = [(articles[0], b"ok"), (articles[1], None)]  # type: ignore[list-item]
    with pytest.raises(Exception):  # noqa: B017 - each back-end's driver raises its own type
        store.write_batch(batch)
    assert store.count() == 0
    assert not store.has(articles[0].source.sha256)
    assert store.search("Palmyra").total == 0
    assert store.write_batch([(articles[0], b"ok")]) == 1  # the store is still usable


def test_raise_mid_batch_rolls_back(store: Store, articles: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    real = rows_articles.article_row
    calls: list[str] = []

    def flaky(a: Article, stored_at: str) -> tuple[object, ...]:
        calls.append(a.id)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(a, stored_at)

    monkeypatch.setattr(rows_articles, "article_row", flaky)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write_batch([(a, raw_of(a)) for a in articles])
    assert store.count() == 0 and store.search("Palmyra").items == ()
    monkeypatch.setattr(rows_articles, "article_row", real)
    assert store.write_batch([(a, raw_of(a)) for a in articles]) == 4


def test_transaction_groups_writes(store: Store, articles: list[Article]) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.write_batch([(articles[0], b"a")])
        store.write_batch([(articles[1], b"b")])
        raise RuntimeError("abort")
    assert store.count() == 0
    with store.transaction():
        store.write_batch([(articles[0], b"a")])
        store.record_failures([Failure("x", Problem("empty", "none"))])
    assert store.count() == 1 and len(store.failures()) == 1


def test_article_listing_pages_newest_first(filled: Store, articles: list[Article]) -> None:
    first = filled.articles(limit=2)
    assert first.total == 4 and len(first.items) == 2 and first.next_cursor
    rest = filled.articles(limit=10, cursor=first.next_cursor)
    assert rest.next_cursor is None
    order = [a.id for a in first.items + rest.items]
    assert order[:2] == [articles[1].id, articles[0].id]  # 2016-03-28, then 2016-03-27
    assert set(order[2:]) == {articles[2].id, articles[3].id}  # undated last
    assert len(set(order)) == 4
    march = filled.articles(date_from="2016-03-28", date_to="2016-03")
    assert [a.id for a in march.items] == [articles[1].id] and march.total == 1


@pytest.mark.parametrize("cursor", ["garbage", "!!!", encode_cursor([1]), encode_cursor(["x"]),
                                    "W" * 600, encode_cursor([None, None]), "[" * 300])
def test_bad_article_cursor(filled: Store, cursor: str) -> None:
    with pytest.raises(CursorError):
        filled.articles(cursor=cursor)


@pytest.mark.parametrize("bad", ["2016-13-01", "yesterday", "16-03-01", "2016-03-01x"])
def test_bad_dates(filled: Store, bad: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        filled.articles(date_from=bad)


def test_huge_offsets_and_limits(filled: Store) -> None:
    with pytest.raises(CursorError):
        filled.quotes(cursor=encode_cursor([MAX_OFFSET + 1]))
    with pytest.raises(CursorError):
        filled.search("Palmyra", cursor=encode_cursor([10**30]))
    assert filled.search("Palmyra", cursor=encode_cursor([MAX_OFFSET])).items == ()
    assert len(filled.articles(limit=10**9).items) == 4
    with pytest.raises(ValueError):
        filled.articles(limit=-1)


def test_readers_while_a_writer_writes(db_target: str, open_target: Callable[[str], Store]) -> None:
    writer, reader = open_target(db_target), open_target(db_target)
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                seen.append(reader.count())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    t = threading.Thread(target=read)
    t.start()
    for i in range(10):
        batch = [article(f"w{i}-{j}", f"Writer {i}", f"Body {j}") for j in range(20)]
        writer.write_batch([(a, raw_of(a)) for a in batch])
    t.join()
    assert not errors
    assert seen == sorted(seen) and all(n % 20 == 0 for n in seen)  # whole batches only, never partial
    assert reader.count() == 200


def test_a_snapshot_keeps_its_view_while_another_connection_writes(
        db_target: str, open_target: Callable[[str], Store], filled: Store, articles: list[Article]) -> None:
    writer = open_target(db_target)
    late = article("late", "Late news", "Written while a reader held its snapshot.")
    with filled.snapshot():
        before = filled.count()
        assert writer.write_batch([(late, raw_of(late))]) == 1
        assert filled.count() == before and filled.get(late.id) is None  # still the view of the first read
        with filled.snapshot():  # nested: joins the outer one
            assert filled.count() == before
    assert filled.count() == before + 1 and filled.get(late.id) is not None
