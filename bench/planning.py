"""Planning benchmark: how long a plan request takes as the catalogue and the trip grow.

    python bench/planning.py [--runs 15] [--before DIR] [--results bench/RESULTS.md]

Times request_from_json + plan + itinerary_to_json (what POST /api/plan spends outside the database and
HTTP) for every site of synthetic catalogues of 14 (the seed), 50, 100, 200 and 400 sites
(bench/synthetic.py) over 14 days and over 30 days with a launch, and for the seed catalogue over 3, 7,
14, 30 and 60 days. Each request runs once to warm up and then `--runs` times in this process with the same
catalogue object, as a worker serving one catalogue revision does (geodesics are kept per catalogue);
the "first" column is one run right after the distance caches were emptied (the first plan after a
catalogue change). Wall-clock and CPU times are both shown: the machine's 2 cores are shared, so wall time
includes waiting for the core. Peak memory is tracemalloc's peak over one more run.

`--before DIR` also runs the same requests against the tourplanner package of another checkout (say the
commit before this work, exported with `git archive`), in a subprocess, and adds its p95 for comparison.
Rewrites the "## Planning" section of bench/RESULTS.md (only that section).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Planning"
TODAY = date(2026, 1, 10)
# Goals (issue 12): p95 wall-clock seconds.
GOALS = {"synthetic 400 sites, 14 days": 0.3, "synthetic 400 sites, 30 days + launch": 1.0,
         "seed, 60 days + launch": 0.5}


@dataclass(frozen=True)
class Row:
    name: str
    sites: int
    days: int
    visits: int
    lunches: int
    p50: float
    p95: float
    cpu_p50: float
    cpu_p95: float
    first: float
    peak_kib: float


def cases() -> list[tuple[str, int, int, str | None]]:
    """(name, catalogue size, days, launch)."""
    out: list[tuple[str, int, int, str | None]] = []
    for size in (14, 50, 100, 200, 400):
        out.append((f"synthetic {size} sites, 14 days", size, 14, None))
        out.append((f"synthetic {size} sites, 30 days + launch", size, 30, "progress-ms-34"))
    for days in (3, 7, 14, 30, 60):
        out.append((f"seed, {days} days" + (" + launch" if days >= 30 else ""), 0, days,
                    "progress-ms-34" if days >= 30 else None))
    return out


def measure(runs: int, only: str = "") -> list[Row]:
    sys.path.insert(0, str(ROOT / "bench"))  # synthetic.py
    from synthetic import grown

    from tourplanner.planning import serialize
    from tourplanner.planning.model import Catalogue
    from tourplanner.planning.planner import plan
    from tourplanner.planning.serialize import itinerary_to_json, request_from_json
    from tourplanner.planning.travel import geodesic_km
    from tourplanner.resources import SEED_FILE
    from tourplanner.store.seed import parse_seed

    try:
        from tourplanner.planning import travel_cache
        clear = travel_cache.clear
    except ImportError:  # an older checkout (--before): no per-catalogue memo
        def clear() -> None:
            pass
    serialize.MAX_TRIP_DAYS = max(serialize.MAX_TRIP_DAYS, 60)  # an older checkout refused 60 days
    seed = parse_seed(SEED_FILE)
    rows = []
    for name, size, days, launch in cases():
        if only and only not in name:
            continue
        catalogue = grown(seed, size) if size else seed
        start = date(2026, 4, 5) if launch else date(2026, 5, 11)
        data: dict[str, Any] = {"start_date": start.isoformat(),
                                "end_date": (start + timedelta(days=days - 1)).isoformat(),
                                "sites": [s.id for s in catalogue.sites], "traveller": {"nationality": "FR", "age": 30},
                                "booking_date": TODAY.isoformat()}
        if launch:
            data["launch"] = launch
        known_sites = {s.id for s in catalogue.sites}
        known_launches = {x.id for x in catalogue.launches}

        def once(data: dict[str, Any] = data, catalogue: Catalogue = catalogue, known_sites: set[str] = known_sites,
                 known_launches: set[str] = known_launches) -> tuple[float, float, dict[str, Any]]:
            wall, cpu = time.perf_counter(), time.process_time()
            request = request_from_json(data, today=TODAY, known_sites=known_sites, known_launches=known_launches)
            answer = itinerary_to_json(plan(request, catalogue))
            return time.perf_counter() - wall, time.process_time() - cpu, answer

        clear()
        geodesic_km.cache_clear()
        first, _, answer = once()
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu, answer = once()
            walls.append(wall)
            cpus.append(cpu)
        tracemalloc.start()
        once()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        items = [i for d in answer["days"] for i in d["items"]]
        row = Row(name, len(catalogue.sites), days, sum(i["type"] == "visit" for i in items),
                  sum(i["type"] == "lunch" for i in items), statistics.median(walls), percentile(walls, 95),
                  statistics.median(cpus), percentile(cpus, 95), first, peak / 1024)
        rows.append(row)
        print(f"{name:40} p50 {row.p50 * 1000:7.1f}  p95 {row.p95 * 1000:7.1f}  cpu p95 {row.cpu_p95 * 1000:7.1f}  "
              f"first {first * 1000:7.1f} ms  peak {row.peak_kib:8.0f} KiB  {row.visits} visits", flush=True)
    return rows


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def render(rows: list[Row], before: dict[str, Row], runs: int, command: str, load: str) -> str:
    setup = (
        f"`{command}` — request_from_json + plan + itinerary_to_json, every site of the catalogue requested; "
        f"{runs} runs per request after a warm-up, the same catalogue object throughout (geodesics kept per "
        "catalogue, as a worker serving one revision); `first`: one run right after emptying the distance "
        "caches (the first plan after a catalogue change); peak: tracemalloc over one run. Synthetic "
        "catalogues: bench/synthetic.py (the seed plus generated sites around its six regions, fixed random "
        f"seed). Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs shared with "
        f"other work (load average at the start: {load}), so wall time includes waiting for a core; CPU time "
        "does not."
    )
    head = "| request | sites | days | visits | lunches | p50 ms | p95 ms | CPU p95 ms | first ms | peak KiB |"
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if before:
        head += " before: p95 ms | before: visits | before: lunches |"
        rule += "---:|---:|---:|"
    lines = [HEADING, "", setup, "", head, rule]
    for r in rows:
        line = (f"| {r.name} | {r.sites} | {r.days} | {r.visits} | {r.lunches} | {r.p50 * 1000:.1f} | "
                f"{r.p95 * 1000:.1f} | {r.cpu_p95 * 1000:.1f} | {r.first * 1000:.1f} | {r.peak_kib:,.0f} |")
        if before:
            b = before.get(r.name)
            line += (f" {b.p95 * 1000:.1f} | {b.visits} | {b.lunches} |" if b else " – | – | – |")
        lines.append(line)
    lines.append("")
    by_name = {r.name: r for r in rows}
    for name, goal in GOALS.items():
        r = by_name[name]
        verdict = "met" if r.p95 < goal else ("met in CPU time only" if r.cpu_p95 < goal else "NOT MET")
        lines.append(f"- Goal: {name} under {goal * 1000:.0f} ms at p95: {verdict} "
                     f"(wall {r.p95 * 1000:.0f} ms, CPU {r.cpu_p95 * 1000:.0f} ms).")
    lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--before", type=Path, default=None, help="another checkout to compare with")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON only (used by --before)")
    parser.add_argument("--only", default="", help="only the requests whose name contains this (a quick look: "
                        "prints, writes nothing)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root))
    if args.json:
        print(json.dumps([asdict(r) for r in measure(args.runs, args.only)]))
        return 0
    if args.only:
        measure(args.runs, args.only)
        return 0
    from results_file import write_section  # bench/ is sys.path[0] when run as a script

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    before: dict[str, Row] = {}
    if args.before is not None:
        done = subprocess.run([sys.executable, __file__, "--json", "--runs", str(args.runs), "--root",
                               str(args.before)], check=True, capture_output=True, text=True)
        before = {r["name"]: Row(**r) for r in json.loads(done.stdout.strip().splitlines()[-1])}
    rows = measure(args.runs)
    command = "python bench/planning.py" + (
        "" if argv is None and len(sys.argv) == 1 else " " + shlex.join(sys.argv[1:] if argv is None else argv))
    write_section(HEADING, render(rows, before, args.runs, command, load), args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
