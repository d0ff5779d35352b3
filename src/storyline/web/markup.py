"""Presentation helpers for templates: paragraphs cut into quote/entity runs, map projection, snippets."""

from __future__ import annotations

from typing import Any

from storyline.store.base import MARK_CLOSE, MARK_OPEN

#: The world outline's coordinate frame (equirectangular): x = lon + 180, y = 90 - lat.
WORLD_W, WORLD_H = 360.0, 180.0


def _quote_ranges(quotes: list[dict[str, Any]], paragraphs: list[str]) -> dict[int, list[tuple[int, int, int]]]:
    """{paragraph: [(start, end, quote index)]} for every quote, spread over the paragraphs it covers."""
    out: dict[int, list[tuple[int, int, int]]] = {}
    for qi, q in enumerate(quotes):
        try:
            first, start, end = int(q["paragraph"]), int(q["start"]), int(q["end"])
            last = int(q["end_paragraph"]) if q.get("end_paragraph") is not None else first
        except (KeyError, TypeError, ValueError):
            continue
        if not (0 <= first <= last < len(paragraphs)):
            continue
        for p in range(first, last + 1):
            s = start if p == first else 0
            e = end if p == last else len(paragraphs[p])
            if 0 <= s < e <= len(paragraphs[p]):
                out.setdefault(p, []).append((s, e, qi))
    return out


def _non_overlapping(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    kept: list[tuple[int, int, Any]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _pieces(text: str, lo: int, hi: int, mentions: list[tuple[int, int, Any]]) -> list[dict[str, Any]]:
    pieces: list[dict[str, Any]] = []
    pos = lo
    for s, e, ent in mentions:
        if s < lo or e > hi:
            continue
        if s > pos:
            pieces.append({"text": text[pos:s], "entity": None})
        pieces.append({"text": text[s:e], "entity": ent})
        pos = e
    if pos < hi:
        pieces.append({"text": text[pos:hi], "entity": None})
    return pieces


def mark_paragraphs(
    paragraphs: list[str], quotes: list[dict[str, Any]], entities: list[dict[str, Any]]
) -> list[list[dict[str, Any]]]:
    """Each paragraph as runs {quote: quote dict | None, pieces: [{text, entity: dict | None}]}.

    Quotes come from the record (offsets into paragraphs); entities are record entities with
    their `mentions` and a corpus `link_id`. Overlapping or out-of-range spans are dropped, never
    mis-cut; mentions straddling a quote boundary stay plain text. The text is returned as is:
    the template escapes it.
    """
    qranges = _quote_ranges(quotes, paragraphs)
    mentions: dict[int, list[tuple[int, int, Any]]] = {}
    for ent in entities:
        for m in ent.get("mentions") or ():
            p, s, e = m.get("paragraph"), m.get("start"), m.get("end")
            if isinstance(p, int) and 0 <= p < len(paragraphs) and isinstance(s, int) and isinstance(e, int) \
                    and 0 <= s < e <= len(paragraphs[p]):
                mentions.setdefault(p, []).append((s, e, ent))
    out: list[list[dict[str, Any]]] = []
    for p, text in enumerate(paragraphs):
        spans = _non_overlapping(qranges.get(p, []))
        ments = _non_overlapping(mentions.get(p, []))
        runs: list[dict[str, Any]] = []
        pos = 0
        for s, e, qi in spans:
            if s > pos:
                runs.append({"quote": None, "pieces": _pieces(text, pos, s, ments)})
            runs.append({"quote": quotes[qi], "pieces": _pieces(text, s, e, ments)})
            pos = e
        if pos < len(text) or not runs:
            runs.append({"quote": None, "pieces": _pieces(text, pos, len(text), ments)})
        out.append(runs)
    return out


def project(places: list[dict[str, Any]], pad: float = 6.0, min_width: float = 40.0) -> dict[str, Any]:
    """Points for the world outline and a 2:1 viewBox around them (the whole world when none)."""
    points = []
    for pl in places:
        try:
            lat, lon = float(pl["lat"]), float(pl["lon"])
        except (KeyError, TypeError, ValueError):
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            points.append({**pl, "x": round(lon + 180, 3), "y": round(90 - lat, 3)})
    if not points:
        return {"points": [], "viewbox": f"0 0 {WORLD_W:g} {WORLD_H:g}", "r": 1.5}
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    w = max(max(xs) - min(xs) + 2 * pad, min_width)
    h = max(max(ys) - min(ys) + 2 * pad, w / 2)
    w = max(w, 2 * h)
    w, h = min(w, WORLD_W), min(h, WORLD_H)
    x0 = min(max((min(xs) + max(xs)) / 2 - w / 2, 0.0), WORLD_W - w)
    y0 = min(max((min(ys) + max(ys)) / 2 - h / 2, 0.0), WORLD_H - h)
    r = round(w / 120, 3)
    return {"points": place_labels(points, r), "viewbox": f"{x0:.2f} {y0:.2f} {w:.2f} {h:.2f}", "r": r}


Box = tuple[float, float, float, float]  # x0, y0, x1, y1
# Where a label may go around its dot, in order of preference: (dx, dy) in dot radii, text-anchor.
_SPOTS = ((1.5, 0.6, "start"), (-1.5, 0.6, "end"), (0.0, -1.6, "middle"), (0.0, 3.2, "middle"))


def place_labels(points: list[dict[str, Any]], r: float) -> list[dict[str, Any]]:
    """Each point with a label position that overlaps no other label or dot, or label=False.

    Greedy, in the order given (the caller lists the most important places first): each label
    takes the first free spot of right, left, above, below its dot; a label with no free spot is
    left out of the drawing (the dot keeps its name as a tooltip)."""
    size = r * 3  # font size, as the template draws it
    dots: list[Box] = [(p["x"] - r, p["y"] - r, p["x"] + r, p["y"] + r) for p in points]
    taken: list[Box] = []
    out = []
    for i, p in enumerate(points):
        width = 0.6 * size * len(str(p.get("name", "")))
        placed = None
        for dx, dy, anchor in _SPOTS:
            x, y = p["x"] + dx * r, p["y"] + dy * r
            left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
            box = (left, y - 0.8 * size, left + width, y + 0.2 * size)
            others = [d for j, d in enumerate(dots) if j != i]
            if not any(_overlap(box, b) for b in taken + others):
                placed = (x, y, anchor, box)
                break
        if placed is None:
            out.append({**p, "label": False})
            continue
        x, y, anchor, box = placed
        taken.append(box)
        out.append({**p, "label": True, "lx": round(x, 3), "ly": round(y, 3), "anchor": anchor})
    return out


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) parts, from the store's « » markers (escaped by the template)."""
    parts: list[tuple[str, bool]] = []
    rest = snippet or ""
    while rest:
        i = rest.find(MARK_OPEN)
        if i < 0:
            parts.append((rest, False))
            break
        j = rest.find(MARK_CLOSE, i + 1)
        if j < 0:
            parts.append((rest, False))
            break
        if i:
            parts.append((rest[:i], False))
        parts.append((rest[i + 1 : j], True))
        rest = rest[j + 1 :]
    return parts
