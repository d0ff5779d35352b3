"""Mozilla Readability's 130 test pages: title exact match, byline F1 and body 4-gram F1 of storyline, trafilatura and newspaper4k.

Usage: python eval/readability.py ../shared/eval/article-extraction/readability [--limit N]

Per case: `source.html` through each system (storyline: `storyline.pipeline.extract` as HTML;
trafilatura: `bare_extraction(html, with_metadata=True)`; newspaper4k: `Article.download(input_html=)`
then `parse()`), against `expected-metadata.json` (title, byline) and the text of `expected.html`
(Readability.js's article: the body truth). Title: exact match after collapsing whitespace, over
cases with a title; "title-core" also sets aside a trailing site part on both sides ("Mozilla -
Wikipedia" = "Mozilla", " | eHow", " _光明网"), because the expected titles keep the page's
declared title with its site name while storyline removes a site name it knows. Byline: word-level F1 (case-folded) of the authors against the byline, averaged
over cases with a byline. Body: the ScrapingHub benchmark's word 4-gram F1 (eval/extraction.py).
News pages and synthetic unit cases (numbered, or named for the markup they test) are reported
apart; the metrics line gives the news figures, storyline's and the best peer's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import shingle_scores  # noqa: E402

from storyline.model import Article, RawDocument  # noqa: E402
from storyline.pipeline import extract  # noqa: E402

_WORD = re.compile(r"\w+")
#: A trailing site part of a page title: a separator, then up to 40 characters holding none.
_SITE_PART = re.compile(r"(?:\s+[|\-\u2013\u2014\u00b7\u00bb]\s+|\s*_)[^|\u2013\u2014\u00b7\u00bb_]{1,40}$|\s*\[[^\]]{1,40}\]$")
#: Readability's unit cases (markup features, not publishers' pages); the rest are news and blog pages.
SYNTHETIC = re.compile(
    r"^(?:\d{3}.*|article-author-tag|base-url.*|basic-tags-cleaning|bug-\d+|clean-links|cnet-svg-classes|"
    r"comment-inside-script-parsing|data-url-image|embedded-videos|hidden-nodes|invalid-attributes|"
    r"js-link-replacement|keep-images|keep-tabular-data|lazy-image-\d|links-in-tables|metadata-content-missing|"
    r"missing-paragraphs|normalize-spaces|ol|parsely-metadata|remove-.*|reordering-paragraphs|replace-.*|"
    r"rtl-\d|schema-org-context-object|social-buttons|style-tags-removal|svg-parsing|table-style-attributes|"
    r"title-and-h1-discrepancy|title-en-dash|toc-missing|visibility-hidden|videos-\d)$"
)


@dataclass(frozen=True)
class Found:
    title: str
    byline: str
    body: str


def storyline(html: bytes) -> Found:
    res = extract(RawDocument(path="source.html", data=html, format="html"))
    if not isinstance(res, Article):
        return Found("", "", "")
    return Found(res.title or "", ", ".join(res.authors), "\n".join(res.paragraphs))


def trafilatura_peer(html: bytes) -> Found:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return Found("", "", "")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    return Found(get("title") or "", get("author") or "", get("text") or "")


def newspaper_peer(html: bytes) -> Found:
    from newspaper import Article as Page


    page = Page(url="https://example.org/article", fetch_images=False)  # no network here: images would time out
    try:
        page.download(input_html=html.decode("utf-8", "replace"))
        page.parse()
    except Exception:  # noqa: BLE001 - a peer that fails on a page scores nothing there
        return Found("", "", "")
    return Found(page.title or "", ", ".join(page.authors), page.text or "")


SYSTEMS: dict[str, Callable[[bytes], Found]] = {
    "storyline": storyline, "trafilatura": trafilatura_peer, "newspaper4k": newspaper_peer,
}


def _norm(text: str) -> str:
    return " ".join(text.split())


def title_core(text: str) -> str:
    """A title without its trailing site parts (see _SITE_PART), whitespace collapsed."""
    text = _norm(text)
    while (shorter := _SITE_PART.sub("", text)) != text and shorter:
        text = shorter
    return text


def byline_f1(pred: str, gold: str) -> float:
    p, g = Counter(w.casefold() for w in _WORD.findall(pred)), Counter(w.casefold() for w in _WORD.findall(gold))
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def load(root: Path, limit: int | None) -> list[tuple[str, bytes, dict[str, str], str]]:
    """(case, source bytes, expected metadata, expected body text) per case folder."""
    out = []
    for case in sorted(p for p in (root / "test-pages").iterdir() if p.is_dir()):
        meta = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8"))
        body = lxml.html.fromstring((case / "expected.html").read_bytes()).text_content()
        out.append((case.name, (case / "source.html").read_bytes(), meta, body))
    return out[:limit] if limit else out


def score(cases: list[tuple[str, bytes, dict[str, str], str]],
          found: dict[str, Found]) -> tuple[float, float, float, float]:
    """(title exact, byline F1, body F1, title-core) over `cases`."""
    titled = [(c, m) for c, _, m, _ in cases if m.get("title")]
    bylined = [(c, m) for c, _, m, _ in cases if m.get("byline")]
    title = sum(_norm(found[c].title) == _norm(m["title"]) for c, m in titled) / max(1, len(titled))
    core = sum(title_core(found[c].title) == title_core(m["title"]) for c, m in titled) / max(1, len(titled))
    byline = sum(byline_f1(found[c].byline, m["byline"]) for c, m in bylined) / max(1, len(bylined))
    body, _, _ = shingle_scores({c: found[c].body for c, *_ in cases}, {c: b for c, _, _, b in cases})
    return title, byline, body, core


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    cases = load(args.root, args.limit)
    groups = {"news": [c for c in cases if not SYNTHETIC.match(c[0])], "synthetic": [c for c in cases if SYNTHETIC.match(c[0])]}
    results = {name: {c: run(html) for c, html, _, _ in cases} for name, run in SYSTEMS.items()}
    metrics: dict[str, float] = {}
    for group, members in groups.items():
        print(f"readability {group} ({len(members)} pages)   title  byline  body-f1  title-core")
        for name, found in results.items():
            title, byline, body, core = score(members, found)
            print(f"  {name:<24} {title:6.3f}  {byline:6.3f}  {body:7.3f}  {core:10.3f}")
            if group == "news":
                metrics.update({f"{name}_title": title, f"{name}_byline": byline, f"{name}_body": body,
                                f"{name}_title_core": core})
    line = {k: metrics[f"storyline_{k}"] for k in ("title", "byline", "body")}
    for k in ("title", "byline", "body", "title_core"):
        line.setdefault(k, metrics[f"storyline_{k}"])
        best = max(metrics[f"{p}_{k}"] for p in ("trafilatura", "newspaper4k"))
        line[f"best_peer_{k}"] = best
        line[f"{k}_margin"] = line[k] - best
    print("readability: " + " ".join(f"{k}={v:.3f}" for k, v in line.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
