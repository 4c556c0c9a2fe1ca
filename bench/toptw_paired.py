"""TOPTW, this solver against an earlier commit's, both running at the same time: one per core.

    python bench/toptw_paired.py --against 31d0a5b [--seeds 0,1] [--time-limit 10] [--data DIR]

The machine's speed drifts (on this shared VM the same search has run 25 % more or fewer iterations per
CPU second from one hour to the next), so a mean gap measured on one day cannot be compared with one
measured on another. Here every (instance, m, seed) runs in both versions at once, in two processes
with the same CPU-time limit, and only the paired difference is read. Each version checks its own
answer with its own independent checker. Rewrites the "## TOPTW paired" section of bench/RESULTS.md.
"""

from __future__ import annotations

import json
import math
import shlex
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

import click
from results_file import write_section  # bench/ is the script's directory, first on sys.path
from toptw import DEFAULT_DATA, EXTRA_DATA, ROOT, cases  # the single-run benchmark's data and cases

HEADING = "## TOPTW paired"
EXTRA_HEADING = "## TOPTW paired, outside the tuning set"
CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from tourplanner.solver.check import violations
from tourplanner.solver.toptw import read, solve_instance
path, m, seed, limit = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
began = time.process_time()
problem, solution = solve_instance(read(path), m, time_limit=limit, seed=seed, clock=time.process_time)
print(json.dumps({"score": solution.score, "feasible": not violations(problem, solution),
                  "cpu": time.process_time() - began}))
"""


def checkout(ref: str, into: Path) -> Path:
    """The `tourplanner` package as of `ref`, unpacked under `into` (no work tree is touched)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "tourplanner"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_pair(
    roots: dict[str, Path], path: Path, m: int, seed: int, limit: float
) -> dict[str, dict[str, Any]]:
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", CHILD, str(root), str(path), str(m), str(seed), str(limit)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, root in roots.items()
    }
    return {name: json.loads(proc.communicate()[0]) for name, proc in procs.items()}


def gap(bks: float, score: float) -> float:
    return 100.0 * (bks - score) / bks if bks else 0.0


def section(
    rows: list[dict[str, Any]], heading: str, against: str, head: str, limit: float, command: str
) -> str:
    seeds = sorted({r["seed"] for r in rows})
    lines = [
        heading,
        "",
        (
            f"This solver ({head}) and the solver of {against}, run at the same time on the same case, "
            f"one process per core, {limit:g} CPU seconds each: `{command}` ({time.strftime('%Y-%m-%d')}). "
            "Only the paired difference is meaningful; each side's absolute mean moves with the machine. "
            "The difference is in points of mean gap (negative: this solver is closer to the best known), "
            "with the standard error of the paired mean."
        ),
        "",
        (
            f"| seed | runs | {against} mean gap % | {head} mean gap % | difference ± s.e. "
            f"| {head} better | worse | all feasible |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for seed in [*seeds, None]:
        part = [r for r in rows if seed is None or r["seed"] == seed]
        old = statistics.fmean(gap(r["bks"], r["old"]["score"]) for r in part)
        new = statistics.fmean(gap(r["bks"], r["new"]["score"]) for r in part)
        diffs = [gap(r["bks"], r["new"]["score"]) - gap(r["bks"], r["old"]["score"]) for r in part]
        error = statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0
        better = sum(r["new"]["score"] > r["old"]["score"] for r in part)
        worse = sum(r["new"]["score"] < r["old"]["score"] for r in part)
        feasible = all(r[v]["feasible"] for r in part for v in ("old", "new"))
        label = "all" if seed is None else str(seed)
        lines.append(
            f"| {label} | {len(part)} | {old:.2f} | {new:.2f} | {new - old:+.2f} ± {error:.2f} | {better} | {worse} | "
            f"{'yes' if feasible else 'NO'} |"
        )
    lines.append("")
    return "\n".join(lines) + "\n"


@click.command()
@click.option("--against", required=True, help="git ref of the earlier solver")
@click.option("--seeds", default="0,1", show_default=True)
@click.option("--time-limit", default=10.0, show_default=True)
@click.option("--data", type=click.Path(path_type=Path), default=DEFAULT_DATA)
def main(against: str, seeds: str, time_limit: float, data: Path) -> None:
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "tourplanner"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if dirty:
        head += " with uncommitted changes"
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"old": checkout(against, Path(tmp)), "new": ROOT}
        for seed in (int(s) for s in seeds.split(",")):
            for case in cases(data):
                path = data / "instances" / f"{case.instance}.txt"
                out = run_pair(roots, path, case.m, seed, time_limit)
                row = {"instance": case.instance, "m": case.m, "seed": seed, "bks": case.bks, **out}
                rows.append(row)
                print(json.dumps(row), flush=True)
    command = "python bench/toptw_paired.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    heading = EXTRA_HEADING if data.resolve() == EXTRA_DATA.resolve() else HEADING
    write_section(heading, section(rows, heading, against, head, time_limit, command))


if __name__ == "__main__":
    main()
