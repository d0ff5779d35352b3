"""Geoparsing eval: storyline's place recognition and geocoding on the LGL, GeoVirus and TR-News corpora.

Usage: python eval/geo_public.py DATA_DIR [--limit N] [--verbose]
DATA_DIR is the shared geo folder (../shared/eval/geo; see its README.md): lgl.xml, GeoVirus.xml and
TR-News.xml, read with xml.etree and never copied. Each <article>'s <text> is split into paragraphs
at line breaks (LGL and GeoVirus texts have none; TR-News has one paragraph a line), each paragraph
stripped of surrounding white space, its offset in the text kept, and the paragraphs go as an
`Article` through the product's NLP stage (`annotate_many`, batched; spaCy + entity ruler + gazetteer
NER fixes + storyline.nlp.places). The predictions are the mentions of `article.places`, mapped back
to text offsets (paragraph offset + mention offset); nothing else of the product is used. Every
place mention counts, whatever its use (the place itself, a government: stands_for, and where the
model has Place.usage, "adjectival" and "demonym"); a second overlap figure leaves demonym places
out, and the predicted mentions are counted by use.

Gold: every <toponym> (LGL, TR-News: phrase, start, end, gaztag lat/lon/GeoNames id/fcode) or
<location> (GeoVirus: name, start, end, lat, lon). A gold span whose text is not its phrase is moved
to the nearest occurrence of the phrase within 300 characters (GeoVirus starts are all one past the
name; some TR-News articles drift by a few characters after each line break); the counts of moved
and unplaceable spans are printed. Gold spans repeated after the move are counted once.

Recognition (Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation", 2019, sect. on geotagging
metrics): one-to-one matching of gold and predicted spans, micro-averaged P/R/F1 per corpus.
* strict: identical character spans;
* overlap (the headline `f1`): identical spans first, then spans sharing at least one character and
  one word (case-folded \\w+), greedily by largest overlap ("Kent" for "Kent County",
  "Washington" for "Washington, D.C."; overlapping spans that share no word never match).
Geocoding: over overlap-matched gold toponyms that have gold lat/lon (the predicted place always has
a coordinate): great-circle error in km, accuracy@161 km (error <= 161 km), mean and median error,
and AUC as in the Guide and CamCoder's code: errors sorted ascending, y = ln(1 + km) / ln(20039)
(20039 km = half the earth's circumference), trapezoid area with unit steps divided by (n - 1):
0 is perfect, 1 is every toponym at the antipode; lower is better. `id_match` (printed only) is the
share whose Place.gazetteer_id is the gold GeoNames id. "no coordinate" counts predicted places
whose lat/lon is missing or NaN, and, separately, mentions of GPE/LOC/FAC entities the geocoder
left without a place. Anchors are the README's figures for other geoparsers (F1 / accuracy@161 km),
printed beside ours with the ratio ours/anchor; they were not scored by this script, and each
system's accuracy is over the toponyms it recognised itself, so a low-recall run is not like for like.
Each missed gold toponym is put down to what the product did there: untagged, tagged as another
entity type, or a place entity the geocoder left without a place ("around it" when the overlapping
entity is longer: "Ohio" inside "Ohio State University"). `--verbose` lists the most frequent
misses, false positives and resolutions over 161 km, and recall by gold GeoNames feature code.
The last line is the metrics line read by eval/gate.py (f1, acc161: higher is better; *_km, *_auc:
lower is better).
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from storyline.model import Article, Place, Source
from storyline.nlp.annotate import annotate_many

CORPORA = (("lgl", "LGL", "lgl.xml"), ("gv", "GeoVirus", "GeoVirus.xml"), ("trn", "TR-News", "TR-News.xml"))
ANCHORS = {  # README: published outputs re-scored as F1 / accuracy@161 km
    "lgl": (("CamCoder", 0.667, 0.711), ("Edinburgh", 0.667, 0.802)),
    "gv": (("CamCoder", 0.876, 0.768),),
    "trn": (("CamCoder", 0.751, 0.819),),
}
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
KM_OK = 161.0
HALF_EARTH_KM = 20039.0
WINDOW = 300  # characters searched either side when a gold span's text is not its phrase
TOP = 15
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: str | None
    fcode: str | None


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    place: str
    country: str | None
    gid: str | None
    usage: str  # place | government | adjectival | demonym


@dataclass
class Doc:
    key: str
    text: str
    published: str | None
    golds: list[Gold]


@dataclass
class Tally:
    """Counts and lists for one corpus."""

    docs: int = 0
    gold: int = 0
    pred: int = 0
    tp_strict: int = 0
    tp: int = 0
    pred_nodem: int = 0
    tp_nodem: int = 0
    errors: list[float] = field(default_factory=list)
    id_hits: int = 0
    id_n: int = 0
    id_far: int = 0
    nocoord: int = 0
    ungeocoded: int = 0
    moved: int = 0
    unplaced: int = 0
    dup: int = 0
    secs: float = 0.0
    misses: Counter[str] = field(default_factory=Counter)
    causes: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    by_code: dict[str, Counter[str]] = field(default_factory=dict)
    by_usage: Counter[str] = field(default_factory=Counter)


# ---------------------------------------------------------------- reading


def _num(el: ET.Element, path: str) -> float | None:
    raw = el.findtext(path)
    try:
        return float(raw) if raw is not None and raw.strip() else None
    except ValueError:
        return None


def read_gold(el: ET.Element) -> Gold:
    """A <toponym> (phrase + gaztag) or a GeoVirus <location> (name, lat, lon)."""
    gaz = el.find("gaztag")
    src = gaz if gaz is not None else el
    name = (el.findtext("phrase") or el.findtext("name") or "").strip()
    gid = gaz.get("geonameid") if gaz is not None else None
    return Gold(int(el.findtext("start") or 0), int(el.findtext("end") or 0), name,
                _num(src, "lat"), _num(src, "lon"), gid, src.findtext("fcode"))


def align(text: str, g: Gold) -> tuple[Gold, str]:
    """The gold span on its phrase: ('ok' | 'moved' | 'unplaced')."""
    if text[g.start:g.end] == g.name or not g.name:
        return g, "ok"
    lo, hi = max(0, g.start - WINDOW), min(len(text), g.start + WINDOW + len(g.name))
    hits = [m.start() for m in re.finditer(re.escape(g.name), text[lo:hi])]
    if not hits:
        return g, "unplaced"
    best = lo + min(hits, key=lambda h: (abs(lo + h - g.start), lo + h > g.start))
    return Gold(best, best + len(g.name), g.name, g.lat, g.lon, g.geonameid, g.fcode), "moved"


def read_corpus(path: Path, limit: int | None, tally: Tally) -> list[Doc]:
    docs = []
    for i, el in enumerate(ET.parse(path).getroot().iter("article")):
        if limit is not None and i >= limit:
            break
        text = el.findtext("text") or ""
        golds: dict[tuple[int, int], Gold] = {}
        for t in [*el.iter("toponym"), *el.iter("location")]:
            g, status = align(text, read_gold(t))
            tally.moved += status == "moved"
            tally.unplaced += status == "unplaced"
            tally.dup += (g.start, g.end) in golds
            golds.setdefault((g.start, g.end), g)
        published = (el.findtext("dltime") or "").strip()[:10] or None
        docs.append(Doc(el.get("docid") or str(i), text, published, list(golds.values())))
    return docs


def paragraphs(text: str) -> tuple[list[str], list[int]]:
    """Non-blank lines, stripped, and their offsets in text."""
    paras, offs = [], []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        stripped = line.strip()
        if stripped:
            paras.append(stripped)
            offs.append(m.start() + len(line) - len(line.lstrip()))
    return paras, offs


def to_article(doc: Doc, corpus: str, i: int) -> tuple[Article, list[int]]:
    paras, offs = paragraphs(doc.text)
    src = Source(f"geo/{corpus}/{doc.key}", "text", f"{i:064x}")
    return Article(source=src, paragraphs=tuple(paras), published=doc.published), offs


# ---------------------------------------------------------------- predictions and matching


def usage(p: Place) -> str:
    """How the product says the mention is used (Place.usage where the model has it, else stands_for)."""
    return getattr(p, "usage", None) or ("government" if p.stands_for else "place")


def predictions(art: Article, offs: list[int]) -> list[Pred]:
    out: dict[tuple[int, int], Pred] = {}
    for p in art.places:
        for m in p.mentions:
            s = offs[m.paragraph] + m.start
            out.setdefault((s, s + m.end - m.start), Pred(s, s + m.end - m.start, m.text, p.lat, p.lon,
                                                          p.name, p.country, p.gazetteer_id, usage(p)))
    return list(out.values())


def entity_spans(art: Article, offs: list[int]) -> list[tuple[int, int, str]]:
    return [(offs[m.paragraph] + m.start, offs[m.paragraph] + m.end, e.type)
            for e in art.entities for m in e.mentions]


def _words(s: str) -> set[str]:
    return set(_WORD.findall(s.lower()))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(golds: list[Gold], preds: list[Pred], strict: bool) -> dict[int, int]:
    """gold index -> pred index, one-to-one: identical spans, then (unless strict) overlaps sharing a word."""
    by_span = {(p.start, p.end): j for j, p in enumerate(preds)}
    pairs = {i: by_span[(g.start, g.end)] for i, g in enumerate(golds) if (g.start, g.end) in by_span}
    if strict:
        return pairs
    used = set(pairs.values())
    cands = sorted(((_overlap((g.start, g.end), (p.start, p.end)), i, j)
                    for i, g in enumerate(golds) if i not in pairs
                    for j, p in enumerate(preds) if j not in used), reverse=True)
    for ov, i, j in cands:
        if ov and i not in pairs and j not in used and _words(golds[i].name) & _words(preds[j].text):
            pairs[i] = j
            used.add(j)
    return pairs


# ---------------------------------------------------------------- metrics


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def auc(errors: list[float]) -> float:
    """Area under the sorted ln(1 + km) / ln(20039) curve, trapezoid rule, over n - 1 unit steps."""
    ys = [math.log1p(e) / math.log(HALF_EARTH_KM) for e in sorted(errors)]
    if len(ys) < 2:
        return ys[0] if ys else 0.0
    return (sum(ys) - (ys[0] + ys[-1]) / 2) / (len(ys) - 1)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def acc161(t: Tally) -> float:
    return sum(e <= KM_OK for e in t.errors) / len(t.errors) if t.errors else 0.0


# ---------------------------------------------------------------- scoring one article


def _cause(g: Gold, ents: list[tuple[int, int, str]]) -> str:
    """What the product did with a missed gold toponym ("ORG around it": the name inside a longer span)."""
    over = [(s, e, typ) for s, e, typ in ents if _overlap((s, e), (g.start, g.end))]
    if not over:
        return "untagged"
    s, e, typ = min(over, key=lambda x: x[1] - x[0])
    kind = "place entity, not geocoded" if typ in PLACE_TYPES else f"tagged {typ}"
    return kind + (" around it" if (s, e) != (g.start, g.end) and s <= g.start and e >= g.end else "")


def _code_group(g: Gold) -> str:
    return g.fcode or "(no code)"


def score(t: Tally, doc: Doc, art: Article, offs: list[int]) -> None:
    preds = predictions(art, offs)
    ents = entity_spans(art, offs)
    t.docs += 1
    t.gold += len(doc.golds)
    t.pred += len(preds)
    t.nocoord += sum(not (math.isfinite(p.lat) and math.isfinite(p.lon)) for p in art.places)
    t.ungeocoded += _ungeocoded(preds, ents)
    t.tp_strict += len(match(doc.golds, preds, strict=True))
    pairs = match(doc.golds, preds, strict=False)
    t.tp += len(pairs)
    nodem = [p for p in preds if p.usage != "demonym"]
    t.pred_nodem += len(nodem)
    t.tp_nodem += len(match(doc.golds, nodem, strict=False))
    t.by_usage.update(p.usage for p in preds)
    for i, g in enumerate(doc.golds):
        t.by_code.setdefault(_code_group(g), Counter())["found" if i in pairs else "missed"] += 1
        if i not in pairs:
            cause = _cause(g, ents)
            t.causes[cause] += 1
            t.misses[f"{g.name!r} ({cause})"] += 1
        elif g.lat is not None and g.lon is not None:
            _geo(t, g, preds[pairs[i]])
    for j in set(range(len(preds))) - set(pairs.values()):
        t.false_pos[repr(preds[j].text)] += 1


def _ungeocoded(preds: list[Pred], ents: list[tuple[int, int, str]]) -> int:
    spans = {(p.start, p.end) for p in preds}
    return sum(typ in PLACE_TYPES and (s, e) not in spans for s, e, typ in ents)


def _geo(t: Tally, g: Gold, p: Pred) -> None:
    assert g.lat is not None and g.lon is not None
    err = km((g.lat, g.lon), (p.lat, p.lon))
    t.errors.append(err)
    if g.geonameid:
        t.id_n += 1
        t.id_hits += g.geonameid == p.gid
        t.id_far += g.geonameid == p.gid and err > KM_OK
    if err > KM_OK:
        t.wrong[f"{g.name!r} -> {p.place} ({p.country})"] += 1


# ---------------------------------------------------------------- running and printing


def run(path: Path, key: str, limit: int | None) -> Tally:
    t = Tally()
    docs = read_corpus(path, limit, t)
    built = [to_article(d, key, i) for i, d in enumerate(docs)]
    t0 = time.perf_counter()
    done = list(annotate_many([a for a, _ in built]))
    t.secs = time.perf_counter() - t0
    for doc, (_, offs), art in zip(docs, built, done, strict=True):
        if not isinstance(art, Article):
            print(f"  {doc.key}: NLP failed: {art}", file=sys.stderr)
            art = Article(source=Source(doc.key, "text", "0" * 64))
        score(t, doc, art, offs)
    return t


def _anchored(key: str, ours: float, which: int) -> str:
    return "; ".join(f"{name} {a[which - 1]:.3f}, ours/anchor {ours / a[which - 1]:.2f}"
                     for name, *a in ANCHORS[key])


def show(key: str, label: str, t: Tally) -> None:
    p, r, f1 = prf(t.tp, t.pred, t.gold)
    sp, sr, sf1 = prf(t.tp_strict, t.pred, t.gold)
    e = t.errors
    print(f"\n{label}: {t.docs} articles, {t.gold} gold toponyms ({t.moved} spans moved onto their phrase, "
          f"{t.unplaced} not placeable, {t.dup} repeats dropped), {t.pred} predicted place mentions, "
          f"NLP {t.secs:.1f}s ({t.docs / t.secs if t.secs else 0:.1f} docs/s)")
    print(f"  recognition overlap: P={p:.3f} R={r:.3f} F1={f1:.3f}   [{_anchored(key, f1, 1)}]")
    print(f"  recognition strict:  P={sp:.3f} R={sr:.3f} F1={sf1:.3f}")
    dp, dr, df1 = prf(t.tp_nodem, t.pred_nodem, t.gold)
    print(f"  recognition overlap, demonym places left out: P={dp:.3f} R={dr:.3f} F1={df1:.3f}   (predicted "
          "mentions by usage: " + ", ".join(f"{u} {n}" for u, n in t.by_usage.most_common()) + ")")
    if e:
        print(f"  geocoding n={len(e)}: acc161={acc161(t):.3f} [{_anchored(key, acc161(t), 2)}]")
        ids = (f" id_match={t.id_hits / t.id_n:.3f} (of {t.id_n} with a GeoNames id; {t.id_far} over "
               f"{KM_OK:.0f} km with the gold id: another centre point, not another place)") if t.id_n else ""
        print(f"    mean_km={statistics.fmean(e):.0f} median_km={statistics.median(e):.1f} auc={auc(e):.3f}{ids}")
    print(f"  predicted places with no coordinate: {t.nocoord}; place-entity mentions left ungeocoded: "
          f"{t.ungeocoded}")
    print("  missed gold, by what the product did: "
          + ", ".join(f"{c} {n}" for c, n in t.causes.most_common()))


def details(t: Tally) -> None:
    for title, counts in (("misses", t.misses), ("false positives", t.false_pos),
                          (f"resolutions over {KM_OK:.0f} km", t.wrong)):
        print(f"  most frequent {title} ({sum(counts.values())}):")
        for what, n in counts.most_common(TOP):
            print(f"    {n:4d}  {what}")
    groups = sorted(t.by_code.items(), key=lambda kv: -sum(kv[1].values()))[:TOP]
    print("  recall by gold feature code: " + ", ".join(
        f"{code} {c['found'] / sum(c.values()):.2f} (n={sum(c.values())})" for code, c in groups))


def metrics_line(results: dict[str, Tally], secs: float) -> str:
    parts = []
    for key, t in results.items():
        p, r, f1 = prf(t.tp, t.pred, t.gold)
        e = t.errors
        parts += [f"{key}_f1={f1:.3f}", f"{key}_acc161={acc161(t):.3f}",
                  f"{key}_strict_f1={prf(t.tp_strict, t.pred, t.gold)[2]:.3f}",
                  f"{key}_nodem_f1={prf(t.tp_nodem, t.pred_nodem, t.gold)[2]:.3f}", f"{key}_p={p:.3f}",
                  f"{key}_r={r:.3f}", f"{key}_mean_km={statistics.fmean(e) if e else 0:.0f}",
                  f"{key}_median_km={statistics.median(e) if e else 0:.1f}", f"{key}_auc={auc(e):.3f}",
                  f"{key}_n_geo={len(e)}", f"{key}_nocoord={t.nocoord}"]
    return "geo_public: " + " ".join(parts) + f" secs={secs:.0f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each corpus")
    ap.add_argument("--verbose", action="store_true", help="most frequent misses, false positives, errors")
    args = ap.parse_args(argv)
    missing = [f for _, _, f in CORPORA if not (args.data_dir / f).is_file()]
    if missing:
        print(f"geo_public: missing {', '.join(missing)} in {args.data_dir}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    results: dict[str, Tally] = {}
    for key, label, fname in CORPORA:
        results[key] = run(args.data_dir / fname, key, args.limit)
        show(key, label, results[key])
        if args.verbose:
            details(results[key])
    secs = time.perf_counter() - t0
    print(f"\nwall time {secs:.1f}s (NLP {sum(t.secs for t in results.values()):.1f}s)")
    print(metrics_line(results, secs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
