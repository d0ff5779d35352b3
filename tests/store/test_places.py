"""Places across the corpus: the index by articles, one place with what mentions it, places nearby."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.store.base import Store
from storyline.store.rows_places import km

from ..web.fixture_store import build


@pytest.fixture
def fixture(db_target: str, open_target: Callable[[str], Store]) -> tuple[Store, dict[str, str | None]]:
    ids = build(db_target)
    return open_target(db_target), ids


def test_index_by_articles_with_filters(fixture: tuple[Store, dict[str, str | None]]) -> None:
    store, _ = fixture
    page = store.places()
    assert [(p.name, p.articles) for p in page.items] == [("Palmyra", 2), ("Damascus", 1)] and page.total == 2
    palmyra = page.items[0]
    assert (palmyra.country, palmyra.first_date, palmyra.last_date) == ("SY", "2016-03-27", "2016-03-28")
    assert [p.name for p in store.places(query="dam").items] == ["Damascus"]
    assert store.places(country="fr").items == () and store.places(query="100%_").total == 0
    first = store.places(limit=1)
    assert first.total == 2 and [p.name for p in store.places(limit=1, cursor=first.next_cursor).items] == ["Damascus"]


def test_one_place_with_its_articles_stories_quotes_and_neighbours(
        fixture: tuple[Store, dict[str, str | None]]) -> None:
    store, ids = fixture
    detail = store.place("Damascus")
    assert detail is not None and detail.place.articles == 1
    assert [a.id for a in detail.articles] == [ids["palmyra"]]
    assert [(s.id, s.articles) for s in detail.stories] == [(ids["story"], 1)]
    assert detail.quotes == ()  # no quote of that article names Damascus
    assert [(n.name, n.km) for n in detail.nearby] == [("Palmyra", pytest.approx(211, abs=5))]
    palmyra = store.place("Palmyra")
    assert palmyra is not None and {a.id for a in palmyra.articles} == {ids["palmyra"], ids["putin"]}
    assert store.place("Atlantis") is None


def test_km() -> None:
    assert km(33.51, 36.29, 33.51, 36.29) == 0
    assert km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=2)  # Paris - London


def test_quotes_naming_the_place(fixture: tuple[Store, dict[str, str | None]]) -> None:
    from storyline.model import Mention, Place, Quote, Speaker

    from ..web.fixture_store import make_article

    store, _ = fixture
    paras = ["“Damascus will not fall,” the minister said in Damascus on Tuesday."]
    text = "“Damascus will not fall,”"
    art = make_article("dq", "Minister on Damascus", "2016-04-02", paras, nlp=True,
                   quotes=(Quote(text, "direct", "said", Speaker("the minister", "the minister"), None, 0, 0, len(text)),),
                   places=(Place("Damascus", 33.51, 36.29, "SY", "city", "dam", (Mention(0, 51, 59, "Damascus"),)),))
    store.write_batch([(art, b"raw")])
    detail = store.place("Damascus")
    assert detail is not None and [q.text for q in detail.quotes] == [text]
    assert detail.place.articles == 2 and detail.place.last_date == "2016-04-02"
