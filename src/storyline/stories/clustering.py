"""Story clustering as the settings configure it, refused when a store's stories were clustered otherwise."""

from __future__ import annotations

import json

from storyline.errors import UsageError
from storyline.settings import Settings
from storyline.store.base import Store
from storyline.stories.embed import require_extra
from storyline.stories.story_state import ClusterConfig

#: Each setting that configures story clustering, and the ClusterConfig field it sets.
CLUSTER_SETTINGS = {"story_embeddings": "embedding_weight", "story_threshold": "threshold"}


class ClusterConfigMismatch(UsageError):
    """This run asks for other story settings than the store's stories were clustered with."""


def story_config(settings: Settings) -> ClusterConfig | None:
    """The clusterer's configuration the settings ask for (None with settings.stories off): ClusterConfig's
    defaults with the story settings. A UsageError when one is out of range, EmbeddingsUnavailable (a
    UsageError too) when embeddings are asked for without the extra: checked before a long run, not after."""
    if not settings.stories:
        return None
    if not 0.0 <= settings.story_embeddings <= 1.0:
        raise UsageError(f"--story-embeddings must be from 0 (off) to 1, not {settings.story_embeddings:g}")
    if settings.story_threshold <= 0.0:
        raise UsageError(f"--story-threshold must be above 0, not {settings.story_threshold:g}")
    config = ClusterConfig(**{field: getattr(settings, name) for name, field in CLUSTER_SETTINGS.items()})
    if config.embedding_weight > 0:
        require_extra()
    return config


def saved_settings(state: str | None) -> dict[str, float] | None:
    """The story settings a saved clusterer state (JSON text) was made with (None before a store's first run).

    A state saved before a field existed was made with that field's default (as resuming it reads it)."""
    if not state:
        return None
    config = json.loads(state).get("config", {})
    default = ClusterConfig()
    return {name: float(config.get(field, getattr(default, field))) for name, field in CLUSTER_SETTINGS.items()}


def check_state(state: str | None, config: ClusterConfig, where: str = "this store") -> None:
    """Raise ClusterConfigMismatch when a saved clusterer state was made with other story settings than `config`.

    Why an error rather than going on: the clusterer resumes from its saved state, so the saved
    configuration is the one in force, and a new one would be silently ignored; honouring it for
    later articles only would score them against stories made another way (no dense centroids to
    compare with, a threshold that moved), so the store's stories would follow neither setting. A
    store's stories are made with one configuration; the error names it and says how to go on.
    """
    saved = saved_settings(state)
    if saved is None:
        return
    asked = {name: float(getattr(config, field)) for name, field in CLUSTER_SETTINGS.items()}
    differ = [name for name in CLUSTER_SETTINGS if saved[name] != asked[name]]
    if not differ:
        return
    old = " ".join(f"--{n.replace('_', '-')} {saved[n]:g}" for n in differ)
    new = " ".join(f"--{n.replace('_', '-')} {asked[n]:g}" for n in differ)
    env = " ".join(f"STORYLINE_{n.upper()}={saved[n]:g}" for n in differ)
    raise ClusterConfigMismatch(
        f"the stories in {where} were clustered with {old}, and this run asks for {new}. A store's stories keep"
        f" the settings they were first clustered with (earlier articles are never re-clustered, and new ones"
        f" scored another way would not match them). To go on with this store, run with {old} (or {env});"
        f" to cluster with {new}, ingest (or `storyline load`) the documents into a new store with it."
        f" --no-stories (for `storyline stories`: --no-update) skips clustering.")


def check_store(store: Store, config: ClusterConfig) -> None:
    """check_state on the store's saved state: before a long run that clusters at its end, so that a
    mismatch stops it before it reads anything (update_stories checks again, in its transaction)."""
    check_state(store.load_state(), config, store.target)
