"""Map benchmark: build + render the folium map of a synthetic 14-day, 40-visit trip.

    python bench/maps.py [--runs 20] [--results bench/RESULTS.md]

Why: a trip page draws its map on every view unless the cache has it; this measures what a miss
costs (build the folium objects, render the HTML) and what the page weighs, and rewrites the
"## Maps" section of bench/RESULTS.md (only that section). The data is synthetic and seeded, so
the figures compare across machines and commits: 40 visits over 14 days in Moscow and Baikonur,
two charter transfers, a roll-out and a launch.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import random
import shlex
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import write_section  # bench/ is sys.path[0] when run as a script

from tourplanner.exports import map_assets, maps
from tourplanner.exports.map_cache import MapCache, trip_map_key
from tourplanner.planning.model import (
    AccessRule,
    Catalogue,
    Day,
    Interval,
    Item,
    Itinerary,
    Launch,
    LaunchStatus,
    OpeningHours,
    Precision,
    Region,
    Site,
    Transfer,
)

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Maps"
MSK, BKN = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Qyzylorda")
KINDS = ("museum", "memorial", "park", "training-centre", "launch-pad", "ruin", "school")
# Visits per day: Moscow days 1-6, transfer on day 7, Baikonur days 8-12, transfer on 13, Moscow 14.
PLAN = (4, 4, 4, 4, 4, 3, 0, 3, 3, 3, 3, 3, 0, 2)


def synthetic(seed: int = 7) -> tuple[Itinerary, Catalogue]:
    """A seeded 14-day trip with 40 visits, each at a site of its own."""
    rnd = random.Random(seed)
    regions = (
        Region("moscow", "Moscow", "Europe/Moscow", 55.7558, 37.6173),
        Region("baikonur", "Baikonur", "Asia/Qyzylorda", 45.6167, 63.3167),
    )
    week = OpeningHours(weekly=tuple((Interval(clock(10), clock(18)),) for _ in range(7)))
    sites: list[Site] = []
    days: list[Day] = []
    start = date(2027, 5, 3)
    for index, visits in enumerate(PLAN):
        day = start + timedelta(days=index)
        region = regions[1] if 7 <= index <= 11 else regions[0]
        tz = BKN if region.id == "baikonur" else MSK
        items: list[Item] = []
        if index in (6, 12):
            there = index == 6
            items.append(
                Item(
                    "transfer",
                    f"transfer:{index}",
                    datetime.combine(day, clock(9), MSK if there else BKN),
                    datetime.combine(day, clock(15 if there else 12), BKN if there else MSK),
                    "Charter Moscow → Baikonur" if there else "Charter Baikonur → Moscow",
                    origin="moscow" if there else "baikonur",
                    destination="baikonur" if there else "moscow",
                    mode="charter",
                )
            )
        previous = region.id
        at = datetime.combine(day, clock(9, 30), tz)
        for _ in range(visits):
            n = len(sites) + 1
            site = Site(
                f"site-{n}",
                f"Synthetic site {n}",
                f"Объект {n}",
                KINDS[n % len(KINDS)],
                region.id,
                "RU" if region.id == "moscow" else "KZ",
                round(region.lat + rnd.uniform(-0.25, 0.35), 5),
                round(region.lon + rnd.uniform(-0.4, 0.4), 5),
                region.timezone,
                90,
                description="A place worth the trip.",
                hours=week,
            )
            sites.append(site)
            items.append(
                Item(
                    "travel",
                    f"travel:{n}",
                    at,
                    at + timedelta(minutes=30),
                    f"To {site.name}",
                    origin=previous,
                    destination=site.id,
                    mode="road",
                    distance_km=rnd.uniform(3, 30),
                )
            )
            at += timedelta(minutes=30)
            items.append(
                Item(
                    "visit",
                    f"visit:{n}",
                    at,
                    at + timedelta(minutes=90),
                    site.name,
                    site=site.id,
                    notes=("Bring your passport.",),
                )
            )
            at += timedelta(minutes=105)
            previous = site.id
        if index in (9, 10):  # roll-out, then the launch the next evening
            kind = "rollout" if index == 9 else "launch"
            moment = datetime.combine(day, clock(7) if kind == "rollout" else clock(20, 14), BKN)
            items.append(
                Item(
                    kind,
                    f"{kind}:demo",
                    moment,
                    moment + timedelta(minutes=60),
                    f"{kind.title()} viewing",
                    site="site-pad",
                    launch="demo-launch",
                )
            )
        days.append(Day(day, region.id, region.timezone, tuple(items)))
    sites.append(
        Site(
            "site-pad",
            "Launch pad",
            "",
            "launch-pad",
            "baikonur",
            "KZ",
            45.9961,
            63.5639,
            "Asia/Qyzylorda",
            120,
        )
    )
    catalogue = Catalogue(
        sites=tuple(sites),
        regions=regions,
        access_rules=(
            AccessRule(
                "zone",
                "permit",
                "Baikonur closed zone",
                region="baikonur",
                lead_days=(("RU", 10), ("*", 55)),
                passport_required=True,
                guided_only=True,
                photography="permit",
            ),
        ),
        transfers=(
            Transfer("there", "moscow", "baikonur", "charter", 210),
            Transfer("back", "baikonur", "moscow", "charter", 240),
        ),
        launches=(
            Launch(
                "demo-launch",
                "Demo",
                "Soyuz-2.1a",
                "site-pad",
                datetime(2027, 5, 13, 15, 14, tzinfo=UTC),
                LaunchStatus.GO,
                Precision.MINUTE,
                datetime(2027, 4, 1, tzinfo=UTC),
            ),
        ),
    )
    itinerary = Itinerary(days=tuple(days))
    assert sum(1 for i in itinerary.items() if i.type == "visit") == 40 and len(itinerary.days) == 14
    return itinerary, catalogue


@dataclass(frozen=True)
class Row:
    name: str
    build: list[float]  # CPU seconds (the cores are shared: wall-clock swings with the neighbours)
    render: list[float]  # CPU seconds
    wall: list[float]  # build + render, wall-clock seconds
    html_bytes: int
    gzip_bytes: int


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(runs: int) -> tuple[list[Row], float]:
    itinerary, catalogue = synthetic()
    cases = {
        "itinerary, 14 days / 40 visits": lambda: maps.itinerary_map(itinerary, catalogue),
        "catalogue, 41 sites (clustered)": lambda: maps.catalogue_map(catalogue),
    }
    rows = []
    for name, build in cases.items():
        maps.render_html(build())  # warm-up: imports, template compilation
        builds, renders, walls, page = [], [], [], ""
        for _ in range(runs):
            w0, t0 = time.perf_counter(), time.process_time()
            m = build()
            t1 = time.process_time()
            page = maps.render_html(m, "Trip")
            t2, w2 = time.process_time(), time.perf_counter()
            builds.append(t1 - t0)
            renders.append(t2 - t1)
            walls.append(w2 - w0)
        data = page.encode()
        rows.append(Row(name, builds, renders, walls, len(data), len(gzip.compress(data))))
        print(
            f"{name:34} build p50 {statistics.median(builds) * 1000:6.1f} ms  "
            f"render p50 {statistics.median(renders) * 1000:6.1f} ms  {len(data):,} bytes"
        )
    cache: MapCache[maps.MapParts] = MapCache()
    key = trip_map_key("token", 1, maps.DEFAULT_TILES)
    cache.get_or_render(key, lambda: maps.render_parts(maps.itinerary_map(itinerary, catalogue)))
    t0 = time.perf_counter()
    for _ in range(1000):
        cache.get_or_render(key, lambda: maps.render_parts(maps.itinerary_map(itinerary, catalogue)))
    hit = (time.perf_counter() - t0) / 1000
    return rows, hit


def render(rows: list[Row], hit: float, runs: int, command: str) -> str:
    basemap = (map_assets.STATIC_DIR / map_assets.BASEMAP).read_bytes()
    linked = sum(
        (map_assets.STATIC_DIR / a.path).stat().st_size
        for a in map_assets.vendored_assets()
        if a.kind in ("js", "css")
        and a.name not in ("markerclusterjs", "markerclustercss", "markerclusterdefaultcss")
    )
    setup = (
        f"`{command}` — build (`itinerary_map` / `catalogue_map`) and render (`render_html`) of a seeded "
        f"synthetic trip, {runs} runs each after a warm-up, OSM tile URL configured; build and render in CPU "
        "time, the total also in wall-clock time "
        f"(Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs)."
    )
    lines = [
        HEADING,
        "",
        setup,
        "",
        "| map | build p50 ms | render p50 ms | render p95 ms | total wall p50 ms | HTML bytes | gzip bytes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.name} | {statistics.median(r.build) * 1000:.1f} | {statistics.median(r.render) * 1000:.1f} | "
        f"{p(r.render, 0.95) * 1000:.1f} | {statistics.median(r.wall) * 1000:.1f} | "
        f"{r.html_bytes:,} | {r.gzip_bytes:,} |"
        for r in rows
    ]
    lines += [
        "",
        f"A cache hit (`MapCache.get_or_render`, key (token, version, tiles)) takes {hit * 1e6:.1f} µs.",
        (
            f"Loaded once per browser and cached, not inlined: the Natural Earth basemap "
            f"({len(basemap):,} bytes, {len(gzip.compress(basemap)):,} gzipped; inlining it would add that to "
            f"every map page) and the linked JS/CSS of an itinerary map ({linked:,} bytes, fonts and images "
            "aside)."
        ),
        (
            "Most of the render is branca compiling a Jinja template for every element it emits (about 280 "
            "for this trip); the cache makes that a once-per-version cost."
        ),
        "",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows, hit = measure(args.runs)
    extra = sys.argv[1:] if argv is None else argv
    command = "python bench/maps.py" + (" " + shlex.join(extra) if extra else "")
    write_section(HEADING, render(rows, hit, args.runs, command), args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
