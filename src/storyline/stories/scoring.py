"""Scoring an article against the clusterer's active stories: blocking by postings, then text cosine
(optionally blended with a dense embedding cosine), entity and place overlap and time decay."""

from __future__ import annotations

import math
from collections import Counter
from operator import mul

from storyline.stories.embed import Vector
from storyline.stories.embed import dot as dense_dot
from storyline.stories.story_state import ActiveStory, ClusterConfig


class ScoringClusterer:
    """StoryClusterer's similarity (its base): candidate stories for an article, and their scores."""

    config: ClusterConfig
    n_docs: int
    key_df: Counter[str]
    stories: dict[str, ActiveStory]
    _postings: dict[str, dict[str, ActiveStory]]

    def rarity(self, keys: set[str]) -> dict[str, float]:
        """Each entity (or place) key's weight: its rarity, IDF over articles."""
        base = math.log(1 + self.n_docs) + 1.0
        return {k: base - math.log(1 + self.key_df.get(k, 0)) for k in keys}

    @staticmethod
    def _overlap(weights: dict[str, float], counts: Counter[str], size: int) -> float:
        """The share of the article's entity (or place) keys the story's members name, each key
        weighted by its rarity: a shared rare name counts more than a common one."""
        if not weights or not counts:
            return 0.0
        return sum(w * min(1.0, counts.get(k, 0) / size) for k, w in weights.items()) / sum(weights.values())

    def score(self, vec: dict[str, float], ents: set[str], places: set[str], t: float | None,
              story: ActiveStory, dense: Vector | None = None) -> float:
        """Similarity of an article to a story: text cosine (scaled by the story's cohesion; blended
        with the dense cosine of the article's embedding to the story's when `embedding_weight` > 0),
        lifted by the weighted mean with entity and place overlap when that is higher, times the time
        decay (none when the article or every member of the story is undated)."""
        return self._score(vec, self.rarity(ents), self.rarity(places), t, story, dense)

    def _score(self, vec: dict[str, float], ents: dict[str, float], places: dict[str, float], t: float | None,
               story: ActiveStory, dense: Vector | None = None) -> float:
        """`score` with the article's entity and place keys already weighted (once per article)."""
        return self._decay(t, story) * self._similarity(vec, ents, places, story, dense)

    def _decay(self, t: float | None, story: ActiveStory) -> float:
        """The time decay: exp(-(gap - grace) / decay_days) past the grace days; 1 when either side is undated."""
        c = self.config
        gap = 0.0 if t is None or story.last == -math.inf else max(0.0, t - story.last, story.first - t) - c.grace_days
        return math.exp(-gap / c.decay_days) if gap > 0 else 1.0

    def _ceiling(self, story: ActiveStory) -> float:
        """An upper bound of `_similarity` to any article: cosines and overlaps are at most 1, the
        cohesion scaling and the member weight can raise it, a blend with a dense cosine (at most 1)
        cannot (inf when a negative weight, or an embedding weight past 1, voids the bound)."""
        c = self.config
        if min(c.text_weight, c.entity_weight, c.place_weight) < 0 or not 0 <= c.embedding_weight <= 1:
            return math.inf
        ceiling = max(1.0, c.member_weight if story.recent else 0.0)
        if c.cohesion_power and story.size > 1 and story.norm2 > 0:
            ceiling = max(ceiling, 1.0 / min(1.0, math.sqrt(story.norm2) / story.size) ** c.cohesion_power)
        return ceiling

    def _similarity(self, vec: dict[str, float], ents: dict[str, float], places: dict[str, float],
                    story: ActiveStory, dense: Vector | None = None) -> float:
        """`_score` before the time decay."""
        c = self.config
        cent = story.centroid
        common = vec.keys() & cent.keys()
        dot = sum(map(mul, map(vec.__getitem__, common), map(cent.__getitem__, common)))
        text = dot / math.sqrt(story.norm2) if story.norm2 > 0 else 0.0
        if c.cohesion_power and story.size > 1 and story.norm2 > 0:
            # members' mean cosine to their centroid is |sum| / n: a loose (broad) story's centroid is
            # far from every member, so its cosines are scaled up towards what a tight story gives
            cohesion = min(1.0, math.sqrt(story.norm2) / story.size)
            text /= cohesion**c.cohesion_power
        if c.member_weight > 0 and story.recent:
            best = max(sum(w * m.get(k, 0.0) for k, w in vec.items()) for m in story.recent)
            text = max(text, c.member_weight * best)
        if dense is not None and story.dense_norm > 0 and c.embedding_weight:
            # a story without embeddings (revived, or from before they were on) keeps the sparse cosine
            text += c.embedding_weight * (dense_dot(dense, story.dense) / story.dense_norm - text)
        total = c.text_weight * text
        weight = c.text_weight
        if ents and story.entities:
            total += c.entity_weight * self._overlap(ents, story.entities, story.size)
            weight += c.entity_weight
        if places and story.places:
            total += c.place_weight * self._overlap(places, story.places, story.size)
            weight += c.place_weight
        return max(text, total / weight)  # shared entities and places can lift, never sink

    def candidates(self, vec: dict[str, float], t: float) -> list[str]:
        """Active stories sharing the article's heaviest terms, best partial match first (blocking:
        at most `max_candidates` are scored in full, so cost stays flat as stories accumulate)."""
        top = sorted(vec, key=vec.__getitem__, reverse=True)[: self.config.query_terms]
        acc: dict[str, float] = {}
        get, postings, limit = acc.get, self._postings, self.config.max_postings
        horizon, undated, stories = t - self.config.window_days, -math.inf, self.stories
        found = False  # whether acc holds an active story yet (it also sums idle ones, dropped below)
        for term in top:
            w, posting = vec[term], postings.get(term)
            if posting is None:
                continue
            if len(posting) > limit and (found or any(
                    (s := stories[sid]).seen >= horizon or s.last == undated for sid in acc)):
                found = True
                continue  # too common to block on once rarer terms found candidates
            for sid, story in posting.items():
                acc[sid] = get(sid, 0.0) + w * story.centroid[term]
        ranked = sorted([(-a / (s.norm2**0.5 or 1.0), sid) for sid, a in acc.items()
                         if (s := stories[sid]).seen >= horizon or s.last == undated])  # active, or undated throughout
        return [sid for _, sid in ranked[: self.config.max_candidates]]
