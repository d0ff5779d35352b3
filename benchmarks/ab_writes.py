"""Bulk writes without NLP of two code trees, interleaved, each beside SQLite in the same step: an A/B of PostgreSQL's write path.

    python benchmarks/ab_writes.py SRC_A SRC_B [--runs 3] [--articles 20000] [--nlp] [--pg postgresql://...]

SRC_A and SRC_B are `src` folders of two checkouts (say, a worktree of an earlier commit and this
one). Each step runs, for each side in turn (A first on odd steps, B first on even ones), a child
process with that `src` first on the path, which writes --articles stripped synthetic articles
(`synth_store.py`, annotations removed as in bench_store.py's "ingest without NLP"; with --nlp,
kept, as in its "bulk write with NLP") with
`Store.write_batch` in batches of 2,000 into a new SQLite file, then into a new PostgreSQL schema
(dropped after). Printed per side and step: docs/s of the summed write_batch wall time for both
back-ends, PostgreSQL/SQLite of the same child (the figure to compare on a shared machine), the
child's CPU microseconds per article and the PostgreSQL backend's (read from /proc, so the server
must run on this machine), and the load average. Then the mean PG/SQLite ratio per side.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BATCH = 2_000


def backend_cpu(pid: int) -> float:
    """CPU seconds of a local server process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child(n: int, pg: str, nlp: bool) -> None:
    """Write the articles into SQLite then PostgreSQL; print one JSON line of rates and CPU."""
    import psycopg

    sys.path.insert(0, str(HERE))
    import synth_store

    from storyline.store import open_store

    items = [(a if nlp else dataclasses.replace(a, quotes=(), entities=(), places=(), nlp=False), a.body.encode())
             for a in synth_store.articles(n, seed=7)]
    schema = f"ab_writes_{os.getpid()}"
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, target in (("sqlite", f"{tmp}/ab.db"), ("pg", f"{pg}?schema={schema}")):
            store: Any = open_store(target)
            pids = [c.info.backend_pid for c in store._pool._pool] if name == "pg" else []
            server0 = sum(backend_cpu(p) for p in pids)
            spent, cpu0 = 0.0, time.process_time()
            for start in range(0, n, BATCH):
                t0 = time.perf_counter()
                store.write_batch(items[start : start + BATCH])
                spent += time.perf_counter() - t0
            out[name] = {"rate": n / spent, "cpu_us": (time.process_time() - cpu0) / n * 1e6,
                         "server_us": (sum(backend_cpu(p) for p in pids) - server0) / n * 1e6}
            store.close()
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    print(json.dumps(out))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src_a")
    ap.add_argument("src_b")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--nlp", action="store_true", help="keep the synthetic annotations (entities, quotes, places)")
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.articles, args.pg, args.nlp)
        return 0
    ratios: dict[str, list[float]] = {"A": [], "B": []}
    for step in range(1, args.runs + 1):
        for side in ("A", "B") if step % 2 else ("B", "A"):
            src = args.src_a if side == "A" else args.src_b
            env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
            load = os.getloadavg()[0]
            got = json.loads(subprocess.run([sys.executable, __file__, args.src_a, args.src_b, "--child",
                                             "--articles", str(args.articles), "--pg", args.pg,
                                             *(["--nlp"] if args.nlp else [])],
                                            env=env, check=True, capture_output=True, text=True).stdout)
            lite, pg = got["sqlite"], got["pg"]
            ratios[side].append(pg["rate"] / lite["rate"])
            print(f"step {step} {side}: SQLite {lite['rate']:,.0f} docs/s ({lite['cpu_us']:.0f} us CPU/doc),"
                  f" PostgreSQL {pg['rate']:,.0f} docs/s (client {pg['cpu_us']:.0f}, server {pg['server_us']:.0f}"
                  f" us CPU/doc), PG/SQLite {ratios[side][-1]:.2f}; load {load:.2f} -> {os.getloadavg()[0]:.2f}",
                  flush=True)
    for side, got in ratios.items():
        print(f"{side}: PG/SQLite mean {sum(got) / len(got):.2f} ({', '.join(f'{r:.2f}' for r in got)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
