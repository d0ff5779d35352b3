"""Splitting stories in the clusterer's window: a story whose members fall into two distant groups becomes two."""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import mul
from typing import TYPE_CHECKING

from storyline.store.base import JoinReason
from storyline.stories.inputs import StoryInput
from storyline.stories.story_state import ActiveStory, ClusterConfig
from storyline.stories.text import timestamp

if TYPE_CHECKING:
    from storyline.stories.embed import Embedder

InputsLookup = Callable[[Sequence[str]], "list[StoryInput]"]
Vec = dict[str, float]
ROUNDS = 8  # 2-means iterations at most
GROWTH = 1.5  # each checkpoint this many times the last
REASON_TERMS = 5  # the new group's heaviest terms a split names


@dataclass(frozen=True)
class Split:
    """A story split in two: `moved` (ids of members that joined within the window) left `story` for `new`,
    with the related keys naming them (`keys`) and the keys their related items point to (`links`)."""

    story: str
    new: str
    moved: tuple[str, ...]
    keys: tuple[str, ...]
    links: tuple[str, ...]
    reason: JoinReason  # the moved members' reason: "split" from `story`, the groups' cosine, the new group's top terms


@functools.cache
def checkpoints(smallest: int, limit: int = 1 << 20) -> frozenset[int]:
    """The member counts at which a story is checked: `smallest`, then GROWTH times the last, rounded
    (amortised O(1) per join)."""
    sizes, n = set(), float(smallest)
    while n <= limit:
        sizes.add(round(n))
        n *= GROWTH
    return frozenset(sizes)


def _dot(a: Vec, b: Vec) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def _mean(vecs: Sequence[Vec]) -> Vec:
    """The unit-length direction of a group's summed vectors."""
    total: dict[str, float] = {}
    for v in vecs:
        for k, w in v.items():
            total[k] = total.get(k, 0.0) + w
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {k: w / norm for k, w in total.items()}


def bisect(vecs: Sequence[Vec]) -> tuple[list[int], list[int], float]:
    """Spherical 2-means of unit vectors, seeded by the member farthest from the whole and the one farthest
    from it (deterministic): the two groups' positions and the cosine of their centroids."""
    whole = _mean(vecs)
    a = min(range(len(vecs)), key=lambda i: (_dot(vecs[i], whole), i))
    b = min(range(len(vecs)), key=lambda i: (_dot(vecs[i], vecs[a]), i))
    ca, cb = dict(vecs[a]), dict(vecs[b])
    groups: tuple[list[int], list[int]] = ([], [])
    for _ in range(ROUNDS):
        new: tuple[list[int], list[int]] = ([], [])
        for i, v in enumerate(vecs):
            new[0 if _dot(v, ca) >= _dot(v, cb) else 1].append(i)
        if new == groups or not new[0] or not new[1]:
            groups = new
            break
        groups = new
        ca, cb = _mean([vecs[i] for i in groups[0]]), _mean([vecs[i] for i in groups[1]])
    if not groups[0] or not groups[1]:
        return groups[0], groups[1], 1.0
    return groups[0], groups[1], _dot(ca, cb)


class SplittingClusterer:
    """StoryClusterer's splits (`split_threshold` > 0): when a story's window members reach a checkpoint
    count (10, 20, 40, ... with `split_min` 5) and its cohesion is under `split_cohesion`, they are bisected (2-means on their TF-IDF vectors at today's IDF); if both groups hold at least
    `split_min` members and their centroids' cosine is under `split_threshold`, the group without the
    story's first member becomes a new story. The members' inputs come from the injected `lookup_inputs`
    (the store backs it); `splits` records each split until the caller applies it."""

    config: ClusterConfig
    stories: dict[str, ActiveStory]
    assignment: dict[str, str]
    merged: dict[str, str]
    embedder: Embedder | None
    lookup_inputs: InputsLookup | None
    splits: list[Split]
    _postings: dict[str, dict[str, ActiveStory]]
    _keys: dict[str, str]
    _links: dict[str, list[str]]

    if TYPE_CHECKING:  # StoryClusterer defines these; declared for the type checker only
        def _vector(self, tf: tuple[tuple[str, int], ...], learn: bool = True) -> dict[str, float]: ...

        def _trim(self, story: ActiveStory) -> None: ...

        def _unpost(self, sid: str, dropped: Sequence[str]) -> None: ...

    def _maybe_split(self, sid: str) -> None:
        story = self.stories[sid]
        if self.lookup_inputs is None or len(story.members) not in checkpoints(2 * self.config.split_min):
            return
        if math.sqrt(story.norm2) >= self.config.split_cohesion * story.size:
            return  # a tight story: two groups with distant centroids would make it looser than this
        inputs = self.lookup_inputs(story.members)
        vecs = [self._vector(inp.terms, learn=False) for inp in inputs]
        one, two, cos = bisect(vecs)
        if min(len(one), len(two)) < self.config.split_min or cos >= self.config.split_threshold:
            return
        moved = set(two if 0 in one else one)
        kept = [timestamp(inputs[i].published) for i in range(len(inputs)) if i not in moved]
        self._split(story, [inputs[i] for i in sorted(moved)], [vecs[i] for i in sorted(moved)],
                    [t for t in kept if t is not None], cos)

    def _new_id(self, first_member: str) -> str:
        base = sid = "s" + first_member
        n = 1
        while sid in self.stories or sid in self.merged:
            n += 1
            sid = f"{base}~{n}"
        return sid

    def _split(self, story: ActiveStory, inputs: list[StoryInput], vecs: list[Vec], kept_dated: list[float],
               cos: float) -> None:
        """Move these window members (their inputs and vectors) out of `story` into a new story; `kept_dated`:
        the dates of the window members that stay."""
        ids = [inp.id for inp in inputs]
        gone = set(ids)
        new = ActiveStory(self._new_id(ids[0]))
        self.stories[new.id] = new
        times = dict(zip(story.members, story.times, strict=True))
        story.members = [m for m in story.members if m not in gone]
        story.times = [times[m] for m in story.members]
        new.members, new.times = ids, [times[m] for m in ids]
        for inp, vec in zip(inputs, vecs, strict=True):
            self._move_counts(story, new, inp, vec)
        story.entities, story.places = +story.entities, +story.places  # counts that reached 0 go
        story.norm2 = sum(w * w for w in story.centroid.values())
        new.norm2 = sum(w * w for w in new.centroid.values())
        self._unpost(story.id, [k for k, w in story.centroid.items() if w <= 1e-9])
        story.centroid = {k: w for k, w in story.centroid.items() if w > 1e-9}
        for term in new.centroid:
            self._postings.setdefault(term, {})[new.id] = new
        if len(new.centroid) > 2 * self.config.centroid_terms:
            self._trim(new)
        story.recent, new.recent = [], []
        dated = [t for inp in inputs if (t := timestamp(inp.published)) is not None]
        new.first, new.last = min(dated, default=math.inf), max(dated, default=-math.inf)
        new.seen = max(new.times)
        story.last = max(kept_dated, default=story.last)
        story.seen = max(story.times, default=story.seen)
        if self.embedder is not None and story.dense:
            moved = [sum(col) for col in zip(*self.embedder([inp.embedding_text for inp in inputs]), strict=True)]
            story.add_dense([-w for w in moved])
            new.add_dense(moved)
        for inp in inputs:
            self.assignment[inp.id] = new.id
            self._move_keys(story.id, new.id, inp)
        keys = sorted(set().union(*(inp.related_set() for inp in inputs)))
        links = sorted(set().union(*(inp.link_set() for inp in inputs)))
        top = sorted(new.centroid, key=lambda k: (-new.centroid[k], k))[:REASON_TERMS]
        reason = JoinReason("split", story.id, round(cos, 3), tuple(top))
        self.splits.append(Split(story.id, new.id, tuple(ids), tuple(keys), tuple(links), reason))

    def _move_counts(self, story: ActiveStory, new: ActiveStory, inp: StoryInput, vec: Vec) -> None:
        for k, w in vec.items():
            if k in story.centroid:
                story.centroid[k] -= w
            new.centroid[k] = new.centroid.get(k, 0.0) + w
        story.size -= 1
        new.size += 1
        ents, places = Counter(inp.entity_set()), Counter(inp.place_set())
        story.entities.subtract(ents)
        story.places.subtract(places)
        new.entities.update(ents)
        new.places.update(places)

    def _move_keys(self, old: str, new: str, inp: StoryInput) -> None:
        for key in inp.related_set():
            if self._keys.get(key) == old:
                self._keys[key] = new
        for key in inp.link_set():
            sids = self._links.setdefault(key, [])
            if new not in sids:
                sids.append(new)

