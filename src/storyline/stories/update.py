"""Store side of clustering: place new articles into stories and rewrite the stories they touched."""

from __future__ import annotations

import functools
import itertools
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from storyline.model import Article
from storyline.store import stories_rows
from storyline.stories.cluster import ClusterConfig, StoryClusterer
from storyline.stories.features import link_keys, related_keys
from storyline.stories.record import build_story


@dataclass(frozen=True)
class UpdateResult:
    """What one clustering run did: articles placed, stories created, stories rewritten."""

    articles: int
    new_stories: int
    touched: int


def update_stories(conn: sqlite3.Connection, config: ClusterConfig | None = None) -> UpdateResult:
    """Cluster every stored article not yet in a story, in one transaction (crash-safe, idempotent).

    The clusterer resumes from its saved state, so earlier articles are never re-clustered; an
    interrupted run leaves nothing behind and the next run redoes it. `conn` must be in autocommit
    mode (as SQLiteStore's connection is).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = _update(conn, config)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def _update(conn: sqlite3.Connection, config: ClusterConfig | None) -> UpdateResult:
    records = stories_rows.unclustered(conn)
    first = next(records, None)
    if first is None:
        return UpdateResult(0, 0, 0)
    state = stories_rows.load_state(conn)
    if state and state.get("version") == 1:  # an unbounded state: its link keys move to the tables
        for key, sid in state["keys"].items():
            stories_rows.add_keys(conn, sid, [key], [])
        for key, sids in state["links"].items():
            for sid in sids:
                stories_rows.add_keys(conn, sid, [], [key])
    clusterer = StoryClusterer.from_state(state) if state else StoryClusterer(config)
    clusterer.lookup_key = functools.partial(stories_rows.lookup_key, conn)
    clusterer.lookup_links = functools.partial(stories_rows.lookup_links, conn)
    # Each article's membership and keys are written as it is placed (same transaction), so the
    # lookups see every article the clusterer has forgotten, even within one long run.
    now = datetime.now(UTC).isoformat(timespec="seconds")
    created: set[str] = set()
    touched: set[str] = set()
    n = 0
    for record in itertools.chain([first], records):
        article = Article.from_dict(record)
        sid = clusterer.add(article)
        n += 1
        for gone, keep in clusterer.merged.items():
            stories_rows.merge_story(conn, gone, keep)
            touched.discard(gone)
            created.discard(gone)
            touched.add(clusterer.resolve(keep))
        clusterer.merged.clear()
        if "s" + article.id == sid or "s" + article.id in clusterer.stories:
            created.add("s" + article.id)
        touched.add(sid)
        stories_rows.add_members(conn, [(article.id, sid, clusterer.duplicate_of(article.id))], now)
        stories_rows.add_keys(conn, sid, related_keys(article), link_keys(article))
    for sid in sorted(touched):
        members = [(Article.from_dict(rec), dup) for rec, dup in stories_rows.member_records(conn, sid)]
        if members:
            stories_rows.write_story(conn, build_story(sid, members), now)
    clusterer.prune()
    stories_rows.save_state(conn, clusterer.state_dict())
    return UpdateResult(n, len(created), len(touched))
