"""Planning benchmark: how long a plan request takes, end to end inside the planning package.

    python bench/planning.py [--runs 30] [--results bench/RESULTS.md]

Times request_from_json + plan + itinerary_to_json (what POST /api/plan spends outside the database and
HTTP) for a few requests over the seed catalogue, `--runs` times each in this process, with the distance
cache emptied before every run (so each run pays for its geodesics, as a fresh worker would). Prints
p50/p95/max and rewrites the "## Planning" section of bench/RESULTS.md (only that section). The bar:
a 14-day request over the whole catalogue answers in under 1 s at p95.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import write_section  # bench/ is sys.path[0] when run as a script

from tourplanner.planning.model import Catalogue
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_to_json, request_from_json
from tourplanner.planning.travel import geodesic_km
from tourplanner.resources import SEED_FILE
from tourplanner.store.seed import parse_seed

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Planning"
BAR_SECONDS = 1.0
TODAY = date(2026, 1, 10)


def requests(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    every_site = [s.id for s in catalogue.sites]
    return {
        # The bar: two weeks, every site of the catalogue (six regions).
        "14 days, whole catalogue": {
            "start_date": "2026-05-11",
            "end_date": "2026-05-24",
            "sites": every_site,
            "traveller": {"nationality": "FR", "age": 30},
            "booking_date": "2026-01-10",
        },
        "30 days, whole catalogue + launch": {
            "start_date": "2026-04-05",
            "end_date": "2026-05-04",
            "sites": every_site,
            "launch": "progress-ms-34",
            "traveller": {"nationality": "FR", "age": 30},
            "companions": [{"nationality": "DE", "age": 12}],
            "booking_date": "2026-01-10",
        },
        "seed trip (9 days, Soyuz MS-05)": {
            "start_date": "2017-07-21",
            "end_date": "2017-07-29",
            "sites": [
                "kremlin-wall-necropolis",
                "museum-of-cosmonautics",
                "vdnkh",
                "star-city",
                "baikonur-gagarins-start",
                "baikonur-site-31",
                "buran-control-centre",
                "baikonur-museum",
                "baikonur-space-school",
            ],
            "launch": "soyuz-ms-05",
            "traveller": {"nationality": "FR", "age": 30},
            "booking_date": "2017-04-01",
        },
    }


def once(
    data: dict[str, Any], catalogue: Catalogue, sites: set[str], launches: set[str]
) -> tuple[float, int]:
    geodesic_km.cache_clear()
    start = time.perf_counter()
    request = request_from_json(data, today=TODAY, known_sites=sites, known_launches=launches)
    answer = itinerary_to_json(plan(request, catalogue))
    elapsed = time.perf_counter() - start
    return elapsed, sum(1 for d in answer["days"] for i in d["items"] if i["type"] == "visit")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


@dataclass(frozen=True)
class Row:
    name: str
    sites: int
    visits: int
    p50: float
    p95: float
    worst: float


def measure(runs: int) -> list[Row]:
    catalogue = parse_seed(SEED_FILE)
    sites = {s.id for s in catalogue.sites}
    launches = {x.id for x in catalogue.launches}
    rows = []
    for name, data in requests(catalogue).items():
        once(data, catalogue, sites, launches)  # imports and first-call costs out of the numbers
        times, visits = [], 0
        for _ in range(runs):
            elapsed, visits = once(data, catalogue, sites, launches)
            times.append(elapsed)
        row = Row(
            name,
            len(data.get("sites", [])),
            visits,
            statistics.median(times),
            percentile(times, 95),
            max(times),
        )
        rows.append(row)
        print(
            f"{name:36} p50 {row.p50 * 1000:7.1f} ms  p95 {row.p95 * 1000:7.1f} ms  "
            f"max {row.worst * 1000:7.1f} ms  ({visits} visits)"
        )
    return rows


def render(rows: list[Row], runs: int, command: str) -> str:
    met = rows[0].p95 < BAR_SECONDS
    setup = (
        f"`{command}` — request_from_json + plan + itinerary_to_json on the seed catalogue, {runs} runs per "
        "request in one process, distance cache emptied before each run "
        f"(Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs)."
    )
    lines = [
        HEADING,
        "",
        setup,
        "",
        "| request | sites | visits | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.name} | {r.sites} | {r.visits} | {r.p50 * 1000:.1f} | {r.p95 * 1000:.1f} | "
        f"{r.worst * 1000:.1f} |"
        for r in rows
    ]
    bar = (
        f"Bar: the 14-day whole-catalogue request under {BAR_SECONDS:.0f} s at p95: "
        f"{'met' if met else 'NOT MET'}."
    )
    lines += ["", bar, ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows = measure(args.runs)
    command = "python bench/planning.py" + (
        ""
        if argv is None and len(sys.argv) == 1
        else " " + shlex.join(sys.argv[1:] if argv is None else argv)
    )
    write_section(HEADING, render(rows, args.runs, command), args.results)
    return 0 if rows[0].p95 < BAR_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
