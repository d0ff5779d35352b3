"""Ingest throughput and peak memory at two corpus sizes, each in a fresh process, plus a raw-write peer.

For each size in `--sizes` (default 2,000 and 20,000 documents) a fresh child process:

1. writes that many synthetic seed-like text dumps (benchmarks/synth.py; see its docstring) to a
   length-prefixed temporary corpus file -- not timed, so generation cost stays out of the figure;
2. opens a new SQLite store with `storyline.store.open_store(path)` and runs
   `storyline.batch.ingest(stream, store, Settings(workers=1))`, where `stream` is a generator
   reading one document at a time from that file (the corpus is never held as a list);
   timed from the first document to the last commit (extraction + the store's writes: article
   row, FTS5 row, zlib-compressed raw bytes, one transaction per `batch_size` documents);
3. reports docs/s and the RSS high-water mark (`resource.getrusage(RUSAGE_SELF).ru_maxrss`),
   both before ingest (imports, store open, language-id model loaded) and after it, and the
   current RSS (VmRSS) at both points.

Flat memory means the peak after ingest is about the same for the small and the large corpus.
The child is pinned to one CPU (workers=1: extraction and writing share one core).

Peer, run in the same invocation, in its own fresh process per size: plain `sqlite3` writing the
same pre-extracted JSON records (read back in rowid order from the store step 2 produced) into a
new database with an `articles` table (id, sha256, title, record) and an FTS5 table (title, body,
article_id; same unicode61 tokenizer), `executemany` per batch of `batch_size` rows in one
transaction, WAL and synchronous=NORMAL like the store. That is the raw write cost with no
extraction, no raw-bytes table and no dedup lookups; ratio = storyline docs/s / peer docs/s (the
share of raw SQLite write speed that full ingest keeps).

    python benchmarks/bench_ingest.py [--sizes 2000,20000] [--seed 0] [--batch-size 200]

Last line: `ingest: docs_per_s=N peak_rss_mb_small=N peak_rss_mb_large=N docs_per_s_small=N
docs_per_s_large=N peer=NAME peer_docs_per_s=N ratio=N` (docs_per_s and the peer are for the
largest size).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import documents  # noqa: E402

from storyline.batch import ingest  # noqa: E402
from storyline.model import RawDocument  # noqa: E402
from storyline.pipeline import extract  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store import open_store  # noqa: E402

PEER_NAME = "sqlite3_executemany_fts5"
_LEN = struct.Struct("<I")

_PEER_SCHEMA = """
CREATE TABLE articles (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, title TEXT, record TEXT NOT NULL);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, article_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
);
"""


def peak_rss_mb() -> float:
    """RSS high-water mark of this process in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now_mb() -> float:
    """Current RSS of this process in MB (VmRSS from /proc; 0.0 where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pin_one_cpu() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def write_corpus(path: Path, count: int, seed: int) -> int:
    """Write `count` synthetic documents to a length-prefixed file, one at a time; return bytes."""
    total = 0
    with path.open("wb") as out:
        for doc in documents(count, seed):
            out.write(_LEN.pack(len(doc.data)))
            out.write(doc.data)
            total += len(doc.data)
    return total


def read_corpus(path: Path, seed: int) -> Iterator[RawDocument]:
    """Stream the documents back from the corpus file (same paths synth.documents gives them)."""
    with path.open("rb") as f:
        index = 0
        while head := f.read(_LEN.size):
            (size,) = _LEN.unpack(head)
            yield RawDocument(path=f"synthetic/{seed}/{index:07d}.txt", data=f.read(size), format="auto")
            index += 1


def child_ingest(size: int, seed: int, batch_size: int, workdir: Path, nlp: bool = False) -> dict[str, Any]:
    pin_one_cpu()
    corpus = workdir / "corpus.bin"
    t0 = time.perf_counter()
    total_bytes = write_corpus(corpus, size, seed)
    gen_s = time.perf_counter() - t0

    settings = Settings(batch_size=batch_size, workers=1, nlp=nlp)
    db = workdir / "storyline.db"
    store = open_store(str(db))
    extract(next(documents(1, seed, start=size + 1)), settings)  # load the language-id model (untimed)
    rss_before, rss_start = peak_rss_mb(), rss_now_mb()

    t0 = time.perf_counter()
    with store:
        counts = ingest(read_corpus(corpus, seed), store, settings)
        stored = store.count()
    elapsed = time.perf_counter() - t0
    rss_after, rss_end = peak_rss_mb(), rss_now_mb()
    corpus.unlink()
    return {
        "size": size,
        "seconds": elapsed,
        "docs_per_s": size / elapsed,
        "mb_per_s": total_bytes / elapsed / 1e6,
        "corpus_mb": total_bytes / 1e6,
        "generate_seconds": gen_s,
        "rss_before_mb": rss_before,
        "peak_rss_mb": rss_after,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "stored": stored,
        "ok": counts.ok,
        "warned": counts.warned,
        "failed": counts.failed,
        "skipped": counts.skipped,
        "db_mb": sum(p.stat().st_size for p in workdir.glob("storyline.db*")) / 1e6,
    }


def _peer_rows(src: sqlite3.Connection) -> Iterator[tuple[str, str, str | None, str]]:
    yield from src.execute("SELECT id, sha256, title, record FROM articles ORDER BY rowid")


def child_peer(source_db: Path, batch_size: int, workdir: Path) -> dict[str, Any]:
    pin_one_cpu()
    src = sqlite3.connect(f"file:{source_db}?mode=ro", uri=True)
    db = workdir / "peer.db"
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(_PEER_SCHEMA)
    rss_before = peak_rss_mb()

    n = 0
    t0 = time.perf_counter()
    rows = _peer_rows(src)
    while True:
        batch = list(islice(rows, batch_size))
        if not batch:
            break
        fts = []
        for id_, _sha, title, record in batch:
            fts.append((title or "", "\n\n".join(json.loads(record)["paragraphs"]), id_))
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", batch)
        conn.executemany("INSERT INTO articles_fts (title, body, article_id) VALUES (?, ?, ?)", fts)
        conn.execute("COMMIT")
        n += len(batch)
    elapsed = time.perf_counter() - t0
    conn.close()
    src.close()
    return {
        "size": n,
        "seconds": elapsed,
        "docs_per_s": n / elapsed,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        "db_mb": sum(p.stat().st_size for p in workdir.glob("peer.db*")) / 1e6,
    }


def run_child(args: list[str]) -> dict[str, Any]:
    """Run this script as a fresh child process and return the JSON it prints last."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,20000", help="comma-separated corpus sizes (default 2000,20000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic generator (default 0)")
    ap.add_argument("--batch-size", type=int, default=Settings().batch_size,
                    help=f"documents per transaction (default {Settings().batch_size}, the ingest default)")
    ap.add_argument("--nlp", action="store_true",
                    help="also run the NLP stages (spaCy, quotes, entities...); default: cleaning + store only")
    ap.add_argument("--child", choices=("ingest", "peer"), help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--source-db", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child == "ingest":
        print(json.dumps(child_ingest(args.size, args.seed, args.batch_size, Path(args.workdir), args.nlp)))
        return 0
    if args.child == "peer":
        print(json.dumps(child_peer(Path(args.source_db), args.batch_size, Path(args.workdir))))
        return 0

    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    common = ["--seed", str(args.seed), "--batch-size", str(args.batch_size), *(["--nlp"] if args.nlp else [])]
    results: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
            ing = run_child(["--child", "ingest", "--size", str(size), "--workdir", tmp, *common])
            if ing["stored"] != size or ing["failed"] or ing["skipped"]:
                print(f"warning: size {size}: stored {ing['stored']}, failed {ing['failed']}, "
                      f"skipped {ing['skipped']}", file=sys.stderr)
            peer = run_child(["--child", "peer", "--source-db", str(Path(tmp) / "storyline.db"),
                              "--workdir", tmp, *common])
        results.append((ing, peer))
        print(f"size {size:>7,}: storyline ingest {ing['docs_per_s']:,.0f} docs/s ({ing['mb_per_s']:.2f} MB/s, "
              f"{ing['seconds']:.1f} s; {ing['ok']} ok, {ing['warned']} warned, {ing['failed']} failed), "
              f"RSS high-water {ing['rss_before_mb']:.1f} MB before -> {ing['peak_rss_mb']:.1f} MB after "
              f"(current {ing['rss_start_mb']:.1f} -> {ing['rss_end_mb']:.1f} MB), "
              f"db {ing['db_mb']:.1f} MB, corpus {ing['corpus_mb']:.1f} MB (generated in {ing['generate_seconds']:.1f} s, untimed)")
        print(f"size {size:>7,}: peer {PEER_NAME} {peer['docs_per_s']:,.0f} docs/s ({peer['seconds']:.2f} s), "
              f"RSS peak {peer['peak_rss_mb']:.1f} MB, db {peer['db_mb']:.1f} MB")

    small, large = results[0][0], results[-1][0]
    peer_large = results[-1][1]
    ratio = large["docs_per_s"] / peer_large["docs_per_s"]
    print(f"ingest: docs_per_s={large['docs_per_s']:.0f} peak_rss_mb_small={small['peak_rss_mb']:.1f} "
          f"peak_rss_mb_large={large['peak_rss_mb']:.1f} docs_per_s_small={small['docs_per_s']:.0f} "
          f"docs_per_s_large={large['docs_per_s']:.0f} sizes={sizes[0]},{sizes[-1]} peer={PEER_NAME} "
          f"peer_docs_per_s={peer_large['docs_per_s']:.0f} ratio={ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
