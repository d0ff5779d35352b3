"""`storyline raw ID`: the exact bytes a record came from, for files and for corpus rows (kept as read)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from storyline.store import open_store
from tests.conftest import SAMPLES

BODY = "The council voted on Monday to extend the harbour tram line, a project debated for years. " * 4


def _raw(db: Path, article_id: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "storyline.cli", "raw", article_id, "--db", str(db)],
                          capture_output=True, timeout=120)


def test_raw_gives_back_files_lines_and_records(tmp_path: Path) -> None:
    db = tmp_path / "raw.db"
    tmp_path = tmp_path / "corpus"
    tmp_path.mkdir()
    jsonl_lines = [f'{{"headline": "Tram {i}", "content": "{BODY}", "date": "2016-03-2{i}"}}\n'.encode() for i in range(2)]
    (tmp_path / "c.jsonl").write_bytes(b"".join(jsonl_lines))
    csv_record = f'"Quoted, ""multi-line""\nheadline","{BODY}\nsecond line of the body"\r\n'.encode()
    (tmp_path / "c.csv").write_bytes(b"title,text\r\n" + csv_record)
    seed = (SAMPLES / "seed-palmyra.txt").read_bytes()
    (tmp_path / "seed.txt").write_bytes(seed)
    done = subprocess.run([sys.executable, "-m", "storyline.cli", "ingest", str(tmp_path), "--db", str(db),
                           "--no-nlp", "--no-progress"], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open_store(str(db)) as store:
        by_locator = {}
        for row in store.articles(limit=10).items:
            stored = store.get(row.id)
            assert stored is not None
            src = stored.article.source
            by_locator[(Path(src.path).name, src.locator)] = row.id
    assert _raw(db, by_locator[("c.jsonl", "line=1")]).stdout == jsonl_lines[0]
    assert _raw(db, by_locator[("c.jsonl", "line=2")]).stdout == jsonl_lines[1]
    assert _raw(db, by_locator[("c.csv", "row=1")]).stdout == csv_record
    assert _raw(db, by_locator[("seed.txt", None)]).stdout == seed
    missing = _raw(db, "0" * 16)
    assert missing.returncode == 1 and b"no article" in missing.stderr and missing.stdout == b""
