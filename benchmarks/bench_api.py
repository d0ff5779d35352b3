"""Load test of the JSON API on loopback: requests/s and p50/p99 latency per endpoint at N concurrent clients.

    python benchmarks/bench_api.py [--db PATH|URL] [--articles 100000] [--clients 50] [--requests 3000] [--seconds 30]

Builds (or tops up) a synthetic store with benchmarks/synth_store.py (see its docstring for how the
articles are generated) -- a SQLite file, or PostgreSQL with `--db postgresql://...[?schema=NAME]` --,
starts `uvicorn storyline.web.app:app_from_env` in a subprocess on a free loopback port (the store is
passed as STORYLINE_DB), then for each endpoint runs --clients concurrent keep-alive clients until
--requests responses or --seconds have passed, whichever comes first (after a short warm-up):

* article: GET /api/articles/{id}, ids drawn at random from the --articles synthetic ones (synth_store
  computes them without reading the store);
* search:  GET /api/articles?q=..., one- and two-word queries over people's and places' names and
  mid-frequency vocabulary (SQLite: FTS5, bm25 ranking; PostgreSQL: tsvector, ts_rank; snippets, 20 results);
* quotes:  GET /api/quotes?speaker=..., a person's full name (substring match over speakers and aliases).

Targets (issue 6): p99 < 100 ms for single-article reads, < 300 ms for search, at 50 clients.
Client and server share the machine, so the figures include the load generator's own CPU use
(the clients speak minimal keep-alive HTTP/1.1 over asyncio streams to keep that small). Latency
columns are measured by the client (queueing included); "srv" columns are the app's own time per
request, from the Server-Timing header the app sends.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_store  # noqa: E402

TARGETS_MS = {"article": 100.0, "search": 300.0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _samples(count: int, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """Article ids, search queries and speaker names of a synthetic store of `count` articles (no database read)."""
    known = synth_store.samples(count)
    people = rng.sample(known.people, 300)
    places = rng.sample(known.places, 100)
    mid = synth_store.Pools().words[200:2000]  # neither stop-word-like nor vanishingly rare
    queries = ([p.split()[1] for p in people[:100]] + places + rng.sample(mid, 100)
               + [f"{a} {b}" for a, b in zip(rng.sample(mid, 100), rng.sample(mid, 100), strict=True)])
    return known.ids, queries, people


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str
               ) -> tuple[int, float | None]:
    """One keep-alive HTTP/1.1 GET: (status, server-side ms from the Server-Timing header)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, server_ms = 0, None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "server-timing" and "dur=" in value:
            server_ms = float(value.split("dur=")[1].split(",")[0])
    await reader.readexactly(length)
    return status, server_ms


async def _load(host: str, port: int, make_url: Callable[[random.Random], str], clients: int, requests: int,
                seconds: float, seed: int) -> tuple[list[float], list[float], int, float]:
    """Client-side latencies (s), server-side times (ms), error count and wall time for one endpoint.

    Each client is one keep-alive connection speaking minimal HTTP/1.1 over asyncio streams (a
    full HTTP client library costs more CPU than the server under test on a small machine).
    """
    rng = random.Random(seed)
    latencies: list[float] = []
    server: list[float] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal issued, errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while issued < requests and time.perf_counter() < deadline:
                issued += 1
                url = make_url(rng)
                t0 = time.perf_counter()
                try:
                    status, took = await _get(reader, writer, host, url)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                    continue
                if status == 200:
                    latencies.append(time.perf_counter() - t0)
                    if took is not None:
                        server.append(took)
                else:
                    errors += 1
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, server, errors, time.perf_counter() - start


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "storyline-bench-api.db"),
                    help="SQLite file path or postgresql:// URL (optionally ?schema=NAME)")
    ap.add_argument("--articles", type=int, default=100_000, help="store size (built or topped up if smaller)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients")
    ap.add_argument("--requests", type=int, default=3000, help="requests per endpoint (upper bound)")
    ap.add_argument("--seconds", type=float, default=30.0, help="time per endpoint (upper bound)")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--endpoints", default="article,search,quotes")
    args = ap.parse_args()

    total = synth_store.build(args.db, args.articles)
    rng = random.Random(1)
    ids, queries, people = _samples(args.articles, rng)
    port = _free_port()
    env = {**os.environ, "STORYLINE_DB": args.db}
    env.pop("STORYLINE_TOKEN", None)
    cmd = [sys.executable, "-m", "uvicorn", "storyline.web.app:app_from_env", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(args.workers)]
    server = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/stories", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        endpoints: dict[str, Callable[[random.Random], str]] = {
            "article": lambda r: f"/api/articles/{r.choice(ids)}",
            "search": lambda r: "/api/articles?" + urlencode({"q": r.choice(queries)}),
            "quotes": lambda r: "/api/quotes?" + urlencode({"speaker": r.choice(people)}),
        }
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"store: {total:,} articles in {args.db}; server: uvicorn, {args.workers} worker(s); "
              f"{args.clients} concurrent clients; cpus: {os.cpu_count()}")
        print(f"{'endpoint':<9} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
              f"{'p99 ms':>8} {'max ms':>8} {'srv p50':>8} {'srv p99':>8}  target")
        failed = False
        for n, name in enumerate(args.endpoints.split(",")):
            make = endpoints[name]
            asyncio.run(_load("127.0.0.1", port, make, args.clients, 200, 10, seed=100 + n))  # warm-up
            lat, srv, errors, wall = asyncio.run(
                _load("127.0.0.1", port, make, args.clients, args.requests, args.seconds, seed=n))
            ms = [x * 1000 for x in lat]
            p99 = _pct(ms, 99)
            target = TARGETS_MS.get(name)
            verdict = "-" if target is None else (f"p99 < {target:.0f} ms: " + ("ok" if p99 < target else "MISSED"))
            failed |= target is not None and not p99 < target
            print(f"{name:<9} {len(lat) + errors:>8} {errors:>6} {len(lat) / wall:>8.1f} {_pct(ms, 50):>8.1f} "
                  f"{_pct(ms, 90):>8.1f} {p99:>8.1f} {max(ms, default=float('nan')):>8.1f} {_pct(srv, 50):>8.2f} "
                  f"{_pct(srv, 99):>8.2f}  {verdict}")
        return 0 if not failed else 3
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
