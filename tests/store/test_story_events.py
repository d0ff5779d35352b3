"""A story's timeline kept as event rows: an update reads and writes only what its new members touch."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import psycopg

from storyline.model import Article
from storyline.store.base import (
    EventSource,
    Store,
    StoredEvent,
    Story,
    StoryDetail,
    TimelineEvent,
    TimelineWrite,
)
from storyline.store.postgres import split_url
from storyline.stories.record import build_story
from storyline.stories.summary import summarize
from storyline.stories.update import update_stories

from .helpers import article, raw_of

WORDS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "evening", "noon"]


class _Counting:
    """A store that counts the events read and written for stories."""

    def __init__(self, store: Store) -> None:
        self.store, self.read, self.written, self.member_reads = store, 0, 0, 0

    def story_events(self, story_id: str, days: object, owners: object = ()) -> list[StoredEvent]:
        found = self.store.story_events(story_id, days, owners)  # type: ignore[arg-type]
        self.read += len(found)
        return found

    def write_story(self, story: object, totals: object = None, timeline: TimelineWrite | None = None) -> None:
        self.written += len(timeline.events) if timeline else 10**6
        self.store.write_story(story, totals, timeline)  # type: ignore[arg-type]

    def member_summaries(self, story_id: str) -> object:
        self.member_reads += 1
        return self.store.member_summaries(story_id)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def _report(i: int, day: int) -> Article:
    return article(f"e{i:02d}", f"Palmyra siege, {WORDS[i % 10]} report {i}",
                   f"troops besiege the ancient city of palmyra; {WORDS[i % 10]} {WORDS[(i * 3) % 10]} report {i}",
                   published=f"2016-03-{day:02d}")


def _big_story(store: Store, days: int = 24) -> str:
    reports = [_report(i, 1 + i) for i in range(days)]
    store.write_batch([(a, raw_of(a)) for a in reports])
    update_stories(store)
    sid = store.story_of_article(reports[0].id) or ""
    assert all(store.story_of_article(a.id) == sid for a in reports)
    return sid


def _fresh(store: Store, sid: str) -> Story:
    return build_story(sid, [summarize(a, dup) for a, dup in store.member_articles(sid)])


def test_an_update_of_a_big_story_reads_only_the_events_of_the_days_it_touches(store: Store) -> None:
    sid = _big_story(store)
    before = store.story(sid)
    assert before is not None and len(before.story.timeline) == 24
    late = _report(40, 5)  # a new report of a day the story already has
    store.write_batch([(late, raw_of(late))])
    counting = _Counting(store)
    assert update_stories(counting).touched == 1  # type: ignore[arg-type]
    assert store.story_of_article(late.id) == sid
    assert (counting.read, counting.member_reads) == (1, 0)  # the one event of 2016-03-05, no member
    assert counting.written <= 2
    detail = store.story(sid)
    assert detail is not None and detail.story == _fresh(store, sid)


def test_a_late_copy_reads_only_its_originals_event(store: Store) -> None:
    sid = _big_story(store)
    original = store.member_articles(sid)[3][0]
    copy = article("copy", original.title, *original.paragraphs, published=f"{original.published}T18:00:00")
    store.write_batch([(copy, raw_of(copy))])
    counting = _Counting(store)
    update_stories(counting)  # type: ignore[arg-type]
    assert store.story_of_article(copy.id) == sid
    assert counting.read == 1 and counting.written == 1  # the original's event, listing the copy now
    detail = store.story(sid)
    assert detail is not None and detail.story == _fresh(store, sid)
    assert any({s.article_id for s in e.sources} == {original.id, copy.id} for e in detail.story.timeline)


def _event(day: str, summary: str) -> StoredEvent:
    ev = TimelineEvent(f"2016-03-{day}", "day", "article", summary, (EventSource("a" + day, summary),), None)
    return StoredEvent(int(day), ev, ("a" + day,), ev.date, (ev.date + "T00:00:00", 0, summary.lower()))


def test_the_reader_applies_changed_key_days_without_rewriting_events(store: Store) -> None:
    from dataclasses import replace

    from storyline.stories.record import build_story as build

    base = replace(build("s1", []), timeline=())
    events = (_event("28", "Ruins intact"), _event("27", "Army retakes Palmyra"))
    store.write_story(base, None, TimelineWrite(events, (), (("2016-03-27", 1),)))
    rows = list(store.dump("story_events"))
    detail = store.story("s1")
    assert detail is not None
    assert [(e.summary, e.key) for e in detail.story.timeline] == [("Army retakes Palmyra", 1), ("Ruins intact", None)]
    store.write_story(base, None, TimelineWrite((), (), (("2016-03-28", 1), ("2016-03-27", 2))))
    assert list(store.dump("story_events")) == rows  # no event rewritten
    detail = store.story("s1")
    assert detail is not None
    assert [(e.summary, e.key) for e in detail.story.timeline] == [("Army retakes Palmyra", 2), ("Ruins intact", 1)]
    assert store.story_events("s1", ["2016-03-28"]) == [events[0]]
    assert store.story_events("s1", [], ["a27"]) == [events[1]]
    store.write_story(replace(base, timeline=detail.story.timeline))  # a whole timeline: no event rows kept
    assert list(store.dump("story_events")) == [] and list(store.dump("story_event_owners")) == []
    again = store.story("s1")
    assert again is not None and again.story.timeline == detail.story.timeline


def test_a_merged_away_storys_events_fold_into_the_survivor(store: Store) -> None:
    from storyline.stories.cluster import ClusterConfig

    config = ClusterConfig(threshold=0.99, merge_threshold=0.36, dedup=False)
    a = article("m1", "Army retakes Palmyra", "troops recaptured the ancient city of palmyra", published="2016-03-27")
    b = article("m2", "Palmyra ruins intact", "the ancient ruins of palmyra city largely intact",
                published="2016-03-28")
    store.write_batch([(a, raw_of(a)), (b, raw_of(b))])
    update_stories(store, config)
    c = article("m3", "Palmyra retaken, ruins intact",
                "troops recaptured the ancient city of palmyra; its ruins largely intact", published="2016-03-28")
    store.write_batch([(c, raw_of(c))])
    update_stories(store)
    (sid,) = {store.story_of_article(x.id) for x in (a, b, c)}
    assert sid is not None and {r[0] for r in store.dump("story_events")} == {sid}
    assert {r[0] for r in store.dump("story_event_owners")} == {sid}
    detail = store.story(sid)
    assert detail is not None and {e.date for e in detail.story.timeline} == {e.date for e in _fresh(store, sid).timeline}


def _old_layout(target: str, before: dict[str, StoryDetail | None]) -> None:
    """Give a store the layout of one clustered before migration 0012 (each timeline whole in its
    column, version 1 totals, no event tables) and forget the migration."""
    from storyline.store.rows_stories import timeline_json

    stories = [(timeline_json(d.story.timeline), sid) for sid, d in before.items() if d is not None]
    statements = ["UPDATE stories SET totals = replace(totals, '{\"version\":2,', '{\"version\":1,')",
                  "DROP TABLE story_events", "DROP TABLE story_event_owners"]
    if target.startswith("postgresql://"):
        conninfo, schema = split_url(target)
        with psycopg.connect(conninfo) as pg:
            pg.execute(f"SET search_path = {schema}")
            pg.cursor().executemany("UPDATE stories SET timeline = %s WHERE id = %s", stories)
            for sql in [*statements, "DELETE FROM schema_migrations WHERE name = '0015_story_events'"]:
                pg.execute(sql)
        return
    with sqlite3.connect(target) as conn:
        conn.executemany("UPDATE stories SET timeline = ? WHERE id = ?", stories)
        for sql in [*statements, "DELETE FROM schema_migrations WHERE name = '0012_story_events'"]:
            conn.execute(sql)


def test_stories_stored_before_event_rows_read_as_before_and_are_rebuilt_when_touched(
        db_target: str, open_target: Callable[[str], Store]) -> None:
    with open_target(db_target) as store:
        sid = _big_story(store, days=6)
        before = {s.id: store.story(s.id) for s in store.stories().items}
    _old_layout(db_target, before)
    with open_target(db_target) as store:
        assert store.migrations_applied in (["0012_story_events"], ["0015_story_events"])  # type: ignore[attr-defined]
        assert json.loads(store.story_totals(sid) or "")["version"] == 1
        assert {s.id: store.story(s.id) for s in store.stories().items} == before
        late = _report(40, 3)
        store.write_batch([(late, raw_of(late))])
        update_stories(store)
        assert store.story_of_article(late.id) == sid
        detail, old = store.story(sid), before[sid]
        assert detail is not None and old is not None and detail.story == _fresh(store, sid) != old.story
        assert {r[0] for r in store.dump("story_events")} == {sid}


def test_an_events_paraphrase_is_stored_and_read_as_one(store: Store) -> None:
    """The kind of an event's statement survives the event rows, so the timeline never prints a
    paraphrase as a quotation (a demo timeline showed “that the army was in full control ...”)."""
    from storyline.model import Quote, Speaker

    text = "Syrian officials said that the army was in full control of Palmyra."
    said = Quote("that the army was in full control of Palmyra", "indirect", "said", Speaker("Syrian officials", None),
                 None, 0, 22, len(text) - 1)
    a = article("para", "Palmyra back in government hands", text, published="2016-03-28", quotes=(said,), nlp=True)
    store.write_batch([(a, raw_of(a))])
    update_stories(store)
    detail = store.story(store.story_of_article(a.id) or "")
    assert detail is not None
    quotes = [ev.quote for ev in detail.story.timeline if ev.quote is not None]
    assert quotes and all(q.kind == "indirect" and q.speaker == "Syrian officials" for q in quotes)
