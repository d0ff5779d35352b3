"""Time expressions on TempEval-3 TBAQ-cleaned: storyline's spans and TIMEX3 values against the gold, relative to the DCT.

Usage: python eval/temporal.py ../shared/eval/temporal/tempeval3-train [--verbose] [--no-official]

Data: TBAQ-cleaned/TimeBank/*.tml (183) and TBAQ-cleaned/AQUAINT/*.tml (73); the stray copy in
TBAQ-cleaned/testpipeline/ is not read. Gold: every <TIMEX3> inside <TEXT> (the DCT's t0 is not an
expression to find; the official scorer skips it too).

Input to the product: each document's TEXT with its tags stripped and entities decoded (the text a
reader sees), cut into paragraphs the way the text-dump stage does (blank-line blocks, or lines when
there is none; "\\n" to space, whitespace runs to one space, stripped; storyline.extract.textdump's
split_blocks and normalise_ws), every character keeping its offset in that text. No headline,
dateline or trailer handling is applied. The Article gets published = the DCT's value and goes
through the NLP stage's own path for dates: storyline.nlp.budget.plan, then
storyline.nlp.temporal.resolve_dates on the planned paragraphs, as annotate._finish/_annotate do.
resolve_dates ignores its spaCy docs argument, so no parse is run.

Values: storyline's TimeExpression.value is already TIMEX3 syntax for each precision (day
YYYY-MM-DD, week YYYY-Www or YYYY-Www-WE, month YYYY-MM, quarter YYYY-Qn, season YYYY-SU, year
YYYY, decade 199, century 19, reference PRESENT_REF/PAST_REF/FUTURE_REF, time YYYY-MM-DDTHH:MM or
YYYY-MM-DDTEV) and is written unchanged (None -> empty value, which never equals gold's). An
expression of precision "time" is written type="TIME", every other one type="DATE"; storyline has
no duration or set notion, so those values are never produced.

Matching (own implementation): a gold and a system expression pair up the way TE3's
TimeML-Normalizer gives them one tid (read from its bytecode): expressions are taken in order of
start (gold first at equal starts); one that starts inside an already-seen expression of the other
side takes its id, unless its side's previous expression already took that id; so pairs overlap and
are one-to-one, greedy left to right. It works on character offsets where the normalizer works on
its tokens (it can differ only when a span starts or ends inside a token). Strict: identical span
(the scorer compares the pair's texts).
Value correct: paired and value strings equal. As in evaluate_entities.py (UzZaman et al. 2013):
relaxed P = pairs/system, R = pairs/gold; value accuracy = value-correct/pairs; value F1 = value
accuracy * relaxed F1 (= 2*value-correct/(gold+system), pairs being one-to-one).

Views. "DATE+TIME" (the target): gold of type DATE and TIME only; a system expression whose
overlapping gold are all DURATION or SET is left out (storyline finding "the past year" where the
gold is a duration P1Y is neither rewarded nor punished there); one overlapping no gold at all
stays, as a false positive. "all types": every gold TIMEX3 and every system expression, as the
official scorer counts them.

Official scorer: unless --no-official, TE3-evaluation.py (Python 2; it calls `python`, java and
perl) runs on a copy of scorer/ in a temporary folder, with a `python` that is Python 2 first on
PATH, over (a) the original gold files against system files holding only storyline's TIMEX3 (all
types) and (b) gold files holding only their DATE/TIME TIMEX3 (anchorTimeID/beginPoint/endPoint to
left-out expressions dropped: the normalizer's schema check rejects them) against the filtered system
files (DATE+TIME). System files hold no EVENT or TLINK, so its event and relation scores are
meaningless and not shown. It takes one to two minutes; its timex lines are printed next to ours (on this
data they agree with ours to the count); if it cannot run, the reason is printed.
The last line is the metrics line read by eval/gate.py (DATE+TIME figures unless prefixed all_).
Code: reading the .tml files, matching and the views are in eval/te3_data.py, the official scorer in
eval/te3_official.py; both are imported as sibling modules (eval/ is sys.path[0] when run as above).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from te3_data import SCORED, SUBSETS, Doc, Result, Timex, div, evaluate, read_corpus
from te3_official import official_figures

from storyline.model import Article, Source, TimeExpression
from storyline.nlp.budget import plan
from storyline.nlp.temporal import PATTERNS, resolve_dates
from storyline.settings import Settings

TYPES = ("DATE", "TIME", "DURATION", "SET")
REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
BLANK = re.compile(r"\n[ \t\u00a0]*\n")  # as storyline.extract.textdump._BLANK
SPACE = re.compile(r"[ \t\n\u00a0\u2000-\u200a\u202f\u205f\u3000]")  # textdump._WS, plus "\n" made a space
VALUE_SHAPES = {"day": r"\d{4}-\d\d-\d\d", "week": r"\d{4}-W\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}"}
KINDS = tuple((kind, re.compile(p, re.I)) for kind, p in PATTERNS)


# ---------------------------------------------------------------- running storyline

def paragraphs(plain: str) -> list[tuple[str, list[int]]]:
    """The text-dump stage's paragraphs of `plain`, each with the plain offset of every character."""
    sep = BLANK if BLANK.search(plain) else re.compile("\n")
    out, pos = [], 0
    for m in [*sep.finditer(plain), None]:
        para = _collapse(plain, pos, m.start() if m else len(plain))
        if para[0]:
            out.append(para)
        pos = m.end() if m else pos
    return out


def _collapse(plain: str, start: int, end: int) -> tuple[str, list[int]]:
    chars: list[str] = []
    offs: list[int] = []
    for i in range(start, end):
        ch = plain[i]
        if ch == "\r" or (SPACE.match(ch) and (not chars or chars[-1] == " ")):
            continue
        chars.append(" " if SPACE.match(ch) else ch)
        offs.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        offs.pop()
    return "".join(chars), offs


def run_storyline(doc: Doc, settings: Settings) -> list[Timex]:
    """storyline's expressions for one document, as TIMEX3 on the document's plain-text offsets."""
    paras = paragraphs(doc.plain)
    sha = hashlib.sha256(doc.plain.encode("utf-8")).hexdigest()
    article = Article(source=Source(path=doc.path.name, format="text", sha256=sha), published=doc.dct,
                      paragraphs=tuple(p for p, _ in paras))
    view = replace(article, paragraphs=plan(article, settings).paragraphs)
    out = []
    for te in resolve_dates(view):
        offs = paras[te.paragraph][1]
        start, end = offs[te.start], offs[te.end - 1] + 1
        kind = pattern_kind(view.paragraphs[te.paragraph], te)
        out.append(Timex(start, end, doc.plain[start:end], "TIME" if te.precision == "time" else "DATE",
                        timex3_value(te), kind=kind))
    return out


def timex3_value(te: TimeExpression) -> str:
    """The TIMEX3 value of a storyline TimeExpression: its ISO value as is (empty when unresolved)."""
    value = te.value or ""
    shape = VALUE_SHAPES.get(te.precision)
    if value and (shape is None or not re.fullmatch(shape, value)):
        print(f"note: value {value!r} with precision {te.precision!r} is not the expected TIMEX3 shape",
              file=sys.stderr)
    return value


def pattern_kind(para: str, te: TimeExpression) -> str:
    """Which of storyline.nlp.temporal.PATTERNS found the expression (earliest start, then pattern order)."""
    best: tuple[int, int, str] | None = None
    for order, (kind, rx) in enumerate(KINDS):
        for pos in range(max(0, te.start - 16), te.start + 1):
            m = rx.match(para, pos)
            if m and m.end() == te.end and (best is None or (pos, order) < best[:2]):
                best = (pos, order, kind)
                break
    return best[2] if best else "?"


# ---------------------------------------------------------------- tables

HEAD = f"{'view':<22}{'n_gold':>7}{'n_sys':>7}{'rel_P':>7}{'rel_R':>7}{'rel_F1':>7}{'str_F1':>7}{'val_acc':>8}{'val_F1':>7}"


def print_views(res: Result) -> None:
    print(HEAD)
    for view, label in (("dt", "DATE+TIME"), ("all", "all types")):
        for subset in (None, *SUBSETS):
            sc = res.score(view, subset)
            f = sc.figures()
            print(f"{label + ' ' + (subset or 'all'):<22}{sc.gold:>7}{sc.system:>7}{f['relaxed_p']:>7.3f}"
                  f"{f['relaxed_r']:>7.3f}{f['relaxed_f1']:>7.3f}{f['strict_f1']:>7.3f}{f['value_acc']:>8.3f}"
                  f"{f['value_f1']:>7.3f}")


def print_types(res: Result) -> None:
    print("\nper gold type (recall side; DATE/TIME in the DATE+TIME view, the others in all types)")
    print(f"{'type':<10}{'n_gold':>7}{'rel_R':>7}{'str_R':>7}{'val_acc':>8}{'val_R':>7}")
    for typ in TYPES:
        n = rel = strict = val = 0
        for _doc, gold, _system, pairs in res.views["dt" if typ in SCORED else "all"]:
            n += sum(g.type == typ for g in gold)
            mine = [(g, s) for g, s in pairs if g.type == typ]
            rel += len(mine)
            strict += sum((g.start, g.end) == (s.start, s.end) for g, s in mine)
            val += sum(g.value == s.value for g, s in mine)
        print(f"{typ:<10}{n:>7}{div(rel, n):>7.3f}{div(strict, n):>7.3f}{div(val, rel):>8.3f}{div(val, n):>7.3f}")


def print_kinds(res: Result) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for _doc, _gold, system, pairs in res.views["dt"]:
        paired = {id(s): g for g, s in pairs}
        for s in system:
            c = counts[s.kind]
            g = paired.get(id(s))
            c.update(n=1, matched=g is not None, strict=g is not None and (g.start, g.end) == (s.start, s.end),
                     value=g is not None and g.value == s.value)
    print("\nper storyline pattern (storyline.nlp.temporal.PATTERNS; DATE+TIME view)")
    print(f"{'pattern':<10}{'n_sys':>7}{'matched':>8}{'strict':>7}{'val_ok':>7}{'rel_P':>7}{'val_P':>7}")
    for kind, c in sorted(counts.items(), key=lambda kc: -kc[1]["n"]):
        print(f"{kind:<10}{c['n']:>7}{c['matched']:>8}{c['strict']:>7}{c['value']:>7}"
              f"{div(c['matched'], c['n']):>7.3f}{div(c['value'], c['n']):>7.3f}")


# ---------------------------------------------------------------- error classes (--verbose)

WORD_SHAPES = (
    (re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)"), "YYYY"),
    (re.compile(r"\d+"), "N"),
    (re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
                r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?"), "MONTH"),
    (re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"), "WEEKDAY"),
    (re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b"), "ORD"),
    (re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty"
                r"|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b"), "NUM"),
    (re.compile(r"NUM(?:[\s-]+NUM)+"), "NUM"),
)


def text_shape(text: str) -> str:
    s = " ".join(text.lower().split())
    for rx, repl in WORD_SHAPES:
        s = rx.sub(repl, s)
    return s


def value_shape(value: str) -> str:
    return re.sub(r"\d", "9", value) or "(empty)"


def precision_of(value: str) -> str | None:
    return next((p for p, shape in VALUE_SHAPES.items() if re.fullmatch(shape, value)), None)


def period(value: str) -> tuple[date, date] | None:
    """The first and last day of a storyline-shaped value (year, month, ISO week, day)."""
    try:
        prec = precision_of(value)
        if prec == "year":
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if prec == "month":
            y, m = int(value[:4]), int(value[5:7])
            return date(y, m, 1), date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        if prec == "week":
            first = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return first, first + timedelta(days=6)
        if prec == "day":
            return date.fromisoformat(value), date.fromisoformat(value)
    except ValueError:
        return None
    return None


SPECIAL_GOLD = ((r"X", "gold underspecified (X)"), (r"-Q[\dX]", "gold quarter (YYYY-Qn)"),
                (r"-H\d", "gold half-year"), (r"-(?:SU|WI|FA|SP)$", "gold season"),
                (r"-WE$", "gold weekend (YYYY-Www-WE)"), (r"^\d{2,3}$", "gold decade/century"),
                (r"^P", "gold duration value"))


def value_error(gold: str, system: str) -> str:
    """A label for why a paired expression's value is wrong."""
    if not system:
        return "storyline gave no value"
    if gold in REFS:
        return f"gold {gold}"
    if "T" in gold:
        return "gold time of day, storyline its day" if gold.split("T")[0] == system else "gold time of day, other day"
    label = next((lab for rx, lab in SPECIAL_GOLD if re.search(rx, gold)), None)
    gp, sp = period(gold), period(system)
    if label or gp is None or sp is None:
        return label or f"gold {value_shape(gold)}"
    gprec, sprec = precision_of(gold), precision_of(system)
    if gprec != sprec:
        where = "overlapping" if sp[0] <= gp[1] and gp[0] <= sp[1] else "other"
        return f"storyline {sprec} for gold {gprec} ({where} period)"
    return _offset(gprec or "", gp[0], sp[0])


def _offset(prec: str, gold: date, system: date) -> str:
    if prec == "day":
        d = (system - gold).days
        if abs(d) == 7:
            return f"day off by {d:+d} (weekday resolved the other way)"
        return f"day off by {d:+d}" if abs(d) < 7 else f"day off by {'+' if d > 0 else '-'}>7"
    if prec == "month":
        d = (system.year - gold.year) * 12 + system.month - gold.month
        return f"month off by {d:+d}" if abs(d) <= 12 else f"month off by {'+' if d > 0 else '-'}>12"
    if prec == "week":
        return f"week off by {(system - gold).days // 7:+d}"
    return f"year off by {system.year - gold.year:+d}"


_MONTHS_WEEKDAYS = WORD_SHAPES[2][0].pattern + "|" + WORD_SHAPES[3][0].pattern
MISS_CLASSES: tuple[tuple[str, str, str], ...] = (  # (label, regex on the value, regex on the lower-cased text)
    ("PRESENT_REF/PAST_REF/FUTURE_REF word (now, currently, recently, the future)", r"^(?:PRESENT|PAST|FUTURE)_REF$", ""),
    ("quarter or half (the third quarter, third-quarter, the latest quarter)", r"-[QH][\dX]", r"quarter"),
    ("time of day (7:15 p.m., mid afternoon)", r"T", r"\d:\d\d|\b[ap]\.m\."),
    ("spelled-out year (nineteen ninety-six, the year two thousand)", "", r"nineteen|two thousand"),
    ("decade or century (1990s, the late 1970s, the nineties, 20th century)", r"^\d{2,3}X*$", r"\d0s|centur|decade|ties\b"),
    ("season (this summer, last fall)", r"-(?:SU|WI|FA|SP)$", ""),
    ("weekend (the weekend, over the weekend)", "", r"weekend"),
    ("anchored on another time (a year earlier, year-ago, the following year, that year, then)", "",
     r"\b(?:earlier|ago|following|previous|prior|same|that|then|later)\b"),
    ("year without a lead word the year pattern knows (1996, fiscal 1989, for 1988, into 1990)", "",
     r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)"),
    ("period word (the year, the fiscal year, the full year, year-end, the period)", "", r"\b(?:year|period|fiscal)"),
    ("month or weekday form not matched (last May, ...)", "", _MONTHS_WEEKDAYS),
)


def miss_class(t: Timex) -> str:
    low = t.text.lower()
    for label, on_value, on_text in MISS_CLASSES:
        if (on_value and re.search(on_value, t.value)) or (on_text and re.search(on_text, low)):
            return label
    return "other (day, days, the time, recent, ...)"


def print_groups(title: str, groups: dict[str, list[str]], top: int) -> None:
    total = sum(len(v) for v in groups.values())
    print(f"\n{title}: {total} in {len(groups)} groups (top {top})")
    for key, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]:
        print(f"  {len(items):>4}  {key:<52} e.g. {' | '.join(dict.fromkeys(items))[:140]}")


def diagnosis(res: Result) -> dict[str, dict[str, list[str]]]:
    """Misses, wrong values, false positives and partial spans of the DATE+TIME view, grouped."""
    g: dict[str, dict[str, list[str]]] = {k: defaultdict(list) for k in (
        "miss_class", "miss_text", "miss_value", "wrong", "false_pos", "partial")}
    for doc, gold, system, pairs in res.views["dt"]:
        paired_gold, paired_sys = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
        for t in gold:
            if id(t) not in paired_gold:
                g["miss_class"][miss_class(t)].append(f"{t.text}={t.value}")
                g["miss_text"][f"{t.type} {text_shape(t.text)}"].append(f"{t.text}={t.value}")
                g["miss_value"][f"{t.type} {value_shape(t.value)}"].append(f"{t.text}={t.value}")
        for t in system:
            if id(t) not in paired_sys:
                g["false_pos"][f"{t.kind}: {text_shape(t.text)}"].append(t.text)
        for a, b in pairs:
            if a.value != b.value:
                g["wrong"][f"{b.kind}: {value_error(a.value, b.value)}"].append(
                    f"{b.text}: {a.value}->{b.value or '-'} (DCT {doc.dct[:10]})")
            if (a.start, a.end) != (b.start, b.end):
                g["partial"][f"{b.kind}"].append(f"gold '{a.text}' / ours '{b.text}'")
    return g


def print_losses(res: Result) -> None:
    g = diagnosis(res)
    counts = {k: sum(len(v) for v in g[k].values()) for k in ("miss_class", "wrong", "false_pos", "partial")}
    print(f"\nDATE+TIME losses: missed {counts['miss_class']}, wrong value {counts['wrong']}, "
          f"false positives {counts['false_pos']}, partial spans {counts['partial']} (--verbose: by pattern)")


def print_diagnosis(res: Result) -> None:
    g = diagnosis(res)
    print_groups("missed DATE/TIME gold, by class", g["miss_class"], 20)
    print_groups("missed DATE/TIME gold, by text pattern", g["miss_text"], 40)
    print_groups("missed DATE/TIME gold, by value shape", g["miss_value"], 20)
    print_groups("wrong values, by storyline pattern and error class", g["wrong"], 40)
    print_groups("false positives (no gold overlap), by storyline pattern and text", g["false_pos"], 25)
    print_groups("partial spans (relaxed, not strict), by storyline pattern", g["partial"], 12)


# ---------------------------------------------------------------- main

def metrics_line(res: Result, official: dict[str, dict[str, float]], docs: int, seconds: float) -> str:
    dt, every = res.score("dt"), res.score("all")
    f, fa = dt.figures(), every.figures()
    parts = [f"{k}={f[k]:.3f}" for k in ("value_f1", "relaxed_f1", "strict_f1", "value_acc", "relaxed_p", "relaxed_r")]
    parts += [f"n_gold={dt.gold}", f"n_sys={dt.system}"]
    parts += [f"all_{k}={fa[k]:.3f}" for k in ("value_f1", "relaxed_f1", "strict_f1", "value_acc")]
    parts += [f"all_n_gold={every.gold}", f"all_n_sys={every.system}"]
    for view, prefix in (("dt", "official_"), ("all", "official_all_")):
        if view in official:
            parts += [f"{prefix}{k}={official[view][k]:.3f}" for k in ("value_f1", "relaxed_f1", "strict_f1")]
    parts += [f"docs={docs}", f"seconds={seconds:.1f}"]
    return "temporal: " + " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("folder", type=Path, help="the tempeval3-train folder (holding TBAQ-cleaned/ and scorer/)")
    ap.add_argument("--verbose", action="store_true", help="misses, wrong values and false positives by pattern")
    ap.add_argument("--no-official", action="store_true", help="do not run the official TE3 scorer")
    ap.add_argument("--python2", default=None, help="the Python 2 interpreter for the official scorer")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    try:
        docs = read_corpus(args.folder)
    except (OSError, ValueError, ET.ParseError) as exc:
        print(f"temporal: cannot read {args.folder}: {exc}", file=sys.stderr)
        return 2
    settings = Settings()
    run_start = time.perf_counter()
    for doc in docs:
        doc.system = run_storyline(doc, settings)
    run_s = time.perf_counter() - run_start
    res = evaluate(docs)
    types = Counter(t.type for d in docs for t in d.gold)
    print(f"TempEval-3 TBAQ-cleaned: {len(docs)} docs ({', '.join(f'{sum(d.subset == s for d in docs)} {s}' for s in SUBSETS)}); "
          f"gold TIMEX3 in TEXT: {sum(types.values())} ({', '.join(f'{t} {types[t]}' for t in TYPES)}); "
          f"storyline: {sum(len(d.system) for d in docs)} expressions in {run_s:.2f}s")
    print_views(res)
    print_types(res)
    print_kinds(res)
    print_losses(res)
    if args.verbose:
        print_diagnosis(res)
    official = {} if args.no_official else official_figures(args.folder, res, docs, args.python2)
    print(metrics_line(res, official, len(docs), time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
