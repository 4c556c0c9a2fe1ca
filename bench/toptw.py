"""TOPTW benchmark: the tourplanner solver on the public instances, against the best-known scores.

    python bench/toptw.py [--time-limit 10] [--only c101,pr01] [--max-tours 4] [--seed 0]
    python bench/toptw.py --data bench/toptw_extra     # instances outside the tuning set

Runs every (instance, m) of <data>/bks.csv one after the other in this process (one core), checks every
answer with the independent checker (tourplanner.solver.check), and rewrites the "## TOPTW" section of
bench/RESULTS.md (only that section; "## TOPTW outside the tuning set" for bench/toptw_extra). bench/toptw_ortools.py fills the OR-Tools column of the same
table; each script keeps the other's numbers, stored in an HTML comment inside the section.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import click
from results_file import write_section  # bench/results_file.py: one "## ..." section each

from tourplanner.solver.check import violations
from tourplanner.solver.problem import Problem, Solution
from tourplanner.solver.toptw import read, solve_instance

DEFAULT_DATA = Path("/work/shared/bench/toptw")
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## TOPTW"
EXTRA_DATA = ROOT / "bench" / "toptw_extra"
EXTRA_HEADING = "## TOPTW outside the tuning set"
DATA_TAG = "toptw-data"


@dataclass(frozen=True)
class Case:
    instance: str
    m: int
    bks: float


@dataclass
class Outcome:
    instance: str
    m: int
    bks: float
    score: float
    seconds: float  # CPU seconds of this process (the limit is counted in CPU time)
    feasible: bool
    wall: float = 0.0  # wall-clock seconds (larger when other work shares the cores)

    @property
    def gap(self) -> float:
        return 100.0 * (self.bks - self.score) / self.bks if self.bks else 0.0


def cases(data: Path, only: Iterable[str] = (), max_tours: int = 4) -> list[Case]:
    wanted = {name.strip() for name in only if name.strip()}
    out = []
    with (data / "bks.csv").open() as handle:
        for row in csv.DictReader(handle):
            case = Case(row["instance"], int(row["m"]), float(row["bks"]))
            if (not wanted or case.instance in wanted) and case.m <= max_tours:
                out.append(case)
    return out


def run(
    data: Path,
    selected: list[Case],
    solver: Callable[[Case, Path], tuple[Problem, Solution]],
    label: str,
) -> list[Outcome]:
    outcomes = []
    for case in selected:
        began, began_cpu = time.perf_counter(), time.process_time()
        problem, solution = solver(case, data / "instances" / f"{case.instance}.txt")
        seconds, wall = time.process_time() - began_cpu, time.perf_counter() - began
        errors = violations(problem, solution)
        outcome = Outcome(case.instance, case.m, case.bks, solution.score, seconds, not errors, wall)
        outcomes.append(outcome)
        flag = "" if not errors else "  INFEASIBLE: " + "; ".join(errors[:3])
        print(
            f"{label} {case.instance} m={case.m} bks={case.bks:g} score={solution.score:g} "
            f"gap={outcome.gap:.2f}% cpu {seconds:.1f}s wall {wall:.1f}s{flag}",
            flush=True,
        )
    return outcomes


# -- RESULTS.md ---------------------------------------------------------------------------------------


def heading_for(data: Path) -> str:
    """The public set keeps "## TOPTW"; bench/toptw_extra (never tuned on) gets its own section."""
    return EXTRA_HEADING if data.resolve() == EXTRA_DATA.resolve() else HEADING


def _load_section(text: str, heading: str = HEADING) -> tuple[str, str, str]:
    """(before, section, after) around the `heading` section (section empty when absent)."""
    match = re.search(rf"^{re.escape(heading)}[ \t]*$", text, flags=re.MULTILINE)
    if not match:
        return text, "", ""
    start = match.start()
    following = re.search(r"^## ", text[match.end() :], flags=re.MULTILINE)
    end = match.end() + following.start() if following else len(text)
    return text[:start], text[start:end], text[end:]


def _stored(section: str) -> dict[str, dict[str, object]]:
    match = re.search(rf"<!-- {DATA_TAG}: (.*?) -->", section, flags=re.DOTALL)
    if not match:
        return {}
    try:
        value = json.loads(match.group(1))
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def render(runs: dict[str, dict[str, object]], heading: str = HEADING) -> str:
    """The section from stored runs: {"ils": {...}, "ortools": {...}}, each with its command,
    time limit and outcomes."""
    names = [("ils", "tourplanner"), ("ortools", "OR-Tools GLS")]
    present = [(key, title) for key, title in names if key in runs]
    rows: dict[tuple[str, int], dict[str, Outcome]] = {}
    order: list[tuple[str, int]] = []
    for key, _ in present:
        for raw in runs[key]["outcomes"]:  # type: ignore[attr-defined]
            outcome = Outcome(**raw)
            ident = (outcome.instance, outcome.m)
            if ident not in rows:
                rows[ident] = {}
                order.append(ident)
            rows[ident][key] = outcome

    lines = [heading, ""]
    lines.append(
        (
            "Public TOPTW instances (/work/shared/bench/toptw: Solomon c1/r1 m=1, Cordeau pr01–pr10 "
            "m=1..4)"
            if heading == HEADING
            else "TOPTW instances the solver was never tuned on (bench/toptw_extra: Cordeau pr11–pr14, "
            "pr17, pr18, m=1..4; source, conversion and best-known scores in its README)"
        )
        + ", gap = (bks − score) / bks. Every route was re-checked by the independent checker "
        "(`tourplanner/solver/check.py`). One core; the limit and the `s` columns are CPU seconds "
        "of the process (the machine's cores are shared, so wall-clock time is not a fair budget); "
        "OR-Tools only takes a wall-clock limit, its CPU seconds show what it actually got."
    )
    lines.append("")
    for key, title in present:
        info = runs[key]
        lines.append(f"- {title}: `{info['command']}` ({info['when']}, {info['limit']} s per run)")
    lines.append("")
    header = "| instance | m | bks |"
    rule = "|---|---:|---:|"
    for _, title in present:
        header += f" {title} score | gap % | s |"
        rule += "---:|---:|---:|"
    lines += [header, rule]
    for ident in order:
        first = next(iter(rows[ident].values()))
        line = f"| {ident[0]} | {ident[1]} | {first.bks:g} |"
        for key, _ in present:
            o = rows[ident].get(key)
            if o is None:
                line += " – | – | – |"
            else:
                mark = "" if o.feasible else " (INFEASIBLE)"
                line += f" {o.score:g}{mark} | {o.gap:.2f} | {o.seconds:.1f} |"
        lines.append(line)
    lines.append("")
    for key, title in present:
        outs = [o for o in (rows[i].get(key) for i in order) if o is not None]
        gaps = [o.gap for o in outs]
        worst = max(outs, key=lambda o: o.gap) if outs else None
        infeasible = sum(not o.feasible for o in outs)
        summary = f"- {title}: mean gap **{_mean(gaps):.2f} %** over {len(outs)} runs"
        if worst is not None:
            summary += f", worst {worst.instance} m={worst.m} ({worst.gap:.2f} %)"
        summary += f", {sum(g <= 1e-9 for g in gaps)} at the best known"
        summary += f", {infeasible} infeasible" if infeasible else ", all feasible"
        for family, members in (
            ("Solomon", [o.gap for o in outs if not o.instance.startswith("pr")]),
            ("Cordeau", [o.gap for o in outs if o.instance.startswith("pr")]),
        ):
            if members:
                summary += f"; {family} {_mean(members):.2f} %"
        by_m = sorted({o.m for o in outs})
        if len(by_m) > 1:
            summary += "; by tours: " + ", ".join(
                f"m={m} {_mean([o.gap for o in outs if o.m == m]):.2f} %" for m in by_m
            )
        lines.append(summary)
    if "ils" in runs and "ortools" in runs:
        worse = []
        for ident in order:
            a, b = rows[ident].get("ils"), rows[ident].get("ortools")
            if a is not None and b is not None and a.score < b.score - 1e-9:
                worse.append(f"{ident[0]} m={ident[1]} ({a.score:g} < {b.score:g})")
        better = sum(
            1
            for i in order
            if "ils" in rows[i] and "ortools" in rows[i] and rows[i]["ils"].score > rows[i]["ortools"].score
        )
        lines.append(
            f"- tourplanner better than OR-Tools on {better} runs, worse on {len(worse)}"
            + (": " + ", ".join(worse) if worse else "")
        )
    lines.append("")
    lines.append(f"<!-- {DATA_TAG}: {json.dumps(runs, sort_keys=True)} -->")
    lines.append("")
    return "\n".join(lines) + "\n"


def write_results(
    key: str,
    command: str,
    limit: float,
    outcomes: list[Outcome],
    path: Path = RESULTS,
    heading: str = HEADING,
) -> None:
    """Store this run beside the other solver's (kept from the section) and rewrite the section."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    _, section, _ = _load_section(text, heading)
    runs = _stored(section)
    runs[key] = {
        "command": command,
        "limit": limit,
        "when": time.strftime("%Y-%m-%d"),
        "outcomes": [asdict(o) for o in outcomes],
    }
    write_section(heading, render(runs, heading), path)


def command_line() -> str:
    return "python " + " ".join(shlex.quote(a) for a in [f"bench/{Path(sys.argv[0]).name}", *sys.argv[1:]])


# -- the tourplanner solver ---------------------------------------------------------------------------


def options(function: Callable[..., None]) -> Callable[..., None]:
    for decorator in reversed(
        [
            click.option("--data", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True),
            click.option(
                "--time-limit", type=float, default=10.0, show_default=True, help="Seconds per run."
            ),
            click.option("--only", default="", help="Comma-separated instance names (default: all)."),
            click.option(
                "--max-tours", type=int, default=4, show_default=True, help="Skip runs with more tours."
            ),
            click.option("--seed", type=int, default=0, show_default=True),
            click.option(
                "--results",
                type=click.Path(path_type=Path),
                default=RESULTS,
                show_default=True,
                help="Markdown file whose '## TOPTW' section is rewritten ('-' to write nothing).",
            ),
        ]
    ):
        function = decorator(function)
    return function


@click.command()
@options
def main(data: Path, time_limit: float, only: str, max_tours: int, seed: int, results: Path) -> None:
    """Run the tourplanner solver on the TOPTW instances and record the table."""

    def solver(case: Case, file: Path) -> tuple[Problem, Solution]:
        return solve_instance(read(file), case.m, time_limit=time_limit, seed=seed, clock=time.process_time)

    outcomes = run(data, cases(data, only.split(","), max_tours), solver, "ils")
    gaps = [o.gap for o in outcomes]
    print(
        f"mean gap {_mean(gaps):.2f} % over {len(gaps)} runs; infeasible: {sum(not o.feasible for o in outcomes)}"
    )
    if str(results) != "-":
        write_results("ils", command_line(), time_limit, outcomes, results, heading_for(data))
    if not all(o.feasible for o in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    main()
