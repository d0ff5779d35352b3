"""Story upkeep, or the single writer, of two code trees, their runs interleaved: an A/B of the story pass.

    python benchmarks/ab_upkeep.py SRC_A SRC_B [--runs 10] [--docs 500] [--seed 0] [--writer]

SRC_A and SRC_B are `src` folders of two checkouts (say, a worktree of an earlier commit and this
one). Each side runs in its own child process with its `src` first on the path and builds its own
SQLite archive: RUNS successive ingests of DOCS new synthetic documents (NLP off, stories off
during ingest, untimed), each followed by the timed story pass (`update_stories`). Step by step the
two sides alternate (A first on even steps, B first on odd ones), so a change in the machine's load
hits both alike. Printed per step: each side's wall and CPU seconds of the story pass and the ratio
B/A of their CPU seconds; then the growth from the first step to the mean of the last two, per side.
The synthetic documents are variants of one story, the worst case for keeping touched stories up.

With --writer, instead: DOCS synthetic documents are processed once with NLP (untimed, by this
process's storyline, then pickled) and each step gives each side a new SQLite store to write them
into, timed as bench_scale.py's "writer alone" (`store_new` per batch of 200, then `update_stories`):
CPU seconds of the story pass per step and B/A, plus each side's store CPU; both sides must put the
articles in the same stories (a digest of the article -> story assignment is compared).
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


def writer_child(pickled: str) -> None:
    """Serve steps from stdin: write the pickled processed documents into a new store, print JSON."""
    import hashlib
    import pickle

    from storyline.store import open_store
    from storyline.stories.update import update_stories

    with open(pickled, "rb") as f:
        articles = pickle.load(f)
    print(json.dumps({"ready": True}), flush=True)
    for _ in sys.stdin:
        with open_store(str(Path(tempfile.mkdtemp(prefix="storyline-ab-writer-")) / "w.db")) as store:
            c0 = time.process_time()
            for start in range(0, len(articles), 200):
                with store.transaction():
                    store.store_new(articles[start : start + 200])
            c1, w1 = time.process_time(), time.perf_counter()
            update_stories(store)
            wall, cpu = time.perf_counter() - w1, time.process_time() - c1
            digest = hashlib.sha256(repr([store.story_of_article(a.id) for a, _ in articles]).encode()).hexdigest()
        print(json.dumps({"wall": wall, "cpu": cpu, "store_cpu": c1 - c0, "digest": digest[:12]}), flush=True)


def _pickle_processed(docs: int, seed: int) -> str:
    """DOCS synthetic documents cleaned and annotated (NLP on), pickled as (Article, raw bytes) pairs."""
    import pickle

    sys.path.insert(0, str(HERE))
    from synth import documents

    from storyline.batch import process
    from storyline.model import Article
    from storyline.settings import Settings

    raws = list(documents(docs, seed))
    pairs = [(a, raw.data) for raw, a in zip(raws, process(raws, Settings(batch_size=200)), strict=True)
             if isinstance(a, Article)]
    path = Path(tempfile.mkdtemp(prefix="storyline-ab-writer-")) / "processed.pickle"
    path.write_bytes(pickle.dumps(pairs))
    return str(path)


def _start(src: str, *child_args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
    proc = subprocess.Popen([sys.executable, __file__, *child_args], stdin=subprocess.PIPE,
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
    ap.add_argument("--writer", action="store_true", help="A/B the single writer on processed documents")
    ap.add_argument("--child", nargs=2, type=int)
    ap.add_argument("--writer-child")
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    if args.writer_child:
        writer_child(args.writer_child)
        return 0
    if not (args.src_a and args.src_b):
        ap.error("SRC_A and SRC_B are required")
    if args.writer:
        pickled = _pickle_processed(args.docs, args.seed)
        a, b = _start(args.src_a, "--writer-child", pickled), _start(args.src_b, "--writer-child", pickled)
    else:
        a, b = (_start(src, "--child", str(args.docs), str(args.seed)) for src in (args.src_a, args.src_b))
    rows = []
    print(f"{'step':>4} {'A wall':>7} {'A cpu':>7} {'B wall':>7} {'B cpu':>7} {'B/A cpu':>8}")
    for step in range(args.runs):
        if step % 2 == 0:
            ra, rb = _step(a, step), _step(b, step)
        else:
            rb, ra = _step(b, step), _step(a, step)
        rows.append((ra, rb))
        extra = (f"  store cpu A {ra['store_cpu']:.2f} B {rb['store_cpu']:.2f}, same stories:"
                 f" {ra['digest'] == rb['digest']}") if args.writer else ""
        print(f"{step + 1:>4} {ra['wall']:7.2f} {ra['cpu']:7.2f} {rb['wall']:7.2f} {rb['cpu']:7.2f}"
              f" {rb['cpu'] / ra['cpu']:8.2f}{extra}", flush=True)
    for proc in (a, b):
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    if args.writer:
        ratios = sorted(rb["cpu"] / ra["cpu"] for ra, rb in rows)
        print(f"B/A CPU of the story pass, median over {len(rows)} steps: {ratios[len(ratios) // 2]:.3f}")
    elif len(rows) >= 3:
        for side, i in (("A", 0), ("B", 1)):
            first, last = rows[0][i]["cpu"], (rows[-1][i]["cpu"] + rows[-2][i]["cpu"]) / 2
            print(f"{side}: CPU of the story pass {first:.2f} s at step 1, {last:.2f} s at the last two"
                  f" ({last / first:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
