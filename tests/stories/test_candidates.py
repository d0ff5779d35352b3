"""Candidate blocking: the ranked candidates equal a plain reference (active stories only, the posting limit kept)."""

from __future__ import annotations

import math

import pytest

from storyline.stories.cluster import StoryClusterer
from storyline.stories.story_state import ClusterConfig
from storyline.stories.text import article_text, words

from .test_bounded import stream


def _reference(cl: StoryClusterer, vec: dict[str, float], t: float) -> list[str]:
    """The candidates as first written: the activity test inside the postings loop."""
    top = sorted(vec, key=vec.__getitem__, reverse=True)[: cl.config.query_terms]
    acc: dict[str, float] = {}
    horizon = t - cl.config.window_days
    for term in top:
        posting = cl._postings.get(term)
        if posting is None or (len(posting) > cl.config.max_postings and acc):
            continue
        for sid, story in posting.items():
            if story.seen >= horizon or story.last == -math.inf:
                acc[sid] = acc.get(sid, 0.0) + vec[term] * story.centroid[term]
    ranked = sorted((-a / (cl.stories[sid].norm2**0.5 or 1.0), sid) for sid, a in acc.items())
    return [sid for _, sid in ranked[: cl.config.max_candidates]]


@pytest.mark.parametrize("config", [ClusterConfig(), ClusterConfig(max_postings=2, window_days=2.0, max_candidates=3)])
def test_candidates_match_the_reference(config: ClusterConfig) -> None:
    cl = StoryClusterer(config)
    checked = 0
    for article, _ in stream(40):
        vec = cl.vectorize(words(article_text(article)), learn=False)
        t = cl._clock if cl._clock > -math.inf else 0.0
        got = cl.candidates(vec, t)
        assert got == _reference(cl, vec, t)
        checked += bool(got)
        cl.add(article)
    assert checked > 100
