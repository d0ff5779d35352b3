"""Publication dates on htmldate's 1,000 labelled pages: day accuracy of storyline's cascade against htmldate.

Usage: python eval/dates.py ../shared/eval/dates/htmldate [--limit N]

Each page goes through `storyline.pipeline.extract` as an HTML document with its URL, the way
`ingest` reads a WARC record (a page that yields no article counts as no date, hence wrong, as the
set's README says of a tool returning nothing). Peers in the same run: htmldate's extensive and
fast modes (`find_date(html, url=..., original_date=True)`, as htmldate's own comparison runs it).
Accuracy is over all pages and per set (eval_default: 800 pages of a web archive; mediacloud: 200
news pages of 2020). The last line is the metrics line the gate reads.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storyline.model import Article, RawDocument
from storyline.pipeline import extract
from storyline.settings import Settings


def _storyline(settings: Settings) -> Callable[[bytes, str], str | None]:
    def run(data: bytes, url: str) -> str | None:
        res = extract(RawDocument(path=url, data=data, format="html", url=url), settings)
        return res.published[:10] if isinstance(res, Article) and res.published else None

    return run


def _htmldate(extensive: bool) -> Callable[[bytes, str], str | None]:
    from htmldate import find_date

    def run(data: bytes, url: str) -> str | None:
        try:
            return find_date(data, extensive_search=extensive, original_date=True, url=url)
        except Exception:  # noqa: BLE001 - a peer that raises on a page scores it as no date
            return None

    return run


def load(folder: Path, limit: int | None) -> list[tuple[str, str, str, Path]]:
    """(url, gold day, set, page path) for every labelled page."""
    labels = json.loads((folder / "labels_with_overlap_flag.json").read_text(encoding="utf-8"))
    out = []
    for url, lab in labels.items():
        rel = lab["file"].removeprefix("tests/")
        out.append((url, lab["date"], "default" if lab["set"] == "eval_default.json" else "mediacloud", folder / "pages" / rel))
    return out[:limit] if limit else out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (a quick look)")
    args = ap.parse_args(argv)
    pages = load(args.folder, args.limit)
    missing = [p for *_, p in pages if not p.exists()]
    if missing:
        print(f"{len(missing)} labelled page(s) missing, e.g. {missing[0]}", file=sys.stderr)
        return 2
    systems = {
        "storyline": _storyline(Settings(nlp=False)),
        "storyline-no-htmldate": _storyline(Settings(nlp=False, htmldate=False)),
        "htmldate-extensive": _htmldate(True),
        "htmldate-fast": _htmldate(False),
    }
    print(f"htmldate set: {len(pages)} pages")
    print(f"{'system':<24} {'all':>6} {'default':>8} {'mediacloud':>10} {'no date':>8} {'pages/s':>8}")
    metrics: dict[str, float] = {}
    for name, run in systems.items():
        right = {"default": 0, "mediacloud": 0}
        seen = {"default": 0, "mediacloud": 0}
        none = 0
        start = time.perf_counter()
        for url, gold, subset, path in pages:
            got = run(path.read_bytes(), url)
            seen[subset] += 1
            none += got is None
            right[subset] += got == gold
        rate = len(pages) / (time.perf_counter() - start)
        acc = sum(right.values()) / len(pages)
        parts = [right[s] / seen[s] if seen[s] else 0.0 for s in ("default", "mediacloud")]
        print(f"{name:<24} {acc:6.3f} {parts[0]:8.3f} {parts[1]:10.3f} {none:8d} {rate:8.1f}")
        metrics[name.replace("-", "_") + "_acc"] = acc
    ratio = metrics["storyline_acc"] / metrics["htmldate_extensive_acc"] if metrics["htmldate_extensive_acc"] else 0.0
    print("dates: " + " ".join(f"{k}={v:.3f}" for k, v in metrics.items()) + f" vs_htmldate={ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
