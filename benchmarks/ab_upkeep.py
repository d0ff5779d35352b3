"""Story upkeep of two code trees as one archive grows, their runs interleaved: an A/B of the story pass.

    python benchmarks/ab_upkeep.py SRC_A SRC_B [--runs 10] [--docs 500] [--seed 0]

SRC_A and SRC_B are `src` folders of two checkouts (say, a worktree of an earlier commit and this
one). Each side runs in its own child process with its `src` first on the path and builds its own
SQLite archive: RUNS successive ingests of DOCS new synthetic documents (NLP off, stories off
during ingest, untimed), each followed by the timed story pass (`update_stories`). Step by step the
two sides alternate (A first on even steps, B first on odd ones), so a change in the machine's load
hits both alike. Printed per step: each side's wall and CPU seconds of the story pass and the ratio
B/A of their CPU seconds; then the growth from the first step to the mean of the last two, per side.
The synthetic documents are variants of one story, the worst case for keeping touched stories up.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(docs: int, seed: int) -> None:
    """Serve steps from stdin ("step N" lines): ingest the next documents, time the story pass, print JSON."""
    sys.path.insert(0, str(HERE))
    from synth import documents

    from storyline.batch import ingest
    from storyline.settings import Settings
    from storyline.store import open_store
    from storyline.stories.update import update_stories

    settings = Settings(nlp=False, stories=False, workers=1)
    with open_store(str(Path(tempfile.mkdtemp(prefix="storyline-ab-upkeep-")) / "u.db")) as store:
        print(json.dumps({"ready": True}), flush=True)
        for line in sys.stdin:
            step = int(line.split()[1])
            ingest(documents(docs, seed, start=step * docs), store, settings)
            w0, c0 = time.perf_counter(), time.process_time()
            result = update_stories(store)
            print(json.dumps({"wall": time.perf_counter() - w0, "cpu": time.process_time() - c0,
                              "articles": result.articles}), flush=True)


def _start(src: str, docs: int, seed: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(docs), str(seed)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    json.loads(proc.stdout.readline())
    return proc


def _step(proc: subprocess.Popen[str], step: int) -> dict[str, float]:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"step {step}\n")
    proc.stdin.flush()
    out: dict[str, float] = json.loads(proc.stdout.readline())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src_a", nargs="?")
    ap.add_argument("src_b", nargs="?")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", nargs=2, type=int)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    if not (args.src_a and args.src_b):
        ap.error("SRC_A and SRC_B are required")
    a, b = _start(args.src_a, args.docs, args.seed), _start(args.src_b, args.docs, args.seed)
    rows = []
    print(f"{'step':>4} {'A wall':>7} {'A cpu':>7} {'B wall':>7} {'B cpu':>7} {'B/A cpu':>8}")
    for step in range(args.runs):
        if step % 2 == 0:
            ra, rb = _step(a, step), _step(b, step)
        else:
            rb, ra = _step(b, step), _step(a, step)
        rows.append((ra, rb))
        print(f"{step + 1:>4} {ra['wall']:7.2f} {ra['cpu']:7.2f} {rb['wall']:7.2f} {rb['cpu']:7.2f}"
              f" {rb['cpu'] / ra['cpu']:8.2f}", flush=True)
    for proc in (a, b):
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    if len(rows) >= 3:
        for side, i in (("A", 0), ("B", 1)):
            first, last = rows[0][i]["cpu"], (rows[-1][i]["cpu"] + rows[-2][i]["cpu"]) / 2
            print(f"{side}: CPU of the story pass {first:.2f} s at step 1, {last:.2f} s at the last two"
                  f" ({last / first:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
