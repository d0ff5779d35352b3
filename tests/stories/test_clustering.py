"""Story clustering from the settings: the configuration, the check against a store's, and the missing extra."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from storyline.errors import UsageError
from storyline.model import Article
from storyline.settings import Settings
from storyline.store.base import Store
from storyline.stories.clustering import (
    ClusterConfigMismatch,
    check_state,
    saved_settings,
    story_config,
)
from storyline.stories.embed import EmbeddingsUnavailable
from storyline.stories.story_state import ClusterConfig
from storyline.stories.update import update_stories
from tests.conftest import OneHotEmbedder

from .helpers import COUNCIL, PALMYRA, make

FIRST = make("c1", "Army retakes Palmyra", PALMYRA, "2016-03-27")
LATER = make("c2", "Council approves tram line", COUNCIL, "2016-03-28")


def _write(store: Store, *articles: Article) -> None:
    store.write_batch([(a, b"raw " + a.id.encode()) for a in articles])


def test_the_default_settings_give_the_default_configuration() -> None:
    assert story_config(Settings()) == ClusterConfig()
    assert Settings().story_threshold == ClusterConfig().threshold  # declared twice: they must agree
    assert Settings().story_embeddings == ClusterConfig().embedding_weight == 0.0
    assert story_config(Settings(stories=False)) is None


def test_the_story_settings_set_the_clusterer(fake_embedder: OneHotEmbedder) -> None:
    config = story_config(Settings(story_embeddings=0.4, story_threshold=0.25))
    assert config == ClusterConfig(embedding_weight=0.4, threshold=0.25)


@pytest.mark.parametrize(("name", "value"), [("story_embeddings", -0.5), ("story_embeddings", 1.01),
                                             ("story_threshold", 0.0)])
def test_values_out_of_range_are_usage_errors(name: str, value: float) -> None:
    with pytest.raises(UsageError, match="--" + name.replace("_", "-")):
        story_config(Settings.from_env({}, **{name: value}))


def test_embeddings_without_the_extra_fail_when_asked_for_not_at_clustering(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.stories.embed.missing_modules", lambda: ["torch", "sentence_transformers"])
    with pytest.raises(EmbeddingsUnavailable, match=r"torch, sentence_transformers not installed.*storyline\[embeddings\]"):
        story_config(Settings(story_embeddings=0.5))
    assert issubclass(EmbeddingsUnavailable, UsageError)  # exit status 2 with its message, not a traceback
    assert story_config(Settings(story_embeddings=0.5, stories=False)) is None  # not clustering: not needed
    assert story_config(Settings()) == ClusterConfig()


def test_a_state_saved_before_a_setting_existed_was_made_with_its_default() -> None:
    assert saved_settings(None) is None
    state = json.dumps({"version": 2, "config": {"threshold": 0.15}})
    assert saved_settings(state) == {"story_embeddings": 0.0, "story_threshold": 0.15}
    check_state(state, ClusterConfig())
    with pytest.raises(ClusterConfigMismatch, match="clustered with --story-embeddings 0, and this run asks for"
                                                    " --story-embeddings 0.5"):
        check_state(state, ClusterConfig(embedding_weight=0.5), "news.db")


def test_the_mismatch_names_every_setting_that_differs_and_how_to_go_on() -> None:
    state = json.dumps({"config": {"threshold": 0.3, "embedding_weight": 0.5, "cohesion_power": 0.5}})
    with pytest.raises(ClusterConfigMismatch) as info:
        check_state(state, ClusterConfig(), "news.db")
    message = str(info.value)
    assert message.startswith("the stories in news.db were clustered with --story-embeddings 0.5 --story-threshold"
                              " 0.3, and this run asks for --story-embeddings 0 --story-threshold 0.15.")
    assert "STORYLINE_STORY_EMBEDDINGS=0.5 STORYLINE_STORY_THRESHOLD=0.3" in message
    assert "into a new store" in message and "--no-stories" in message
    check_state(state, ClusterConfig(threshold=0.3, embedding_weight=0.5))  # knobs no setting sets are the store's


def test_a_store_is_clustered_on_with_its_settings_only(db_target: str, open_target: Callable[[str], Store],
                                                        fake_embedder: OneHotEmbedder) -> None:
    store = open_target(db_target)
    dense = ClusterConfig(embedding_weight=0.5)
    _write(store, FIRST)
    assert update_stories(store, dense).articles == 1
    assert len(fake_embedder.texts) == 1
    saved = store.load_state()
    _write(store, LATER)
    with pytest.raises(ClusterConfigMismatch, match="--story-embeddings 0.5, and this run asks for --story-embeddings 0"):
        update_stories(store, ClusterConfig())
    assert store.story_of_article(LATER.id) is None and store.load_state() == saved  # nothing written
    assert update_stories(store, dense).articles == 1  # its own settings: clustered, embedded
    assert store.story_of_article(LATER.id) is not None and len(fake_embedder.texts) == 2
    assert update_stories(store, ClusterConfig()).articles == 0  # nothing waits: nothing to refuse


def test_a_first_run_keeps_the_settings_it_was_given(db_target: str, open_target: Callable[[str], Store]) -> None:
    store = open_target(db_target)
    _write(store, FIRST)
    update_stories(store, ClusterConfig(threshold=0.4))
    assert saved_settings(store.load_state()) == {"story_embeddings": 0.0, "story_threshold": 0.4}
