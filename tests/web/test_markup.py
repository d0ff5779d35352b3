"""Template helpers: paragraphs cut into quote and entity runs, map projection, snippet parts, cursors."""

from __future__ import annotations

import pytest

from storyline.store.filters import CursorError, date_bounds, decode_cursor, encode_cursor, offset_of
from storyline.web.markup import mark_paragraphs, project, snippet_parts

PARAS = ["Putin said “we will help” on Monday in Moscow.", "“It goes on,” he added.", "Last one."]


def _text(runs: list[dict]) -> str:
    return "".join(p["text"] for run in runs for p in run["pieces"])


def test_runs_keep_every_character_in_order() -> None:
    q0, m0 = PARAS[0].index("“"), PARAS[0].index("Moscow")
    quotes = [{"paragraph": 0, "start": q0, "end": q0 + 14, "speaker": {"name": "Vladimir Putin"}},
              {"paragraph": 1, "start": 0, "end": 13}]
    ents = [{"name": "Vladimir Putin", "mentions": [{"paragraph": 0, "start": 0, "end": 5}], "link_id": 1},
            {"name": "Moscow", "mentions": [{"paragraph": 0, "start": m0, "end": m0 + 6}], "link_id": 2}]
    out = mark_paragraphs(PARAS, quotes, ents)
    assert [_text(runs) for runs in out] == PARAS
    first = out[0]
    assert [bool(r["quote"]) for r in first] == [False, True, False]
    assert _text([first[1]]) == "“we will help”"
    linked = [p for r in first for p in r["pieces"] if p["entity"]]
    assert [(p["text"], p["entity"]["link_id"]) for p in linked] == [("Putin", 1), ("Moscow", 2)]


def test_quote_over_several_paragraphs() -> None:
    quotes = [{"paragraph": 0, "start": 11, "end": 0, "end_paragraph": 1}]
    quotes[0]["end"] = 13
    out = mark_paragraphs(PARAS, quotes, [])
    assert [bool(r["quote"]) for r in out[0]] == [False, True]
    assert _text([out[0][1]]) == PARAS[0][11:]
    assert out[1][0]["quote"] and _text([out[1][0]]) == "“It goes on,”"
    assert not any(r["quote"] for r in out[2])


@pytest.mark.parametrize("bad", [
    {"paragraph": 9, "start": 0, "end": 3}, {"paragraph": 0, "start": 5, "end": 2},
    {"paragraph": 0, "start": 0, "end": 999}, {"paragraph": "x", "start": 0, "end": 1}, {},
])
def test_bad_offsets_are_ignored(bad: dict) -> None:
    out = mark_paragraphs(PARAS, [bad], [{"name": "X", "mentions": [bad]}])
    assert [_text(r) for r in out] == PARAS
    assert not any(r["quote"] for runs in out for r in runs)


def test_overlapping_spans_and_straddling_mentions() -> None:
    quotes = [{"paragraph": 0, "start": 11, "end": 24}, {"paragraph": 0, "start": 15, "end": 30}]
    ents = [{"name": "S", "mentions": [{"paragraph": 0, "start": 6, "end": 14}], "link_id": 3}]
    out = mark_paragraphs(PARAS, quotes, ents)
    assert _text(out[0]) == PARAS[0]
    assert sum(1 for r in out[0] if r["quote"]) == 1
    assert not any(p["entity"] for r in out[0] for p in r["pieces"])  # straddles the quote: plain text


def test_project_frames_the_points() -> None:
    m = project([{"name": "Palmyra", "lat": 34.55, "lon": 38.27}, {"name": "Damascus", "lat": 33.51, "lon": 36.29},
                 {"name": "Nowhere", "lat": 200, "lon": 0}, {"name": "Bad", "lat": None, "lon": 1}])
    assert [p["name"] for p in m["points"]] == ["Palmyra", "Damascus"]
    x0, y0, w, h = map(float, m["viewbox"].split())
    assert w == pytest.approx(2 * h) and 0 <= x0 and x0 + w <= 360 and 0 <= y0 and y0 + h <= 180
    for p in m["points"]:
        assert x0 <= p["x"] <= x0 + w and y0 <= p["y"] <= y0 + h
    assert project([])["viewbox"] == "0 0 360 180"


def test_snippet_parts() -> None:
    assert snippet_parts("a «b» c «d»") == [("a ", False), ("b", True), (" c ", False), ("d", True)]
    assert snippet_parts("no close «x") == [("no close «x", False)]
    assert snippet_parts("") == []


def test_cursors_and_dates() -> None:
    assert decode_cursor(encode_cursor(["2016-03-28", "abc"]), (str, str)) == ["2016-03-28", "abc"]
    assert offset_of(encode_cursor([40])) == 40
    for bad in ("%%%", encode_cursor([-1]), encode_cursor([10**9]), encode_cursor(["1"]), encode_cursor([True]),
                "W" * 1000, encode_cursor([[[[1]]]])):
        with pytest.raises(CursorError):
            offset_of(bad)
    assert date_bounds("2016-03-27", "2016-03-28") == ("2016-03-27", "2016-03-29")
    assert date_bounds(None, "2016-12") == (None, "2017-01")
    assert date_bounds("2016", "2016") == ("2016-01-01", "2017")
    with pytest.raises(ValueError):
        date_bounds("2016-13-01", None)


def test_map_labels_never_overlap() -> None:
    from storyline.web.markup import place_labels

    # four names around one point and two far away: the crowd gets spots in turn, none collide
    crowd = [{"name": n, "x": 100.0, "y": 50.0 + i * 0.1} for i, n in enumerate(["Homs", "Hama", "Rastan", "Talbiseh"])]
    far = [{"name": "Aleppo", "x": 150.0, "y": 20.0}, {"name": "Daraa", "x": 60.0, "y": 90.0}]
    out = place_labels(crowd + far, r=1.0)
    size = 3.0
    boxes = []
    for p in out:
        if not p["label"]:
            continue
        w = 0.6 * size * len(p["name"])
        left = {"start": p["lx"], "end": p["lx"] - w, "middle": p["lx"] - w / 2}[p["anchor"]]
        boxes.append((left, p["ly"] - 0.8 * size, left + w, p["ly"] + 0.2 * size))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    labelled = [p["name"] for p in out if p["label"]]
    assert labelled[0] == "Homs" and {"Aleppo", "Daraa"} <= set(labelled)
    assert len(labelled) < len(out)  # four labels cannot all fit around one dot: the last ones are left out
