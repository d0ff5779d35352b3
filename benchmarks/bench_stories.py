"""Story clustering throughput and peak memory at 10k and 100k synthetic articles, each in a fresh process.

Synthetic stream (deterministic, `random.Random(seed)`, generated lazily: never held as a list):

* a vocabulary of 40,000 pseudo-words; "background" words are drawn Zipf-like (rank^-1.1) from it;
* latent stories: each has 25 topic words (drawn uniformly from the vocabulary, so mostly rare) and
  a lifetime of 2-10 days; a new story starts with probability 1/20 per article, so about 5% of
  articles open a story and about 150-250 stories are active at any time;
* articles arrive in time order, one every 90 seconds (100k articles span about 104 days); each is
  drawn from a random active story: a 9-word title (5 topic + 4 background words) and a 160-word
  body (35% topic words, 65% background); published timestamps are ISO 8601 with seconds;
* 8% of articles are syndicated copies of a recent article of the same story (same body with a
  wire dateline prefix and a sentence changed), which the near-duplicate index should group.

For each size, a child process builds the stream and feeds it to
`storyline.stories.cluster.StoryClusterer().add` (the stage that ingest runs, without SQLite),
timing only the clustering. `add` first derives the article's StoryInput (term counts, MinHash
signature, keys: in ingest the workers make it and the store keeps it) and then places it; both are
timed, and placing alone is reported too: it is the single writer's sequential share (in wall time
and in the process's CPU time, which other jobs on a shared machine do not inflate). It reports articles/s, ru_maxrss before and after (MB), the number of
stories, the articles found to be near-duplicates, pairwise precision/recall/F1 against the latent
stories (a sanity check, not a quality claim), articles/s and peak RSS after each tenth of the stream,
and the size of the state the store would save (JSON, after `prune()`). Cost per article and memory
depend on the stories active in the clusterer's 30-day window, not on how many came before:
candidates come from an inverted index over the terms of recently active stories (at most 16 scored
in full), never all pairs, and `prune()` forgets idle stories, their members, link keys and merge
records (the store answers for them from SQL), and the dedup index keeps 10 days of signatures.
The window fills after about 29k articles (one every 90 s), so the per-tenth rate of the 100k run
falls over its first third and then stays roughly flat, and its peak RSS grows until about 40k
articles and then levels off (about 240-250 MB; what still creeps is the benchmark's own lists of
100k predicted and gold labels); the saved state is about 42 MB then (the window's ~29k articles:
about 1.4 KB each, mostly story centroids of up to 800 terms), where an unbounded state would hold
the whole corpus. The 10k run never fills the window (150 MB, 15 MB of state); a 200k run
(`--sizes 200000`) peaks at about 250 MB with the same 42 MB of state.

    python benchmarks/bench_stories.py [--sizes 10000,100000] [--seed 0]

Last line: `stories_bench: articles_per_s_small=N articles_per_s_large=N peak_rss_mb_small=N
peak_rss_mb_large=N`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from storyline.model import Article, Source  # noqa: E402

VOCAB = 40_000
_LETTERS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


def _word(i: int) -> str:
    out = []
    i += 1
    while i:
        i, r = divmod(i, len(_LETTERS) * len(_VOWELS))
        out.append(_LETTERS[r % len(_LETTERS)] + _VOWELS[r // len(_LETTERS)])
    return "".join(out) + "n"


def stream(n: int, seed: int = 0) -> Iterator[tuple[Article, int]]:
    """(article, latent story number) pairs in time order; see the module docstring."""
    rng = random.Random(seed)
    words = [_word(i) for i in range(VOCAB)]
    cum = list(accumulate(1.0 / (r + 1) ** 1.1 for r in range(VOCAB)))
    start = datetime(2020, 1, 1)
    active: list[tuple[int, list[str], float]] = []  # (story, topic words, end time in days)
    recent: dict[int, list[str]] = {}
    next_story = 0
    for i in range(n):
        t = i * 90 / 86400
        active = [s for s in active if s[2] >= t]
        if not active or rng.random() < 1 / 20:
            active.append((next_story, rng.sample(words, 25), t + rng.uniform(2, 10)))
            next_story += 1
        story, topic, _ = rng.choice(active)
        published = (start + timedelta(days=t)).isoformat(timespec="seconds")
        sha = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()
        if story in recent and rng.random() < 0.08:
            title, body = recent[story]
            body = "WIRE - " + body.replace(" ", " also ", 1)
            title = title + " (wire)"
        else:
            title = " ".join(rng.sample(topic, 5) + rng.choices(words, cum_weights=cum, k=4))
            body = " ".join(rng.choice(topic) if rng.random() < 0.35 else rng.choices(words, cum_weights=cum)[0]
                            for _ in range(160))
            recent[story] = [title, body]
        yield Article(source=Source(f"synth/{i}", "text", sha), title=title, paragraphs=(body,),
                      published=published), story


def pair_prf(pred: list[str], gold: list[int]) -> tuple[float, float, float]:
    def pairs(c: Counter[object]) -> float:
        return sum(v * (v - 1) / 2 for v in c.values())
    tp, pp, gp = pairs(Counter(zip(pred, gold, strict=True))), pairs(Counter(pred)), pairs(Counter(gold))
    p, r = tp / pp if pp else 0.0, tp / gp if gp else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(n: int, seed: int) -> dict[str, float]:
    from storyline.stories.cluster import StoryClusterer
    from storyline.stories.inputs import StoryInput

    clusterer = StoryClusterer()
    window: dict[str, str] = {}  # the window members' inputs a split reads, as JSON (in ingest the store answers)
    clusterer.lookup_inputs = lambda ids: [StoryInput.from_json(window[i]) for i in ids]
    rss_before = _rss_mb()
    pred: list[str] = []
    where: dict[str, int] = {}
    gold: list[int] = []
    elapsed = placing = placing_cpu = 0.0
    duplicates = 0
    tenth, marks, rss = max(1, n // 10), [], []
    for i, (article, story) in enumerate(stream(n, seed)):
        started = time.perf_counter()
        inp = clusterer.input_of(article)  # what add() derives first; in ingest, the workers' share
        window[article.id] = replace(inp, signature=b"", summary="", embedding_text="").to_json()  # as stored
        derived, cpu = time.perf_counter(), time.process_time()
        where[article.id] = len(pred)
        pred.append(clusterer.place(inp).story_id)
        for split in clusterer.splits:
            for moved in split.moved:
                pred[where[moved]] = split.new
        clusterer.splits.clear()
        done = time.perf_counter()
        placing_cpu += time.process_time() - cpu
        elapsed += done - started
        placing += done - derived
        duplicates += clusterer.duplicate_of(article.id) is not None
        gold.append(story)
        if (i + 1) % 5000 == 0:  # the clusterer prunes every 5000: keep the inputs of its window only
            window = {a: window[a] for a in clusterer.assignment}
        if (i + 1) % tenth == 0:
            marks.append(elapsed)
            rss.append(_rss_mb())
    deciles = [tenth / (b - a) for a, b in zip([0.0, *marks], marks, strict=False) if b > a]
    peak = _rss_mb()
    clusterer.prune()  # what the store does after each run before saving
    state_mb = len(json.dumps(clusterer.state_dict())) / 1e6
    pred = [clusterer.resolve(s) for s in pred]
    p, r, f = pair_prf(pred, gold)
    return {"n": n, "articles_per_s": n / elapsed, "seconds": elapsed, "placing_per_s": n / placing,
            "placing_seconds": placing, "placing_cpu_per_s": n / placing_cpu, "rss_before_mb": rss_before,
            "peak_rss_mb": peak, "rss_tenths": rss, "state_mb": state_mb, "stories": len(set(pred)), "latent_stories": len(set(gold)),
            "duplicates": duplicates, "pair_p": p, "pair_r": r, "pair_f1": f,
            "decile_rates": deciles}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.seed)))
        return 0
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--child", str(n), "--seed", str(args.seed)],
                             check=True, capture_output=True, text=True, env=dict(os.environ)).stdout
        res = json.loads(out.strip().splitlines()[-1])
        results.append(res)
        print(f"{n} articles: {res['articles_per_s']:.0f} articles/s ({res['seconds']:.1f} s),"
              f" peak RSS {res['peak_rss_mb']:.0f} MB (before {res['rss_before_mb']:.0f} MB),"
              f" {res['stories']} stories for {res['latent_stories']} latent, {res['duplicates']} duplicates,"
              f" pair P={res['pair_p']:.3f} R={res['pair_r']:.3f} F1={res['pair_f1']:.3f}")
        print(f"    placing the stored inputs alone (the single writer's sequential share):"
              f" {res['placing_per_s']:.0f} articles/s ({res['placing_seconds']:.1f} s),"
              f" {res['placing_cpu_per_s']:.0f} articles/s of its CPU time")
        print(f"    articles/s per tenth of the stream: {' '.join(f'{r:.0f}' for r in res['decile_rates'])}")
        print(f"    peak RSS (MB) after each tenth: {' '.join(f'{r:.0f}' for r in res['rss_tenths'])};"
              f" saved state {res['state_mb']:.1f} MB of JSON")
    small, large = results[0], results[-1]
    print(f"stories_bench: articles_per_s_small={small['articles_per_s']:.0f}"
          f" articles_per_s_large={large['articles_per_s']:.0f} placing_per_s_large={large['placing_per_s']:.0f}"
          f" placing_cpu_per_s_large={large['placing_cpu_per_s']:.0f}"
          f" peak_rss_mb_small={small['peak_rss_mb']:.0f}"
          f" peak_rss_mb_large={large['peak_rss_mb']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
