"""Shared SQL for stories: story records and listings, memberships, link keys, the clusterer's state."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from storyline.model import Article
from storyline.store import filters, rows_events
from storyline.store.base import (
    EventQuote,
    EventSource,
    JoinReason,
    Page,
    StoredMember,
    Story,
    StoryDetail,
    StoryEntity,
    StoryMember,
    StoryPlace,
    StorySummary,
    TimelineEvent,
    TimelineWrite,
    Unclustered,
    as_json,
)
from storyline.store.sql import Executor, chunks, marks

STATE_KEY = "clusterer"
_STORY_COLUMNS = ("id, label, first_date, last_date, last_sort, articles, quotes, entities, places, timeline,"
                  " sources, undated")
_SUMMARY_COLUMNS = "id, label, first_date, last_date, last_sort, articles, quotes, entities, places, sources, undated"


def _loads(text: str | None) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _dumps(obj: Any) -> str:
    return json.dumps(as_json(obj), ensure_ascii=False, separators=(",", ":"))


def timeline_json(events: Iterable[TimelineEvent]) -> str:
    """A timeline stored whole (a story written without event rows): `_dumps(events)` without the generic walk."""
    return json.dumps([
        {"date": e.date, "precision": e.precision, "kind": e.kind, "summary": e.summary,
         "sources": [{"article_id": s.article_id, "title": s.title} for s in e.sources],
         "quote": {"text": e.quote.text, "speaker": e.quote.speaker, "kind": e.quote.kind} if e.quote else None, "key": e.key}
        for e in events], ensure_ascii=False, separators=(",", ":"))


def _event(d: dict[str, Any]) -> TimelineEvent:
    quote = d.get("quote")
    return TimelineEvent(
        date=d["date"], precision=d["precision"], kind=d["kind"], summary=d["summary"],
        sources=tuple(EventSource(s["article_id"], s.get("title")) for s in d.get("sources") or ()),
        quote=EventQuote(quote["text"], quote.get("speaker"), quote.get("kind")) if quote else None, key=d.get("key"),
    )


def _head(text: str | None) -> dict[str, Any] | None:
    """The timeline column of a story kept as event rows (key days and statements); None: a story
    stored whole in the column (a list), as written before event rows (migration 0012)."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _story(row: tuple[Any, ...], events: tuple[TimelineEvent, ...] | None = None) -> Story:
    """A story from its row; `events`: its timeline (None: the row's timeline column, stored whole)."""
    sid, label, first, last, last_sort, n, q, ents, places, timeline, sources, undated = row
    return Story(
        id=sid, label=label, first_date=first, last_date=last, last_sort=last_sort, articles=int(n), quotes=int(q),
        entities=tuple(StoryEntity(e["name"], e["type"], int(e.get("count") or 0)) for e in _loads(ents)),
        places=tuple(StoryPlace(p["name"], p["lat"], p["lon"], p.get("country"), int(p.get("count") or 0))
                     for p in _loads(places)),
        timeline=tuple(_event(e) for e in _loads(timeline)) if events is None else events, sources=int(sources or 0), undated=int(undated or 0),
    )


def _reason(text: str | None) -> JoinReason | None:
    """A stored join reason (JSON), None when the member was placed before reasons were kept."""
    try:
        d = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(d, dict) or not d.get("kind"):
        return None
    return JoinReason(str(d["kind"]), d.get("via"), d.get("score"), tuple(d.get("terms") or ()))


def list_stories(x: Executor, limit: int, cursor: str | None) -> Page[StorySummary]:
    """Newest last date first, keyset-paged on (last_sort, id)."""
    limit = filters.check_limit(limit)
    where, params = "", []
    if cursor:
        last_sort, sid = filters.decode_cursor(cursor, (str, str))
        where, params = " WHERE last_sort < ? OR (last_sort = ? AND id > ?)", [last_sort, last_sort, sid]
    total = x.row("SELECT count(*) FROM stories")
    rows = x.rows(f"SELECT {_SUMMARY_COLUMNS} FROM stories{where} ORDER BY last_sort DESC, id LIMIT ?",
                  (*params, limit + 1))
    stories = [_story((*r[:9], "[]", *r[9:]), ()) for r in rows[:limit]]  # no timeline read
    items = tuple(StorySummary(s.id, s.label, s.first_date, s.last_date, s.articles, s.quotes,
                               tuple(e.name for e in s.entities), tuple(p.name for p in s.places), s.sources,
                               s.undated) for s in stories)
    nxt = filters.encode_cursor([stories[-1].last_sort, stories[-1].id]) if len(rows) > limit and stories else None
    return Page(items, nxt, int(total[0]) if total else 0)


def get_story(x: Executor, story_id: str) -> StoryDetail | None:
    """One story with its distinct reports (near-duplicates counted, not listed)."""
    row = x.row(f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,))
    if row is None:
        return None
    head = _head(row[9])
    events = None if head is None else rows_events.read_timeline(x, story_id, head)
    members = x.rows(
        "SELECT a.id, a.title, a.published, coalesce(d.n, 0), m.reason"
        " FROM story_members AS m JOIN articles AS a ON a.id = m.article_id"
        " LEFT JOIN (SELECT duplicate_of, count(*) AS n FROM story_members"
        "            WHERE story_id = ? AND duplicate_of IS NOT NULL GROUP BY duplicate_of) AS d"
        "   ON d.duplicate_of = a.id"
        " WHERE m.story_id = ? AND m.duplicate_of IS NULL ORDER BY a.published ASC NULLS LAST, a.id",
        (story_id, story_id))
    return StoryDetail(_story(row, events), tuple(StoryMember(i, t, p, int(d), _reason(r)) for i, t, p, d, r in members))


def story_label(x: Executor, story_id: str) -> str | None:
    row = x.row("SELECT label FROM stories WHERE id = ?", (story_id,))
    return None if row is None else str(row[0])


def story_of_article(x: Executor, article_id: str) -> str | None:
    row = x.row("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,))
    return None if row is None else str(row[0])


# -- the clusterer's side ------------------------------------------------------------------------


def unclustered(x: Executor, inputs: str) -> Iterator[Unclustered]:
    """The record is read (and decoded) only for an article whose story inputs do not begin with `inputs`."""
    if not inputs:
        raise ValueError("the story inputs' prefix must not be empty")
    rows = x.stream("SELECT a.id, a.story_inputs, CASE WHEN substr(a.story_inputs, 1, ?) = ? THEN NULL ELSE a.record END"
                    " FROM articles AS a LEFT JOIN story_members AS m ON m.article_id = a.id"
                    " WHERE m.article_id IS NULL ORDER BY a.published ASC NULLS LAST, a.id", (len(inputs), inputs))
    for id, stored, record in rows:
        if record is None:
            yield Unclustered(id, stored, None)
        else:
            yield Unclustered(id, None, Article.from_dict(json.loads(record)))


def member_inputs(x: Executor, article_ids: Sequence[str], inputs: str) -> list[Unclustered]:
    """`unclustered`'s rows for these articles, in their order (the record only where the inputs do not begin with `inputs`)."""
    found: dict[str, Unclustered] = {}
    for chunk in chunks(article_ids):
        rows = x.rows(f"SELECT id, story_inputs, CASE WHEN substr(story_inputs, 1, ?) = ? THEN NULL ELSE record END"
                      f" FROM articles WHERE id IN ({marks(len(chunk))})", (len(inputs), inputs, *chunk))
        for id, stored, record in rows:
            found[id] = (Unclustered(id, stored, None) if record is None
                         else Unclustered(id, None, Article.from_dict(json.loads(record))))
    missing = [a for a in article_ids if a not in found]
    if missing:
        raise KeyError(f"no stored article {missing[0]!r} (asked for a story member's inputs)")
    return [found[a] for a in article_ids]


def move_members(x: Executor, story_id: str, new_id: str, article_ids: Sequence[str], keys: Iterable[str],
                 reason: JoinReason) -> None:
    """Move these members of `story_id` (now there for `reason`), and the related keys it holds for them,
    to `new_id` (a split)."""
    for chunk in chunks(article_ids):
        x.run(f"UPDATE story_members SET story_id = ?, reason = ? WHERE story_id = ? AND article_id IN"
              f" ({marks(len(chunk))})", (new_id, _dumps(reason), story_id, *chunk))
    for chunk in chunks([k for k in keys if not k.startswith("id:")]):
        x.run(f"UPDATE story_keys SET story_id = ? WHERE story_id = ? AND key IN ({marks(len(chunk))})",
              (new_id, story_id, *chunk))


def member_articles(x: Executor, story_id: str) -> list[tuple[Article, str | None]]:
    rows = x.rows("SELECT a.record, m.duplicate_of FROM story_members AS m JOIN articles AS a ON a.id = m.article_id"
                  " WHERE m.story_id = ? ORDER BY a.published ASC NULLS LAST, a.id", (story_id,))
    return [(Article.from_dict(json.loads(rec)), dup) for rec, dup in rows]


def member_summaries(x: Executor, story_id: str) -> list[StoredMember]:
    rows = x.rows("SELECT m.article_id, m.duplicate_of, m.summary FROM story_members AS m"
                  " JOIN articles AS a ON a.id = m.article_id"
                  " WHERE m.story_id = ? ORDER BY a.published ASC NULLS LAST, a.id", (story_id,))
    return [StoredMember(a, d, s) for a, d, s in rows]


def load_state(x: Executor) -> str | None:
    row = x.row("SELECT value FROM story_state WHERE key = ?", (STATE_KEY,))
    return None if row is None else str(row[0])


def save_state(x: Executor, state: str) -> None:
    x.run("INSERT INTO story_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          (STATE_KEY, state))


def add_member(x: Executor, article_id: str, story_id: str, duplicate_of: str | None, now: str,
               summary: str | None = None, reason: JoinReason | None = None) -> None:
    x.run("INSERT INTO story_members (article_id, story_id, duplicate_of, added_at, summary, reason)"
          " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO NOTHING",
          (article_id, story_id, duplicate_of, now, summary, _dumps(reason) if reason else None))


def merge_story(x: Executor, gone: str, keep: str) -> None:
    x.run("UPDATE story_members SET story_id = ? WHERE story_id = ?", (keep, gone))
    x.run("UPDATE story_keys SET story_id = ? WHERE story_id = ?", (keep, gone))
    x.run("INSERT INTO story_links (key, story_id) SELECT key, ? FROM story_links WHERE story_id = ?"
          " ON CONFLICT DO NOTHING", (keep, gone))
    x.run("DELETE FROM story_links WHERE story_id = ?", (gone,))
    x.run("DELETE FROM stories WHERE id = ?", (gone,))
    rows_events.drop_events(x, gone)  # the writer folds them into keep's (read before: story_events)


def add_keys(x: Executor, story_id: str, keys: Iterable[str], links: Iterable[str]) -> None:
    """"id:" keys are not stored: story_members answers them."""
    x.run_many("INSERT INTO story_keys (key, story_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
               [(k, story_id) for k in keys if not k.startswith("id:")])
    x.run_many("INSERT INTO story_links (key, story_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
               [(k, story_id) for k in links])


def lookup_key(x: Executor, key: str) -> str | None:
    if key.startswith("id:"):
        return story_of_article(x, key[3:])
    row = x.row("SELECT story_id FROM story_keys WHERE key = ?", (key,))
    return None if row is None else str(row[0])


def lookup_links(x: Executor, key: str) -> list[str]:
    return [str(r[0]) for r in x.rows("SELECT story_id FROM story_links WHERE key = ? ORDER BY story_id", (key,))]


def story_totals(x: Executor, story_id: str) -> str | None:
    row = x.row("SELECT totals FROM stories WHERE id = ?", (story_id,))
    return None if row is None or row[0] is None else str(row[0])


def write_story(x: Executor, story: Story, now: str, totals: str | None = None,
                timeline: TimelineWrite | None = None) -> None:
    """With `timeline`, the event rows change as it says and the column keeps its head; else the
    column keeps `story.timeline` whole (and the story keeps no event rows)."""
    if timeline is None:
        rows_events.drop_events(x, story.id)
    else:
        rows_events.write_events(x, story.id, timeline)
    column = timeline_json(story.timeline) if timeline is None else rows_events.timeline_head(timeline)
    x.run(
        "INSERT INTO stories (id, label, first_date, last_date, last_sort, articles, quotes, entities, places,"
        " timeline, updated_at, sources, undated, totals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET label = excluded.label, first_date = excluded.first_date,"
        " last_date = excluded.last_date, last_sort = excluded.last_sort, articles = excluded.articles,"
        " quotes = excluded.quotes, entities = excluded.entities, places = excluded.places,"
        " timeline = excluded.timeline, updated_at = excluded.updated_at, sources = excluded.sources,"
        " undated = excluded.undated, totals = excluded.totals",
        (story.id, story.label, story.first_date, story.last_date, story.last_sort, story.articles, story.quotes,
         _dumps(story.entities), _dumps(story.places), column, now, story.sources, story.undated,
         totals),
    )
