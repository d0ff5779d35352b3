"""Saving and resuming the story clusterer: its whole state as plain JSON data."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Self

from storyline.stories.dedup import DedupConfig, DuplicateIndex
from storyline.stories.story_state import BEFORE_FIELDS, ActiveStory, ClusterConfig

if TYPE_CHECKING:
    from storyline.stories.cluster import KeyLookup, LinksLookup
    from storyline.stories.embed import Embedder

STATE_VERSION = 2  # 1: unbounded (every story, assignment and link key ever seen); still loaded


class PersistentClusterer:
    """The clusterer's persistence (StoryClusterer's base): `state_dict()` and `from_state()`."""

    config: ClusterConfig
    n_docs: int
    df: Counter[str]
    key_df: Counter[str]
    stories: dict[str, ActiveStory]
    assignment: dict[str, str]
    duplicates: DuplicateIndex
    merged: dict[str, str]
    _postings: dict[str, dict[str, ActiveStory]]
    _keys: dict[str, str]
    _links: dict[str, list[str]]
    _key_times: dict[str, float]
    _clock: float

    if TYPE_CHECKING:  # StoryClusterer defines these; declared for the type checker only
        def __init__(self, config: ClusterConfig | None = None, *, lookup_key: KeyLookup | None = None,
                     lookup_links: LinksLookup | None = None, embedder: Embedder | None = None) -> None: ...

        def prune(self) -> None: ...

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to resume: config, online IDF, active stories, the window's assignments
        and link keys, near-duplicate window (bounded by the windows, not by the corpus)."""
        cfg = asdict(self.config)
        return {
            "version": STATE_VERSION,
            "config": cfg,
            "n_docs": self.n_docs,
            "df": dict(self.df),
            "key_df": dict(self.key_df),
            "stories": [s.to_dict() for s in self.stories.values()],
            "assignment": dict(self.assignment),
            "keys": dict(self._keys),
            "links": {k: list(v) for k, v in self._links.items()},
            "key_times": dict(self._key_times),
            "merged": dict(self.merged),
            "clock": self._clock if self._clock > -math.inf else None,
            "duplicates": self.duplicates.state_dict(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], *, lookup_key: KeyLookup | None = None,
                   lookup_links: LinksLookup | None = None, embedder: Embedder | None = None) -> Self:
        """Resume from `state_dict()` (stories' dense centroids included; the embedder itself is not
        state: pass it again, or the default one is made); a version 1 (unbounded) state is loaded and
        pruned to the window."""
        version = state.get("version")
        if version not in (1, STATE_VERSION):
            raise ValueError(f"unsupported story state version {version!r}")
        cfg = {**BEFORE_FIELDS, **state["config"]}
        cfg["dedup_config"] = DedupConfig(**cfg["dedup_config"])
        self = cls(ClusterConfig(**cfg), lookup_key=lookup_key, lookup_links=lookup_links, embedder=embedder)
        self.n_docs = state["n_docs"]
        self.df = Counter(state["df"])
        self.key_df = Counter(state.get("key_df") or {})
        for d in state["stories"]:
            story = ActiveStory.from_dict(d)
            self.stories[story.id] = story
            for term in story.centroid:
                self._postings.setdefault(term, {})[story.id] = story
        self.assignment = dict(state["assignment"])
        self._keys = dict(state["keys"])
        self._links = {k: list(v) for k, v in state["links"].items()}
        clock = state.get("clock") or 0.0
        self._key_times = dict(state.get("key_times") or dict.fromkeys([*self._keys, *self._links], clock))
        self.merged = dict(state.get("merged", {}))
        if state.get("clock") is not None:
            self._clock = state["clock"]
        self.duplicates = DuplicateIndex.from_state(state["duplicates"])
        if version == 1:
            self.prune()
        return self
