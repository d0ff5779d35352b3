"""Throughput of text-dump cleaning on one core: `storyline.pipeline.extract` over synthetic dumps.

Documents: `--docs` synthetic text dumps made deterministically from samples/seed-palmyra.txt by
benchmarks/synth.py (names, numbers, paragraph order and count, date line, sign-off and the
leaked PHP var_dump feed vary per document; a few have a truncated feed, no feed, or mojibake;
see synth.py's docstring). They are generated before timing; generation is not measured.

Measured: `extract(RawDocument(path, data))` for every document (decode, mojibake repair,
format sniffing, headline/date/sign-off/leak/related extraction, language id, final checks),
single process, pinned to one CPU. A short warm-up pass (loading the language-id model, compiling
regexes) is not timed. `--rounds` timed passes alternate with the peer's; the median is reported.

Peer, in the same run over the same documents: `ftfy.fix_text` (the settings storyline's repair
uses) on the decoded text, then a split into whitespace-normalised paragraphs at blank lines --
the cheapest plain "clean a text dump" baseline. It does strictly less than storyline (no
headline, date, sign-off or leak handling, no language id; it leaves the leaked feed in the
body), so ratio = storyline docs/s / peer docs/s says what the full extraction costs relative to
bare repair + split. Note storyline itself only runs ftfy when a document has suspect
characters, while the peer runs it on every document.

    python benchmarks/bench_clean.py [--docs 3000] [--seed 0] [--rounds 3] [--profile]

Last line: `clean: docs_per_s=N mb_per_s=N peer=NAME peer_docs_per_s=N ratio=N`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ftfy  # noqa: E402
from synth import documents  # noqa: E402

from storyline.model import Failure, RawDocument  # noqa: E402
from storyline.pipeline import extract  # noqa: E402
from storyline.settings import Settings  # noqa: E402

PEER_NAME = "ftfy.fix_text+paragraph_split"
TARGET_DOCS_PER_S = 1_000
_BLANK = re.compile(r"\n[ \t]*\n+")
_SPACE = re.compile(r"\s+")


def peer_clean(data: bytes) -> list[str]:
    """The peer: repair with ftfy, split at blank lines, normalise whitespace."""
    text = ftfy.fix_text(data.decode("utf-8", "replace"), uncurl_quotes=False, normalization="NFC")
    return [p for p in (_SPACE.sub(" ", block).strip() for block in _BLANK.split(text)) if p]


def pin_one_cpu() -> str:
    """Pin this process to one CPU (the first it may use); say which, or why not."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to cpu {cpu}"


def timed(fn: Callable[[RawDocument], object], docs: Sequence[RawDocument]) -> float:
    start = time.perf_counter()
    for doc in docs:
        fn(doc)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=3000, help="number of synthetic documents (default 3000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic generator (default 0)")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes each for storyline and peer (median)")
    ap.add_argument("--profile", action="store_true", help="also cProfile one storyline pass, print hot spots")
    args = ap.parse_args(argv)

    pinned = pin_one_cpu()
    settings = Settings()
    docs = list(documents(args.docs, args.seed))
    total_bytes = sum(len(d.data) for d in docs)
    print(f"documents: {len(docs)} synthetic seed-like dumps (seed {args.seed}), "
          f"{total_bytes / 1e6:.2f} MB, mean {total_bytes / len(docs):,.0f} bytes; {pinned}")

    # Warm-up (not timed): language-id model, regex compilation, ftfy tables.
    for doc in docs[:50]:
        extract(doc, settings)
        peer_clean(doc.data)

    # Sanity: what the timed work produced (so the figure is for real extraction, not failures).
    results = [extract(d, settings) for d in docs]
    failed = sum(isinstance(r, Failure) for r in results)
    arts = [r for r in results if not isinstance(r, Failure)]
    print(f"check: {len(arts)} articles, {failed} failed, "
          f"{sum(bool(a.related) for a in arts)} with related items, "
          f"{sum(a.published is not None for a in arts)} dated, "
          f"{sum(a.signoff is not None for a in arts)} with sign-off, "
          f"{sum(len(a.paragraphs) for a in arts) / max(1, len(arts)):.1f} paragraphs each")
    del results, arts

    ours: list[float] = []
    peer: list[float] = []
    for r in range(args.rounds):
        ours.append(timed(lambda d: extract(d, settings), docs))
        peer.append(timed(lambda d: peer_clean(d.data), docs))
        print(f"round {r + 1}: storyline {len(docs) / ours[-1]:,.0f} docs/s, peer {len(docs) / peer[-1]:,.0f} docs/s")

    t_ours, t_peer = statistics.median(ours), statistics.median(peer)
    dps, peer_dps = len(docs) / t_ours, len(docs) / t_peer
    mbps = total_bytes / t_ours / 1e6
    print(f"storyline extract: {dps:,.0f} docs/s, {mbps:.2f} MB/s, {t_ours / len(docs) * 1e3:.3f} ms/doc "
          f"(target >= {TARGET_DOCS_PER_S:,} docs/s: {'met' if dps >= TARGET_DOCS_PER_S else 'NOT met'})")
    print(f"peer {PEER_NAME}: {peer_dps:,.0f} docs/s, {total_bytes / t_peer / 1e6:.2f} MB/s")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for doc in docs:
            extract(doc, settings)
        prof.disable()
        stats = pstats.Stats(prof, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(20)
        stats.sort_stats("cumulative").print_stats(30)

    print(f"clean: docs_per_s={dps:.0f} mb_per_s={mbps:.2f} peer={PEER_NAME} "
          f"peer_docs_per_s={peer_dps:.0f} ratio={dps / peer_dps:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
