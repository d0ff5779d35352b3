"""NER eval: entity-level P/R/F1 (PER, ORG, LOC) on CoNLL-2003 test and CoNLL++, ours vs raw spaCy sm.

Usage: python eval/ner.py DATA_DIR [--dev] [--limit N]
DATA_DIR is the shared conll2003 folder (see its README.md). Each spaCy Doc is built from the gold
tokens of one sentence (so tokenisation always matches). Label mapping: PERSON->PER, ORG->ORG,
GPE/LOC/FAC->LOC; NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE (CoNLL's MISC) and the numeric
types are left out, and so is gold MISC: only PER, ORG and LOC are scored (exact span and type,
micro-averaged). A MISC-like prediction over a gold PER/ORG/LOC span counts as a miss.
"ours" is storyline.nlp.model.get_nlp() (entity ruler + rule fixes + gazetteer place fixes) with the
article-level label harmonisation of storyline.nlp.coref_entities.harmonise applied to each CoNLL
article's sentences, exactly as extract_entities does on an article's paragraphs; "spacy_sm" is the
same model loaded raw, sentence by sentence. `--dev` also scores the development split (eng.testa),
the only split used for tuning rules. CoNLL text is Reuters': read here, never copied or trained on.
The last line is the metrics line read by eval/gate.py (test set figures; delta = ours - spacy_sm).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc

from storyline.nlp.coref_entities import harmonise
from storyline.nlp.model import MODEL_NAME, get_nlp

TYPES = ("PER", "ORG", "LOC")
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SPORTS = (
    "SOCCER", "CRICKET", "TENNIS", "GOLF", "BASKETBALL", "BASEBALL", "RUGBY", "ATHLETICS", "CYCLING",
    "BOXING", "NFL", "NBA", "NHL", "MOTOR RACING", "MOTORCYCLING", "HORSE RACING", "ICE HOCKEY",
    "HOCKEY", "SKIING", "SWIMMING", "FORMULA", "ALPINE", "BADMINTON", "SQUASH", "ROWING", "SAILING",
    "YACHTING", "TRIATHLON", "VOLLEYBALL", "HANDBALL", "NORDIC", "SPEEDWAY", "GYMNASTICS", "JUDO",
)

Span = tuple[int, int, str]  # token start, end, type


def read_conll(path: Path) -> Iterator[tuple[int, bool, list[str], set[Span]]]:
    """(document index, is_sports, tokens, gold spans) per sentence."""
    doc_i, sports, headline_seen = -1, False, False
    words: list[str] = []
    tags: list[str] = []

    def flush() -> tuple[int, bool, list[str], set[Span]] | None:
        nonlocal headline_seen, sports
        if not words:
            return None
        if not headline_seen:
            head = " ".join(words).upper()
            sports = head.startswith(SPORTS)
            headline_seen = True
        return doc_i, sports, list(words), spans(tags)

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            item = flush()
            if item:
                yield item
            words.clear()
            tags.clear()
            continue
        if parts[0] == "-DOCSTART-":
            doc_i, headline_seen = doc_i + 1, False
            continue
        words.append(parts[0])
        tags.append(parts[-1])
    item = flush()
    if item:
        yield item


def spans(tags: list[str]) -> set[Span]:
    """Entity spans of an IOB tag sequence (IOB1 or IOB2), scored types only."""
    out: set[Span] = set()
    start, typ = None, None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, t = tag.partition("-")
        if start is not None and (kind in ("O", "B") or t != typ):
            if typ in TYPES:
                out.add((start, i, typ))
            start, typ = None, None
        if kind in ("B", "I") and start is None:
            start, typ = i, t
    return out


def predict(nlp: Any, sentences: list[list[str]], articles: list[int] | None = None) -> list[set[Span]]:
    """Entity spans per sentence; with `articles` (article index per sentence), each article's docs
    then go through storyline's document-level label harmonisation, as in `extract_entities`."""
    docs = list(nlp.pipe((Doc(nlp.vocab, words=w) for w in sentences), batch_size=256))
    if articles is not None:
        groups: dict[int, list[Any]] = {}
        for a, doc in zip(articles, docs, strict=True):
            groups.setdefault(a, []).append(doc)
        for group in groups.values():
            harmonise(group)
    return [{(e.start, e.end, LABEL_MAP[e.label_]) for e in doc.ents if e.label_ in LABEL_MAP} for doc in docs]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def score(gold: list[set[Span]], pred: list[set[Span]], keep: list[bool]) -> dict[str, tuple[int, int, int]]:
    counts: dict[str, Counter[str]] = {t: Counter() for t in (*TYPES, "ALL")}
    for g, p, k in zip(gold, pred, keep, strict=True):
        if not k:
            continue
        for typ in TYPES:
            gt, pt = {s for s in g if s[2] == typ}, {s for s in p if s[2] == typ}
            for key, n in (("tp", len(gt & pt)), ("fp", len(pt - gt)), ("fn", len(gt - pt))):
                counts[typ][key] += n
                counts["ALL"][key] += n
    return {t: (c["tp"], c["fp"], c["fn"]) for t, c in counts.items()}


def run(path: Path, systems: dict[str, Any], limit: int | None) -> dict[str, dict[str, float]]:
    rows = list(read_conll(path))
    if limit:
        rows = [r for r in rows if r[0] < limit]
    sentences = [r[2] for r in rows]
    gold = [r[3] for r in rows]
    subsets = {"all": [True] * len(rows), "nosports": [not r[1] for r in rows]}
    n_docs = len({r[0] for r in rows})
    n_nosports = len({r[0] for r in rows if not r[1]})
    print(f"\n{path.name}: {n_docs} articles ({n_nosports} not sports), {len(rows)} sentences")
    print(f"  {'system':<10} {'subset':<9} {'f1':>6} {'prec':>6} {'rec':>6}   " + "  ".join(f"{t:>5}" for t in TYPES))
    results: dict[str, dict[str, float]] = {}
    per_type: dict[str, dict[str, tuple[int, int, int]]] = {}
    for name, nlp in systems.items():
        t0 = time.perf_counter()
        pred = predict(nlp, sentences, [r[0] for r in rows] if name == "ours" else None)
        secs = time.perf_counter() - t0
        for sub, keep in subsets.items():
            counts = score(gold, pred, keep)
            f1, p, r = prf(*counts["ALL"])
            per = "  ".join(f"{prf(*counts[t])[0]:.3f}" for t in TYPES)
            print(f"  {name:<10} {sub:<9} {f1:.3f} {p:.3f} {r:.3f}   {per}" + (f"   ({secs:.1f}s)" if sub == "all" else ""))
            results.setdefault(name, {})[sub] = f1
            if sub == "all":
                per_type[name] = counts
    print(f"  per type (all):  {'system':<10} {'type':<4} {'prec':>6} {'rec':>6} {'f1':>6} {'gold':>6}")
    for name, counts in per_type.items():
        for t in TYPES:
            tp, fp, fn = counts[t]
            f1, p, r = prf(tp, fp, fn)
            print(f"                   {name:<10} {t:<4} {p:.3f} {r:.3f} {f1:.3f} {tp + fn:>6}")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--dev", action="store_true", help="also score eng.testa (the tuning split)")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each file")
    args = ap.parse_args(argv)
    systems = {"ours": get_nlp(), "spacy_sm": spacy.load(MODEL_NAME, exclude=["lemmatizer"])}
    print("ours pipeline:", ", ".join(systems["ours"].pipe_names))
    files = ["eng.testb.txt", "conllpp.testb.txt"] + (["eng.testa.dev.txt"] if args.dev else [])
    missing = [f for f in files if not (args.data_dir / f).is_file()]
    if missing:
        print(f"ner: missing {', '.join(missing)} in {args.data_dir}", file=sys.stderr)
        return 2
    res = {f: run(args.data_dir / f, systems, args.limit) for f in files}
    test, pp = res["eng.testb.txt"], res["conllpp.testb.txt"]
    f1, base = test["ours"]["all"], test["spacy_sm"]["all"]
    print(
        f"conll2003: f1={f1:.3f} spacy_sm_f1={base:.3f} delta={f1 - base:.3f} "
        f"nosports_f1={test['ours']['nosports']:.3f} spacy_sm_nosports_f1={test['spacy_sm']['nosports']:.3f} "
        f"conllpp_f1={pp['ours']['all']:.3f} conllpp_spacy_sm_f1={pp['spacy_sm']['all']:.3f} "
        f"conllpp_delta={pp['ours']['all'] - pp['spacy_sm']['all']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
