"""The bundled map is Natural Earth's countries in the projection the maps use, served locally."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

WORLD = Path(__file__).resolve().parents[2] / "src" / "storyline" / "web" / "static" / "world.svg"


def test_world_map_is_natural_earth_countries() -> None:
    svg = WORLD.read_text(encoding="utf-8")
    assert "Natural Earth" in svg and 'viewBox="0 0 360 180"' in svg
    assert svg.count("<path ") >= 170  # one path per country, not a hand-drawn outline
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"[ML]([0-9.]+,[0-9.]+)", svg)]
    assert all(0 <= x <= 360 and 0 <= y <= 180 for x, y in points)
    # Damascus (36.3 E, 33.5 N) lies on land: inside Syria's ring, which passes within 3 degrees of it
    assert any(abs(x - 216.3) < 3 and abs(y - 56.5) < 3 for x, y in points)


def test_served_from_static(client: TestClient) -> None:
    res = client.get("/static/world.svg")
    assert res.status_code == 200 and res.headers["content-type"].startswith("image/svg+xml")
