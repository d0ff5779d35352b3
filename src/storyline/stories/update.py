"""Place new articles into stories and bring the stories they touched up to date from their running totals."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.model import Article
from storyline.store.base import StoryRepository, Unclustered
from storyline.stories.cluster import ClusterConfig, StoryClusterer
from storyline.stories.clustering import check_state
from storyline.stories.dedup import DedupConfig
from storyline.stories.inputs import StoryInput, prefix
from storyline.stories.record import stored_record
from storyline.stories.split import Split
from storyline.stories.summary import MemberSummary, summarize
from storyline.stories.timeline import Event
from storyline.stories.totals import StoryTotals


@dataclass(frozen=True)
class UpdateResult:
    """What one clustering run did: articles placed, stories created, stories rewritten."""

    articles: int
    new_stories: int
    touched: int


def update_stories(repo: StoryRepository, config: ClusterConfig | None = None) -> UpdateResult:
    """Cluster every stored article not yet in a story, in one transaction (crash-safe, idempotent).

    The clusterer resumes from its saved state, so earlier articles are never re-clustered; an
    interrupted run leaves nothing behind and the next run redoes it. The repository's
    `clustering()` makes this process the only clusterer while it runs.

    `config` applies to a store's first run; on a store clustered before, a `config` whose story
    settings differ from the saved ones is refused (stories.clustering.check_state: a
    ClusterConfigMismatch, nothing written) when there are articles to cluster. None: resume as saved.

    Each article comes as the story inputs its processing stored with it (stories.inputs), or, stored
    without usable ones (an older store or format, other near-duplicate settings), as its record, from
    which they are made here: the stories are the same either way.
    """
    with repo.clustering():
        saved = repo.load_state()
        state = json.loads(saved) if saved else None
        head = prefix(_dedup(state, config))
        with closing(repo.unclustered(head)) as rows:  # a refused run ends its query
            return _update(repo, rows, config, saved, state, head)


def _dedup(state: dict[str, Any] | None, config: ClusterConfig | None) -> DedupConfig | None:
    """The near-duplicate settings the run's clusterer finds duplicates with (None: it finds none)."""
    if state is None:
        cfg = config or ClusterConfig()
        return cfg.dedup_config if cfg.dedup else None
    return DedupConfig(**state["duplicates"]["config"]) if state["config"].get("dedup", True) else None


def _update(repo: StoryRepository, rows: Iterator[Unclustered], config: ClusterConfig | None, saved: str | None,
            state: dict[str, Any] | None, head: str) -> UpdateResult:
    first = next(rows, None)
    if first is None:
        return UpdateResult(0, 0, 0)
    if config is not None:
        check_state(saved, config)
    if state and state.get("version") == 1:  # an unbounded state: its link keys move to the tables
        for key, sid in state["keys"].items():
            repo.add_keys(sid, [key], [])
        for key, sids in state["links"].items():
            for sid in sids:
                repo.add_keys(sid, [], [key])
    clusterer = StoryClusterer.from_state(state) if state else StoryClusterer(config)
    clusterer.lookup_key = repo.lookup_key
    clusterer.lookup_links = repo.lookup_links
    current: dict[str, StoryInput] = {}
    clusterer.lookup_inputs = lambda ids: _member_inputs(repo, clusterer, ids, current, head)
    # Each article's membership and keys are written as it is placed (same transaction), so the
    # lookups see every article the clusterer has forgotten, even within one long run.
    run = _Run()
    created: set[str] = set()
    touched: set[str] = set()
    n = 0
    for row in itertools.chain([first], rows):
        # the inputs the processing stage stored, else (an article stored without them) made now
        inp = _input(clusterer, row)
        current.clear()
        current[inp.id] = inp  # placing it may split its story before it is stored as a member
        placed = clusterer.place(inp)
        sid = placed.story_id
        n += 1
        for gone, keep in clusterer.merged.items():
            run.carry(repo, gone, keep)  # before the merge drops gone's record and totals
            repo.merge_story(gone, keep)
            touched.discard(gone)
            created.discard(gone)
            touched.add(clusterer.resolve(keep))
        clusterer.merged.clear()
        # the clusterer merges before it splits (a split may take members a merge just brought in)
        for split in clusterer.splits:
            run.split(split)
            repo.move_members(split.story, split.new, split.moved, split.keys, split.reason)
            repo.add_keys(split.new, [], split.links)
            touched.update((split.story, split.new))
            created.add(split.new)
        clusterer.splits.clear()
        if "s" + inp.id == sid or "s" + inp.id in clusterer.stories:
            created.add("s" + inp.id)
        touched.add(sid)
        duplicate_of = clusterer.duplicate_of(inp.id)
        summary, summary_json = _summary(row, inp, duplicate_of)
        run.pending.setdefault(sid, []).append(summary)
        repo.add_member(inp.id, sid, duplicate_of, summary_json, placed.reason)
        repo.add_keys(sid, inp.related_set(), inp.link_set())
    for sid in sorted(touched):
        run.write(repo, sid)
    clusterer.prune()
    repo.save_state(json.dumps(clusterer.state_dict(), separators=(",", ":")))
    return UpdateResult(n, len(created), len(touched))


def _member_inputs(repo: StoryRepository, clusterer: StoryClusterer, ids: Sequence[str],
                   current: dict[str, StoryInput], head: str) -> list[StoryInput]:
    """Story members' inputs for a split: the article being placed from memory, the others as stored."""
    stored = {row.id: row for row in repo.member_inputs([i for i in ids if i not in current], head)}
    return [current[i] if i in current else _input(clusterer, stored[i]) for i in ids]


def _input(clusterer: StoryClusterer, row: Unclustered) -> StoryInput:
    """An article's story inputs as its processing stored them, else (stored without them) made from its record."""
    return StoryInput.from_json(row.inputs) if row.inputs is not None else clusterer.input_of(_record(row))


def _record(row: Unclustered) -> Article:
    if row.article is None:
        raise ValueError(f"unclustered article {row.id} came with neither story inputs nor its record")
    return row.article


def _summary(row: Unclustered, inp: StoryInput, duplicate_of: str | None) -> tuple[MemberSummary, str]:
    """A new member's summary and its JSON: the stored one (as no one's duplicate), else made from the record."""
    if row.inputs is None:
        summary = summarize(_record(row), duplicate_of)
        return summary, summary.to_json()
    summary = MemberSummary.from_json(inp.summary)
    if duplicate_of is None:
        return summary, inp.summary
    summary = replace(summary, duplicate_of=duplicate_of)
    return summary, summary.to_json()


@dataclass
class _Run:
    """What one run adds to each story: its new members and the totals of stories merged into it (None:
    a merged story without stored totals, so the survivor is rebuilt from its members)."""

    pending: dict[str, list[MemberSummary]] = field(default_factory=dict)
    carried: dict[str, list[StoryTotals | None]] = field(default_factory=dict)
    rebuild: set[str] = field(default_factory=set)  # stories split this run: rebuilt from their members

    def split(self, split: Split) -> None:
        moved = set(split.moved)
        pending = self.pending.pop(split.story, [])
        self.pending[split.story] = [m for m in pending if m.article_id not in moved]
        self.pending.setdefault(split.new, []).extend(m for m in pending if m.article_id in moved)
        self.rebuild.update((split.story, split.new))

    def carry(self, repo: StoryRepository, gone: str, keep: str) -> None:
        self.pending.setdefault(keep, []).extend(self.pending.pop(gone, []))
        carried = self.carried.setdefault(keep, [])
        carried.extend(self.carried.pop(gone, []))
        if repo.story_label(gone) is not None:  # written by an earlier run
            stored = repo.story_totals(gone)
            other = StoryTotals.from_json(stored) if stored else None
            if other is not None:  # its events are dropped with it: they fold into keep's when it is written
                other.timeline.load(map(Event.from_stored, repo.story_events(gone, None)))
            carried.append(other)

    def write(self, repo: StoryRepository, sid: str) -> None:
        """Write a touched story from its stored totals plus this run's additions (the cost follows the
        new members, not the story's size); a story without usable totals is rebuilt from its members."""
        label = repo.story_label(sid)
        carried = self.carried.get(sid, [])
        stored = repo.story_totals(sid) if label is not None else None
        totals = StoryTotals.from_json(stored) if stored else (StoryTotals() if label is None else None)
        rebuilt = totals is None or any(c is None for c in carried) or sid in self.rebuild
        if totals is None or rebuilt:
            members = _summaries(repo, sid)
            if not members:
                return
            totals = StoryTotals.from_members(members)
        else:
            new = sorted(self.pending.get(sid, []), key=lambda m: (m.published is None, m.published or "", m.article_id))
            new_ids = {m.article_id for m in new}

            def is_member(a: str) -> bool:
                return a in new_ids or repo.story_of_article(a) == sid

            if label is not None:
                _load_events(repo, sid, totals, [c for c in carried if c is not None], new, is_member)
            for other in carried:
                if other is not None:
                    totals.absorb(other)
            totals.add(new, is_member)
        story, timeline = stored_record(sid, totals, label, rebuilt)
        repo.write_story(story, totals.to_json(events=False), timeline)


def _load_events(repo: StoryRepository, sid: str, totals: StoryTotals, carried: list[StoryTotals],
                 new: list[MemberSummary], is_member: Callable[[str], bool]) -> None:
    """Load the stored events the update may change: those of the days its new members and merged
    events touch, and those owned by originals its late copies join."""
    days, owners = totals.timeline.needs(new, is_member)
    for other in carried:
        days |= other.timeline.days()
    totals.timeline.load(map(Event.from_stored, repo.story_events(sid, sorted(days), sorted(owners))))


def _summaries(repo: StoryRepository, story_id: str) -> list[MemberSummary]:
    """The members' stored summaries; members placed before summaries were kept get theirs now."""
    stored = repo.member_summaries(story_id)
    if all(m.summary is not None for m in stored):
        return [MemberSummary.from_json(m.summary) for m in stored if m.summary is not None]
    members = [summarize(a, dup) for a, dup in repo.member_articles(story_id)]
    missing = {m.article_id for m in stored if m.summary is None}
    repo.set_summaries([(m.article_id, m.to_json()) for m in members if m.article_id in missing])
    return members
