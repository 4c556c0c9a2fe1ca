#!/usr/bin/env python3
"""Reproduce tourplanner/static/vendor/ from the npm registry, with pinned versions.

Why: the maps must work where there is no CDN (users behind firewalls, tests offline), so the
browser libraries folium would load from CDNs ship inside the package instead. This script is the
only way those files get there: it fetches each package with `npm pack`, copies the files the maps
use plus the licence, turns Natural Earth's TopoJSON (world-atlas) into a small GeoJSON basemap,
and writes vendor/README.md. Run it again after changing a version; `--check` re-vendors into a
temporary directory and fails if the committed tree differs.

Needs python3 and npm (registry access); standard library only.

    python3 tools/vendor_assets.py            # (re)write tourplanner/static/vendor
    python3 tools/vendor_assets.py --check    # verify the committed tree is reproducible
"""
from __future__ import annotations

import argparse
import filecmp
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tourplanner" / "static" / "vendor"
TEST_VENDOR = ROOT / "tests" / "vendor"  # used by the tests only: not shipped in the wheel


@dataclass(frozen=True)
class Package:
    """One npm package: `files` maps a path inside the tarball to a path under vendor/<directory>/."""

    name: str
    version: str
    directory: str
    files: dict[str, str]
    licence_file: str
    purpose: str
    derived: tuple[str, ...] = field(default=())  # files this script computes from the package


PACKAGES: tuple[Package, ...] = (
    Package("leaflet", "1.9.4", "leaflet",
            {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css",
             "dist/images/layers.png": "images/layers.png",
             "dist/images/layers-2x.png": "images/layers-2x.png",
             "dist/images/marker-icon.png": "images/marker-icon.png",
             "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
             "dist/images/marker-shadow.png": "images/marker-shadow.png"},
            "LICENSE", "the map itself"),
    Package("leaflet.markercluster", "1.5.3", "leaflet.markercluster",
            {"dist/leaflet.markercluster.js": "leaflet.markercluster.js",
             "dist/MarkerCluster.css": "MarkerCluster.css",
             "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css"},
            "MIT-LICENCE.txt", "clusters on the catalogue map"),
    Package("leaflet.fullscreen", "3.0.2", "leaflet.fullscreen",
            {"Control.FullScreen.js": "Control.FullScreen.js",
             "Control.FullScreen.css": "Control.FullScreen.css",
             "icon-fullscreen.svg": "icon-fullscreen.svg"},
            "LICENSE", "fullscreen button"),
    Package("leaflet.awesome-markers", "2.0.5", "leaflet.awesome-markers",
            {"dist/leaflet.awesome-markers.js": "leaflet.awesome-markers.js",
             "dist/leaflet.awesome-markers.css": "leaflet.awesome-markers.css",
             "dist/images/markers-soft.png": "images/markers-soft.png",
             "dist/images/markers-soft@2x.png": "images/markers-soft@2x.png",
             "dist/images/markers-shadow.png": "images/markers-shadow.png",
             "dist/images/markers-shadow@2x.png": "images/markers-shadow@2x.png"},
            "LICENSE", "pin markers (launch and roll-out)"),
    Package("@fortawesome/fontawesome-free", "6.7.2", "fontawesome-free",
            {"css/fontawesome.min.css": "css/fontawesome.min.css",
             "css/solid.min.css": "css/solid.min.css",
             "webfonts/fa-solid-900.woff2": "webfonts/fa-solid-900.woff2",
             "webfonts/fa-solid-900.ttf": "webfonts/fa-solid-900.ttf"},
            "LICENSE.txt", "icons (solid style only)"),
    Package("jquery", "3.7.1", "jquery", {"dist/jquery.min.js": "jquery.min.js"},
            "LICENSE.txt", "folium's popups call $()"),
    Package("bootstrap", "5.3.8", "bootstrap",
            {"dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
             "dist/css/bootstrap.min.css": "bootstrap.min.css"},
            "LICENSE", "folium's default; not referenced by our maps (it would restyle the host page)"),
    Package("world-atlas", "2.0.2", "world-atlas", {}, "LICENSE",
            "offline basemap: Natural Earth 1:50m countries (public domain), simplified",
            derived=("countries.geojson",)),
)

# Test-only tools, vendored the same way but under tests/vendor (the app never serves them).
TEST_PACKAGES: tuple[Package, ...] = (
    Package("axe-core", "4.14.1", "axe-core", {"axe.min.js": "axe.min.js"}, "LICENSE",
            "accessibility checks in the browser tests (injected by the tests, never served)"),
)

# Full detail (1:50m, ~1 km) where trips go, coarse elsewhere: keeps the basemap under 500 kB.
FOCUS_BBOX = (15.0, 30.0, 100.0, 75.0)  # west, south, east, north
TOLERANCE_FOCUS = 0.01  # degrees, Douglas-Peucker
TOLERANCE_ELSEWHERE = 0.1
DECIMALS = 2


def npm_pack(spec: str, into: Path) -> tuple[Path, str]:
    """Fetch one tarball through npm (which checks the registry's integrity hash)."""
    out = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(into)],
                         check=True, capture_output=True, text=True).stdout
    info = json.loads(out)[0]
    return into / info["filename"], str(info["integrity"])


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on one arc; arcs are shared by neighbours, so borders stay seamless."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = (abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length if length
                 else math.hypot(px - x1, py - y1))
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def _in_focus(points: list[tuple[float, float]]) -> bool:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w, s, e, n = FOCUS_BBOX
    return not (max(xs) < w or min(xs) > e or max(ys) < s or min(ys) > n)


def topojson_to_geojson(topology: dict[str, Any]) -> dict[str, Any]:
    """world-atlas countries TopoJSON -> GeoJSON FeatureCollection of MultiPolygons, names only."""
    arcs = [_simplify(a, TOLERANCE_FOCUS if _in_focus(a) else TOLERANCE_ELSEWHERE)
            for a in _decode_arcs(topology)]

    def ring(indexes: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in indexes:
            for x, y in (arcs[i] if i >= 0 else arcs[~i][::-1]):
                point = [round(x, DECIMALS), round(y, DECIMALS)]
                if not out or out[-1] != point:
                    out.append(point)
        return out

    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = ([geometry["arcs"]] if kind == "Polygon"
                    else geometry["arcs"] if kind == "MultiPolygon" else [])
        coordinates = []
        for polygon in polygons:
            rings = [r for r in (ring(indexes) for indexes in polygon) if len(r) >= 4]
            if rings:
                coordinates.append(rings)
        if coordinates:
            features.append({"type": "Feature", "properties": {"name": geometry["properties"]["name"]},
                             "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


def vendor_one(package: Package, tarball: Path, target: Path) -> list[str]:
    """Copy the chosen files and the licence of one package; answer the written paths."""
    work = tarball.parent / (tarball.stem + "-x")
    with tarfile.open(tarball) as tar:
        tar.extractall(work, filter="data")
    source = work / "package"
    destination = target / package.directory
    destination.mkdir(parents=True)
    written = []
    for inner, outer in {**package.files, package.licence_file: "LICENSE"}.items():
        path = destination / outer
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / inner, path)
        written.append(outer)
    if package.name == "world-atlas":
        topology = json.loads((source / "countries-50m.json").read_text())
        text = json.dumps(topojson_to_geojson(topology), separators=(",", ":"))
        (destination / "countries.geojson").write_text(text + "\n")
        written.append("countries.geojson")
    return sorted(written)


def licence_of(tarball: Path) -> str:
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/package.json")
        assert member is not None
        return str(json.load(member).get("license", "see LICENSE"))


def readme(rows: list[tuple[Package, str, str, list[str]]]) -> str:
    lines = [
        "# Vendored browser assets",
        "",
        "Generated by `python3 tools/vendor_assets.py` from the npm registry; do not edit by hand.",
        "Pages reference the app's files under its static URL (`/static/vendor/...`) and the tests",
        "inject theirs (`tests/vendor/`) instead of using CDNs, so all work with no internet.",
        "`python3 tools/vendor_assets.py --check` verifies that both trees are exactly what the pinned",
        "versions produce.",
        "",
        "| package | version | licence | used for | integrity (npm) |",
        "|---|---|---|---|---|",
    ]
    for package, licence, integrity, _ in rows:
        lines.append(f"| `{package.name}` | {package.version} | {licence} | {package.purpose} | "
                     f"`{integrity}` |")
    lines += ["", "Each directory holds the package's `LICENSE` and these files:", ""]
    for package, _, _, files in rows:
        lines.append(f"- `{package.directory}/`: " + ", ".join(f"`{f}`" for f in files))
    if rows and rows[0][0] not in PACKAGES:  # the tests' tree: nothing more to say
        return "\n".join([*lines, ""])
    lines += [
        "",
        "Notes:",
        "",
        "- `world-atlas/countries.geojson` is derived from `countries-50m.json` (Natural Earth 1:50m",
        "  admin-0 countries, public domain; world-atlas is ISC): Douglas-Peucker simplified to",
        f"  {TOLERANCE_FOCUS}° inside {FOCUS_BBOX} (west, south, east, north) and",
        f"  {TOLERANCE_ELSEWHERE}° elsewhere, coordinates rounded to {DECIMALS} decimals.",
        "- Font Awesome: only the solid style is shipped (`fontawesome.min.css` + `solid.min.css`);",
        "  icons are CC BY 4.0, the font SIL OFL 1.1, the CSS MIT.",
        "- Not vendored from folium's defaults: the Bootstrap 3 glyphicons stylesheet (awesome-markers",
        "  must use `prefix=\"fa\"`) and folium's `leaflet.awesome.rotate` CSS (marker rotation, unused).",
        "",
    ]
    return "\n".join(lines)


def vendor(target: Path, packages: tuple[Package, ...] = PACKAGES) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for package in packages:
            tarball, integrity = npm_pack(f"{package.name}@{package.version}", Path(tmp))
            files = vendor_one(package, tarball, target)
            rows.append((package, licence_of(tarball), integrity, files))
            print(f"{package.name}@{package.version}: {len(files)} files", file=sys.stderr)
    (target / "README.md").write_text(readme(rows))


def differences(a: Path, b: Path) -> list[str]:
    comparison = filecmp.dircmp(a, b)
    out = [str(Path(a.name) / n) for n in comparison.left_only + comparison.right_only]
    out += [str(Path(a.name) / n) for n in comparison.diff_files]
    _, mismatch, errors = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    out += [str(Path(a.name) / n) for n in mismatch + errors if str(Path(a.name) / n) not in out]
    for sub in comparison.common_dirs:
        out += differences(a / sub, b / sub)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    args = parser.parse_args()
    if not args.check:
        vendor(VENDOR)
        vendor(TEST_VENDOR, TEST_PACKAGES)
        return 0
    diff: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for committed, packages in ((VENDOR, PACKAGES), (TEST_VENDOR, TEST_PACKAGES)):
            fresh = Path(tmp) / committed.parent.name / "vendor"
            vendor(fresh, packages)
            diff += differences(committed, fresh)
    for path in diff:
        print(f"differs: {path}", file=sys.stderr)
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
