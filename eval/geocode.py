"""Geocoding eval: accuracy within 25 km on eval/geocode_set.jsonl (hand-written news sentences).

Usage: python eval/geocode.py [SET.jsonl] [--verbose]
Each line is one short article: {"id", "text", "places": [{"name", "lat", "lon"}]}. The text runs
through the whole NLP stage (spaCy + entity ruler + storyline.nlp.places), so a place counts as found
only if NER tags it and the geocoder puts it within 25 km of the expected point. Misses are printed.
The last line is the metrics line read by eval/gate.py.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from storyline.model import Article, Place, Source
from storyline.nlp.annotate import annotate_many

HERE = Path(__file__).resolve().parent
KM = 25.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def find(places: tuple[Place, ...], name: str) -> Place | None:
    """The place with a mention spelled `name` (else one whose canonical name is `name`)."""
    for p in places:
        if any(m.text == name for m in p.mentions):
            return p
    return next((p for p in places if p.name == name), None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("set", type=Path, nargs="?", default=HERE / "geocode_set.jsonl")
    ap.add_argument("--verbose", action="store_true", help="print every mention, not only misses")
    args = ap.parse_args(argv)
    items = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    arts = [
        Article(source=Source(f"geocode/{it['id']}", "text", f"{i:064x}"), paragraphs=(it["text"],),
                published="2016-06-01")
        for i, it in enumerate(items)
    ]
    t0 = time.perf_counter()
    done = list(annotate_many(arts))
    secs = time.perf_counter() - t0
    n = ok = 0
    for it, art in zip(items, done, strict=True):
        assert isinstance(art, Article)
        for exp in it["places"]:
            n += 1
            got = find(art.places, exp["name"])
            dist = km((got.lat, got.lon), (exp["lat"], exp["lon"])) if got else math.inf
            good = dist <= KM
            ok += good
            if args.verbose or not good:
                where = f"{got.name} ({got.country}, {got.feature}) {dist:.0f} km" if got else "not found"
                print(f"{'ok  ' if good else 'MISS'} {it['id']} {exp['name']!r}: {where}")
    print(f"{len(items)} texts, {n} place mentions, {secs:.1f}s")
    print(f"geocode: acc25={ok / n if n else 0.0:.3f} n={n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
