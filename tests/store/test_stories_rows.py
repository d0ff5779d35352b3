"""Story rows: empty results before clustering, paging, lookups, crash-safe incremental updates."""

from __future__ import annotations

import pytest

from storyline.model import RelatedItem
from storyline.store.sqlite import SQLiteStore
from storyline.store.stories_rows import get_story, list_stories, load_state, save_state, story_of_article
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


@pytest.mark.parametrize("legacy", [False, True])
def test_link_to_a_forgotten_story_is_found_in_the_database(store: SQLiteStore, legacy: bool) -> None:
    old = article("dam1", "Dam collapse floods valley villages", "Water from the broken dam reached three villages.",
                  published="2016-01-01", url="https://news.example/dam-collapse")
    store.write_batch([(old, raw_of(old))])
    store.update_stories()
    conn = store.connection
    sid = story_of_article(conn, old.id)
    if legacy:  # a database clustered before 0005: version 1 state, no key tables filled
        state = load_state(conn)
        assert state is not None
        state["version"] = 1
        for extra in ("key_times", "merged"):
            del state[extra]
        save_state(conn, state)
        conn.execute("DELETE FROM story_keys")
    later = [article(f"other{i}", f"Unrelated report number {i} on the harbour works",
                     f"Cranes and ships at the harbour, day {i}.", published=f"2016-03-{i + 1:02d}") for i in range(5)]
    store.write_batch([(a, raw_of(a)) for a in later])
    store.update_stories()
    state = conn.execute("SELECT value FROM story_state").fetchone()[0]
    assert old.id not in state and "dam-collapse" not in state  # forgotten by the clusterer
    follow = article("dam2", "Inquiry opens", "Nothing here shares words with the first report.",
                     published="2016-03-10",
                     related=(RelatedItem(id=None, title="x", url="http://www.news.example/dam-collapse/"),))
    store.write_batch([(follow, raw_of(follow))])
    res = store.update_stories()
    assert res.articles == 1 and res.new_stories == 0
    assert story_of_article(conn, follow.id) == sid
    story = get_story(conn, sid or "")
    assert story is not None and {m["id"] for m in story["members"]} == {old.id, follow.id}
