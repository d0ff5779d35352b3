"""Export benchmark: rows/s and peak memory of `storyline export` per kind and format, at two archive sizes.

Usage: python benchmarks/bench_export.py [--sizes 10000,100000] [--kinds articles,quotes] [--formats csv,parquet]

For each size, a synthetic store is built with benchmarks/synth_store.py (untimed, reused from
/tmp/storyline-bench-export-N.db when present); then each kind and format is exported by
`storyline export` in a child process, whose peak RSS (sampled every 20 ms) and wall time are
printed. Constant memory means the peak stays flat from the small archive to the big one
(ten times as many rows); the peer in the same run is the same export at the other size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_store import build  # noqa: E402


def export_once(db: str, kind: str, fmt: str, out: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB sampled every 20 ms, rows) of one `storyline export` child process."""
    import psutil

    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "storyline.cli", "export", kind, "--db", db, "--format", fmt,
                              "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    proc, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            peak = max(peak, proc.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    _, err = child.communicate()
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"export {kind} {fmt} failed: {err[-2000:]}")
    return seconds, peak / 2**20, int(err.split()[0])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="archive sizes (default 10000,100000)")
    ap.add_argument("--kinds", default="articles,quotes", help="export kinds (default articles,quotes)")
    ap.add_argument("--formats", default="csv,parquet", help="formats (default csv,parquet)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    out_dir = Path(tempfile.mkdtemp(prefix="storyline-export-"))
    print(f"machine: nproc={os.cpu_count()} load_avg_1m={os.getloadavg()[0]:.2f}")
    print(f"{'size':>8} {'kind':<9} {'format':<8} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}")
    for size in sizes:
        db = f"/tmp/storyline-bench-export-{size}.db"
        if not Path(db).exists():
            build(db, size, quiet=True)
        for kind in args.kinds.split(","):
            for fmt in args.formats.split(","):
                secs, peak, n = export_once(db, kind, fmt, out_dir / f"{kind}-{size}.{fmt}")
                print(f"{size:>8} {kind:<9} {fmt:<8} {n:>9} {secs:>8.1f} {n / secs:>9.0f} {peak:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
