"""Merging stories in the clusterer's window: a story whose centroid comes close to another's is folded into it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyline.stories.story_state import ActiveStory, ClusterConfig


class MergingClusterer:
    """StoryClusterer's merges (`merge_threshold` > 0): after each join, and whatever records them."""

    config: ClusterConfig
    stories: dict[str, ActiveStory]
    assignment: dict[str, str]
    merged: dict[str, str]
    _postings: dict[str, dict[str, ActiveStory]]
    _keys: dict[str, str]
    _links: dict[str, list[str]]

    if TYPE_CHECKING:  # StoryClusterer defines these; declared for the type checker only
        def candidates(self, vec: dict[str, float], t: float) -> list[str]: ...

        def _trim(self, story: ActiveStory) -> None: ...

        def _unpost(self, sid: str, dropped: Iterable[str]) -> None: ...

    def _maybe_merge(self, sid: str, t: float) -> str:
        """Merge the story just joined with any active story whose centroid is close enough."""
        story = self.stories[sid]
        if story.norm2 <= 0:
            return sid
        norm = math.sqrt(story.norm2)
        vec = {k: w / norm for k, w in story.centroid.items()}
        for cand in sorted(self.candidates(vec, t)):
            if cand == sid or cand not in self.stories:
                continue
            other = self.stories[cand]
            if other.norm2 <= 0:
                continue
            dot = sum(w * other.centroid.get(k, 0.0) for k, w in vec.items()) / math.sqrt(other.norm2)
            if dot >= self.config.merge_threshold:
                keep, gone = (cand, sid) if (other.first, cand) <= (story.first, sid) else (sid, cand)
                self._merge(keep, gone)
                sid, story = keep, self.stories[keep]
                norm = math.sqrt(story.norm2)
                vec = {k: w / norm for k, w in story.centroid.items()}
        return sid

    def _merge(self, keep: str, gone: str) -> None:
        """Fold story `gone` into story `keep` (centroid sums add; members, links move over)."""
        a, b = self.stories[keep], self.stories.pop(gone)
        dot = sum(w * a.centroid.get(k, 0.0) for k, w in b.centroid.items())
        a.norm2 += b.norm2 + 2 * dot
        for term, w in b.centroid.items():
            if term in a.centroid:
                a.centroid[term] += w
            else:
                a.centroid[term] = w
                self._postings.setdefault(term, {})[keep] = a
        self._unpost(gone, b.centroid)
        if len(a.centroid) > 2 * self.config.centroid_terms:
            self._trim(a)
        a.size += b.size
        if b.dense:
            a.add_dense(b.dense)
        a.first, a.last, a.seen = min(a.first, b.first), max(a.last, b.last), max(a.seen, b.seen)
        a.entities.update(b.entities)
        a.places.update(b.places)
        a.members.extend(b.members)
        a.times.extend(b.times)
        a.recent = (a.recent + b.recent)[-self.config.member_vectors :] if self.config.member_vectors else []
        for m in b.members:
            self.assignment[m] = keep
        for key, s in self._keys.items():
            if s == gone:
                self._keys[key] = keep
        for sids in self._links.values():
            if gone in sids:
                sids[sids.index(gone)] = keep
        self.merged[gone] = keep
