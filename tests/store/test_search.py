"""Contract: full-text search in storyline's query syntax — ranking, snippets, dates, paging, bad queries."""

from __future__ import annotations

import pytest

from storyline.model import Article
from storyline.store.base import SearchHit, Store
from storyline.store.filters import CursorError
from storyline.store.query import QuerySyntaxError

from .helpers import article, raw_of


def ids(hits: tuple[SearchHit, ...]) -> list[str]:
    return [h.id for h in hits]


def found(store: Store, query: str) -> set[str]:
    return set(ids(store.search(query, limit=100).items))


def test_title_match_ranks_above_body_match(filled: Store, articles: list[Article]) -> None:
    page = filled.search("Palmyra")
    assert ids(page.items) == [articles[0].id, articles[1].id]  # title+body, then body only
    assert page.total == 2 and page.next_cursor is None
    assert page.items[0].score > page.items[1].score
    assert page.items[0].title == "Palmyra recaptured" and page.items[0].published == "2016-03-27"


def test_title_only_beats_body_only(store: Store) -> None:
    body_only = article("b", "Something else", "A report about cedar forests and more cedar wood.")
    title_only = article("t", "Cedar", "Nothing related here at all.")
    store.write_batch([(body_only, b"b"), (title_only, b"t")])
    assert ids(store.search("cedar").items) == [title_only.id, body_only.id]


def test_snippets_have_markers(filled: Store) -> None:
    for h in filled.search("Palmyra").items:
        assert "«Palmyra»" in h.snippet
    [hit] = filled.search("temples").items
    assert "«temples»" in hit.snippet


def test_snippet_marks_accented_words_and_keeps_literal_guillemets(filled: Store) -> None:
    [hit] = filled.search("electeurs").items
    assert "«électeurs»" in hit.snippet
    assert "bonjour »" in hit.snippet and "«bonjour" not in hit.snippet  # the text's own guillemets stay
    [hit] = filled.search("Storm").items
    assert "«Storm»" in hit.snippet and "warning" in hit.snippet  # no body match: the title is the snippet


@pytest.mark.parametrize(("query", "expected"), [
    ("election", {3}), ("élection", {3}), ("ELECTION paris", {3}),
    ('"Syrian army"', {0}), ('"army Syrian"', set()),
    ("Palm*", {0, 1, 2}), ("Palm", set()), ('"ancient cit"*', {0}),
    ("Palmyra NOT temples", {0}), ("Palmyra -temples", {0}), ("Palmyra -(temples OR citadel)", set()),
    ("storm OR museum", {1, 2}), ("palmyra storm OR museum", {1}), ("(storm OR museum) palmyra", {1}),
    ("palmyra AND secured", {0}), ("palmyra or", set()), ("director -\"take years\"", set()),
    ("a-writer", set()), ("«bonjour»", {3}),
])
def test_query_language(filled: Store, articles: list[Article], query: str, expected: set[int]) -> None:
    assert found(filled, query) == {articles[i].id for i in expected}


@pytest.mark.parametrize("query", [
    "", "   ", "\x00", "!!!", '"unbalanced', "AND OR", "OR palmyra", "palmyra OR", "(((palmyra", "palmyra)",
    "-palmyra", "NOT palmyra", "palmyra OR -storm", "(" * 5000, " ".join(["w"] * 2000), "x" * 5000,
])
def test_unparseable_queries_are_a_clear_error(filled: Store, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        filled.search(query)
    assert str(info.value) and len(str(info.value)) < 200
    assert filled.count() == 4


@pytest.mark.parametrize("query", ["'; DROP TABLE articles; --", "NEAR(citadel", "title:Palmyra", "^", "foo:bar",
                                   "Robert'); DROP TABLE articles_fts;--", "palmyra\x00 AND", "100% _x_"])
def test_hostile_queries_are_words_or_a_syntax_error(filled: Store, query: str) -> None:
    try:
        filled.search(query)  # words are searched as words: never a driver error
    except QuerySyntaxError:
        pass
    assert filled.count() == 4 and found(filled, "Palmyra")


def test_date_sorted_search_is_keyset_paged_past_the_offset_cap(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of one hit walk every match newest first, ties on a date and undated ones included,
    though the offset cap (which relevance-ranked pages keep) is 1."""
    from storyline.store import filters

    dates = ["2016-03-28", None, "2016-03-28", "2016-03-01", None, "2016-04-02T10:00:00+03:00"]
    store.write_batch([(a, raw_of(a)) for a in
                       (article(f"n{i}", f"Palmyra report {i}", "Palmyra news.", published=d) for i, d in enumerate(dates))])
    monkeypatch.setattr(filters, "MAX_OFFSET", 1)
    walked, cursor = [], None
    while True:
        page = store.search("Palmyra", limit=1, cursor=cursor, sort="date")
        assert page.total == 6
        walked += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert ids(walked) == ids(store.search("Palmyra", limit=100, sort="date").items) and len(set(ids(walked))) == 6
    assert [h.published for h in walked][:4] == ["2016-04-02T10:00:00+03:00", "2016-03-28", "2016-03-28", "2016-03-01"]
    relevance = store.search("Palmyra", limit=1)
    assert relevance.next_cursor and store.search("Palmyra", limit=1, cursor=relevance.next_cursor).next_cursor is None
    with pytest.raises(CursorError):  # a relevance cursor does not fit the date order, nor the reverse
        store.search("Palmyra", cursor=relevance.next_cursor, sort="date")


def test_dates_limit_and_cursor(filled: Store, articles: list[Article]) -> None:
    everything = filled.search("Palm*")
    assert everything.total == 3
    first = filled.search("Palm*", limit=1)
    assert ids(first.items) == ids(everything.items[:1]) and first.total == 3 and first.next_cursor
    second = filled.search("Palm*", limit=2, cursor=first.next_cursor)
    assert ids(second.items) == ids(everything.items[1:]) and second.next_cursor is None and second.total == 3
    from storyline.store.filters import encode_cursor

    assert filled.search("Palm*", cursor=encode_cursor([50])).total == 3  # past the end: still counted
    dated = filled.search("Palm*", date_from="2016-03-28")
    assert ids(dated.items) == [articles[1].id] and dated.total == 1
    assert filled.search("Palm*", date_to="2016").total == 2


def test_phrase_never_spans_title_and_body(store: Store) -> None:
    a = article("x", "Statement by the Syrian", "army officers denied it.", published="2016-03-01")
    store.write_batch([(a, b"x")])
    assert store.search('"syrian army"').total == 0
    assert store.search('"army officers"').total == 1 and store.search("syrian army").total == 1


def test_no_title_article_is_searchable(store: Store) -> None:
    a = article("nt", None, "Untitled dispatch from Aleppo.")
    store.write_batch([(a, b"x")])
    [hit] = store.search("Aleppo").items
    assert hit.title is None and "«Aleppo»" in hit.snippet


def test_same_query_same_articles_on_both_back_ends(tmp_path: object) -> None:
    """The bundled sample corpus, ingested into SQLite and PostgreSQL: every query finds the same articles."""
    from pathlib import Path

    from storyline.batch import ingest
    from storyline.ingest import iter_documents
    from storyline.settings import Settings
    from storyline.store import open_store

    from ..conftest import SAMPLES, drop, pg_url

    settings = Settings(nlp=False, stories=False)
    url = pg_url()
    try:
        with open_store(str(Path(str(tmp_path)) / "s.db")) as lite, open_store(url) as pg:
            for s in (lite, pg):
                ingest(iter_documents([str(SAMPLES)], None, settings), s, settings)
            assert lite.count() == pg.count() > 5
            queries = ["Palmyra", "palm*", '"Syrian army"', "Putin OR Assad", "Palmyra -Putin", "(ISIS OR Daesh) city",
                       "kremlin", "said", "the", "électeurs", '"recapture of"*', "zzzz"]
            for q in queries:
                lite_ids, pg_ids = found(lite, q), found(pg, q)
                assert lite_ids == pg_ids, q
                assert lite.search(q).total == pg.search(q).total == len(lite_ids), q
            assert found(lite, "Palmyra")
    finally:
        drop(url)


def test_relevance_ranks_window_by_window_newest_stored_first(store: Store) -> None:
    """With a window of 3, the first page holds the 3 most recently stored matches best first, however
    much better an older one matches; pages walk every match once; a window of 0 ranks them all."""
    strong = article("w-strong", "Cedar cedar", "Cedar cedar cedar.")  # stored first: the best match
    store.write_batch([(strong, raw_of(strong))])
    weak = [article(f"w{i}", f"Report {i}", f"A long report that mentions cedar once, number {i}.",
                    published=f"2016-03-0{i + 1}") for i in range(6)]
    store.write_batch([(a, raw_of(a)) for a in weak])
    first = store.search("cedar", limit=3, rank_window=3)
    assert set(ids(first.items)) == {weak[5].id, weak[4].id, weak[3].id} and first.total == 7
    walked, cursor = [], None
    while True:
        page = store.search("cedar", limit=2, cursor=cursor, rank_window=3)
        walked += ids(page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(walked) == 7 and set(walked) == {strong.id, *(a.id for a in weak)}
    assert walked[-1] == strong.id  # alone in the last window
    assert ids(store.search("cedar", limit=1, rank_window=0).items) == [strong.id]
    assert ids(store.search("cedar", limit=1).items) == [strong.id]  # the default window holds all seven
    dated = store.search("cedar", limit=3, rank_window=3, date_to="2016-03-04")  # windows of the kept matches
    assert set(ids(dated.items)) == {weak[3].id, weak[2].id, weak[1].id} and dated.total == 4


def test_a_window_taken_from_the_index_bitmap_holds_the_same_matches(store: Store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL takes a mid-frequency query's window from the GIN bitmap instead of walking the stored
    order (a plan choice by the table's size): forced here, the window is still the newest stored."""
    from storyline.store.postgres import PostgresStore

    monkeypatch.setattr(PostgresStore, "_rows", staticmethod(lambda x: 10**9))
    old = [article(f"b{i}", f"Cedar {i}", "Cedar cedar cedar.") for i in range(3)]
    new = [article(f"n{i}", f"Report {i}", f"Mentions cedar once, number {i}.") for i in range(3)]
    for batch in (old, new):
        store.write_batch([(a, raw_of(a)) for a in batch])
    page = store.search("cedar", limit=3, rank_window=3)
    assert set(ids(page.items)) == {a.id for a in new} and page.total == 6


def test_a_total_past_the_count_limit_is_a_lower_bound(store: Store) -> None:
    """Counted up to the limit: past it, the total is the limit marked inexact, in either order, dates
    kept; at or under it, and with a limit of 0, the exact count; the page itself does not change."""
    from storyline.store.filters import encode_cursor

    many = [article(f"c{i}", f"Report {i}", f"Cedar news number {i}.", published=f"2016-03-0{i + 1}") for i in range(7)]
    store.write_batch([(a, raw_of(a)) for a in many])
    capped = store.search("cedar", limit=2, count_limit=5)
    assert (capped.total, capped.total_exact) == (5, False) and capped.next_cursor
    assert ids(capped.items) == ids(store.search("cedar", limit=2, count_limit=0).items)
    by_date = store.search("cedar", limit=2, count_limit=5, sort="date")
    assert (by_date.total, by_date.total_exact) == (5, False)
    for limit in (0, 7, 100):
        page = store.search("cedar", limit=2, count_limit=limit)
        assert (page.total, page.total_exact) == (7, True)
    assert (store.search("cedar", limit=2, count_limit=6).total_exact, store.search("cedar").total_exact) == (False, True)
    dated = store.search("cedar", count_limit=3, date_to="2016-03-03", limit=1)
    assert (dated.total, dated.total_exact) == (3, True)  # three kept: not past a limit of 3
    deep = store.search("cedar", limit=2, count_limit=1, cursor=encode_cursor([4]))
    assert len(deep.items) == 2 and (deep.total, deep.total_exact) == (6, False)  # at least the matches shown
    last = store.search("cedar", limit=10, count_limit=3)
    assert (last.total, last.total_exact) == (7, True)  # the whole set on one page: counted by the page
    with pytest.raises(ValueError, match="count limit"):
        store.search("cedar", count_limit=-1)
