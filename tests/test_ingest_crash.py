"""Crash safety and concurrency, on every back-end: kill -9 `storyline ingest` and rerun it; two ingests at once."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from storyline.store import open_store
from storyline.stories.update import update_stories
from tests.conftest import SAMPLES

N_DOCS = 1200


def _make_corpus(folder: Path, numbers: range) -> None:
    folder.mkdir()
    seed = (SAMPLES / "seed-palmyra.txt").read_text(encoding="utf-8")
    for i in numbers:
        # Each document differs (so each has its own content hash) but stays a valid article.
        text = seed.replace("nearly 160 ISIS targets", f"nearly {160 + i} ISIS targets")
        (folder / f"doc-{i:05d}.txt").write_text(text, encoding="utf-8")


def _counts(db: str) -> tuple[int, int, int]:
    """(articles, raw documents, articles the search index finds) in the store."""
    try:
        with open_store(db) as store:
            return (store.count(), sum(1 for _ in store.dump("raw_documents")),
                    store.search("Palmyra", limit=1).total)
    except Exception:  # noqa: BLE001 - a store being created by the ingest under test
        return (0, 0, 0)


def _ingest_cmd(corpus: Path, db: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", "ingest", str(corpus), "--db", db,
            "--batch-size", "25", "--no-progress", "--no-nlp", *extra]


@pytest.mark.slow
def test_kill_and_rerun_loses_nothing_and_doubles_nothing(tmp_path: Path, db_target: str) -> None:
    corpus = tmp_path / "corpus"
    _make_corpus(corpus, range(N_DOCS))
    proc = subprocess.Popen(_ingest_cmd(corpus, db_target), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _counts(db_target)[0] >= 100:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; raise N_DOCS"
    workers = psutil.Process(proc.pid).children(recursive=True)  # its pool (one process per core)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"pool workers outlived the killed ingest: {alive}"
    stored_at_kill = _counts(db_target)[0]
    assert 0 < stored_at_kill < N_DOCS

    rerun = subprocess.run(_ingest_cmd(corpus, db_target), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored_at_kill} already stored" in rerun.stdout
    assert _counts(db_target) == (N_DOCS, N_DOCS, N_DOCS)

    again = subprocess.run(_ingest_cmd(corpus, db_target), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0
    assert f"{N_DOCS} already stored" in again.stdout and _counts(db_target)[0] == N_DOCS


@pytest.mark.slow
def test_two_concurrent_ingests_of_overlapping_folders(tmp_path: Path, db_target: str) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _make_corpus(first, range(0, 400))
    _make_corpus(second, range(200, 600))  # documents 200-399 are in both folders
    with open_store(db_target):
        pass  # created (and migrated) once, so both ingests start on the same schema
    procs = [subprocess.Popen(_ingest_cmd(folder, db_target), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for folder in (first, second)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert _counts(db_target) == (600, 600, 600)
    # the two summaries add up: each document is new in exactly one of them
    new = sum(int(m) for out, _ in outs for m in re.findall(r"(\d+) (?:ok|warned)", out))
    skipped = sum(int(m) for out, _ in outs for m in re.findall(r"(\d+) already stored", out))
    assert (new, skipped) == (600, 200), outs
    with open_store(db_target) as store:
        placed = [store.story_of_article(a.id) for a in store.articles(limit=1000).items]
        assert len(placed) == 600 and all(placed)  # every article in exactly one story
        details = [store.story(s.id) for s in store.stories(limit=1000).items]
        # each article counted once: as a distinct report or as a near-duplicate folded into one
        assert sum(len(d.members) + sum(m.duplicates for m in d.members) for d in details if d) == 600
        assert update_stories(store).articles == 0  # nothing left unclustered, nothing clustered twice
