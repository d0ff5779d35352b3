"""Scoring: no similarity exceeds the story's ceiling, so the stories time decay alone keeps under the
threshold are skipped without changing any placement."""

from __future__ import annotations

import math

import pytest

from storyline.stories.cluster import StoryClusterer
from storyline.stories.story_state import ClusterConfig
from storyline.stories.text import article_text, words

from .test_bounded import stream

CONFIGS = [ClusterConfig(), ClusterConfig(cohesion_power=0.5), ClusterConfig(member_weight=1.3, member_vectors=3)]


@pytest.mark.parametrize("config", CONFIGS)
def test_similarity_never_exceeds_the_ceiling(config: ClusterConfig) -> None:
    cl = StoryClusterer(config)
    checked = 0
    for article, _ in stream(20):
        vec = cl.vectorize(words(article_text(article)), learn=False)
        for story in cl.stories.values():
            assert cl._similarity(vec, {}, {}, story) <= cl._ceiling(story) * (1 + 1e-12)
            checked += 1
        cl.add(article)
    assert checked > 500


def test_a_negative_weight_voids_the_ceiling() -> None:
    cl = StoryClusterer(ClusterConfig(entity_weight=-0.5))
    cl.add(stream(1)[0][0])
    assert all(cl._ceiling(story) == math.inf for story in cl.stories.values())


def placements(config: ClusterConfig, skip: bool) -> tuple[list[str], int]:
    """Story ids for the stream, and how many candidates were scored in full."""
    cl = StoryClusterer(config)
    scored = 0
    similarity = cl._similarity

    def counted(*args: object) -> float:
        nonlocal scored
        scored += 1
        return similarity(*args)  # type: ignore[arg-type]

    cl._similarity = counted  # type: ignore[method-assign]
    if not skip:
        cl._ceiling = lambda story: math.inf  # type: ignore[method-assign]
    return [cl.add(article) for article, _ in stream(40)], scored


@pytest.mark.parametrize("config", [ClusterConfig(decay_days=0.5), ClusterConfig(decay_days=0.5, cohesion_power=0.5)])
def test_skipping_decayed_stories_changes_no_placement(config: ClusterConfig) -> None:
    with_skip, scored = placements(config, skip=True)
    without, scored_all = placements(config, skip=False)
    assert with_skip == without
    assert scored < scored_all  # some stories were skipped
