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


def test_syndicated_copy_is_counted_as_a_duplicate(store: SQLiteStore) -> None:
    body = ("Government forces backed by air strikes recaptured the ancient city of Palmyra on Sunday after a "
            "three-week offensive; engineers began clearing mines from the ruins and the citadel.")
    first = article("wire1", "Palmyra recaptured", body, published="2016-03-27")
    copy = article("wire2", "Army retakes Palmyra", "(Wire) " + body, published="2016-03-27T12:00:00")
    store.write_batch([(first, raw_of(first)), (copy, raw_of(copy))])
    store.update_stories()
    sid = story_of_article(store.connection, copy.id)
    assert sid == story_of_article(store.connection, first.id)
    story = get_story(store.connection, sid or "")
    assert story is not None
    assert story["members"] == [{"id": first.id, "title": "Palmyra recaptured", "published": "2016-03-27",
                                 "duplicates": 1}]
    rows, _ = list_stories(store.connection)
    assert rows[0]["articles"] == 1
    assert len(story["timeline"]) == 1 and len(story["timeline"][0]["sources"]) == 2


def test_merge_across_runs_moves_stored_members(store: SQLiteStore) -> None:
    from storyline.stories.cluster import ClusterConfig
    from storyline.stories.update import update_stories

    config = ClusterConfig(threshold=0.99, merge_threshold=0.36, dedup=False)
    a = article("m1", "Army retakes Palmyra", "troops recaptured the ancient city of palmyra", published="2016-03-27")
    b = article("m2", "Palmyra ruins intact", "the ancient ruins of palmyra city largely intact",
                published="2016-03-28")
    store.write_batch([(a, raw_of(a)), (b, raw_of(b))])
    update_stories(store.connection, config)
    conn = store.connection
    assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 2
    c = article("m3", "Palmyra retaken, ruins intact",
                "troops recaptured the ancient city of palmyra; its ruins largely intact", published="2016-03-28")
    store.write_batch([(c, raw_of(c))])
    update_stories(conn)  # the saved state carries the config
    assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 1
    sid = story_of_article(conn, a.id)
    assert story_of_article(conn, b.id) == sid == story_of_article(conn, c.id)
    story = get_story(conn, sid or "")
    assert story is not None and len(story["members"]) == 3
