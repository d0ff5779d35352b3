"""Store back-ends side by side: bulk write rate, search latency and quote lookup latency, SQLite vs PostgreSQL.

    python benchmarks/bench_store.py [--articles 100000] [--nlp-articles N] [--queries 200]
                                     [--pg postgresql://postgres@127.0.0.1:5432/test] [--schema bench_store] [--keep]

What it measures, in one run, for each back-end -- SQLite (a new file in a temporary directory)
and PostgreSQL (--pg, in schema --schema, dropped first if it exists and dropped again at the end
unless --keep) -- through the `storyline.store.Store` interface (`open_store`, `write_batch`,
`search`, `quotes`; plus one VACUUM ANALYZE on PostgreSQL, see below), in this one process and thread:

1. Bulk writes. --articles synthetic articles from benchmarks/synth_store.py (same generator and
   seed as bench_api.py: Zipf-like vocabulary, 1-3 people, 1-2 places, 0-1 organisation, 1-3
   quotes each) are generated in memory *before* any timing, with their raw bytes. Then:
   * "ingest without NLP": all of them, with the annotations stripped
     (`dataclasses.replace(a, quotes=(), entities=(), places=(), nlp=False)`), written with
     `store.write_batch` in batches of 2,000 into an empty store -- article rows, raw bytes and
     the full-text index only;
   * "bulk write with NLP": the first --nlp-articles of them (default: all) as synth_store makes
     them, annotations attached, into another empty store, also 2,000 per batch -- article rows,
     raw bytes, full-text index, and the entities/aliases/quotes/places rows.
   The rate is articles / the summed wall time of the `write_batch` calls (each one transaction,
   committed); generation is not included.
2. Search latency, on the store of the annotated run (the one of the stripped run when the
   annotated run is smaller than --articles; both hold the same text): wall time of
   `store.search(q, limit=20)` -- ranked ids, the total count and the page's snippets -- one
   call at a time, p50 and p99 over --queries calls per kind, after a warm-up pass of every kind
   with other queries of the same kind. Kinds:
   * common: the 20 most frequent vocabulary words (`Pools().words[:20]`), cycled;
   * rare: single words drawn from vocabulary ranks 3,000-5,000;
   * two words: two words drawn from the 1,000 most frequent (both must appear);
   * phrase: two adjacent words copied from a random paragraph of a stored article, in quotes;
   * prefix: the first four letters of a word drawn from ranks 20-1,000, then `*`.
   The mean number of matches (`Page.total`, so at most the count limit, 10,000 by default) per kind
   is printed with the latencies. Relevance
   ranks matches window by window (`RANK_WINDOW` = 10,000, the most recently stored first); as its
   peer, the common, phrase and prefix queries are timed again with every match ranked together
   (`rank_window=0`, the "all ranked" rows). On both back-ends, where a search counts its matches
   on a second connection while the first ranks them, the same three kinds are timed once more on
   a store that counts after ranking, on its one connection (`count_beside=False`, the "count
   after" rows).
3. Quote lookup latency: `store.quotes(speaker=<full name>)` (default page of 50) for people
   drawn from the people pool, p50/p99 over --queries calls, after a warm-up, on the annotated store.

PostgreSQL only: after each load the benchmark runs `VACUUM ANALYZE` on the schema (what
autovacuum does shortly after a bulk load; the output says whether autovacuum is on), so the
planner has statistics. Printed: the machine (cpu count, load average before and after), the
server's version and main settings, a table of both back-ends with PostgreSQL/SQLite ratios, and
the target verdicts: PostgreSQL bulk writes at least SQLite's rate; search p99 < 100 ms on both.
Exit status 0 whether targets are met or not: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_store  # noqa: E402

import storyline  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.store import Store, open_store  # noqa: E402
from storyline.store.postgres import PostgresStore  # noqa: E402
from storyline.store.query import tokens  # noqa: E402
from storyline.store.sqlite import SQLiteStore  # noqa: E402

BATCH = 2_000
SEARCH_P99_MS = 100.0
KINDS = ("common", "rare", "two words", "phrase", "prefix")
#: Kinds timed a second time with every match ranked together (`search(..., rank_window=0)`), the
#: peer of the default ranking window by window (`storyline.store.filters.RANK_WINDOW`).
WHOLE_KINDS = ("common", "phrase", "prefix")
WHOLE = ", all ranked"
#: SQLite only: the same kinds timed on a store that counts a search's matches after ranking them,
#: on the one connection (`SQLiteStore(count_beside=False)`, `PostgresStore(..., count_beside=False)`), the
#: peer of counting beside the ranking.
AFTER = ", count after"
Items = list[tuple[Article, bytes]]


@dataclass
class Result:
    """What one back-end measured."""

    plain_rate: float = float("nan")
    nlp_rate: float = float("nan")
    nlp_count: int = 0
    search_store: int = 0  # articles in the store searched
    size_mb: float = float("nan")
    latency: dict[str, list[float]] = field(default_factory=dict)  # kind -> ms per call
    hits: dict[str, float] = field(default_factory=dict)  # kind -> mean Page.total


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def pct(values: Sequence[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def with_schema(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("schema", schema)])))


def conninfo(url: str) -> str:
    """The URL without storyline's own `schema=` parameter, for psycopg."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    scheme = "postgresql" if parts.scheme in ("postgres", "postgresql") else parts.scheme
    return urlunsplit(parts._replace(scheme=scheme, query=urlencode(query)))


def code_version() -> str:
    """The commit the source tree is at, and which store files differ from it (read-only git)."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src/storyline/store"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    changed = [line[3:] for line in dirty if line.strip()]
    return f"git {head or '?'}" + (f" + uncommitted changes in {', '.join(changed)}" if changed else " (store clean)")


def pg_admin(url: str, *statements: str) -> list[tuple[Any, ...]]:
    """Run statements in autocommit on the server (DDL, VACUUM); the last one's rows."""
    rows: list[tuple[Any, ...]] = []
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        for sql in statements:
            cur = conn.execute(sql.encode())
            rows = cur.fetchall() if cur.description else []
    return rows


def write_all(store: Store, items: Items, label: str) -> float:
    """Write `items` in batches of BATCH; articles per second of write_batch wall time."""
    spent = 0.0
    for start in range(0, len(items), BATCH):
        t0 = time.perf_counter()
        store.write_batch(items[start : start + BATCH])
        spent += time.perf_counter() - t0
        done = min(start + BATCH, len(items))
        if done % 20_000 == 0 or done == len(items):
            log(f"  {label}: {done:,} articles, {done / spent:,.0f}/s")
    return len(items) / spent if spent else float("nan")


def queries(pools: synth_store.Pools, items: Items, n: int, rng: random.Random) -> dict[str, tuple[list[str], list[str]]]:
    """(warm-up queries, timed queries) per kind."""
    words = pools.words

    def phrase() -> str:
        toks = tokens(rng.choice(rng.choice(items)[0].paragraphs))
        at = rng.randrange(len(toks) - 1)
        return '"' + " ".join(toks[at : at + 2]) + '"'

    makers: dict[str, Callable[[], str]] = {
        "rare": lambda: rng.choice(words[3000:5000]),
        "two words": lambda: " ".join(rng.sample(words[:1000], 2)),
        "phrase": phrase,
        "prefix": lambda: rng.choice(words[20:1000])[:4] + "*",
    }
    common = words[:20]
    out = {"common": (list(common), [common[i % len(common)] for i in range(n)])}
    for kind, make in makers.items():
        out[kind] = ([make() for _ in range(min(n, 50))], [make() for _ in range(n)])
    return out


def timed(call: Callable[[str], Any], qs: list[str]) -> tuple[list[float], float]:
    """ms per call and the mean Page.total."""
    ms, totals = [], []
    for q in qs:
        t0 = time.perf_counter()
        page = call(q)
        ms.append((time.perf_counter() - t0) * 1000)
        totals.append(page.total)
    return ms, statistics.fmean(totals) if totals else float("nan")


def measure_search(store: Store, qsets: dict[str, tuple[list[str], list[str]]], result: Result,
                   peer: Store | None) -> None:
    def search(q: str) -> Any:
        return store.search(q, limit=20)

    result.search_store = store.count()
    for warm, _ in qsets.values():  # warm-up: every kind, with other queries of the same kind
        timed(search, warm)
    for kind, (_, qs) in qsets.items():
        result.latency[kind], result.hits[kind] = timed(search, qs)
        log(f"  search {kind}: p50 {pct(result.latency[kind], 50):.1f} ms, p99 {pct(result.latency[kind], 99):.1f} ms")
    for kind in WHOLE_KINDS:  # the peer: the same queries with every match ranked together (rank_window=0)
        result.latency[f"{kind}{WHOLE}"], result.hits[f"{kind}{WHOLE}"] = timed(
            lambda q: store.search(q, limit=20, rank_window=0), qsets[kind][1])
        result.latency[f"{kind}{AFTER}"], result.hits[f"{kind}{AFTER}"] = (
            timed(lambda q: peer.search(q, limit=20), qsets[kind][1]) if peer else ([], float("nan")))


def measure_with_peer(store: Store, qsets: dict[str, tuple[list[str], list[str]]], result: Result,
                      open_peer: Callable[[], Store] | None) -> None:
    if open_peer is None:
        measure_search(store, qsets, result, None)
        return
    with open_peer() as peer:
        measure_search(store, qsets, result, peer)


def measure_quotes(store: Store, speakers: tuple[list[str], list[str]], result: Result) -> None:
    def quotes(name: str) -> Any:
        return store.quotes(speaker=name)

    timed(quotes, speakers[0])
    result.latency["quotes"], result.hits["quotes"] = timed(quotes, speakers[1])
    log(f"  quotes: p50 {pct(result.latency['quotes'], 50):.1f} ms, p99 {pct(result.latency['quotes'], 99):.1f} ms")


def run_backend(name: str, open_fresh: Callable[[str], Store], after_load: Callable[[str], None],
                size_mb: Callable[[str], float], drop: Callable[[str], None], plain: Items, annotated: Items,
                qsets: dict[str, tuple[list[str], list[str]]], speakers: tuple[list[str], list[str]],
                open_peer: Callable[[str], Store] | None = None) -> Result:
    """Both timed loads, then the reads; each store is dropped once measured (unless --keep)."""
    result = Result(nlp_count=len(annotated))
    full = len(annotated) == len(plain)  # else searches run on the stripped store, which holds every article
    log(f"{name}:")
    with open_fresh("plain") as store:
        result.plain_rate = write_all(store, plain, "without NLP")
        if not full:
            after_load("plain")
            measure_with_peer(store, qsets, result, open_peer and (lambda: open_peer("plain")))
    drop("plain")
    with open_fresh("nlp") as store:
        result.nlp_rate = write_all(store, annotated, "with NLP")
        after_load("nlp")
        result.size_mb = size_mb("nlp")
        if full:
            measure_with_peer(store, qsets, result, open_peer and (lambda: open_peer("nlp")))
        measure_quotes(store, speakers, result)
    drop("nlp")
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000, help="articles per store (stripped run)")
    ap.add_argument("--nlp-articles", type=int, default=None,
                    help="articles of the annotated run (default: --articles; at most --articles)")
    ap.add_argument("--queries", type=int, default=200, help="timed calls per query kind (and for quotes)")
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test", help="PostgreSQL database URL")
    ap.add_argument("--schema", default="bench_store",
                    help="PostgreSQL schema of the annotated store (the stripped run uses NAME_plain)")
    ap.add_argument("--keep", action="store_true", help="keep the stores (SQLite files, PostgreSQL schemas)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n = args.articles
    n_nlp = n if args.nlp_articles is None else max(1, min(args.nlp_articles, n))

    load_before = os.getloadavg()
    code = code_version()
    server = pg_admin(args.pg, "SELECT version()")[0][0]
    settings = dict(pg_admin(args.pg, "SELECT name, current_setting(name) FROM pg_settings WHERE name IN"
                             " ('shared_buffers', 'work_mem', 'jit', 'autovacuum', 'synchronous_commit')"))

    log(f"generating {n:,} articles (seed {args.seed}) ...")
    t0 = time.perf_counter()
    pools = synth_store.Pools(args.seed)
    annotated: Items = []
    for art in synth_store.articles(n, seed=args.seed):
        annotated.append((art, art.body.encode()))
    plain: Items = [(dataclasses.replace(a, quotes=(), entities=(), places=(), nlp=False), raw) for a, raw in annotated]
    log(f"  {time.perf_counter() - t0:.0f} s")
    rng = random.Random(args.seed)
    qsets = queries(pools, annotated, args.queries, rng)
    people = pools.people
    speakers = (rng.sample(people, 20), [rng.choice(people) for _ in range(args.queries)])

    tmp = Path(tempfile.mkdtemp(prefix="storyline-bench-store-"))
    schemas = {"plain": f"{args.schema}_plain", "nlp": args.schema}

    def sqlite_path(tag: str) -> Path:
        return tmp / f"{schemas[tag]}.db"

    def sqlite_open(tag: str) -> Store:
        return open_store(str(sqlite_path(tag)))

    def sqlite_peer(tag: str) -> Store:
        return SQLiteStore(sqlite_path(tag), count_beside=False)

    def sqlite_size(tag: str) -> float:
        return sum(p.stat().st_size for p in tmp.glob(f"{schemas[tag]}.db*")) / 1e6

    def sqlite_drop(tag: str) -> None:
        if not args.keep:
            for p in tmp.glob(f"{schemas[tag]}.db*"):
                p.unlink()

    def pg_open(tag: str) -> Store:
        pg_admin(args.pg, f'DROP SCHEMA IF EXISTS "{schemas[tag]}" CASCADE')  # a fresh, empty schema
        return open_store(with_schema(args.pg, schemas[tag]))

    def pg_peer(tag: str) -> Store:
        return PostgresStore(with_schema(args.pg, schemas[tag]), count_beside=False)

    def pg_vacuum(tag: str) -> None:
        pg_admin(args.pg, f'SET search_path TO "{schemas[tag]}", public', "VACUUM ANALYZE")

    def pg_size(tag: str) -> float:
        rows = pg_admin(args.pg, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                        " JOIN pg_namespace s ON s.oid = c.relnamespace"
                        f" WHERE s.nspname = '{schemas[tag]}' AND c.relkind IN ('r', 'm')")
        return float(rows[0][0]) / 1e6

    def pg_drop(tag: str) -> None:
        if not args.keep:
            pg_admin(args.pg, f'DROP SCHEMA IF EXISTS "{schemas[tag]}" CASCADE')

    results: dict[str, Result] = {}
    try:
        results["SQLite"] = run_backend("SQLite", sqlite_open, lambda tag: None, sqlite_size, sqlite_drop,
                                        plain, annotated[:n_nlp], qsets, speakers, sqlite_peer)
        results["PostgreSQL"] = run_backend("PostgreSQL", pg_open, pg_vacuum, pg_size, pg_drop,
                                            plain, annotated[:n_nlp], qsets, speakers, pg_peer)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
            for schema in set(schemas.values()):
                pg_admin(args.pg, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    load_after = os.getloadavg()
    report(args, n, n_nlp, results, server, settings, load_before, load_after, qsets, tmp)
    print(f"code: {code} (storyline imported at start: {Path(storyline.__file__).parent})")
    return 0


def report(args: argparse.Namespace, n: int, n_nlp: int, results: dict[str, Result], server: str,
           settings: dict[str, str], load_before: tuple[float, float, float], load_after: tuple[float, float, float],
           qsets: dict[str, tuple[list[str], list[str]]], tmp: Path) -> None:
    lite, pg = results["SQLite"], results["PostgreSQL"]
    loads = " ".join(f"{x:.2f}" for x in load_before), " ".join(f"{x:.2f}" for x in load_after)
    print(f"machine: {os.cpu_count()} cpus; load average (1/5/15 min) before: {loads[0]}, after: {loads[1]}")
    print(f"SQLite {sqlite3.sqlite_version} (file in {tmp if args.keep else tempfile.gettempdir()});"
          f" {server.split(' on ')[0]} at {urlsplit(args.pg).hostname}:{urlsplit(args.pg).port}"
          f" ({', '.join(f'{k}={v}' for k, v in sorted(settings.items()))}; VACUUM ANALYZE after each load)")
    nlp_note = "" if n_nlp == n else (f"; the annotated run writes only the first {n_nlp:,} (searches run on the"
                                      f" stripped store of {n:,}, quotes on the annotated one)")
    print(f"articles: {n:,} per run, batches of {BATCH:,}, seed {args.seed}{nlp_note}; searched store:"
          f" {lite.search_store:,} (SQLite), {pg.search_store:,} (PostgreSQL) articles; {args.queries} timed calls"
          " per query kind, one at a time, after a warm-up")
    print("examples: " + "; ".join(f"{kind}: {', '.join(qs[1][:3])}" for kind, qs in qsets.items()))
    print()
    print(f"{'metric':<42} {'SQLite':>10} {'PostgreSQL':>11} {'PG/SQLite':>10}")

    def line(label: str, a: float, b: float, fmt: str) -> None:
        print(f"{label:<42} {a:>10{fmt}} {b:>11{fmt}} {b / a if a else float('nan'):>10.2f}")

    line(f"bulk write with NLP, {n_nlp:,} docs (docs/s)", lite.nlp_rate, pg.nlp_rate, ",.0f")
    line(f"ingest without NLP, {n:,} docs (docs/s)", lite.plain_rate, pg.plain_rate, ",.0f")
    line("annotated store on disk (MB)", lite.size_mb, pg.size_mb, ",.0f")
    for kind in (*KINDS, *(k + WHOLE for k in WHOLE_KINDS), *(k + AFTER for k in WHOLE_KINDS), "quotes"):
        label = "quotes(speaker=full name)" if kind == "quotes" else f"search {kind}"
        line(f"{label} p50 (ms)", pct(lite.latency[kind], 50), pct(pg.latency[kind], 50), ".1f")
        line(f"{label} p99 (ms)", pct(lite.latency[kind], 99), pct(pg.latency[kind], 99), ".1f")
        line(f"{label} mean matches", lite.hits[kind], pg.hits[kind], ",.0f")
    print("(PG/SQLite: above 1 means PostgreSQL writes faster, or answers slower)")
    print()
    print("targets:")
    for label, a, b in (("with NLP", lite.nlp_rate, pg.nlp_rate), ("without NLP", lite.plain_rate, pg.plain_rate)):
        verdict = "met" if b >= a else "MISSED"
        print(f"  PostgreSQL bulk writes >= SQLite's rate, {label}: {verdict} ({b:,.0f} vs {a:,.0f} docs/s)")
    for name, res in results.items():
        worst = max(KINDS, key=lambda k: pct(res.latency[k], 99))
        misses = [f"{k} {pct(res.latency[k], 99):.1f} ms" for k in KINDS if not pct(res.latency[k], 99) < SEARCH_P99_MS]
        verdict = f"MISSED ({', '.join(misses)})" if misses else f"met (worst: {worst} {pct(res.latency[worst], 99):.1f} ms)"
        print(f"  search p99 < {SEARCH_P99_MS:.0f} ms, {name}: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
