"""Story clustering and timeline date-selection eval over ../shared/eval/stories.

Usage: python eval/stories.py DATA_DIR [--thresholds 0.03,0.05,...] [--embeddings] [--t17-dates-only]

UCI News Aggregator subset (headlines with the aggregator's story ids), streamed in timestamp
order through storyline.stories.cluster.StoryClusterer (headline setting: cohesion_power 0.5, so a
broad story's centroid is not penalised against a tight one's): the threshold is chosen on pairwise F1
of the first half of the stream and the clustering is scored (pairwise and B-cubed P/R/F1) on
the second half. Timeline17: for each gold timeline with articles, the articles published in
the timeline's date range, k = its number of dates; dates picked by storyline.stories.dates
(publication volume plus date references in the text) are scored by date F1 (mean over
timelines; also over the even- and odd-numbered topics' timelines); PUBCOUNT (articles per day) is
printed as the reference floor. The T17 articles are
also streamed as full texts through the clusterer (gold = topic; threshold and time decay chosen on
the even-numbered topics, scored with purity on the odd ones). Peer on both clusterings, in the same run: TF-IDF +
agglomerative clustering (eval/story_peer.py), tuned on the same halves.
Last line: `stories: uci_pair_f1=... uci_b3_f1=... uci_vs_tfidf=... t17_date_f1=... t17_stream_f1=...
t17_stream_purity=... t17_stream_vs_tfidf=... uci_split_gain=... t17_stream_split_gain=... articles_per_s=N`
(a split gain: the pair F1 minus that of the same chosen configuration without the split pass).

--embeddings (needs `pip install storyline[embeddings]`) also streams both data sets with dense
embeddings blended into the text score (ClusterConfig.embedding_weight): each article's title and lead
is embedded once (kept in memory); the weight and threshold are chosen on the same tuning halves (T17:
at the time decay chosen there without embeddings), and the last line ends with
`uci_pair_f1_embed=... uci_b3_f1_embed=... t17_stream_f1_embed=... embed_run_s=S` (S: seconds of
these runs, embedding included).

--t17-dates-only runs the Timeline17 date selection alone (about a minute, for working on the ranking) and
ends with `stories_t17_dates: t17_date_f1=... t17_date_f1_even=... t17_date_f1_odd=...` (not a line the
stories gate reads: it lacks the other figures).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from storyline.model import Article, Source  # noqa: E402
from storyline.nlp.temporal import resolve_dates  # noqa: E402
from storyline.stories.cluster import ClusterConfig, StoryClusterer  # noqa: E402
from storyline.stories.dates import key_days, rank_dates  # noqa: E402
from storyline.stories.embed import CachedEmbedder, Embedder, MiniLMEmbedder, embedding_text  # noqa: E402
from storyline.stories.inputs import StoryInput  # noqa: E402
from storyline.stories.summary import MemberSummary, summarize  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import story_peer  # noqa: E402

csv.field_size_limit(1 << 30)
THRESHOLDS = (0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2)
#: (embedding_weight, threshold) tried on the UCI stream's first half with --embeddings.
EMBED_CONFIGS = tuple((w, t) for w in (0.3, 0.5, 0.7) for t in (0.1, 0.15, 0.2, 0.25, 0.3))


def pair_prf(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering against gold labels."""
    def pairs(c: Counter[object]) -> float:
        return sum(v * (v - 1) / 2 for v in c.values())
    tp, pp, gp = pairs(Counter(zip(pred, gold, strict=True))), pairs(Counter(pred)), pairs(Counter(gold))
    p, r = (tp / pp if pp else 0.0), (tp / gp if gp else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed_prf(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (item-averaged)."""
    both = Counter(zip(pred, gold, strict=True))
    cp, cg = Counter(pred), Counter(gold)
    n = len(pred)
    p = sum(both[(a, b)] / cp[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(both[(a, b)] / cg[b] for a, b in zip(pred, gold, strict=True)) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_uci(folder: Path) -> list[tuple[Article, str]]:
    rows = list(csv.DictReader((folder / "uci-news-aggregator.first6366.csv").open(encoding="utf-8")))
    rows.sort(key=lambda r: (int(r["TIMESTAMP"]), int(r["ID"])))
    out = []
    for r in rows:
        sha = hashlib.sha256(("uci" + r["ID"]).encode()).hexdigest()
        pub = datetime.fromtimestamp(int(r["TIMESTAMP"]) / 1000, UTC).isoformat(timespec="seconds")
        art = Article(source=Source(f"uci#{r['ID']}", "row", sha), title=r["TITLE"], published=pub, url=r["URL"])
        out.append((art, r["STORY"]))
    return out


def _cluster_uci(data: Sequence[tuple[Article, str]], config: ClusterConfig,
                 embedder: Embedder | None = None) -> tuple[list[str], float]:
    """Story ids of the UCI headlines streamed through the clusterer, and the seconds it took."""
    started = time.perf_counter()
    clusterer = StoryClusterer(config, embedder=embedder)
    return stream_stories(clusterer, [a for a, _ in data]), time.perf_counter() - started


def stream_stories(clusterer: StoryClusterer, articles: Sequence[Article]) -> list[str]:
    """Each article's final story after streaming them all through the clusterer in order: splits move
    articles (the inputs come from memory here, as the store's lookup gives them in the product), merges
    are resolved at the end."""
    inputs: dict[str, StoryInput] = {}
    clusterer.lookup_inputs = lambda ids: [inputs[i] for i in ids]
    story: dict[str, str] = {}
    for a in articles:
        inp = inputs[a.id] = clusterer.input_of(a)
        story[a.id] = clusterer.place(inp).story_id
        for split in clusterer.splits:
            story.update(dict.fromkeys(split.moved, split.new))
        clusterer.splits.clear()
    return [clusterer.resolve(story[a.id]) for a in articles]


def run_uci(folder: Path, thresholds: Sequence[float], cohesion: float = 0.5) -> dict[str, float]:
    data = load_uci(folder)
    gold = [g for _, g in data]
    half = len(data) // 2
    runs = {}
    for th in thresholds:
        pred, elapsed = _cluster_uci(data, ClusterConfig(threshold=th, cohesion_power=cohesion))
        runs[th] = (pred, elapsed, pair_prf(pred[:half], gold[:half])[2])
        print(f"uci threshold={th:.3f} first-half pair_f1={runs[th][2]:.3f} stories={len(set(pred))}"
              f" ({len(data) / elapsed:.0f} articles/s)")
    best = max(thresholds, key=lambda t: (runs[t][2], -t))
    pred, elapsed, _ = runs[best]
    pp, pr, pf = pair_prf(pred[half:], gold[half:])
    bp, br, bf = bcubed_prf(pred[half:], gold[half:])
    print(f"uci chosen threshold={best} (first half); second half: pair P={pp:.3f} R={pr:.3f} F1={pf:.3f};"
          f" B3 P={bp:.3f} R={br:.3f} F1={bf:.3f}")
    whole, _ = _cluster_uci(data, ClusterConfig(threshold=best, cohesion_power=cohesion, split_threshold=0.0))
    nosplit = pair_prf(whole[half:], gold[half:])[2]
    print(f"uci the same without the split pass: pair F1={nosplit:.3f}; B3 F1={bcubed_prf(whole[half:], gold[half:])[2]:.3f}")
    titles = [a.title or "" for a, _ in data]
    distance, peer = story_peer.tuned((titles[:half], gold[:half]), (titles[half:], gold[half:]), pair_prf, "uci")
    peer_f1, peer_b3 = pair_prf(peer, gold[half:])[2], bcubed_prf(peer, gold[half:])[2]
    print(f"uci peer tfidf+agglomerative distance={distance} (first half); second half: pair F1={peer_f1:.3f};"
          f" B3 F1={peer_b3:.3f}")
    return {"pair_f1": pf, "b3_f1": bf, "articles_per_s": len(data) / elapsed, "peer_pair_f1": peer_f1,
            "nosplit_pair_f1": nosplit}


def run_uci_embed(folder: Path, embedder: CachedEmbedder, cohesion: float = 0.5) -> dict[str, float]:
    """The UCI stream with dense embeddings: weight and threshold chosen on the first half, scored on the second."""
    data = load_uci(folder)
    gold = [g for _, g in data]
    half = len(data) // 2
    embedder.warm([embedding_text(a) for a, _ in data])
    runs = {}
    for w, th in EMBED_CONFIGS:
        pred, elapsed = _cluster_uci(data, ClusterConfig(threshold=th, cohesion_power=cohesion, embedding_weight=w),
                                     embedder)
        runs[w, th] = (pred, pair_prf(pred[:half], gold[:half])[2])
        print(f"uci embeddings weight={w:.2f} threshold={th:.3f} first-half pair_f1={runs[w, th][1]:.3f}"
              f" stories={len(set(pred))} ({len(data) / elapsed:.0f} articles/s)")
    best = max(EMBED_CONFIGS, key=lambda c: (runs[c][1], -c[1], -c[0]))
    pred = runs[best][0]
    pp, pr, pf = pair_prf(pred[half:], gold[half:])
    bp, br, bf = bcubed_prf(pred[half:], gold[half:])
    print(f"uci embeddings chosen weight={best[0]} threshold={best[1]} (first half); second half: pair P={pp:.3f}"
          f" R={pr:.3f} F1={pf:.3f}; B3 P={bp:.3f} R={br:.3f} F1={bf:.3f}")
    return {"pair_f1": pf, "b3_f1": bf}


def load_timeline(path: Path) -> set[date]:
    dates = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        s = line.strip()
        if len(s) == 10 and s[4] == "-" and s[7] == "-":
            try:
                dates.add(date.fromisoformat(s))
            except ValueError:
                pass
    return dates


def _member(name: str, text: str, pub: date) -> MemberSummary:
    """The product's story-member summary of one Timeline17 article: its dates resolved by the NLP
    stage's temporal resolver (no spaCy pass: it needs none), its key-day votes as the product keeps them."""
    art = Article(source=Source(name, "text", hashlib.sha256(name.encode()).hexdigest()),
                  paragraphs=tuple(p for p in text.split("\n\n") if p.strip()) or (text,), published=pub.isoformat())
    return summarize(replace(art, dates=resolve_dates(art)))


def run_t17(folder: Path) -> tuple[float, dict[str, float]]:
    """Mean date F1 over the gold timelines with articles, and the mean over each half of the topics."""
    scores, floors = [], []
    halves: dict[str, list[float]] = {"even": [], "odd": []}  # by the topic's place in name order, as the stream
    for number, csv_path in enumerate(sorted((folder / "articles").glob("*.csv"))):
        topic = csv_path.stem
        articles: list[tuple[date, MemberSummary]] = []
        with csv_path.open(encoding="utf-8", errors="replace") as fh:
            for n, row in enumerate(csv.DictReader(fh)):
                try:
                    pub = date.fromisoformat(row["date"][:10])
                except ValueError:
                    continue
                articles.append((pub, _member(f"{topic}/{n}", row["text"], pub)))
        for tl_path in sorted((folder / "timelines" / topic).glob("*.txt")):
            gold = load_timeline(tl_path)
            if not gold:
                continue
            start, end, k = min(gold), max(gold), len(gold)
            inside = [(p, m) for p, m in articles if start <= p <= end]
            ours = set(key_days([m for _, m in inside], k, start, end))
            pubcount = set(rank_dates(((p, ()) for p, _ in inside), k, start, end))
            f1 = len(ours & gold) / k
            floor = len(pubcount & gold) / k
            scores.append(f1)
            floors.append(floor)
            halves["odd" if number % 2 else "even"].append(f1)
            print(f"t17 {topic}/{tl_path.stem}: k={k} articles={len(inside)} date_f1={f1:.3f} pubcount={floor:.3f}")
    mean = sum(scores) / len(scores) if scores else 0.0
    half_means = {h: sum(v) / max(1, len(v)) for h, v in halves.items()}
    print(f"t17 mean over {len(scores)} timelines: date_f1={mean:.3f} (pubcount {sum(floors) / max(1, len(floors)):.3f});"
          + ";".join(f" {h} topics {half_means[h]:.3f} ({len(v)} timelines)" for h, v in halves.items()))
    return mean, half_means


def purity(pred: Sequence[str], gold: Sequence[str]) -> float:
    """Share of items whose story's most common gold label is their own."""
    both = Counter(zip(pred, gold, strict=True))
    best: dict[str, int] = {}
    for (p, _), n in both.items():
        best[p] = max(best.get(p, 0), n)
    return sum(best.values()) / len(pred) if pred else 0.0


#: (threshold, decay_days) tried on the T17 stream's tuning topics (the default config is among them).
STREAM_CONFIGS = tuple((t, d) for d in (7.0, 14.0, 21.0) for t in (0.04, 0.06, 0.1, 0.15))


#: (threshold, embedding_weight) tried on the T17 stream's tuning topics with --embeddings (at the
#: time decay the sparse stream chose there).
STREAM_EMBED_CONFIGS = tuple((t, w) for w in (0.15, 0.3, 0.5) for t in (0.04, 0.06, 0.1, 0.15))

T17Item = tuple[str, str, int, str, str]  # day, topic, row, headline, body


def _t17_article(item: T17Item) -> Article:
    day, topic, i, head, body = item
    sha = hashlib.sha256(f"t17:{topic}:{i}".encode()).hexdigest()
    return Article(source=Source(f"t17/{topic}#{i}", "row", sha), title=head, paragraphs=(body,), published=day)


def _stream(items: Sequence[T17Item], config: tuple[float, float], weight: float = 0.0,
            embedder: Embedder | None = None, split: bool = True) -> tuple[list[str], float]:
    """Story ids of the T17 articles streamed in time order through the full-text clusterer, and its rate."""
    cfg = ClusterConfig(threshold=config[0], decay_days=config[1], embedding_weight=weight)
    clusterer = StoryClusterer(cfg if split else replace(cfg, split_threshold=0.0), embedder=embedder)
    started = time.perf_counter()
    pred = stream_stories(clusterer, [_t17_article(item) for item in items])
    rate = len(items) / (time.perf_counter() - started)
    return pred, rate


def load_t17_stream(folder: Path) -> tuple[list[T17Item], list[int], list[int]]:
    """The T17 articles in time order, and the positions of the tuning (even) and scored (odd) topics' articles."""
    items = []
    topics = sorted(p.stem for p in (folder / "articles").glob("*.csv"))
    for topic in topics:
        with (folder / "articles" / f"{topic}.csv").open(encoding="utf-8", errors="replace") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                head, _, body = row["text"].partition("\n")
                items.append((row["date"][:10], topic, i, head[:300], body))
    items.sort()
    scored_topics = set(topics[1::2])
    scored = [n for n, it in enumerate(items) if it[1] in scored_topics]
    tune = [n for n, it in enumerate(items) if it[1] not in scored_topics]
    return items, tune, scored


def run_t17_stream(folder: Path) -> dict[str, float]:
    """Story tracking on full articles (gold = topic, which is coarser than an event): storyline's
    full-text clusterer streams every article in time order, its threshold and time decay chosen on
    the even-numbered topics; it and the TF-IDF peer (tuned on the same topics) are scored on the
    odd-numbered ones."""
    items, tune, scored = load_t17_stream(folder)
    gold = [items[n][1] for n in scored]
    runs = {}
    default = (ClusterConfig().threshold, ClusterConfig().decay_days)
    for cfg in STREAM_CONFIGS:
        pred, rate = _stream(items, cfg)
        runs[cfg] = (pred, rate, pair_prf([pred[n] for n in tune], [items[n][1] for n in tune])[2])
        print(f"t17 stream threshold={cfg[0]:.3f} decay_days={cfg[1]:g} even-topics pair_f1={runs[cfg][2]:.3f}"
              f" ({rate:.0f} articles/s)" + (" (the default)" if cfg == default else ""))
    best = max(STREAM_CONFIGS, key=lambda c: (runs[c][2], -c[0], c[1]))
    ours = [runs[best][0][n] for n in scored]
    pp, pr, pf = pair_prf(ours, gold)
    bp, br, bf = bcubed_prf(ours, gold)
    pur = purity(ours, gold)
    default_pred = [runs[default][0][n] for n in scored]
    print(f"t17 stream chosen threshold={best[0]} decay_days={best[1]:g} (even topics); odd topics: pair P={pp:.3f} R={pr:.3f} F1={pf:.3f};"
          f" B3 P={bp:.3f} R={br:.3f} F1={bf:.3f}; purity={pur:.3f}; {len(set(ours))} stories"
          f" (default config: pair F1={pair_prf(default_pred, gold)[2]:.3f},"
          f" purity={purity(default_pred, gold):.3f}, {len(set(default_pred))} stories)")
    whole = _stream(items, best, split=False)[0]
    nosplit = [whole[n] for n in scored]
    print(f"t17 stream the same without the split pass: pair F1={pair_prf(nosplit, gold)[2]:.3f};"
          f" purity={purity(nosplit, gold):.3f}; {len(set(nosplit))} stories")
    text = [f"{it[3]}\n{it[4]}" for it in items]
    distance, peer = story_peer.tuned(([text[n] for n in tune], [items[n][1] for n in tune]),
                                      ([text[n] for n in scored], gold), pair_prf, "t17 stream")
    peer_f1, peer_b3 = pair_prf(peer, gold)[2], bcubed_prf(peer, gold)[2]
    print(f"t17 stream peer tfidf+agglomerative distance={distance} (even topics); odd topics: pair F1={peer_f1:.3f};"
          f" B3 F1={peer_b3:.3f}; purity={purity(peer, gold):.3f}; {len(set(peer))} stories")
    return {"pair_f1": pf, "b3_f1": bf, "purity": pur, "peer_pair_f1": peer_f1, "decay_days": best[1],
            "nosplit_pair_f1": pair_prf(nosplit, gold)[2]}


def run_t17_stream_embed(folder: Path, embedder: CachedEmbedder, decay_days: float) -> dict[str, float]:
    """The T17 stream with dense embeddings: threshold and weight chosen on the even topics, scored on the odd ones."""
    items, tune, scored = load_t17_stream(folder)
    gold = [items[n][1] for n in scored]
    embedder.warm([embedding_text(_t17_article(it)) for it in items])
    runs = {}
    for t, w in STREAM_EMBED_CONFIGS:
        pred, rate = _stream(items, (t, decay_days), w, embedder)
        runs[t, w] = (pred, pair_prf([pred[n] for n in tune], [items[n][1] for n in tune])[2])
        print(f"t17 stream embeddings weight={w:.2f} threshold={t:.3f} decay_days={decay_days:g}"
              f" even-topics pair_f1={runs[t, w][1]:.3f} ({rate:.0f} articles/s)")
    best = max(STREAM_EMBED_CONFIGS, key=lambda c: (runs[c][1], -c[0], -c[1]))
    ours = [runs[best][0][n] for n in scored]
    pp, pr, pf = pair_prf(ours, gold)
    print(f"t17 stream embeddings chosen weight={best[1]} threshold={best[0]} decay_days={decay_days:g} (even topics);"
          f" odd topics: pair P={pp:.3f} R={pr:.3f} F1={pf:.3f}; purity={purity(ours, gold):.3f};"
          f" {len(set(ours))} stories")
    return {"pair_f1": pf}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path, help="../shared/eval/stories")
    ap.add_argument("--thresholds", default=",".join(map(str, THRESHOLDS)), help="UCI thresholds to try")
    ap.add_argument("--cohesion", type=float, default=0.5,
                    help="ClusterConfig.cohesion_power for the headline stream (0: plain centroid cosine)")
    ap.add_argument("--embeddings", action="store_true",
                    help="also cluster with dense embeddings (needs pip install storyline[embeddings])")
    ap.add_argument("--t17-dates-only", action="store_true",
                    help="run only the Timeline17 date selection (its own metrics line, not the stories gate's)")
    args = ap.parse_args(argv)
    if args.t17_dates_only:
        t17, halves = run_t17(args.data_dir / "timeline17")
        print(f"stories_t17_dates: t17_date_f1={t17:.3f} t17_date_f1_even={halves['even']:.3f}"
              f" t17_date_f1_odd={halves['odd']:.3f}")
        return 0
    embedder = CachedEmbedder(MiniLMEmbedder()) if args.embeddings else None  # fails now if the extra is missing
    thresholds = [float(t) for t in args.thresholds.split(",") if t.strip()]
    uci = run_uci(args.data_dir / "uci-news-aggregator-subset", thresholds, args.cohesion)
    t17, _ = run_t17(args.data_dir / "timeline17")
    stream = run_t17_stream(args.data_dir / "timeline17")
    extra = ""
    if embedder is not None:
        started = time.perf_counter()
        uci_embed = run_uci_embed(args.data_dir / "uci-news-aggregator-subset", embedder, args.cohesion)
        stream_embed = run_t17_stream_embed(args.data_dir / "timeline17", embedder, stream["decay_days"])
        embed_run_s = time.perf_counter() - started
        extra = (f" uci_pair_f1_embed={uci_embed['pair_f1']:.3f} uci_b3_f1_embed={uci_embed['b3_f1']:.3f}"
                 f" t17_stream_f1_embed={stream_embed['pair_f1']:.3f} embed_run_s={embed_run_s:.0f}")
    print(f"stories: uci_pair_f1={uci['pair_f1']:.3f} uci_b3_f1={uci['b3_f1']:.3f}"
          f" uci_vs_tfidf={uci['pair_f1'] - uci['peer_pair_f1']:.3f} t17_date_f1={t17:.3f}"
          f" t17_stream_f1={stream['pair_f1']:.3f} t17_stream_purity={stream['purity']:.3f}"
          f" t17_stream_vs_tfidf={stream['pair_f1'] - stream['peer_pair_f1']:.3f}"
          f" uci_split_gain={uci['pair_f1'] - uci['nosplit_pair_f1']:.3f}"
          f" t17_stream_split_gain={stream['pair_f1'] - stream['nosplit_pair_f1']:.3f}"
          f" articles_per_s={uci['articles_per_s']:.0f}" + extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
