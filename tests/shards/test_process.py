"""`process` to Parquet shards and `load` into a store: same records as ingest, resumable, failures recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline.batch import ingest
from storyline.cli import cli, main
from storyline.ingest import iter_documents
from storyline.runners import InProcess, Runner, make_runner
from storyline.settings import Settings
from storyline.shards import tables
from storyline.shards.job import ShardJob, marker, process_corpus
from storyline.shards.load import load_dir
from storyline.store import open_store
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow
SETTINGS = Settings(stories=True)
SHARD_DOCS = 4


def _records(db: str) -> dict[str, Any]:
    with open_store(db) as store:
        out = {}
        for row in store.articles(limit=1000).items:
            stored = store.get(row.id)
            assert stored is not None
            out[row.id] = stored.article.to_dict()
        stories = sorted((s.label, s.articles, s.first_date) for s in store.stories(limit=100).items)
    return {"records": out, "stories": stories}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = str(tmp_path_factory.mktemp("ingest") / "direct.db")
    with open_store(db) as store:
        ingest(iter_documents([str(SAMPLES)], None, SETTINGS), store, SETTINGS)
    return _records(db)


def _process(out: Path, runner: Runner | None = None) -> list[Any]:
    return process_corpus([str(SAMPLES)], str(out), SETTINGS, runner or InProcess(), SHARD_DOCS)


def _load(out: Path, db: Path) -> dict[str, Any]:
    with open_store(str(db)) as store:
        load_dir(str(out), store, SETTINGS)
    return _records(str(db))


def test_process_then_load_gives_what_ingest_gives(ingested: dict[str, Any], tmp_path: Path) -> None:
    reports = _process(tmp_path / "out")
    assert {r.status for r in reports} == {"done"} and len(reports) >= 3
    assert _load(tmp_path / "out", tmp_path / "loaded.db") == ingested
    quotes = pq.read_table(tmp_path / "out" / "quotes").to_pylist()  # the folder reads as one dataset
    assert len(quotes) == sum(len(r["quotes"]) for r in ingested["records"].values())


def test_loading_twice_doubles_nothing(ingested: dict[str, Any], tmp_path: Path) -> None:
    _process(tmp_path / "out")
    _load(tmp_path / "out", tmp_path / "db.db")
    with open_store(str(tmp_path / "db.db")) as store:
        counts = load_dir(str(tmp_path / "out"), store, SETTINGS)
    assert counts.ok == counts.warned == 0 and counts.skipped == len(ingested["records"])
    assert _records(str(tmp_path / "db.db")) == ingested


def test_an_interrupted_process_resumes_with_the_unfinished_shard_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _process(out)
    victim = first[1].name
    Path(marker(str(out), "done", victim)).unlink()  # as if the worker died after some tables, before the marker
    Path(tables.path_of(str(out), "quotes", victim)).unlink()
    again = _process(out)
    assert [r.name for r in again if r.status == "done"] == [victim]
    assert all(r.status == "complete" for r in again if r.name != victim)
    assert Path(tables.path_of(str(out), "quotes", victim)).exists()


def fail_for(name: str, fn: Callable[[ShardJob], Any], job: ShardJob) -> Any:
    if job.shard.name == name:
        raise RuntimeError("disk on fire")
    return fn(job)


class Failing:
    """In-process, but one named shard raises."""

    workers = 1

    def __init__(self, name: str) -> None:
        self.name, self.inner = name, InProcess()

    def map(self, fn: Callable[[Any], Any], units: Iterable[Any],
            on_error: Callable[[Any, BaseException], Any] | None = None) -> Iterator[Any]:
        return self.inner.map(partial(fail_for, self.name, fn), units, on_error)

    def describe(self) -> str:
        return "failing"

    def close(self) -> None:
        pass


def test_a_failing_shard_is_recorded_with_its_reason_and_retried_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    names = [r.name for r in _process(tmp_path / "probe")]
    reports = _process(out, Failing(names[0]))
    (failed,) = [r for r in reports if r.status == "failed"]
    assert failed.name == names[0] and "disk on fire" in (failed.reason or "")
    assert Path(marker(str(out), "failed", names[0])).exists()
    assert not Path(marker(str(out), "done", names[0])).exists()
    again = _process(out)
    assert [r.name for r in again if r.status == "done"] == [names[0]]
    assert not Path(marker(str(out), "failed", names[0])).exists()


def test_process_on_a_dask_local_cluster_writes_the_same_tables(tmp_path: Path) -> None:
    _process(tmp_path / "local")
    runner = make_runner("dask", local_workers=2)
    try:
        reports = _process(tmp_path / "dask", runner)
    finally:
        runner.close()
    assert {r.status for r in reports} == {"done"}
    for table in tables.SCHEMAS:
        here = pq.read_table(tmp_path / "local" / table).to_pylist()
        there = pq.read_table(tmp_path / "dask" / table).to_pylist()
        key = repr
        assert sorted(here, key=key) == sorted(there, key=key), table


def test_process_and_load_commands(ingested: dict[str, Any], tmp_path: Path) -> None:
    out, db = str(tmp_path / "out"), str(tmp_path / "cli.db")
    res = CliRunner().invoke(cli, ["process", str(SAMPLES), "--out", out, "--shard-docs", "4", "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "processed, 0 complete before, 0 failed" in res.output
    res = CliRunner().invoke(cli, ["load", out, "--db", db])
    assert res.exit_code == 0, res.output
    assert _records(db) == ingested

def test_loading_a_folder_without_shards_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["load", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db")])
    assert exc.value.code == 2 and "no complete shards" in capsys.readouterr().err
