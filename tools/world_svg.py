"""Make src/storyline/web/static/world.svg from Natural Earth's 1:110m countries (public domain).

Usage:
    pip download geopandas==0.14.4 --no-deps -d /tmp/gp      # its wheel bundles naturalearth_lowres
    python tools/world_svg.py /tmp/gp/geopandas-0.14.4-py3-none-any.whl

The shapefile's polygons (shape type 5) are read with struct, projected equirectangularly as the web
maps expect (x = lon + 180, y = 90 - lat, viewBox 0 0 360 180), rounded to 0.05 degree with repeated
points dropped, and written one path per country (land fill, borders as strokes). Run once; the
output is committed.
"""

from __future__ import annotations

import struct
import sys
import zipfile
from pathlib import Path

SHP = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp"
OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / "web" / "static" / "world.svg"
STEP = 0.05


def polygons(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Every record's rings, as (lon, lat) points."""
    out = []
    pos = 100  # the file header
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8: pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (shape,) = struct.unpack("<i", rec[:4])
        if shape != 5:
            continue
        nparts, npoints = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts])) + [npoints]
        base = 44 + 4 * nparts
        pts = [struct.unpack("<dd", rec[base + 16 * i: base + 16 * i + 16]) for i in range(npoints)]
        out.append([pts[parts[k]:parts[k + 1]] for k in range(nparts)])
    return out


def ring_path(ring: list[tuple[float, float]]) -> str:
    pts: list[tuple[float, float]] = []
    for lon, lat in ring:
        p = (round((lon + 180) / STEP) * STEP, round((90 - lat) / STEP) * STEP)
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) < 3:
        return ""
    return "M" + " L".join(f"{x:.2f},{y:.2f}".replace(".00", "") for x, y in pts) + " Z"


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as z:
        data = z.read(SHP)
    paths = []
    for rings in polygons(data):
        d = " ".join(p for p in (ring_path(r) for r in rings) if p)
        if d:
            paths.append(f'<path d="{d}"/>')
    OUT.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- storyline world map: Natural Earth 1:110m countries (public domain, naturalearthdata.com),\n"
        "     equirectangular, x = lon + 180, y = 90 - lat (viewBox 0 0 360 180); made by tools/world_svg.py -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="1440" height="720">\n'
        '<rect x="0" y="0" width="360" height="180" fill="#dbe9f4"/>\n'
        '<g fill="#efe9dc" stroke="#9a8f7a" stroke-width="0.08" stroke-linejoin="round">\n'
        + "\n".join(paths) + "\n</g>\n</svg>\n", encoding="utf-8")
    print(f"{len(paths)} countries written to {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
