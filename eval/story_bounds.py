"""How far headline similarity can take UCI story clustering: offline clustering cut by the scored half's own gold (a bound, not a product figure).

Usage: python eval/story_bounds.py DATA_DIR [--embeddings]

A study, not a gate: on the UCI subset's second half (the half eval/stories.py scores), average-linkage
agglomerative clustering that sees every headline at once is cut at the distance that scores best
*on that half itself* (an oracle cut, which no deployed system has), over sublinear TF-IDF cosine
distances and, with --embeddings, over all-MiniLM-L6-v2 cosine distances of the same text the product
embeds (title and lead) and an even blend of the two. storyline's own stream is printed beside it at
each threshold of eval/stories.py, also scored on the second half, so the oracle rows compare like
with like. If the oracle row of a signal is below a target, no cut of that signal reaches it.
Last line: `story_bounds: tfidf_oracle_f1=... storyline_oracle_f1=...` (with --embeddings also
`dense_oracle_f1=... blend_oracle_f1=...`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from storyline.stories.cluster import ClusterConfig  # noqa: E402
from storyline.stories.embed import MiniLMEmbedder, embedding_text  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import story_peer  # noqa: E402

import stories  # noqa: E402

#: Cosine distances the oracle cut is chosen from.
CUTS = tuple(round(d, 3) for d in np.arange(0.3, 1.0, 0.025))


def oracle(distances: np.ndarray, gold: Sequence[str], name: str) -> float:
    """The best pairwise F1 of any cut of the average-linkage tree (printed with its cut, P and R)."""
    best = (-1.0, 0.0, 0.0, 0.0)
    for d in CUTS:
        p, r, f = stories.pair_prf(story_peer.cut(distances, d), gold)
        best = max(best, (f, d, p, r))
    f, d, p, r = best
    print(f"uci {name} average linkage, oracle cut {d:.3f}: pair P={p:.3f} R={r:.3f} F1={f:.3f}")
    return f


def storyline_oracle(data: Sequence[tuple[stories.Article, str]], half: int) -> float:
    """storyline's stream (eval/stories.py's headline setting) at each threshold, scored on the second half."""
    gold = [g for _, g in data]
    best = 0.0
    for th in stories.THRESHOLDS:
        pred, _ = stories._cluster_uci(data, ClusterConfig(threshold=th, cohesion_power=0.5))
        f = stories.pair_prf(pred[half:], gold[half:])[2]
        print(f"uci storyline stream threshold={th:.3f} second-half pair_f1={f:.3f}")
        best = max(best, f)
    print(f"uci storyline stream, oracle threshold: pair F1={best:.3f}")
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="../shared/eval/stories")
    ap.add_argument("--embeddings", action="store_true", help="also the dense and blended signals (embeddings extra)")
    args = ap.parse_args(argv)
    data = stories.load_uci(args.data / "uci-news-aggregator-subset")
    half = len(data) // 2
    scored, gold = [a for a, _ in data[half:]], [g for _, g in data[half:]]
    sparse = story_peer.tfidf_distances([a.title or "" for a in scored])
    figures = {"tfidf_oracle_f1": oracle(sparse, gold, "tfidf"),
               "storyline_oracle_f1": storyline_oracle(data, half)}
    if args.embeddings:
        vectors = np.array(MiniLMEmbedder()([embedding_text(a) for a in scored]))
        dense = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
        figures["dense_oracle_f1"] = oracle(dense, gold, "dense (MiniLM)")
        figures["blend_oracle_f1"] = oracle((sparse + dense) / 2, gold, "blend (TF-IDF + MiniLM, even)")
    print("story_bounds: " + " ".join(f"{k}={v:.3f}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
