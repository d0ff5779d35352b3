"""The stories peer's TF-IDF distances and average-linkage cut, and the bounds study's oracle cut."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval"))
pytest.importorskip("sklearn", reason="the stories peer needs scikit-learn (the dev extra)")
import story_bounds  # noqa: E402
import story_peer  # noqa: E402

TEXTS = ["Putin hails Palmyra recapture", "Putin praises Palmyra recapture by Syrian army",
         "Fed official sees weak data caused by weather", "Fed official says weather caused weak data"]


def test_tfidf_distances_are_small_within_a_story_and_large_across() -> None:
    d = story_peer.tfidf_distances(TEXTS)
    assert d.shape == (4, 4)
    assert np.allclose(np.diag(d), 0.0)
    assert d[0, 1] < 0.8 and d[2, 3] < 0.8
    assert min(d[0, 2], d[0, 3], d[1, 2], d[1, 3]) == pytest.approx(1.0)  # no word in common


def test_cut_groups_by_distance() -> None:
    labels = story_peer.cut(story_peer.tfidf_distances(TEXTS), 0.9)
    assert labels[0] == labels[1] != labels[2] == labels[3]
    assert len(set(story_peer.cut(story_peer.tfidf_distances(TEXTS), 0.05))) == 4  # nothing is that close
    assert story_peer.cluster(TEXTS[:1], 0.5) == ["p0"]


def test_oracle_finds_the_cut_the_gold_wants() -> None:
    # two tight pairs 0.2 apart inside, 0.6 between: only cuts in (0.2, 0.6] give the gold
    d = np.array([[0, .2, .6, .6], [.2, 0, .6, .6], [.6, .6, 0, .2], [.6, .6, .2, 0]], dtype=float)
    assert story_bounds.oracle(d, ["a", "a", "b", "b"], "toy") == pytest.approx(1.0)
    assert story_bounds.oracle(d, ["a", "b", "c", "d"], "toy") < 1.0  # the grid starts at 0.3: pairs merge
