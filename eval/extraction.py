"""Article-extraction eval: 4-gram F1 and speed on scrapinghub, snippet P/R/F1 on trafilatura's set.

Usage: python eval/extraction.py DATA_DIR [--limit N] [--skip-trafilatura-set]
DATA_DIR is the shared article-extraction folder (see its README.md). The last output line is
the metrics line read by eval/gate.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from storyline.model import Article, RawDocument
from storyline.pipeline import extract as extract_pipeline

_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")

Extractor = Callable[[bytes, str], str]


def ours() -> Extractor:
    """The product's own path for a fetched page: storyline.pipeline.extract."""
    run = extract_pipeline

    def extract(data: bytes, name: str) -> str:
        result = run(RawDocument(path=name, data=data, format="html"))
        return "\n".join(result.paragraphs) if isinstance(result, Article) else ""

    return extract


def trafilatura_default(data: bytes, name: str) -> str:
    return trafilatura.extract(data) or ""


def shingles(text: str) -> Counter[tuple[str, ...]]:
    toks = _WORD.findall(text)
    return Counter(tuple(toks[i:i + 4]) for i in range(len(toks) - 3))


def shingle_scores(preds: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """(f1, precision, recall) as in the scrapinghub benchmark: per-page normalised, then averaged."""
    precisions, recalls = [], []
    for key, expected in truth.items():
        pred, gold = shingles(preds.get(key, "")), shingles(expected)
        tp = sum((pred & gold).values())
        fp = sum((pred - gold).values())
        fn = sum((gold - pred).values())
        if pred:
            precisions.append(tp / (tp + fp))
        if gold:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def run_scrapinghub(root: Path, limit: int | None) -> dict[str, float]:
    truth_all = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth_all)[:limit]
    pages = {k: (root / "html" / f"{k}.html.gz").read_bytes() for k in keys}
    pages = {k: gzip.decompress(v) for k, v in pages.items()}
    truth = {k: truth_all[k]["articleBody"] for k in keys}
    mine = ours()
    first = keys[0]
    mine(pages[first], first), trafilatura_default(pages[first], first)  # warm-up
    preds: dict[str, str] = {}
    base: dict[str, str] = {}
    t_ours = t_traf = 0.0
    for k in keys:  # interleaved, so both see the same machine load
        t0 = time.perf_counter()
        preds[k] = mine(pages[k], k)
        t1 = time.perf_counter()
        base[k] = trafilatura_default(pages[k], k)
        t2 = time.perf_counter()
        t_ours += t1 - t0
        t_traf += t2 - t1
    f1, p, r = shingle_scores(preds, truth)
    bf1, bp, br = shingle_scores(base, truth)
    dps, tdps = len(keys) / t_ours, len(keys) / t_traf
    print(f"{'scrapinghub (' + str(len(keys)) + ' pages)':32} {'f1':>6} {'prec':>6} {'recall':>6} {'docs/s':>8}")
    print(f"{'  storyline':32} {f1:6.3f} {p:6.3f} {r:6.3f} {dps:8.1f}")
    print(f"{'  trafilatura.extract defaults':32} {bf1:6.3f} {bp:6.3f} {br:6.3f} {tdps:8.1f}")
    return {"f1": f1, "precision": p, "recall": r, "docs_per_s": dps,
            "trafilatura_docs_per_s": tdps, "speed_ratio": dps / tdps}


def snippet_counts(text: str, with_: list[str], without: list[str]) -> tuple[int, int, int, int]:
    """(tp, fn, fp, tn) for one page: snippets as whitespace-normalised substrings."""
    norm = _WS.sub(" ", text)
    tp = sum(1 for s in with_ if _WS.sub(" ", s).strip() in norm)
    fp = sum(1 for s in without if _WS.sub(" ", s).strip() in norm)
    return tp, len(with_) - tp, fp, len(without) - fp


def run_trafilatura_set(root: Path, limit: int | None) -> tuple[float, float]:
    """(storyline's snippet F1, trafilatura's) on trafilatura's own set, both printed."""
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    items = sorted(data.items())[:limit]
    mine = ours()
    print(f"{'trafilatura set (' + str(len(items)) + ' pages)':32} {'f1':>6} {'prec':>6} {'recall':>6} {'acc':>6}")
    results = {}
    for label, fn in (("storyline", mine), ("trafilatura.extract defaults", trafilatura_default)):
        tp = fn_ = fp = tn = 0
        for _url, entry in items:
            path = root / "html" / (entry["file"] + ".gz")
            if not path.exists():
                continue
            text = fn(gzip.decompress(path.read_bytes()), entry["file"])
            a, b, c, d = snippet_counts(text, entry.get("with", []), entry.get("without", []))
            tp, fn_, fp, tn = tp + a, fn_ + b, fp + c, tn + d
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn_) if tp + fn_ else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        acc = (tp + tn) / max(1, tp + fn_ + fp + tn)
        results[label] = (f1, p, r)
        print(f"  {label:30} {f1:6.3f} {p:6.3f} {r:6.3f} {acc:6.3f}")
    f1, p, r = results["storyline"]
    tf1 = results["trafilatura.extract defaults"][0]
    print(f"trafilatura: f1={f1:.3f} precision={p:.3f} recall={r:.3f} trafilatura_f1={tf1:.3f}")
    return f1, tf1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    ap.add_argument("--skip-trafilatura-set", action="store_true")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    trafset = None if args.skip_trafilatura_set else run_trafilatura_set(args.data_dir / "trafilatura", args.limit)
    m = run_scrapinghub(args.data_dir / "scrapinghub", args.limit)
    print(
        f"scrapinghub: f1={m['f1']:.3f} precision={m['precision']:.3f} recall={m['recall']:.3f} "
        f"docs_per_s={m['docs_per_s']:.1f} trafilatura_docs_per_s={m['trafilatura_docs_per_s']:.1f} "
        f"speed_ratio={m['speed_ratio']:.2f}"
        + (f" trafset_f1={trafset[0]:.4f} trafset_vs_trafilatura={trafset[0] - trafset[1]:.4f}" if trafset else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
