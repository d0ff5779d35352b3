"""Shared SQL for stories' timeline events: one row per folded event, written only when new or changed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storyline.store.base import EventQuote, EventSource, StoredEvent, TimelineEvent, TimelineWrite
from storyline.store.sql import Executor, chunks, marks

_COLUMNS = "seq, key_day, sort_key, event, owners"


def _event_dict(e: TimelineEvent) -> dict[str, Any]:
    return {"date": e.date, "precision": e.precision, "kind": e.kind, "summary": e.summary,
            "sources": [{"article_id": s.article_id, "title": s.title} for s in e.sources],
            "quote": {"text": e.quote.text, "speaker": e.quote.speaker, "kind": e.quote.kind} if e.quote else None}


def _event(d: dict[str, Any], key: int | None = None) -> TimelineEvent:
    quote = d.get("quote")
    return TimelineEvent(
        date=d["date"], precision=d["precision"], kind=d["kind"], summary=d["summary"],
        sources=tuple(EventSource(s["article_id"], s.get("title")) for s in d.get("sources") or ()),
        quote=EventQuote(quote["text"], quote.get("speaker"), quote.get("kind")) if quote else None, key=key,
    )


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _stored(row: tuple[Any, ...]) -> StoredEvent:
    seq, key_day, sort_key, event, owners = row
    t, k, s = json.loads(sort_key)
    return StoredEvent(int(seq), _event(json.loads(event)), tuple(json.loads(owners)), key_day, (t, k, s))


def story_events(x: Executor, story_id: str, days: Sequence[str] | None, owners: Sequence[str]) -> list[StoredEvent]:
    """The events of `days` (None: all) and those `owners` own, by seq."""
    if days is None:
        rows = x.rows(f"SELECT {_COLUMNS} FROM story_events WHERE story_id = ?", (story_id,))
        return sorted(map(_stored, rows), key=lambda e: e.seq)
    found: dict[int, StoredEvent] = {}
    for part in chunks(sorted(set(days))):
        for r in x.rows(f"SELECT {_COLUMNS} FROM story_events WHERE story_id = ? AND day IN ({marks(len(part))})",
                        (story_id, *part)):
            found.setdefault(int(r[0]), _stored(r))
    seqs: set[int] = set()
    for part in chunks(sorted(set(owners))):
        seqs.update(int(r[0]) for r in x.rows(
            f"SELECT seq FROM story_event_owners WHERE story_id = ? AND article_id IN ({marks(len(part))})",
            (story_id, *part)))
    for part in chunks(sorted(seqs - set(found))):
        for r in x.rows(f"SELECT {_COLUMNS} FROM story_events WHERE story_id = ? AND seq IN ({marks(len(part))})",
                        (story_id, *part)):
            found.setdefault(int(r[0]), _stored(r))
    return [found[s] for s in sorted(found)]


def timeline_head(timeline: TimelineWrite) -> str:
    """What the story record's timeline column keeps beside the event rows: key days and shown statements."""
    return _dumps({"key_days": [list(kd) for kd in timeline.key_days],
                   "statements": [[list(e.sort_key), e.key_day, _event_dict(e.event)] for e in timeline.statements]})


def write_events(x: Executor, story_id: str, timeline: TimelineWrite) -> None:
    """Upsert the new or changed events and their owners (a `replace` drops the stored ones first)."""
    if timeline.replace:
        drop_events(x, story_id)
    x.run_many("INSERT INTO story_events (story_id, seq, day, key_day, sort_key, event, owners)"
               " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (story_id, seq) DO UPDATE SET day = excluded.day,"
               " key_day = excluded.key_day, sort_key = excluded.sort_key, event = excluded.event,"
               " owners = excluded.owners",
               [(story_id, e.seq, e.event.date[:10], e.key_day, _dumps(list(e.sort_key)), _dumps(_event_dict(e.event)),
                 _dumps(list(e.owners))) for e in timeline.events])
    x.run_many("INSERT INTO story_event_owners (story_id, article_id, seq) VALUES (?, ?, ?)"
               " ON CONFLICT (story_id, article_id) DO UPDATE SET seq = excluded.seq",
               [(story_id, o, e.seq) for e in timeline.events for o in e.owners])


def drop_events(x: Executor, story_id: str) -> None:
    """Drop a story's event rows and owners (it merged away, is rebuilt, or keeps its timeline whole)."""
    x.run("DELETE FROM story_events WHERE story_id = ?", (story_id,))
    x.run("DELETE FROM story_event_owners WHERE story_id = ?", (story_id,))


def read_timeline(x: Executor, story_id: str, head: dict[str, Any]) -> tuple[TimelineEvent, ...]:
    """A story's timeline from its event rows and the record's head: in timeline order (events before
    statements on ties, each in stored order), each event of a key day carrying the day's rank."""
    ranks = {d: r for d, r in head.get("key_days") or ()}
    rows = x.rows("SELECT seq, key_day, sort_key, event FROM story_events WHERE story_id = ?", (story_id,))
    items: list[tuple[Any, int, int, str | None, dict[str, Any]]] = [
        (json.loads(sk), 0, int(seq), kd, json.loads(ev)) for seq, kd, sk, ev in rows]
    items.extend((sk, 1, i, kd, ev) for i, (sk, kd, ev) in enumerate(head.get("statements") or ()))
    items.sort(key=lambda it: (it[0], it[1], it[2]))
    return tuple(_event(ev, ranks.get(kd) if kd is not None else None) for _, _, _, kd, ev in items)
