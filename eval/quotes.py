"""Quotation eval: direct / mixed / indirect attributions on PolNeAR, ours vs textacy's direct quotes.

Usage: python eval/quotes.py DATA_DIR [--split test|dev|train] [--limit N] [--no-peer]
DATA_DIR is the shared PolNeAR folder (../shared/eval/quotes/polnear; see its README.md). It is read,
never copied: PolNeAR has no licence, so no text of it may enter this repository.

Gold: for each article the .ann file whose annotator id sorts first (the README's fixed choice);
every `E` line is one attribution: its Content (+ Content2) spans, possibly discontinuous, and its
Source span when there is one. Gold type follows the README heuristic on the content: direct when
every fragment starts with an opening and ends with a closing double quotation mark, mixed when
some double quotation marks occur, indirect otherwise. Double quotation marks here are “ ” " « »
and the PTB-style `` and '' (one outlet opens and closes quotes with ''), so the per-type counts
differ a little from the README's table (test: 397 direct, 279 mixed, 1,368 indirect).

Input: the article text split into paragraphs at blank lines (the headline is paragraph 0; single
newlines inside a paragraph become spaces, so offsets stay the same), parsed with the shared pipeline
(`get_nlp().pipe`) and run through the full NLP pass (`annotate_docs`: entities, quotes, places,
dates) - that whole pass is what docs/s times. The scored quotes are the same ones extract_quotes
returns (nested attributions folded into their outer quote as `source`, not scored on their own),
taken from `storyline.nlp.quotes.attributions`, which also carries the speaker mention's offsets.

Matching (applied identically to ours and to textacy; the span rules were fixed before any tuning,
speaker rules (b)-(d) were added while tuning on train/dev, after error lists showed position-only
judging marking the same person named at another spot as wrong):
* span overlap: a predicted and a gold content overlap when they share at least one non-space
  character; pairs are matched one-to-one, greedily by largest overlap. P = matched predictions /
  predictions, R = matched gold / gold. Per type: recall over gold of that type, precision over
  predictions of that kind (our `kind`; textacy's are all direct). The stricter `@0.3`, `@0.5`
  and `@0.8` columns need the overlap to cover that share of the longer of the two spans' non-space
  characters; @0.3 and @0.8 are the GenderGapTracker's two thresholds (its own set: 83.7 / 76.1).
* exact: contents equal once leading/trailing whitespace and punctuation (quotation marks, commas,
  full stops) are stripped from each fragment; one-to-one. Fragments that only spaces and punctuation
  part are one fragment first (on both sides): PolNeAR cuts a content at each sentence ("A. | B.",
  about 30 dev attributions), which is the same text as one span "A. B."; added 2026-12-06 (dev exact
  +0.005, nothing else moves).
* speaker accuracy: over overlap-matched pairs whose gold attribution has a Source span, the share
  where our speaker mention (a) overlaps the gold Source span, or (b) is the same name string as
  the gold source mentioned elsewhere (case-insensitive; never for pronouns, since two "he"s may be
  different people), or (c) is the noun a gold relative pronoun ("who", "which") attaches to, right
  before it, or (d) our canonical name is a full name (two words or more) whose last word is one of
  the capitalised words of a non-pronoun gold source ("Trump" for Donald Trump, "Dr. Ward" for
  Kelli Ward - the same person named elsewhere). A gold pronoun is only matched by position, so a
  pronoun counts when we point at the pronoun the annotators marked. textacy gives no canonical
  names, so (d) never applies to it. On our side (d) adds 0.002 on dev and 0.009 on test
  (test without it: 0.912).
* textacy: `textacy.extract.triples.direct_quotations` on the plain spaCy model, paragraph by
  paragraph (on a whole article it raises on any odd count of quotation marks; a paragraph where it
  raises yields nothing), in the same run; its content and speaker tokens are scored the same way.
The last line is the metrics line read by eval/gate.py (the split given, default test).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.model import Article, Source
from storyline.nlp.annotate import annotate_docs
from storyline.nlp.model import MODEL_NAME, get_nlp
from storyline.nlp.quotes import attributions

TYPES = ("direct", "mixed", "indirect")
THRESHOLDS = (0.3, 0.5, 0.8)  # overlap shares for the stricter span F1s
_OPEN = ("“", '"', "``", "«", "''")  # some outlets open with '' as well as close with it
_CLOSE = ("”", '"', "''", "»")
_DOUBLE = re.compile(r"[“”\"«»]|``|''")
_STRIP = " \t\n“”\"'`‘’«»,.;:!?—–-"
_T = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E = re.compile(r"^(E\d+)\t(.*)$")

Chars = frozenset[int]


@dataclass
class Item:
    """One attribution: content fragments (global char ranges), type, source span."""

    frags: list[tuple[int, int]]
    kind: str
    source: tuple[int, int] | None
    cue: str = ""
    name: str = ""  # our speaker's canonical name (predictions only)
    chars: Chars = field(default=frozenset())
    norm: str = ""


def _chars(text: str, frags: list[tuple[int, int]]) -> Chars:
    return frozenset(i for s, e in frags for i in range(s, e) if not text[i].isspace())


def _norm(text: str, frags: list[tuple[int, int]]) -> str:
    return " | ".join(" ".join(text[s:e].split()).strip(_STRIP) for s, e in _joined(text, frags))


def _joined(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fragments in order, two joined when only spaces and punctuation part them: the annotators cut a
    content at each sentence ("A. | B."), a tokenisation artefact rather than a different span."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        if out and not text[out[-1][1] : s].strip(_STRIP):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def gold_type(text: str, frags: list[tuple[int, int]]) -> str:
    parts = [text[s:e].strip() for s, e in frags]
    if parts and all(p.startswith(_OPEN) and p.endswith(_CLOSE) for p in parts):
        return "direct"
    return "mixed" if any(_DOUBLE.search(p) for p in parts) else "indirect"


def read_ann(path: Path, text: str) -> list[Item]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := _T.match(line):
            frags = [tuple(map(int, f.split())) for f in m.group(3).split(";")]
            spans[m.group(1)] = (m.group(2), [(a, b) for a, b in frags])
        elif m := _E.match(line):
            events.append(m.group(2).split())
    out = []
    for roles in events:
        frags: list[tuple[int, int]] = []
        source = None
        cue = ""
        for r in roles:
            role, _, ref = r.partition(":")
            if ref not in spans:
                continue
            if role.startswith("Content"):
                frags += spans[ref][1]
            elif role == "Cue":
                cue = " ".join(text[a:b] for a, b in spans[ref][1])
            elif role == "Source":
                fs = spans[ref][1]
                source = (fs[0][0], fs[-1][1])
        if frags:
            out.append(Item(sorted(frags), gold_type(text, frags), source, cue))
    return out


def articles(data: Path, split: str, limit: int | None) -> Iterator[tuple[str, str, list[Item]]]:
    texts = sorted((data / split / "text").glob("*.txt"))[: limit or None]
    for t in texts:
        anns = sorted((data / split / "attributions").glob(t.stem + "_*.ann"))
        if not anns:
            continue
        text = t.read_text(encoding="utf-8")
        yield t.stem, text, read_ann(anns[0], text)


def paragraphs(text: str) -> tuple[list[str], list[int]]:
    """Blank-line separated blocks (single newlines as spaces) and their offsets in text."""
    paras, offs = [], []
    for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", text, re.S):
        paras.append(m.group().replace("\n", " "))
        offs.append(m.start())
    return paras, offs


def our_items(name: str, text: str, nlp: Any) -> tuple[list[Item], float]:
    paras, offs = paragraphs(text)
    art = Article(source=Source(name, "text", "0" * 64), paragraphs=tuple(paras))
    t0 = time.perf_counter()
    docs = list(nlp.pipe(paras))
    done = annotate_docs(art, docs)
    elapsed = time.perf_counter() - t0
    out = []
    for a in attributions(art, docs, done.entities):
        if a.nested:
            continue
        frags = [(offs[p] + s, offs[p] + e) for p, s, e in a.pieces]
        src = None
        if a.speaker is not None:
            src = (offs[a.speaker.paragraph] + a.speaker.start, offs[a.speaker.paragraph] + a.speaker.end)
        out.append(Item(frags, a.kind, src, a.cue or "", a.speaker.speaker.name if a.speaker else ""))
    return out, elapsed


def textacy_items(text: str, peer: Any) -> tuple[list[Item], float]:
    from textacy.extract.triples import direct_quotations

    paras, offs = paragraphs(text)
    t0 = time.perf_counter()
    triples = []
    for off, doc in zip(offs, peer.pipe(paras), strict=True):
        try:
            triples += [(off, tr) for tr in direct_quotations(doc)]
        except ValueError:  # textacy bails out on an odd number of quotation marks
            continue
    elapsed = time.perf_counter() - t0
    out = []
    for off, tr in triples:
        if not tr.content:
            continue
        frags = [(off + tr.content[0].idx, off + tr.content[-1].idx + len(tr.content[-1].text))]
        src = None
        if tr.speaker:
            src = (off + tr.speaker[0].idx, off + tr.speaker[-1].idx + len(tr.speaker[-1].text))
        out.append(Item(frags, "direct", src))
    return out, elapsed


_PRONOUNS = frozenset("i you he she it we they me him her us them who which that".split())
_RELATIVE = frozenset({"who", "which", "that"})


def same_speaker(text: str, gold: tuple[int, int], ours: tuple[int, int], name: str = "") -> bool:
    """Our speaker mention names the gold source: see the module docstring."""
    if ours[0] < gold[1] and gold[0] < ours[1]:
        return True
    g = " ".join(text[gold[0] : gold[1]].split()).strip(_STRIP).lower()
    o = " ".join(text[ours[0] : ours[1]].split()).strip(_STRIP).lower()
    if g in _RELATIVE:
        return ours[1] <= gold[0] and not text[ours[1] : gold[0]].strip(" ,")
    if g in _PRONOUNS:
        return False
    if g == o:
        return True
    surname = _name_tokens(name)[-1:] if " " in name.strip() else []
    return bool(surname) and surname[0] in _name_tokens(text[gold[0] : gold[1]])


def _name_tokens(s: str) -> list[str]:
    """Capitalised words of a name, lowercased, possessives and punctuation stripped."""
    words = [w.strip(_STRIP).removesuffix("’s").removesuffix("'s") for w in s.split()]
    return [w.lower() for w in words if w[:1].isupper() and not w.endswith(".")]


def _strict(pairs: list[tuple[int, int, int]], gold: list[Item], pred: list[Item], share: float) -> list[int]:
    """[matched, predictions, gold] when a match needs `share` of the longer span's characters."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    for ov, i, j in pairs:
        if i in used_g or j in used_p or ov < share * max(len(gold[i].chars), len(pred[j].chars)):
            continue
        used_g.add(i)
        used_p.add(j)
    return [len(used_g), len(pred), len(gold)]


@dataclass
class Score:
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("all", *TYPES), 0))
    pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("all", *TYPES), 0))
    hit_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("all", *TYPES), 0))
    hit_pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("all", *TYPES), 0))
    strict: dict[float, list[int]] = field(default_factory=lambda: {t: [0, 0, 0] for t in THRESHOLDS})
    exact: list[int] = field(default_factory=lambda: [0, 0, 0])
    speaker: list[int] = field(default_factory=lambda: [0, 0])  # right, judged
    seconds: float = 0.0
    docs: int = 0

    def add(self, text: str, gold: list[Item], pred: list[Item]) -> None:
        for it in gold + pred:
            it.chars = _chars(text, it.frags)
            it.norm = _norm(text, it.frags)
        for g in gold:
            self.gold["all"] += 1
            self.gold[g.kind] += 1
        for p in pred:
            self.pred["all"] += 1
            self.pred[p.kind] += 1
        pairs = sorted(((len(g.chars & p.chars), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
                        if g.chars & p.chars), reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _ov, i, j in pairs:
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            g, p = gold[i], pred[j]
            for key in ("all", g.kind):
                self.hit_gold[key] += 1
            for key in ("all", p.kind):
                self.hit_pred[key] += 1
            if g.source is not None:
                self.speaker[1] += 1
                if p.source is not None and same_speaker(text, g.source, p.source, p.name):
                    self.speaker[0] += 1
        for t in THRESHOLDS:  # stricter overlap (a share of the longer span), one-to-one
            self.strict[t] = [a + b for a, b in zip(self.strict[t], _strict(pairs, gold, pred, t), strict=True)]
        golds: dict[str, int] = {}
        for g in gold:
            golds[g.norm] = golds.get(g.norm, 0) + 1
        for p in pred:
            if golds.get(p.norm, 0) > 0:
                golds[p.norm] -= 1
                self.exact[0] += 1
        self.exact[1] += len(pred)
        self.exact[2] += len(gold)

    def prf(self, key: str) -> tuple[float, float, float]:
        p = self.hit_pred[key] / self.pred[key] if self.pred[key] else 0.0
        r = self.hit_gold[key] / self.gold[key] if self.gold[key] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @staticmethod
    def f1(counts: list[int]) -> float:
        m, np_, ng = counts
        p = m / np_ if np_ else 0.0
        r = m / ng if ng else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_acc(self) -> float:
        return self.speaker[0] / self.speaker[1] if self.speaker[1] else 0.0

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the PolNeAR folder")
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--limit", type=int, default=None, help="first N articles only (for quick tuning runs)")
    ap.add_argument("--no-peer", action="store_true", help="skip textacy")
    args = ap.parse_args(argv)
    nlp = get_nlp()
    peer = None
    if not args.no_peer:
        import spacy

        peer = spacy.load(MODEL_NAME)
    ours, theirs = Score(), Score()
    for _name, text, _gold in articles(args.data, args.split, 3):  # warm-up, untimed
        list(nlp.pipe(paragraphs(text)[0]))
    for name, text, gold in articles(args.data, args.split, args.limit):
        pred, secs = our_items(name, text, nlp)
        ours.add(text, gold, pred)
        ours.seconds += secs
        ours.docs += 1
        if peer is not None:
            tpred, tsecs = textacy_items(text, peer)
            theirs.add(text, [Item(g.frags, g.kind, g.source) for g in gold], tpred)
            theirs.seconds += tsecs
            theirs.docs += 1
    label = f"polnear-{args.split}"
    print(f"{label} ({ours.docs} articles, {ours.gold['all']} gold attributions)")
    print(f"{'system':10} {'type':9} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6} {'f1':>6}")
    rows = [("storyline", ours)] + ([("textacy", theirs)] if peer is not None else [])
    for sys_name, sc in rows:
        for key in ("all", *TYPES):
            p, r, f = sc.prf(key)
            print(f"{sys_name:10} {key:9} {sc.gold[key]:5d} {sc.pred[key]:5d} {p:6.3f} {r:6.3f} {f:6.3f}")
        at = " ".join(f"f1_all@{t}={sc.f1(sc.strict[t]):.3f}" for t in THRESHOLDS)
        print(f"{sys_name:10} {at} exact_f1={sc.f1(sc.exact):.3f} "
              f"speaker_acc={sc.speaker_acc:.3f} ({sc.speaker[0]}/{sc.speaker[1]}) docs_per_s={sc.docs_per_s:.1f}")
    t_f1 = theirs.prf("all")[2] if peer is not None else 0.0
    print(f"{label}: f1_all={ours.prf('all')[2]:.3f} f1_direct={ours.prf('direct')[2]:.3f} "
          f"f1_mixed={ours.prf('mixed')[2]:.3f} f1_indirect={ours.prf('indirect')[2]:.3f} "
          f"exact_f1={ours.f1(ours.exact):.3f} f1_at03={ours.f1(ours.strict[0.3]):.3f} "
          f"f1_at08={ours.f1(ours.strict[0.8]):.3f} speaker_acc={ours.speaker_acc:.3f} "
          f"docs_per_s={ours.docs_per_s:.1f} textacy_f1_all={t_f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
