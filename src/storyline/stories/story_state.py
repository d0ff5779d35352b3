"""The story clusterer's configuration, and the record it keeps (and saves) for each active story."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import mul
from typing import Any

from storyline.stories.dedup import DedupConfig


@dataclass(frozen=True)
class ClusterConfig:
    """Similarity weights and limits. An article joins the best active story whose score reaches
    `threshold`; score = max(text cosine, weighted mean of text cosine, entity and place overlap),
    times time decay (with `embedding_weight` > 0 the text cosine is first blended with the cosine of
    dense embeddings, which needs the embeddings extra). Related-feed links and near-duplicates decide
    before any score; a story whose members fall into two distant groups is split (`split_*`, see
    stories.split). The default threshold suits full articles (bodies). Headline-only streams do
    better with a lower threshold and cohesion_power 0.5 (eval/stories.py: UCI headlines, threshold
    chosen on the stream's first half)."""

    threshold: float = 0.15
    text_weight: float = 1.0
    entity_weight: float = 0.5
    place_weight: float = 0.25
    cohesion_power: float = 0.0  # text cosine /= (members' mean cosine to the centroid) ** this
    decay_days: float = 7.0  # score *= exp(-max(0, gap - grace) / decay_days)
    grace_days: float = 1.0
    window_days: float = 30.0  # stories idle longer than this are no longer candidates (forgotten on prune)
    query_terms: int = 12  # an article's heaviest terms used to look up candidate stories
    max_candidates: int = 16  # stories scored in full per article (the best partial matches)
    max_postings: int = 500  # a query term in more stories than this is skipped once others matched
    centroid_terms: int = 400  # a story's centroid keeps its heaviest terms only
    member_weight: float = 0.0  # >0: text similarity = max(centroid cosine, this * best member cosine)
    merge_threshold: float = 0.0  # >0: stories whose centroids reach this cosine are merged
    split_threshold: float = 0.2  # >0: a story whose members bisect into groups with centroids under this cosine splits
    split_min: int = 5  # each group of a split holds at least this many members
    split_cohesion: float = 0.6  # only a story whose cohesion (|centroid sum| / size) is under this is checked
    member_vectors: int = 0  # a story remembers its latest members' vectors for member linkage
    embedding_weight: float = 0.0  # >0: text similarity = (1 - w) * sparse + w * dense cosine (embeddings extra)
    dedup: bool = True
    dedup_config: DedupConfig = field(default_factory=DedupConfig)


#: Fields a saved state made before they existed was made without (resuming it keeps them so).
BEFORE_FIELDS = {"split_threshold": 0.0}


@dataclass
class ActiveStory:
    """What the clusterer keeps about one story in its window (and saves in its state)."""

    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    size: int = 0
    first: float = math.inf
    last: float = -math.inf  # of dated members (-inf: none dated)
    seen: float = -math.inf  # latest time a member joined (an undated one at the clusterer's clock)
    entities: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    members: list[str] = field(default_factory=list)  # those that joined within the window
    recent: list[dict[str, float]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # of members
    dense: list[float] = field(default_factory=list)  # sum of the members' embeddings (empty: none embedded)
    dense_norm: float = 0.0  # its length (not saved: recomputed on load)

    def add_dense(self, vector: Sequence[float]) -> None:
        """Add a member's (or a merged story's summed) embedding to the dense centroid."""
        self.dense = [a + b for a, b in zip(self.dense, vector, strict=True)] if self.dense else list(vector)
        self.dense_norm = math.sqrt(sum(map(mul, self.dense, self.dense)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "centroid": self.centroid,
            "norm2": self.norm2,
            "size": self.size,
            "first": self.first,
            "last": self.last,
            "seen": self.seen,
            "entities": dict(self.entities),
            "places": dict(self.places),
            "members": self.members,
            "recent": self.recent,
            "times": self.times,
            "dense": self.dense,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ActiveStory:
        story = cls(d["id"], dict(d["centroid"]), d["norm2"], d["size"], d["first"], d["last"], d.get("seen", d["last"]),
                    Counter(d["entities"]), Counter(d["places"]), list(d["members"]),
                    [dict(v) for v in d.get("recent", [])], list(d.get("times", [d["last"]] * len(d["members"]))))
        if d.get("dense"):
            story.add_dense(d["dense"])
        return story
