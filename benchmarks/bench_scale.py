"""End-to-end ingest on each runner -- in-process, a pool, a Dask LocalCluster -- plus the single writer's cost.

    python benchmarks/bench_scale.py [--sizes 1000,10000,50000] [--engines inproc,pool,dask] [--workers 2]
                                     [--no-nlp] [--batch-size 200] [--seed 0] [--no-writer] [--upkeep RUNS]

For each size and engine, a fresh child process (so imports, models and memory start cold):

1. the synthetic seed-like text dumps of benchmarks/synth.py (document *i* is the same for every
   size) are generated into memory before timing -- generation is not measured;
2. `storyline.batch.ingest(stream, store, Settings(...), runner=R)` into a new SQLite store, with
   R = `InProcess()`, `Pool(W)` or `DaskRunner(local_workers=W)` (W = --workers), NLP on (unless
   --no-nlp) and stories on: clean + NLP + store + story clustering, the whole of `storyline ingest`.
   Timed from the runner's creation (workers starting and loading the model included) to the end
   of the story pass; docs/s = documents / that time;
3. the peak RSS of the main process and of each worker process (sampled every 0.2 s with psutil,
   over the child's whole process tree; Dask's nannies are not counted as workers).

Then (unless --no-writer), in one more child per size, the writer alone: the same documents processed
first (untimed, by a pool of --workers processes), then `store_new` per batch plus `update_stories` into a new store, timed: ms per document is what
the single writing process spends per document however many workers feed it.

With --upkeep RUNS, instead: RUNS successive ingests of 500 new documents each into one growing
archive (in this process, NLP off, stories off during ingest), timing the story pass
(`update_stories`) after each: story upkeep should follow the new articles, not the archive.

Printed: a table per size (docs/s, speed-up over in-process, peak RSS), Dask's overhead over the
pool (pool docs/s / Dask docs/s), the writer's ms per document, the machine (cpus, load average
before and after), and a projection from the measured per-document cost to 10^6 and 10^8 documents.
Exit status 0 always: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import documents  # noqa: E402

from storyline.batch import ingest, process  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.runners import InProcess, Pool, Runner  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.stories.update import update_stories  # noqa: E402

ENGINES = ("inproc", "pool", "dask")


class RssSampler:
    """Peak RSS (MB) of this process and of every descendant, sampled in a thread."""

    def __init__(self, every: float = 0.2) -> None:
        self.every, self.peaks, self._stop = every, {}, threading.Event()
        self.names: dict[int, str] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for proc in [me, *me.children(recursive=True)]:
                try:
                    rss = proc.memory_info().rss / 2**20
                    self.names.setdefault(proc.pid, " ".join(proc.cmdline()[-3:]))
                except psutil.Error:
                    continue
                self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0.0), rss)
            self._stop.wait(self.every)

    def workers(self) -> list[float]:
        """Peaks of the processes that did the work (not the main one, not Dask's nannies or trackers)."""
        me = os.getpid()
        return [mb for pid, mb in self.peaks.items()
                if pid != me and "nanny" not in self.names.get(pid, "") and mb > 100]


def make(engine: str, workers: int, nlp: bool) -> Runner:
    if engine == "inproc":
        return InProcess()
    if engine == "pool":
        return Pool(workers, warm=nlp)
    from storyline.runners.dask import DaskRunner

    return DaskRunner(local_workers=workers, warm=nlp)


def child_run(size: int, engine: str, workers: int, nlp: bool, batch_size: int, seed: int, tmp: Path) -> dict[str, Any]:
    docs = list(documents(size, seed))
    settings = Settings(batch_size=batch_size, nlp=nlp, stories=True, workers=workers)
    with RssSampler() as rss, open_store(str(tmp / f"{engine}.db")) as store:
        t0 = time.perf_counter()
        runner = make(engine, workers, nlp)
        try:
            counts = ingest(iter(docs), store, settings, runner=runner)
        finally:
            runner.close()
        seconds = time.perf_counter() - t0
        stored = store.count()
    peaks = rss.workers()
    return {"size": size, "engine": engine, "seconds": seconds, "docs_per_s": size / seconds, "stored": stored,
            "failed": counts.failed, "main_rss_mb": rss.peaks.get(os.getpid(), 0.0),
            "worker_rss_mb": max(peaks) if peaks else None, "worker_count": len(peaks)}


def child_writer(size: int, nlp: bool, batch_size: int, seed: int, workers: int, tmp: Path) -> dict[str, Any]:
    docs = list(documents(size, seed))
    settings = Settings(batch_size=batch_size, nlp=nlp)
    chunks = [docs[i : i + batch_size] for i in range(0, len(docs), batch_size)]
    with ProcessPoolExecutor(max(workers, 1)) as pool:  # untimed: only the writer below is measured
        processed = [res for chunk in pool.map(process, chunks, repeat(settings)) for res in chunk]
    results = [(res, raw.data) for raw, res in zip(docs, processed, strict=True)]
    articles = [(a, data) for a, data in results if isinstance(a, Article)]
    with open_store(str(tmp / "writer.db")) as store:
        t0 = time.perf_counter()
        for start in range(0, len(articles), batch_size):
            with store.transaction():
                store.store_new(articles[start : start + batch_size])
        t1 = time.perf_counter()
        update_stories(store)
        t2 = time.perf_counter()
    return {"size": size, "store_ms": (t1 - t0) * 1000 / size, "stories_ms": (t2 - t1) * 1000 / size,
            "writer_ms": (t2 - t0) * 1000 / size}


def upkeep(runs: int, seed: int) -> None:
    settings = Settings(nlp=False, stories=False, workers=1)
    seconds = []
    with open_store(str(Path(tempfile.mkdtemp(prefix="storyline-upkeep-")) / "u.db")) as store:
        for run in range(runs):
            ingest(documents(500, seed, start=run * 500), store, settings)
            t0 = time.perf_counter()
            update_stories(store)
            seconds.append(time.perf_counter() - t0)
    print(f"story pass after each of {runs} successive 500-document ingests (s):",
          " ".join(f"{x:.2f}" for x in seconds))


def run_child(args: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def report(runs: list[dict[str, Any]], writers: dict[int, dict[str, Any]], workers: int, nlp: bool,
           load: tuple[tuple[float, ...], tuple[float, ...]]) -> None:
    print(f"machine: {os.cpu_count()} cpus; load average before {[round(x, 2) for x in load[0]]},"
          f" after {[round(x, 2) for x in load[1]]}")
    print(f"documents: benchmarks/synth.py seed-like dumps; NLP {'on' if nlp else 'off'}; stories on; "
          f"pool and Dask with {workers} worker processes\n")
    print(f"{'size':>7} {'engine':<7} {'seconds':>8} {'docs/s':>7} {'vs inproc':>9} {'main MB':>8} {'worker MB':>9}")
    for size in sorted({r["size"] for r in runs}):
        rows = {r["engine"]: r for r in runs if r["size"] == size}
        base = rows.get("inproc", {}).get("docs_per_s")
        for engine, r in rows.items():
            ratio = f"{r['docs_per_s'] / base:.2f}x" if base else "-"
            wmb = f"{r['worker_rss_mb']:.0f}" if r["worker_rss_mb"] else "-"
            print(f"{size:>7,} {engine:<7} {r['seconds']:>8.1f} {r['docs_per_s']:>7.2f} {ratio:>9}"
                  f" {r['main_rss_mb']:>8.0f} {wmb:>9}")
        if "pool" in rows and "dask" in rows:
            print(f"{'':>7} Dask overhead over the pool: {rows['pool']['docs_per_s'] / rows['dask']['docs_per_s']:.2f}x"
                  " the time")
    for size, w in sorted(writers.items()):
        print(f"writer alone at {size:,}: {w['writer_ms']:.2f} ms/doc (store {w['store_ms']:.2f}, stories"
              f" {w['stories_ms']:.2f})")
    _projection(runs, writers, workers)


def _projection(runs: list[dict[str, Any]], writers: dict[int, dict[str, Any]], workers: int) -> None:
    inproc = [r for r in runs if r["engine"] == "inproc"]
    if not inproc or not writers:
        return
    biggest = max(inproc, key=lambda r: r["size"])
    writer_s = writers[max(writers)]["writer_ms"] / 1000
    core_s = 1 / biggest["docs_per_s"] - writer_s  # per document, on a worker core
    print(f"\nprojection (from {biggest['size']:,} in-process documents: {1 / biggest['docs_per_s'] * 1000:.0f} ms/doc,"
          f" of which the writer {writer_s * 1000:.1f}):")
    for n in (10**6, 10**8):
        print(f"  {n:.0e} documents: {n * core_s / 3600:,.0f} core-hours of processing;"
              f" the single writer alone {n * writer_s / 3600:,.1f} h")
    print(f"  10^6 in one hour: ~{10**6 * core_s / 3600:,.0f} worker cores, and a writer at <= 3.6 ms/doc"
          f" (measured {writer_s * 1000:.1f})")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--nlp", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--upkeep", type=int, default=0)
    ap.add_argument("--writer", action=argparse.BooleanOptionalAction, default=True,
                    help="also time the single writer alone at each size (its documents processed first by a pool)")
    ap.add_argument("--child", nargs="*")
    args = ap.parse_args(argv)
    if args.upkeep:
        upkeep(args.upkeep, args.seed)
        return 0
    if args.child is not None:
        kind, *rest = args.child
        tmp = Path(tempfile.mkdtemp(prefix="storyline-scale-"))
        size = int(rest[0])
        if kind == "run":
            out = child_run(size, rest[1], args.workers, args.nlp, args.batch_size, args.seed, tmp)
        else:
            out = child_writer(size, args.nlp, args.batch_size, args.seed, args.workers, tmp)
        print(json.dumps(out))
        return 0
    flags = [f"--workers={args.workers}", f"--batch-size={args.batch_size}", f"--seed={args.seed}",
             "--nlp" if args.nlp else "--no-nlp"]
    before = os.getloadavg()
    runs, writers = [], {}
    for size in (int(s) for s in args.sizes.split(",")):
        for engine in filter(None, args.engines.split(",")):
            print(f"{size:,} documents, {engine} ...", file=sys.stderr, flush=True)
            runs.append(run_child([*flags, "--child", "run", str(size), engine]))
            print(f"  {runs[-1]['docs_per_s']:.2f} docs/s", file=sys.stderr, flush=True)
        if args.writer:
            writers[size] = run_child([*flags, "--child", "writer", str(size)])
    report(runs, writers, args.workers, args.nlp, (before, os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
