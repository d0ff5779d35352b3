"""Story rows: empty results before clustering, paging, lookups, crash-safe incremental updates."""

from __future__ import annotations

import pytest

from storyline.store.sqlite import SQLiteStore
from storyline.store.stories_rows import get_story, list_stories, story_of_article
from storyline.stories import update as update_mod

from .helpers import article, raw_of


def test_empty_database(store: SQLiteStore) -> None:
    conn = store.connection
    assert list_stories(conn) == ([], None)
    assert get_story(conn, "s123") is None
    assert story_of_article(conn, "abc") is None
    assert list_stories(conn, cursor="garbage!") == ([], None)


def test_update_list_page_and_get(filled: SQLiteStore) -> None:
    res = filled.update_stories()
    assert res.articles == 4
    conn = filled.connection
    rows, cursor = list_stories(conn, limit=2)
    assert len(rows) == 2 and cursor
    rest, end = list_stories(conn, limit=10, cursor=cursor)
    assert end is None
    everything = rows + rest
    assert sum(r["articles"] for r in everything) == 4
    assert len({r["id"] for r in everything}) == len(everything)
    dated = [r["last_date"] for r in everything if r["last_date"]]
    assert dated == sorted(dated, reverse=True) and dated[0] == "2016-03-28"
    first = everything[0]
    story = get_story(conn, first["id"])
    assert story is not None and story["members"] and story["timeline"] is not None
    member = story["members"][0]
    assert set(member) == {"id", "title", "published", "duplicates"}
    assert story_of_article(conn, member["id"]) == first["id"]
    assert filled.update_stories().articles == 0  # nothing new: nothing re-clustered


def test_later_articles_are_added_incrementally(filled: SQLiteStore) -> None:
    filled.update_stories()
    conn = filled.connection
    old = dict(conn.execute("SELECT article_id, story_id FROM story_members").fetchall())
    extra = article("extra", "Palmyra recaptured, museum director speaks",
                    "Government forces entered the ancient city of Palmyra; the director described damage.",
                    published="2016-03-29")
    filled.write_batch([(extra, raw_of(extra))])
    assert filled.update_stories().articles == 1
    new = dict(conn.execute("SELECT article_id, story_id FROM story_members").fetchall())
    assert {k: new[k] for k in old} == old
    assert extra.id in new


def test_failed_update_leaves_nothing(filled: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("crash")

    monkeypatch.setattr(update_mod.stories_rows, "save_state", boom)
    with pytest.raises(RuntimeError):
        filled.update_stories()
    conn = filled.connection
    assert conn.execute("SELECT count(*) FROM story_members").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 0
    monkeypatch.undo()
    assert filled.update_stories().articles == 4
