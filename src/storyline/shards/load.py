"""`storyline load`: the complete shards of a processed folder into a store (idempotent), then stories."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from storyline.batch import chunked
from storyline.errors import UsageError
from storyline.model import Article, Counts, Failure, Problem
from storyline.settings import Settings
from storyline.shards import tables
from storyline.shards.job import complete_shards
from storyline.store.base import Store
from storyline.stories.clustering import check_store, story_config
from storyline.stories.update import update_stories


def load_dir(out: str, store: Store, settings: Settings,
             on_shard: Callable[[str, Counts], None] | None = None) -> Counts:
    """Write every complete shard's records (with their raw bytes) and failures; already-stored ones are skipped.

    `on_shard(name, counts so far)` is called after each shard. With settings.stories, stories are
    clustered at the end as the story settings say (checked against the store's before loading).
    One transaction per settings.batch_size records, so an interrupted load can be run again.
    """
    names = list(complete_shards(out))
    if not names:
        raise UsageError(f"{out}: no complete shards (run `storyline process ... --out {out}` first)")
    config = story_config(settings)
    if config is not None:
        check_store(store, config)  # before the first shard, not after the last
    counts = Counts()
    for name in names:
        _load_shard(out, name, store, settings, counts)
        if on_shard:
            on_shard(name, counts)
    if config is not None:
        update_stories(store, config)
    return counts


def _load_shard(out: str, name: str, store: Store, settings: Settings, counts: Counts) -> None:
    raw = tables.read(out, "raw", name).to_pydict()
    data = dict(zip(raw["sha256"], raw["data"], strict=True))
    wanted = [c for c in ("record", "story_inputs") if c in tables.columns(out, "articles", name)]
    table = tables.read(out, "articles", name, wanted)
    records = table.column("record").to_pylist()
    inputs = table.column("story_inputs").to_pylist() if "story_inputs" in wanted else [None] * len(records)
    for chunk in chunked(zip(records, inputs, strict=True), settings.batch_size):
        articles = [replace(Article.from_dict(json.loads(r)), story_inputs=i) for r, i in chunk]
        with store.transaction():
            new = set(store.store_new([(a, data[a.source.sha256]) for a in articles]))
        for a in articles:
            if a.id not in new:
                counts.skipped += 1
            elif a.warnings:
                counts.warned += 1
            else:
                counts.ok += 1
    failed = tables.read(out, "failures", name).to_pylist()
    failures = [Failure(f["name"], Problem(f["code"], f["message"]), f["sha256"]) for f in failed]
    store.record_failures(failures)
    counts.failed += len(failures)
    counts.failures += failures
