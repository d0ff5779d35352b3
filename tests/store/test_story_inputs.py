"""Contract: articles stored with their story inputs are read back compactly and cluster as their records do."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyline.model import Article
from storyline.store import open_store
from storyline.store.base import Store
from storyline.stories import inputs
from storyline.stories.dedup import DedupConfig
from storyline.stories.update import update_stories

from ..stories.helpers import stream
from .helpers import raw_of


def outcome(store: Store, articles: list[Article]) -> dict[str, Any]:
    """Everything clustering wrote: each article's story, duplicate, summary and reason; the story records; the state."""
    out: dict[str, Any] = {"state": store.load_state(), "stories": {}}
    for s in store.stories(limit=1000).items:
        detail = store.story(s.id)
        assert detail is not None
        out["stories"][s.id] = (detail.to_dict(), [(m.article_id, m.duplicate_of, m.summary)
                                                    for m in store.member_summaries(s.id)])
    out["members"] = {a.id: store.story_of_article(a.id) for a in articles}
    return out


def reference(tmp_path: Path, articles: list[Article]) -> dict[str, Any]:
    """What the articles give stored without story inputs (SQLite), clustered in two runs."""
    with open_store(str(tmp_path / "reference.db")) as ref:
        ref.write_batch([(replace(a, story_inputs=None), raw_of(a)) for a in articles[:3]])
        update_stories(ref)
        ref.write_batch([(replace(a, story_inputs=None), raw_of(a)) for a in articles[3:]])
        update_stories(ref)
        return outcome(ref, articles)


def test_unclustered_articles_come_with_their_inputs_else_their_records(store: Store) -> None:
    a, b, c = stream()[:3]
    stale = inputs.encode(c).replace(f'"format":{json.dumps(inputs.FORMAT)}', '"format":0', 1)
    store.write_batch([(replace(a, story_inputs=inputs.encode(a)), raw_of(a)), (b, raw_of(b)),
                       (replace(c, story_inputs=stale), raw_of(c))])
    with store.clustering():
        rows = {r.id: r for r in store.unclustered(inputs.prefix(DedupConfig()))}
        assert rows[a.id].inputs == inputs.encode(a) and rows[a.id].article is None
        assert rows[b.id].inputs is None and rows[b.id].article == b
        assert rows[c.id].inputs is None and rows[c.id].article == c  # inputs of another format: the record
        other = {r.id: r for r in store.unclustered(inputs.prefix(DedupConfig(num_perm=32, bands=8)))}
        assert all(r.inputs is None and r.article is not None for r in other.values())  # made for other settings
        any_settings = {r.id: r for r in store.unclustered(inputs.prefix(None))}
        assert any_settings[a.id].inputs == inputs.encode(a)


def test_articles_stored_with_inputs_cluster_as_those_stored_without(store: Store, tmp_path: Path) -> None:
    articles = stream()
    with_inputs = [replace(a, story_inputs=inputs.encode(a)) if i % 3 else a for i, a in enumerate(articles)]
    store.write_batch([(a, raw_of(a)) for a in with_inputs[:3]])
    update_stories(store)
    store.write_batch([(a, raw_of(a)) for a in with_inputs[3:]])
    update_stories(store)
    got = outcome(store, articles)
    assert got == reference(tmp_path, articles)
    assert any(dup for _, members in got["stories"].values() for _, dup, _ in members)  # a near-duplicate among them
    assert json.loads(got["state"])["n_docs"] == len(articles)


def test_a_copy_keeps_the_story_inputs(store: Store, tmp_path: Path) -> None:
    from storyline.store.copy import copy_store

    a = stream()[0]
    store.write_batch([(replace(a, story_inputs=inputs.encode(a)), raw_of(a))])
    with open_store(str(tmp_path / "copy.db")) as dst:
        copy_store(store, dst)
        with dst.clustering():
            (row,) = dst.unclustered(inputs.prefix(DedupConfig()))
        assert row.inputs == inputs.encode(a)
