"""Hostile corpora: huge CSV fields and records, gzip bombs (CSV, JSONL, WARC, stdin); each fails alone, fast, in little memory."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from storyline.ingest import csvrecords, iter_documents
from storyline.ingest.streams import RATIO_CHECK_AFTER
from storyline.model import Failure, RawDocument
from storyline.settings import Settings

MB = 1024 * 1024


def _split(items: list[RawDocument | Failure]) -> tuple[list[RawDocument], list[Failure]]:
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, Failure)]


@functools.cache
def _zeros_member() -> bytes:
    """One gzip member holding 64 MiB of zero bytes (about 64 KB), written through a streaming GzipFile."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as gz:
        block = bytes(MB)
        for _ in range(64):
            gz.write(block)
    return out.getvalue()


def _bomb(path: Path, head: bytes, gigabytes: int = 2) -> Path:
    """`head`, then `gigabytes` GiB of zeros: a ~2 MB file (concatenated gzip members are one gzip stream)."""
    member = _zeros_member()
    with open(path, "wb") as f:
        f.write(gzip.compress(head, mtime=0))
        for _ in range(gigabytes * 16):
            f.write(member)
    assert path.stat().st_size < 4 * MB
    return path


def _good_csv(path: Path) -> Path:
    path.write_text("title,text\nA,good body A\nB,good body B\n")
    return path


def _timed(paths: list[str], settings: Settings | None = None, **kw: object) -> tuple[list, float]:
    start = time.monotonic()
    items = list(iter_documents(paths, settings=settings, **kw))  # type: ignore[arg-type]
    return items, time.monotonic() - start


# --- CSV: records are cut (and capped) before anything is parsed or decoded ---------------------


def test_csv_50mb_single_line_field_fails_alone_in_small_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.write(b"title,text\nfirst,good before\nhuge,")
        chunk = b"x" * MB
        for _ in range(50):
            f.write(chunk)
        f.write(b"\nafter,good after\nlast,\"good, quoted\"\n")
    tracemalloc.start()
    try:
        items = list(iter_documents([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    got, failed = _split(items)
    assert [(d.locator, d.data) for d in got] == [
        ("row=1", b"good before"), ("row=3", b"good after"), ("row=4", b"good, quoted"),
    ]
    [failure] = failed
    assert failure.name == f"{path}#row=2" and failure.problem.code == "too_large"
    assert str(path) in failure.problem.message and "row 2" in failure.problem.message
    # the record cap is 2 * 20 MB + 64 KiB: it is held at most once, never the 50 MB line
    assert peak < 100 * MB, f"peak {peak / MB:.0f} MB"


def test_quoted_multiline_record_over_cap_is_skipped_and_rows_after_it_are_read(tmp_path: Path) -> None:
    settings = Settings(max_document_bytes=1000)  # record cap: 2 * 1000 + 64 KiB
    lines = "".join(f'line {i}, with ""quotes"" and commas,\nfake,row {i}\n' for i in range(3000))
    path = tmp_path / "multi.csv"
    path.write_text(f'title,text\nA,body A\n"{lines}",short text\nC,"body C\nsecond line"\nD,body D\n')
    assert len(lines) > 100_000
    got, failed = _split(list(iter_documents([str(path)], settings=settings)))
    assert [(d.locator, d.data) for d in got] == [
        ("row=1", b"body A"), ("row=3", b"body C\nsecond line"), ("row=4", b"body D"),
    ]
    [failure] = failed
    assert failure.name == f"{path}#row=2" and failure.problem.code == "too_large"
    assert "row 2" in failure.problem.message and "line 6,003" in failure.problem.message


@pytest.mark.parametrize("chunk", [1, 2, 7, 1 << 20])
def test_csv_record_splitting_matches_the_csv_module(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(csvrecords, "_CHUNK", chunk)
    rng = random.Random(12)
    alphabet = ["a", "b", ",", "\t", '"', '""', "\n", "\r", "\r\n", " ", "é"]
    for _ in range(3000):
        data = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))).encode()
        delimiter = rng.choice([",", "\t"])
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        want = [(row, reader.line_num) for row in reader]
        records = csvrecords.CsvRecords(io.BufferedReader(io.BytesIO(data)), delimiter, 1 << 20)
        got = []
        for record in records:
            assert record is not None
            got.append((next(csv.reader([record.decode()], delimiter=delimiter), []), records.line))
        assert got == want, data


# --- gzip bombs: one bad_archive per file, in seconds; the next file is read ------------------


@pytest.mark.parametrize(("name", "head", "where"), [
    ("a-bomb.csv.gz", b"title,text\nA,before the bomb\nB,", "after row 1"),
    ("a-bomb.jsonl.gz", b'{"text": "before the bomb"}\n{"text": "', "after line 1"),
])
def test_gz_bomb_then_good_file(tmp_path: Path, name: str, head: bytes, where: str) -> None:
    bomb = _bomb(tmp_path / name, head)
    good = _good_csv(tmp_path / "b-good.csv")
    items, seconds = _timed([str(bomb), str(good)])
    got, failed = _split(items)
    assert seconds < 20
    assert [d.data for d in got] == [b"before the bomb", b"good body A", b"good body B"]
    [failure] = failed
    assert failure.name == str(bomb) and failure.problem.code == "bad_archive"
    assert "max-compression-ratio" in failure.problem.message and where in failure.problem.message


def test_gz_bomb_on_stdin(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.gz", b'{"text": "from stdin"}\n{"text": "')
    with open(bomb, "rb") as stdin:
        items, seconds = _timed(["-"], stdin=stdin)
    got, failed = _split(items)
    assert seconds < 20
    assert [d.data for d in got] == [b"from stdin"]
    assert [(f.name, f.problem.code) for f in failed] == [("<stdin>", "bad_archive")]
    assert "max-compression-ratio" in failed[0].problem.message


def test_warc_gz_bomb_keeps_records_before_it(tmp_path: Path) -> None:
    from tests.ingest.warcs import ARTICLE_HTML, build_warc

    header = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        b"WARC-Target-URI: http://bomb.example/\r\nContent-Length: %d\r\n\r\n" % (2 * 1024 * MB)
    )
    bomb = tmp_path / "a-bomb.warc.gz"
    with open(bomb, "wb") as f:
        f.write(build_warc(True))
    with open(bomb, "ab") as f:
        f.write(_bomb(tmp_path / "tail.gz", header).read_bytes())
    good = _good_csv(tmp_path / "b-good.csv")
    items, seconds = _timed([str(bomb), str(good)])
    got, failed = _split(items)
    assert seconds < 20
    assert [d.data for d in got] == [ARTICLE_HTML, b"good body A", b"good body B"]
    [failure] = failed
    assert failure.name == str(bomb) and failure.problem.code == "bad_archive"
    assert "max-compression-ratio" in failure.problem.message and "after record 3" in failure.problem.message


def _jsonl_lines(n: int) -> bytes:
    """JSONL that compresses some 10-20 times: repeated words, then random hex on each line."""
    rng = random.Random(3)
    words = " ".join(["troops", "retook", "Palmyra", "on", "Sunday,", "officials", "said."] * 30)
    rows = (json.dumps({"title": f"Story {i}", "text": f"{words} {rng.randbytes(48).hex()}"}) for i in range(n))
    return ("\n".join(rows) + "\n").encode()


def test_ratio_cap_under_max_archive_bytes(tmp_path: Path) -> None:
    data = _jsonl_lines(6_000)
    assert len(data) > 2 * RATIO_CHECK_AFTER
    path = tmp_path / "dense.jsonl.gz"
    path.write_bytes(gzip.compress(data, mtime=0))
    ratio = len(data) / path.stat().st_size
    good = _good_csv(tmp_path / "z-good.csv")
    roomy = Settings(max_archive_bytes=10 * len(data), max_compression_ratio=int(ratio * 2))
    got, failed = _split(list(iter_documents([str(path), str(good)], settings=roomy)))
    assert failed == [] and len(got) == 6_002

    strict = Settings(max_archive_bytes=10 * len(data), max_compression_ratio=int(ratio / 2))
    items, seconds = _timed([str(path), str(good)], settings=strict)
    got, failed = _split(items)
    assert seconds < 20
    [failure] = failed
    assert failure.name == str(path) and failure.problem.code == "bad_archive"
    message = failure.problem.message
    assert "max-compression-ratio" in message and f"more than {int(ratio / 2)} times" in message
    kept = [d for d in got if d.path == str(path)]
    assert 0 < len(kept) < 6_000  # what came before the cap stays
    assert f"after line {len(kept)}:" in message
    assert [d.data for d in got[len(kept):]] == [b"good body A", b"good body B"]


def test_max_archive_bytes(tmp_path: Path) -> None:
    data = _jsonl_lines(500)
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(data, mtime=0))
    good = _good_csv(tmp_path / "z-good.csv")
    settings = Settings(max_archive_bytes=len(data) // 2)
    got, failed = _split(list(iter_documents([str(path), str(good)], settings=settings)))
    [failure] = failed
    assert failure.problem.code == "bad_archive"
    assert f"more than {len(data) // 2:,} bytes (max-archive-bytes)" in failure.problem.message
    assert 0 < len(got) - 2 < 500 and [d.data for d in got[-2:]] == [b"good body A", b"good body B"]


def test_http_content_encoding_bomb_in_warc_is_decoded_only_to_the_limit(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    from tests.ingest.warcs import ARTICLE_HTML, _response, build_warc

    packed = b"".join([_zeros_member()] * 16)  # one HTTP response: 1 GiB of zeros once decoded
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(
        _response(writer, "http://bomb.example/", packed, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
    )
    path = tmp_path / "http-bomb.warc"
    path.write_bytes(out.getvalue() + build_warc(False))
    # in a child process, to measure its own peak RSS (the decoder's memory is not Python's): VmHWM of
    # its own address space, not ru_maxrss, which Linux keeps across exec (the test runner's size)
    script = (
        "import re, sys, time\n"
        "from storyline.ingest import iter_documents\n"
        "start = time.monotonic()\n"
        "items = list(iter_documents([sys.argv[1]]))\n"
        "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "print(time.monotonic() - start, hwm // 1024)\n"
        "print([getattr(i, 'data', None) or i.problem.code for i in items])\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    timing, listing = run.stdout.splitlines()
    seconds, peak_mb = float(timing.split()[0]), int(timing.split()[1])
    assert listing == repr(["too_large", ARTICLE_HTML])
    assert seconds < 20 and peak_mb < 1024, (seconds, peak_mb)  # the whole payload decoded took 4 GB
