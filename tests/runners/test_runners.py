"""Runners give the same records as in-process work: a pool of 2, a Dask LocalCluster of 2, a worker killed mid-run."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from storyline.batch import ingest
from storyline.ingest import iter_documents
from storyline.model import Counts
from storyline.runners import InProcess, Pool, Runner, make_runner
from storyline.settings import Settings
from storyline.store import open_store
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow
SETTINGS = Settings(batch_size=5, stories=False)  # several units per run, so order and windows matter


def _ingest(db: Path, runner: Runner) -> tuple[Counts, dict[str, dict[str, Any]]]:
    """Ingest the samples through `runner`; the counts and every stored record (ids, paragraphs, annotations)."""
    with open_store(str(db)) as store:
        counts = ingest(iter_documents([str(SAMPLES)], None, SETTINGS), store, SETTINGS, runner=runner)
        records = {}
        for row in store.articles(limit=1000).items:
            stored = store.get(row.id)
            assert stored is not None
            records[row.id] = stored.article.to_dict()
        assert store.count() == len(records)
    return counts, records


@pytest.fixture(scope="module")
def in_process(tmp_path_factory: pytest.TempPathFactory) -> tuple[Counts, dict[str, dict[str, Any]]]:
    return _ingest(tmp_path_factory.mktemp("inproc") / "a.db", InProcess())


def test_the_baseline_holds_annotated_samples(in_process: tuple[Counts, dict[str, dict[str, Any]]]) -> None:
    counts, records = in_process
    assert counts.failed == 0 and counts.ok + counts.warned == len(records) >= 10
    assert sum(len(r["quotes"]) for r in records.values()) > 10


def test_a_pool_of_two_gives_what_one_process_gives(
        in_process: tuple[Counts, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    pool = Pool(2)
    try:
        counts, records = _ingest(tmp_path / "pool.db", pool)
    finally:
        pool.close()
    assert records == in_process[1]
    assert (counts.ok, counts.warned, counts.failed) == (in_process[0].ok, in_process[0].warned, 0)


def test_a_dask_local_cluster_of_two_gives_what_one_process_gives(
        in_process: tuple[Counts, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    runner = make_runner("dask", local_workers=2)
    try:
        assert runner.workers == 2 and "dask" in runner.describe()
        counts, records = _ingest(tmp_path / "dask.db", runner)
    finally:
        runner.close()
    assert records == in_process[1]
    assert counts.failed == 0 and counts.skipped == 0


def die_once(marker: str, fn: Callable[[Any], Any], unit: Any) -> Any:
    """Kill this worker process the first time any unit gets here (the marker file says it happened)."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return fn(unit)
    os.close(fd)
    os._exit(1)


class Killing:
    """A runner whose first unit kills the worker running it."""

    in_process = False

    def __init__(self, inner: Runner, marker: Path) -> None:
        self.inner, self.marker, self.workers = inner, str(marker), inner.workers

    def map(self, fn: Callable[[Any], Any], units: Iterable[Any]) -> Iterator[Any]:
        return self.inner.map(partial(die_once, self.marker, fn), units)

    def describe(self) -> str:
        return "killing " + self.inner.describe()

    def close(self) -> None:
        self.inner.close()


def test_a_dask_worker_killed_mid_run_loses_and_doubles_nothing(
        in_process: tuple[Counts, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    runner = Killing(make_runner("dask", local_workers=2), tmp_path / "died")
    try:
        counts, records = _ingest(tmp_path / "killed.db", runner)
    finally:
        runner.close()
    assert (tmp_path / "died").exists()  # a worker did die
    assert records == in_process[1]
    assert counts.ok + counts.warned == len(records) and counts.skipped == 0


def test_an_unknown_engine_or_a_stray_option_is_a_usage_error() -> None:
    from storyline.errors import UsageError

    with pytest.raises(UsageError, match="unknown engine"):
        make_runner("spark")
    with pytest.raises(UsageError, match="need --engine dask"):
        make_runner("local", scheduler="tcp://x:8786")


def test_zero_workers_means_one_per_core() -> None:
    from storyline.runners import available_cores

    runner = make_runner(workers=0, nlp=False)
    try:
        assert runner.workers == available_cores()
        assert isinstance(runner, Pool if available_cores() > 1 else InProcess)
    finally:
        runner.close()
