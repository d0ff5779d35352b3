"""Contract: stories before clustering, paging, lookups, crash-safe incremental updates, bad cursors."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.model import RelatedItem
from storyline.store.base import Store, StoryDetail
from storyline.store.filters import CursorError
from storyline.store.sqlite import SQLiteStore
from storyline.stories.update import update_stories

from .helpers import article, raw_of


def members(store: Store) -> dict[str, str]:
    """article id -> story id, from the stories' own listings."""
    out: dict[str, str] = {}
    for s in store.stories(limit=1000).items:
        detail = store.story(s.id)
        assert detail is not None
        for art in store.articles(limit=1000).items:
            if store.story_of_article(art.id) == s.id:
                out[art.id] = s.id
    return out


def test_empty_database(store: Store) -> None:
    page = store.stories()
    assert (page.items, page.next_cursor, page.total) == ((), None, 0)
    assert store.story("s123") is None
    assert store.story_of_article("abc") is None
    for bad in ("garbage!", "garbage", "e30", "WyJhIl0"):
        with pytest.raises(CursorError):
            store.stories(cursor=bad)
    assert update_stories(store).articles == 0


def test_update_list_page_and_get(filled: Store) -> None:
    res = update_stories(filled)
    assert res.articles == 4
    first_page = filled.stories(limit=2)
    assert len(first_page.items) == 2 and first_page.next_cursor and first_page.total >= 2
    rest = filled.stories(limit=10, cursor=first_page.next_cursor)
    assert rest.next_cursor is None
    everything = first_page.items + rest.items
    assert sum(r.articles for r in everything) == 4 and len(everything) == first_page.total
    assert len({r.id for r in everything}) == len(everything)
    dated = [r.last_date for r in everything if r.last_date]
    assert dated == sorted(dated, reverse=True) and dated[0] == "2016-03-28"
    detail = filled.story(everything[0].id)
    assert detail is not None and detail.members
    member = detail.members[0]
    assert filled.story_of_article(member.id) == everything[0].id
    assert filled.story(member.id) == detail  # an article id finds its story
    assert update_stories(filled).articles == 0  # nothing new: nothing re-clustered


def test_later_articles_are_added_incrementally(filled: Store) -> None:
    update_stories(filled)
    old = members(filled)
    extra = article("extra", "Palmyra recaptured, museum director speaks",
                    "Government forces entered the ancient city of Palmyra; the director described damage.",
                    published="2016-03-29")
    filled.write_batch([(extra, raw_of(extra))])
    assert update_stories(filled).articles == 1
    new = members(filled)
    assert len(old) == 4 and {k: new[k] for k in old} == old
    assert extra.id in new


def test_failed_update_leaves_nothing(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("crash")

    monkeypatch.setattr(type(filled), "save_state", boom)
    with pytest.raises(RuntimeError):
        update_stories(filled)
    assert filled.stories().total == 0 and members(filled) == {}
    monkeypatch.undo()
    assert update_stories(filled).articles == 4


def test_syndicated_copy_is_counted_as_a_duplicate(store: Store) -> None:
    body = ("Government forces backed by air strikes recaptured the ancient city of Palmyra on Sunday after a "
            "three-week offensive; engineers began clearing mines from the ruins and the citadel.")
    first = article("wire1", "Palmyra recaptured", body, published="2016-03-27")
    copy = article("wire2", "Army retakes Palmyra", "(Wire) " + body, published="2016-03-27T12:00:00")
    store.write_batch([(first, raw_of(first)), (copy, raw_of(copy))])
    update_stories(store)
    sid = store.story_of_article(copy.id)
    assert sid == store.story_of_article(first.id)
    detail = store.story(sid or "")
    assert detail is not None
    assert [(m.id, m.title, m.published, m.duplicates) for m in detail.members] == [
        (first.id, "Palmyra recaptured", "2016-03-27", 1)]
    assert store.stories().items[0].articles == 1
    assert len(detail.story.timeline) == 1 and len(detail.story.timeline[0].sources) == 2


def test_merge_across_runs_moves_stored_members(store: Store) -> None:
    from storyline.stories.cluster import ClusterConfig

    config = ClusterConfig(threshold=0.99, merge_threshold=0.36, dedup=False)
    a = article("m1", "Army retakes Palmyra", "troops recaptured the ancient city of palmyra", published="2016-03-27")
    b = article("m2", "Palmyra ruins intact", "the ancient ruins of palmyra city largely intact",
                published="2016-03-28")
    store.write_batch([(a, raw_of(a)), (b, raw_of(b))])
    update_stories(store, config)
    assert store.stories().total == 2
    c = article("m3", "Palmyra retaken, ruins intact",
                "troops recaptured the ancient city of palmyra; its ruins largely intact", published="2016-03-28")
    store.write_batch([(c, raw_of(c))])
    update_stories(store)  # the saved state carries the config
    assert store.stories().total == 1
    sid = store.story_of_article(a.id)
    assert store.story_of_article(b.id) == sid == store.story_of_article(c.id)
    detail = store.story(sid or "")
    assert detail is not None and len(detail.members) == 3
    from storyline.stories.record import build_story
    from storyline.stories.summary import summarize

    fresh = build_story(detail.story.id, [summarize(x, dup) for x, dup in store.member_articles(detail.story.id)])
    assert (detail.story.articles, detail.story.first_date, detail.story.last_date, detail.story.entities) == (
        fresh.articles, fresh.first_date, fresh.last_date, fresh.entities)  # the merged-away story's totals carried
    assert {e.date for e in detail.story.timeline} == {e.date for e in fresh.timeline}


class _Counting:
    """A store that counts the reads of whole stories' members."""

    def __init__(self, store: Store) -> None:
        self.store, self.reads = store, 0

    def member_summaries(self, story_id: str) -> object:
        self.reads += 1
        return self.store.member_summaries(story_id)

    def member_articles(self, story_id: str) -> object:
        self.reads += 1
        return self.store.member_articles(story_id)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def test_a_touched_story_is_kept_up_without_reading_its_members(store: Store) -> None:
    """Story upkeep follows the new articles: a story written with its totals is not re-read."""
    a = article("k1", "Army retakes Palmyra", "troops recaptured the ancient city of palmyra", published="2016-03-27")
    store.write_batch([(a, raw_of(a))])
    update_stories(store)
    b = article("k2", "Army retakes Palmyra city", "troops recaptured the ancient city of palmyra today",
                published="2016-03-28")
    store.write_batch([(b, raw_of(b))])
    counting = _Counting(store)
    assert update_stories(counting).touched == 1  # type: ignore[arg-type]
    assert counting.reads == 0
    sid = store.story_of_article(a.id)
    assert sid == store.story_of_article(b.id)
    detail = store.story(sid or "")
    assert detail is not None and detail.story.articles == 2 and detail.story.last_date == "2016-03-28"


def test_link_to_a_forgotten_story_is_found_in_the_database(store: Store) -> None:
    _forgotten_story_found(store, legacy=None)


def test_link_found_after_a_legacy_state(tmp_path: Path) -> None:
    """A SQLite database clustered before migration 0005: version 1 state, no key tables filled."""
    path = tmp_path / "legacy.db"

    def forget() -> None:
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM story_keys")

    with SQLiteStore(path) as store:
        _forgotten_story_found(store, legacy=forget)


def _forgotten_story_found(store: Store, legacy: Callable[[], None] | None) -> None:
    old = article("dam1", "Dam collapse floods valley villages", "Water from the broken dam reached three villages.",
                  published="2016-01-01", url="https://news.example/dam-collapse")
    store.write_batch([(old, raw_of(old))])
    update_stories(store)
    sid = store.story_of_article(old.id)
    if legacy:  # a database clustered before 0005: version 1 state, no key tables filled
        saved = store.load_state()
        assert saved is not None
        state = json.loads(saved)
        state["version"] = 1
        for extra in ("key_times", "merged"):
            del state[extra]
        store.save_state(json.dumps(state))
        legacy()
    later = [article(f"other{i}", f"Unrelated report number {i} on the harbour works",
                     f"Cranes and ships at the harbour, day {i}.", published=f"2016-03-{i + 1:02d}") for i in range(5)]
    store.write_batch([(a, raw_of(a)) for a in later])
    update_stories(store)
    state = store.load_state() or ""
    assert old.id not in state and "dam-collapse" not in state  # forgotten by the clusterer
    follow = article("dam2", "Inquiry opens", "Nothing here shares words with the first report.",
                     published="2016-03-10",
                     related=(RelatedItem(id=None, title="x", url="http://www.news.example/dam-collapse/"),))
    store.write_batch([(follow, raw_of(follow))])
    res = update_stories(store)
    assert res.articles == 1 and res.new_stories == 0
    assert store.story_of_article(follow.id) == sid
    detail = store.story(sid or "")
    assert detail is not None and {m.id for m in detail.members} == {old.id, follow.id}



def _stories(store: Store) -> dict[str, StoryDetail | None]:
    return {s.id: store.story(s.id) for s in store.stories(limit=1000).items}


def _ingest_in_runs(store: Store, runs: int) -> None:
    from storyline.batch import ingest
    from storyline.ingest import iter_documents
    from storyline.settings import Settings
    from tests.conftest import SAMPLES

    settings = Settings(stories=False)
    docs = list(iter_documents([str(SAMPLES)], None, settings))
    step = -(-len(docs) // runs)
    for start in range(0, len(docs), step):
        ingest(docs[start : start + step], store, settings)
        update_stories(store)


@pytest.mark.slow
def test_stories_kept_up_over_several_runs_are_what_their_full_records_give(store: Store) -> None:
    """Touched stories are kept up from their stored totals plus their new members: after three runs,
    every story record is the one built afresh from its members' full records."""
    from storyline.stories.record import build_story
    from storyline.stories.summary import summarize

    _ingest_in_runs(store, 3)
    details = _stories(store)
    assert any(d and len(d.story.timeline) > 3 and d.story.quotes for d in details.values())
    for sid, detail in details.items():
        assert detail is not None
        fresh = build_story(sid, [summarize(a, dup) for a, dup in store.member_articles(sid)])
        assert detail.story == fresh


def test_members_placed_before_summaries_get_them_from_their_records(tmp_path: Path) -> None:
    """A database clustered before migrations 0007 and 0010 (no member summaries, no story totals): the
    next run that touches a story fills the summaries in and rebuilds it from them."""
    path = tmp_path / "old.db"
    with SQLiteStore(path) as store:
        _ingest_in_runs(store, 1)
        before = _stories(store)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE story_members SET summary = NULL")
        conn.execute("UPDATE stories SET totals = NULL")
    with SQLiteStore(path) as store:
        newest = store.stories(limit=1).items[0]  # the newest story: still in the clusterer's window
        first, _ = store.member_articles(newest.id)[0]
        extra = replace(first, source=replace(first.source, sha256="f" * 64))  # a syndicated copy joins it
        store.write_batch([(extra, raw_of(extra))])
        update_stories(store)
        assert store.story_of_article(extra.id) == newest.id
        stored = store.member_summaries(newest.id)
        assert stored and all(m.summary for m in stored)
        after = _stories(store)
        assert all(after[sid] == detail for sid, detail in before.items() if sid != newest.id)
        assert after[newest.id] != before[newest.id]


def test_members_keep_why_they_joined_and_a_story_keeps_its_label(store: Store) -> None:
    first = article("j1", "Palmyra recaptured by the army", "troops recaptured the ancient city of palmyra from militants",
                    published="2016-03-27")
    store.write_batch([(first, raw_of(first))])
    update_stories(store)
    sid = store.story_of_article(first.id) or ""
    assert store.story_label(sid) == "Palmyra recaptured by the army"
    later = [article("j2", "Army retakes Palmyra from militants",
                     "the army retakes palmyra: troops recaptured the ancient city from militants on sunday",
                     published="2016-03-28"),
             article("j3", "Army retakes Palmyra, militants flee",
                     "militants flee as the army retakes palmyra and engineers clear mines in the ancient ruins",
                     published="2016-03-28")]
    store.write_batch([(a, raw_of(a)) for a in later])
    update_stories(store)
    detail = store.story(sid)
    assert detail is not None and len(detail.members) == 3
    reasons = {m.id: m.reason for m in detail.members}
    assert reasons[first.id] is not None and reasons[first.id].kind == "first"
    joined = reasons[later[0].id]
    assert joined is not None and joined.kind == "similarity" and "palmyra" in joined.terms
    assert joined.score is not None and joined.score > 0
    # a fresh build would now prefer one of the two new titles; the story keeps the one it had
    from storyline.stories.record import choose_label
    assert choose_label([first.title or "", *(a.title or "" for a in later)]) != first.title
    assert detail.story.label == first.title


def test_a_timeline_is_stored_as_the_generic_encoding_gives_it() -> None:
    from storyline.store.base import EventQuote, EventSource, TimelineEvent
    from storyline.store.rows_stories import _dumps, _event, timeline_json

    events = (
        TimelineEvent("2016-03-27T14:30:00+03:00", "second", "article", "Palmyra «retaken» — Ф",
                      (EventSource("a1", "Title"), EventSource("a2", None)), EventQuote('"We won"', None), 1),
        TimelineEvent("2016-03", "month", "statement", "talks", (), None),
        TimelineEvent("2016-03-28", "day", "related", "x", (EventSource("a3", "t"),), EventQuote("q", "Putin"), None),
        TimelineEvent("2016-03-29", "day", "article", "y", (), EventQuote("that it held", "officials", "indirect")),
    )
    assert timeline_json(events) == _dumps(events) and timeline_json(()) == "[]"
    assert tuple(_event(d) for d in json.loads(timeline_json(events))) == events


def test_a_split_moves_stored_members_and_their_keys(store: Store) -> None:
    """A story of two events placed over two runs splits when it reaches its checkpoint: the stored
    members of the second event move to a new story with their related keys, both stories are rebuilt
    from their members, and a later article linking to a moved one joins the new story."""
    from storyline.stories.cluster import ClusterConfig
    from storyline.stories.features import related_keys
    from storyline.stories.record import build_story
    from storyline.stories.summary import summarize

    ruins = "Report: troops recaptured the ancient city of Palmyra and engineers cleared mines from the citadel"
    tram = "Report: the city council voted to approve a tram line from the central station to the harbour"
    words = ("alpha", "bravo", "charlie", "delta", "echo")
    arts = []
    for i, w in enumerate(words):
        arts.append(article(f"sr{i}", f"Palmyra {w}", f"{ruins} {w}.", published=f"2016-03-{10 + 2 * i:02d}",
                            url=f"https://example.org/ruins-{w}"))
        arts.append(article(f"st{i}", f"Tram {w}", f"{tram} {w}.", published=f"2016-03-{11 + 2 * i:02d}",
                            url=f"https://example.org/tram-{w}"))
    config = ClusterConfig(threshold=1e-6, dedup=False, entity_weight=0.0, place_weight=0.0, split_cohesion=0.9)
    store.write_batch([(a, raw_of(a)) for a in arts[:6]])
    update_stories(store, config)
    assert store.stories().total == 1
    store.write_batch([(a, raw_of(a)) for a in arts[6:]])
    res = update_stories(store)
    assert store.stories().total == 2 and res.new_stories == 1
    kept, new = "s" + arts[0].id, "s" + arts[1].id
    assert {a.id: store.story_of_article(a.id) for a in arts} == {a.id: (kept, new)[i % 2] for i, a in enumerate(arts)}
    for sid in (kept, new):
        detail = store.story(sid)
        assert detail is not None and detail.story.articles == 5
        assert detail.story == build_story(sid, [summarize(x, dup) for x, dup in store.member_articles(sid)])
    assert {store.lookup_key(key) for key in related_keys(arts[3])} == {new}  # its url: key moved with it
    detail = store.story(new)
    assert detail is not None and {(m.reason.kind, m.reason.via) for m in detail.members if m.reason} == {("split", kept)}
    assert detail.members[0].reason and "tram" in detail.members[0].reason.terms
    late = article("st9", "Tram line: more", "the council tram line", published="2016-03-25",
                   related=(RelatedItem(None, "Tram bravo", "https://example.org/tram-bravo"),))
    store.write_batch([(late, raw_of(late))])
    update_stories(store)
    assert store.story_of_article(late.id) == new
    assert update_stories(store).articles == 0
