"""Search latency on two stores holding the same articles, queries interleaved: an A/B of store layouts.

    python benchmarks/ab_search.py STORE_A STORE_B [--queries 80] [--seed 11] [--count-limits A,B]

Both stores are built beforehand with `benchmarks/synth_store.py TARGET -n N` (same N and seed),
for instance one at each of two commits, or one before and one after a migration. For each query
kind of `bench_store.py` (common, rare, two words, phrase, prefix; its query generator, phrases
drawn from the first 2,000 synthetic articles), every query runs on both stores, A first on even
queries and B first on odd ones, so a change in the machine's load hits both sides alike. Printed
per kind: p50 and p99 of each side, the median of the per-query ratios B/A, and how many queries
gave the same total and the same page of ids on both sides. Exit status 0 in all cases.

`--count-limits A,B` searches side A with count limit A and side B with B (`Store.search`'s
`count_limit`; 0 counts every match; default: the store's default on both), which also works with the
same store on both sides: then totals are compared only where both sides counted exactly.

Opening a store applies its pending migrations: to compare a layout before a migration with the
layout after it, run this script with the older code first on PYTHONPATH (`PYTHONPATH=<checkout of
the older commit>/src`), so both sides are searched by the same code and neither is migrated.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_store  # noqa: E402
import synth_store  # noqa: E402

from storyline.store import Store, open_store  # noqa: E402

#: Synthetic articles the phrase queries are drawn from (the first ones every synth_store build holds).
PHRASE_POOL = 2_000


def one(store: Store, query: str, count_limit: int | None = None) -> tuple[float, tuple[int | None, tuple[str, ...]]]:
    """(ms, (total, or None past the count limit, ids of the page)) of one search."""
    t0 = time.perf_counter()
    page = store.search(query, limit=20) if count_limit is None else store.search(query, limit=20,
                                                                                   count_limit=count_limit)
    return (time.perf_counter() - t0) * 1000, (page.total if page.total_exact else None,
                                               tuple(h.id for h in page.items))


def same(x: tuple[int | None, tuple[str, ...]], y: tuple[int | None, tuple[str, ...]]) -> bool:
    """The same page of ids, and the same total where both sides counted every match."""
    return x[1] == y[1] and (x[0] is None or y[0] is None or x[0] == y[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", help="store A: SQLite path or postgresql:// URL (?schema=NAME)")
    ap.add_argument("b", help="store B, holding the same articles")
    ap.add_argument("--queries", type=int, default=80, help="timed queries per kind")
    ap.add_argument("--seed", type=int, default=11, help="query generator seed")
    ap.add_argument("--count-limits", default=None, help="A,B: the count limit of each side's searches")
    args = ap.parse_args()
    limits = [int(v) for v in args.count_limits.split(",")] if args.count_limits else [None, None]
    pools = synth_store.Pools(7)
    items = [(a, b"") for a in synth_store.articles(PHRASE_POOL, seed=7)]
    kinds = bench_store.queries(pools, items, args.queries, random.Random(args.seed))
    a, b = open_store(args.a), open_store(args.b)
    print(f"A = {args.a} (count limit {limits[0]})\nB = {args.b} (count limit {limits[1]})\n"
          f"{bench_store.code_version()}")
    sides = [(a, limits[0]), (b, limits[1])]
    for kind, (warm, timed) in kinds.items():
        for q in warm[:5]:
            one(a, q, limits[0]), one(b, q, limits[1])
        ms_a, ms_b, agreed = [], [], 0
        for i, q in enumerate(timed):
            order = (0, 1) if i % 2 == 0 else (1, 0)
            got = {side: one(sides[side][0], q, sides[side][1]) for side in order}
            ms_a.append(got[0][0])
            ms_b.append(got[1][0])
            agreed += same(got[0][1], got[1][1])
        ratio = statistics.median(y / x for x, y in zip(ms_a, ms_b, strict=True))
        print(f"{kind:10s} A p50 {bench_store.pct(ms_a, 50):7.1f} p99 {bench_store.pct(ms_a, 99):7.1f} | "
              f"B p50 {bench_store.pct(ms_b, 50):7.1f} p99 {bench_store.pct(ms_b, 99):7.1f} | "
              f"median B/A {ratio:.2f} | same results {agreed}/{len(timed)}", flush=True)
    a.close()
    b.close()


if __name__ == "__main__":
    main()
