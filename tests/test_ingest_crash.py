"""Crash safety: kill `storyline ingest` mid-run with SIGKILL, rerun it, nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

N_DOCS = 1200


def _make_corpus(folder: Path) -> None:
    seed = (SAMPLES / "seed-palmyra.txt").read_text(encoding="utf-8")
    for i in range(N_DOCS):
        # Each document differs (so each has its own content hash) but stays a valid article.
        text = seed.replace("nearly 160 ISIS targets", f"nearly {160 + i} ISIS targets")
        (folder / f"doc-{i:05d}.txt").write_text(text, encoding="utf-8")


def _count(db: Path, table: str) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", "ingest", str(corpus), "--db", str(db),
            "--batch-size", "25", "--no-progress", "--no-nlp"]


@pytest.mark.slow
def test_kill_and_rerun_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _make_corpus(corpus)
    db = tmp_path / "news.db"
    proc = subprocess.Popen(_ingest_cmd(corpus, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _count(db, "articles") >= 100:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "ingest finished before it could be killed; raise N_DOCS"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_at_kill = _count(db, "articles")
    assert 0 < stored_at_kill < N_DOCS

    rerun = subprocess.run(_ingest_cmd(corpus, db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored_at_kill} already stored" in rerun.stdout
    assert _count(db, "articles") == N_DOCS
    assert _count(db, "raw_documents") == N_DOCS
    assert _count(db, "articles_fts") == N_DOCS
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(DISTINCT sha256) FROM articles").fetchone()[0] == N_DOCS
    con.close()

    again = subprocess.run(_ingest_cmd(corpus, db), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0
    assert f"{N_DOCS} already stored" in again.stdout and _count(db, "articles") == N_DOCS
