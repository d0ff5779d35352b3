"""`storyline load` clusters with the story settings, and refuses a store clustered with others before loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli, main
from storyline.runners import InProcess
from storyline.settings import Settings
from storyline.shards.job import process_corpus
from storyline.store import open_store
from tests.conftest import SAMPLES, OneHotEmbedder


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = str(tmp_path_factory.mktemp("shards") / "out")
    process_corpus([str(SAMPLES)], out, Settings(nlp=False), InProcess(), 8)
    return out


def _state(db: str) -> tuple[int, dict[str, float]]:
    with open_store(db) as store:
        state = store.load_state()
        assert state is not None
        return store.count(), json.loads(state)["config"]


def test_load_clusters_with_the_story_settings(shards: str, tmp_path: Path, fake_embedder: OneHotEmbedder) -> None:
    db = str(tmp_path / "dense.db")
    res = CliRunner().invoke(cli, ["load", shards, "--db", db, "--story-embeddings", "0.5", "--story-threshold", "0.2"])
    assert res.exit_code == 0, res.output
    count, config = _state(db)
    assert count == len(fake_embedder.texts) == 14
    assert (config["embedding_weight"], config["threshold"]) == (0.5, 0.2)


def test_load_into_a_store_clustered_otherwise_stops_before_loading(
        shards: str, tmp_path: Path, fake_embedder: OneHotEmbedder, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "plain.db")
    res = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "seed-palmyra.txt"), "--db", db, "--no-nlp",
                                   "--workers", "1", "--no-progress"])
    assert res.exit_code == 0, res.output
    with pytest.raises(SystemExit) as exc:
        main(["load", shards, "--db", db, "--story-embeddings", "0.5"])
    assert exc.value.code == 2 and "were clustered with --story-embeddings 0," in capsys.readouterr().err
    assert _state(db)[0] == 1 and fake_embedder.texts == []


def test_load_keeps_the_story_inputs_and_loads_shards_written_without_them(shards: str, tmp_path: Path) -> None:
    import shutil

    import pyarrow.parquet as pq

    from storyline.shards import tables
    from storyline.shards.job import complete_shards
    from storyline.shards.load import load_dir
    from storyline.stories import inputs
    from storyline.stories.dedup import DedupConfig

    old = str(tmp_path / "old")
    shutil.copytree(shards, old)
    with open_store(str(tmp_path / "kept.db")) as store:
        load_dir(shards, store, Settings(stories=False))
        with store.clustering():
            rows = list(store.unclustered(inputs.prefix(DedupConfig())))
        assert len(rows) == 14 and all(r.inputs is not None and r.article is None for r in rows)
    for name in complete_shards(old):  # as an earlier version wrote them: no story inputs column
        path = tables.path_of(old, "articles", name)
        pq.write_table(pq.read_table(path).drop_columns(["story_inputs"]), path)
    with open_store(str(tmp_path / "old.db")) as store:
        load_dir(old, store, Settings(stories=False))
        with store.clustering():
            rows = list(store.unclustered(inputs.prefix(DedupConfig())))
        assert len(rows) == 14 and all(r.inputs is None and r.article is not None for r in rows)
