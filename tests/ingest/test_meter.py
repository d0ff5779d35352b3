"""ByteMeter: bytes read across plain and compressed inputs reach the files' size on disk, never more."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from storyline.ingest import ByteMeter, iter_documents
from storyline.ingest.meter import input_bytes

from .warcs import build_warc


def _jsonl_gz(path: Path, n: int) -> None:
    rand = random.Random(7)  # text that does not compress away: the file spans several read chunks
    rows = (json.dumps({"title": f"Story {i}", "text": rand.randbytes(12_000).hex()}) for i in range(n))
    path.write_bytes(gzip.compress("\n".join(rows).encode(), compresslevel=1))


def test_bytes_read_grow_per_document_and_end_at_the_inputs_size(tmp_path: Path) -> None:
    _jsonl_gz(tmp_path / "big.jsonl.gz", 400)
    (tmp_path / "crawl.warc.gz").write_bytes(build_warc(True))
    total = input_bytes([str(tmp_path)])
    assert total == sum(p.stat().st_size for p in tmp_path.iterdir())
    meter = ByteMeter()
    seen = [meter.read for _ in iter_documents([str(tmp_path)], meter=meter)]
    assert len(seen) == 401
    assert seen == sorted(seen) and 0 < seen[0] < seen[-1] <= total  # read as it goes, not all at once
    assert len(set(seen)) > 3  # a big compressed file moves the meter while inside it
    assert meter.read == total  # every file finished


def test_a_file_skipped_unread_still_counts_and_stdin_has_no_size(tmp_path: Path) -> None:
    (tmp_path / "huge.txt").write_text("x" * 5000)
    meter = ByteMeter()
    from storyline.settings import Settings

    [failure] = list(iter_documents([str(tmp_path)], settings=Settings(max_document_bytes=1000), meter=meter))
    assert meter.read == 5000 and "too_large" in repr(failure)
    assert input_bytes(["-"]) is None
