"""TempEval-3 data for eval/temporal.py: reading the TBAQ-cleaned .tml files, gold/system alignment and the scored views."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SUBSETS = ("TimeBank", "AQUAINT")
SCORED = ("DATE", "TIME")
MARKUP = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)/?>|&(?:#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);")
ATTR = re.compile(r'([\w:]+)="([^"]*)"')
TEXT = re.compile(r"(?s)^(.*?<TEXT>)(.*?)(</TEXT>.*)$")


@dataclass(frozen=True)
class Timex:
    """One expression: offsets in the document's plain text, type, value; storyline's pattern or gold's attributes."""

    start: int
    end: int
    text: str
    type: str
    value: str
    kind: str = ""
    attrs: str = ""


@dataclass
class Doc:
    """One .tml file: the raw parts around TEXT, its tag-free text (plain, and bare with entities kept), gold."""

    path: Path
    subset: str
    dct: str
    head: str
    bare: str
    plain: str
    to_bare: list[int]
    gold: list[Timex]
    system: list[Timex] = field(default_factory=list)


@dataclass
class Score:
    """Counts for span and value metrics over a set of documents."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0

    def add(self, gold: list[Timex], system: list[Timex], pairs: list[tuple[Timex, Timex]]) -> None:
        self.gold += len(gold)
        self.system += len(system)
        self.relaxed += len(pairs)
        self.strict += sum((g.start, g.end) == (s.start, s.end) for g, s in pairs)
        self.value += sum(g.value == s.value for g, s in pairs)

    def figures(self) -> dict[str, float]:
        p, r = div(self.relaxed, self.system), div(self.relaxed, self.gold)
        sp, sr = div(self.strict, self.system), div(self.strict, self.gold)
        acc = div(self.value, self.relaxed)
        return {"relaxed_p": p, "relaxed_r": r, "relaxed_f1": _f1(p, r), "strict_p": sp, "strict_r": sr,
                "strict_f1": _f1(sp, sr), "value_acc": acc, "value_f1": acc * _f1(p, r),
                "value_p": div(self.value, self.system), "value_r": div(self.value, self.gold)}


def div(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0



# ---------------------------------------------------------------- reading the .tml files

def read_doc(path: Path, subset: str) -> Doc:
    raw = path.read_text(encoding="utf-8")
    m = TEXT.match(raw)
    if not m:
        raise ValueError(f"{path}: no <TEXT>")
    bare, plain, to_bare, gold = parse_text(m.group(2))
    root = ET.fromstring(raw)
    text_el, dct_el = root.find("TEXT"), root.find("DCT/TIMEX3")
    if text_el is None or dct_el is None or "".join(text_el.itertext()) != plain:
        raise ValueError(f"{path}: TEXT or DCT does not read back as parsed")
    return Doc(path, subset, dct_el.get("value", ""), m.group(1), bare, plain, to_bare, gold)


def parse_text(raw: str) -> tuple[str, str, list[int], list[Timex]]:
    """(bare, plain, plain->bare offsets with one for the end, gold TIMEX3) of a TEXT element's content."""
    bare: list[str] = []
    plain: list[str] = []
    to_bare: list[int] = []
    gold: list[Timex] = []
    nbare, pos, opened = 0, 0, (0, "")
    for m in [*MARKUP.finditer(raw), None]:
        chunk = raw[pos : m.start() if m else len(raw)]
        to_bare += range(nbare, nbare + len(chunk))
        bare.append(chunk)
        plain.append(chunk)
        nbare += len(chunk)
        if m is None:
            break
        pos = m.end()
        if m.group(0).startswith("&"):
            to_bare.append(nbare)
            bare.append(m.group(0))
            plain.append(html.unescape(m.group(0)))
            nbare += len(m.group(0))
        elif m.group(2) == "TIMEX3" and not m.group(1):
            opened = (len(to_bare), m.group(3))
        elif m.group(2) == "TIMEX3":
            gold.append(_gold_timex("".join(plain), *opened))
    to_bare.append(nbare)
    return "".join(bare), "".join(plain), to_bare, gold


def _gold_timex(plain: str, start: int, attrs: str) -> Timex:
    a = dict(ATTR.findall(attrs))
    return Timex(start, len(plain), plain[start:], a.get("type", ""), a.get("value", ""), attrs=attrs)


def read_corpus(folder: Path) -> list[Doc]:
    root = folder / "TBAQ-cleaned" if (folder / "TBAQ-cleaned").is_dir() else folder
    docs = [read_doc(p, sub) for sub in SUBSETS for p in sorted((root / sub).glob("*.tml"))]
    if not docs:
        raise FileNotFoundError(f"no {'/'.join(SUBSETS)} .tml files under {root}")
    return docs

# ---------------------------------------------------------------- matching and views

def align(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """Gold-system pairs as TE3's TimeML-Normalizer shares tids between them (see eval/temporal.py's docstring)."""
    sides = (gold, system)
    ids: tuple[dict[int, int], dict[int, int]] = ({}, {})
    last, nxt = [0, 0], 1
    for start, side, i in sorted([(g.start, 0, i) for i, g in enumerate(gold)]
                                 + [(s.start, 1, i) for i, s in enumerate(system)]):
        other = 1 - side
        hit = next((ids[other][k] for k, x in enumerate(sides[other])
                    if k in ids[other] and x.start <= start < x.end), 0)
        if hit and hit > last[side]:
            ids[side][i] = hit
        else:
            ids[side][i], nxt = nxt, nxt + 1
        last[side] = ids[side][i]
    sys_of = {v: k for k, v in ids[1].items()}
    return [(gold[i], system[sys_of[v]]) for i, v in sorted(ids[0].items()) if v in sys_of]


def _overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def scored_view(doc: Doc) -> tuple[list[Timex], list[Timex]]:
    """DATE/TIME gold, and the system expressions not overlapping only DURATION/SET gold."""
    gold = [g for g in doc.gold if g.type in SCORED]
    others = [g for g in doc.gold if g.type not in SCORED]
    system = [s for s in doc.system
              if any(_overlaps(s, g) for g in gold) or not any(_overlaps(s, g) for g in others)]
    return gold, system


@dataclass
class Result:
    """The pairs of one view over all documents, kept per document for the breakdowns."""

    views: dict[str, list[tuple[Doc, list[Timex], list[Timex], list[tuple[Timex, Timex]]]]] = field(
        default_factory=lambda: defaultdict(list))

    def score(self, view: str, subset: str | None = None) -> Score:
        sc = Score()
        for doc, gold, system, pairs in self.views[view]:
            if subset is None or doc.subset == subset:
                sc.add(gold, system, pairs)
        return sc


def evaluate(docs: list[Doc]) -> Result:
    res = Result()
    for doc in docs:
        for view, (gold, system) in (("dt", scored_view(doc)), ("all", (doc.gold, doc.system))):
            res.views[view].append((doc, gold, system, align(gold, system)))
    return res

