"""Search narrowing, date sort and facet counts, the same on every back-end."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.store.base import Store
from storyline.store.results import Narrow
from storyline.store.rows_facets import bucket, url_host

from ..web.fixture_store import FILLERS, build


@pytest.fixture
def fixture(db_target: str, open_target: Callable[[str], Store]) -> tuple[Store, dict[str, str | None]]:
    ids = build(db_target)
    return open_target(db_target), ids


def _ids(store: Store, query: str, **kw: object) -> list[str]:
    return [h.id for h in store.search(query, limit=50, **kw).items]  # type: ignore[arg-type]


def test_narrowing_keeps_only_matching_articles(fixture: tuple[Store, dict[str, str | None]]) -> None:
    store, ids = fixture
    everything = set(_ids(store, "Palmyra"))
    assert everything == {ids["palmyra"], ids["putin"], ids["hostile"]}
    assert _ids(store, "Palmyra", narrow=Narrow(place="Damascus")) == [ids["palmyra"]]
    assert set(_ids(store, "Palmyra", narrow=Narrow(story=ids["story"]))) == {ids["palmyra"], ids["putin"]}
    assert _ids(store, "Palmyra", narrow=Narrow(site="news.example")) == [ids["palmyra"]]
    assert set(_ids(store, "Palmyra", narrow=Narrow(language="en"))) == everything
    putin = next(e.id for e in store.entities(query="Vladimir Putin").items)
    assert _ids(store, "Palmyra", narrow=Narrow(entity=putin)) == [ids["putin"]]
    page = store.search("Palmyra", narrow=Narrow(place="Damascus", date_to="2016-03-26"))
    assert page.items == () and page.total == 0


def test_sort_by_date_newest_first(fixture: tuple[Store, dict[str, str | None]]) -> None:
    store, ids = fixture
    assert _ids(store, "Palmyra", sort="date") == [ids["hostile"], ids["putin"], ids["palmyra"]]
    first = store.search("tram", limit=3, sort="date")
    second = store.search("tram", limit=3, sort="date", cursor=first.next_cursor)
    days = [h.published for h in first.items + second.items]
    assert days == sorted(days, reverse=True) and len(set(days)) == 6 and first.total == FILLERS
    with pytest.raises(ValueError, match="sort"):
        store.search("tram", sort="alphabet")


def test_facets_count_every_match(fixture: tuple[Store, dict[str, str | None]]) -> None:
    store, ids = fixture
    f = store.search_facets("Palmyra")
    assert f.total == 3 and [(v.key, v.count) for v in f.languages] == [("en", 3)]
    assert [(v.key, v.count) for v in f.sites] == [("news.example", 1)]
    assert [(v.label, v.count) for v in f.places] == [("Palmyra", 2), ("Damascus", 1)]
    assert ("Palmyra", 2) in [(v.label, v.count) for v in f.entities]
    assert [(v.key, v.count) for v in f.stories] == [(ids["story"], 2)]
    assert [(b.key, b.count) for b in f.histogram] == [("2016-03", 3)] and f.undated == 0
    weeks = store.search_facets("Palmyra", interval="week")
    assert [(b.key, b.count) for b in weeks.histogram] == [("2016-W12", 1), ("2016-W13", 2)]
    narrowed = store.search_facets("Palmyra", Narrow(place="Damascus"))
    assert narrowed.total == 1 and [v.label for v in narrowed.places] == ["Damascus", "Palmyra"]


def test_facets_without_a_query_cover_the_archive(fixture: tuple[Store, dict[str, str | None]]) -> None:
    store, _ = fixture
    f = store.search_facets(None, interval="year")
    assert f.total == FILLERS + 4 and f.undated == 1
    assert [(b.key, b.count) for b in f.histogram] == [("2016", FILLERS + 3)]
    with pytest.raises(ValueError, match="interval"):
        store.search_facets(None, interval="decade")


def test_url_host_and_buckets() -> None:
    assert url_host("https://WWW.Example.org/a/b?c") == "example.org"
    assert url_host("http://news.example") == "news.example"
    assert url_host("javascript:alert(1)") == "" and url_host(None) is None
    days = [("2016-03-27", 1), ("2016-03-28", 2), ("2016-04", 4), ("2017", 1)]
    assert [(b.key, b.count) for b in bucket(days, "month")] == [("2016-03", 3), ("2016-04", 4), ("2017", 1)]
    assert [(b.key, b.count) for b in bucket(days, "day")][:2] == [("2016-03-27", 1), ("2016-03-28", 2)]
