"""Export rows: every kind streams from the Store with its listing's filters, on each back-end."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from storyline.errors import UsageError
from storyline.export import rows as rows_module
from storyline.export.rows import Filters, in_range, rows
from storyline.store.base import Store

from ..web.fixture_store import FILLERS, build


@pytest.fixture
def built(db_target: str, open_target: Callable[[str], Store]) -> Iterator[tuple[Store, dict[str, str | None]]]:
    ids = build(db_target)
    yield open_target(db_target), ids


def test_every_article_streams_across_pages(built: tuple[Store, dict[str, str | None]],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store, ids = built
    monkeypatch.setattr(rows_module, "PAGE", 4)  # many pages: the cursor is followed to the end
    out = list(rows(store, "articles"))
    assert len(out) == 4 + FILLERS == store.count()
    assert len({a.id for a in out}) == len(out)
    palmyra = next(a for a in out if a.id == ids["palmyra"])
    assert palmyra.quotes == 2 and palmyra.places == 2 and palmyra.paragraphs == 3
    assert palmyra.text.startswith("Syrian troops retook Palmyra") and palmyra.format == "text"


def test_every_kind_exports_past_the_offset_cap(built: tuple[Store, dict[str, str | None]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of one row with an offset cap of 1: the listings an export reads are keyset-paged,
    so every row arrives (an offset-paged one would stop, and the export would fail)."""
    from storyline.store import filters

    store, _ = built
    full = {kind: list(rows(store, kind)) for kind in ("articles", "quotes", "entities")}
    searched = list(rows(store, "articles", Filters(query="Palmyra")))
    monkeypatch.setattr(rows_module, "PAGE", 1)
    monkeypatch.setattr(filters, "MAX_OFFSET", 1)
    for kind, expected in full.items():
        assert len(expected) > 2 and list(rows(store, kind)) == expected, kind
    assert len(searched) >= 2 and list(rows(store, "articles", Filters(query="Palmyra"))) == searched


def test_article_filters(built: tuple[Store, dict[str, str | None]]) -> None:
    store, ids = built
    march = [a.id for a in rows(store, "articles", Filters(date_from="2016-03", date_to="2016-03-28"))]
    assert set(march) == {ids["palmyra"], ids["putin"]}
    assert {a.id for a in rows(store, "articles", Filters(query="Putin"))} == {ids["putin"]}
    in_story = {a.id for a in rows(store, "articles", Filters(story=ids["story"]))}
    assert in_story == {ids["palmyra"], ids["putin"]}


def test_quotes_by_speaker_date_and_story(built: tuple[Store, dict[str, str | None]]) -> None:
    store, ids = built
    every = list(rows(store, "quotes"))
    assert len(every) == 4
    putin = list(rows(store, "quotes", Filters(speaker="putin")))
    assert [q.text for q in putin] == ["“This is an important success,”"]
    assert [q.article_id for q in rows(store, "quotes", Filters(date_to="2016-03-27"))] == [ids["palmyra"]] * 2
    assert {q.article_id for q in rows(store, "quotes", Filters(story=ids["story"]))} == {ids["palmyra"], ids["putin"]}
    assert list(rows(store, "quotes", Filters(speaker="100%_nobody"))) == []


def test_entities_places_stories_timelines(built: tuple[Store, dict[str, str | None]]) -> None:
    store, ids = built
    people = list(rows(store, "entities", Filters(type="PERSON")))
    assert {"Vladimir Putin", "Maamoun Abdulkarim"} <= {e.name for e in people}
    assert all(e.type == "PERSON" for e in people)
    places = list(rows(store, "places", Filters(story=ids["story"])))
    assert sorted((p.article_id == ids["palmyra"], p.name) for p in places) == [
        (False, "Palmyra"), (True, "Damascus"), (True, "Palmyra")]
    assert {p.published for p in places if p.article_id == ids["palmyra"]} == {"2016-03-27T14:30:00+00:00"}
    assert [s.id for s in rows(store, "stories", Filters(query="palmyra"))] == [ids["story"]]
    assert list(rows(store, "stories", Filters(date_from="2017"))) == []
    events = list(rows(store, "timelines", Filters(story=ids["story"])))
    assert [(e.date, e.kind) for e in events] == [("2016-03-27", "event"), ("2016-03-28", "quote")]
    assert events[1].quote_speaker == "Vladimir Putin" and events[1].article_ids == (ids["putin"],)
    assert events[0].quote_kind == "indirect" and events[1].quote_kind is None  # the fixture's paraphrase; a legacy quote
    assert [e.date for e in rows(store, "timelines", Filters(date_from="2016-03-28"))] == ["2016-03-28"]


def test_bad_requests_name_the_problem(built: tuple[Store, dict[str, str | None]]) -> None:
    store, _ = built
    with pytest.raises(UsageError, match="unknown export kind 'people'"):
        rows(store, "people")
    with pytest.raises(UsageError, match="entities cannot be filtered by --speaker"):
        rows(store, "entities", Filters(speaker="x"))
    with pytest.raises(UsageError, match="no story with id 'nosuch'"):
        rows(store, "quotes", Filters(story="nosuch"))


def test_in_range_is_inclusive_by_prefix() -> None:
    assert in_range("2016-03-28T13:15:35", "2016-03-28", "2016-03-28")
    assert in_range("2016-03-28", "2016", "2016-03")
    assert not in_range("2016-04-01", None, "2016-03")
    assert not in_range(None, "2016", None)
    assert in_range(None, None, None)


def test_a_listing_that_ends_short_of_its_total_is_an_error_not_a_silent_cut() -> None:
    from storyline.export.rows import Truncated, pages
    from storyline.store.base import Page

    def fetch(cursor: str | None) -> Page[int]:  # a listing whose pages end at 4 of 6 rows
        return Page((1, 2), "c", 6) if cursor is None else Page((3, 4), None, 6)

    got: list[int] = []
    with pytest.raises(Truncated, match="4 of 6"):
        got.extend(pages(fetch))
    assert got == [1, 2, 3, 4]
