"""Same problem, seed and budget: same answer; and the default budget is fast on a planning-sized call."""

from __future__ import annotations

import math
import random

from tourplanner.solver import INFEASIBLE, Node, Problem, Tour, solve
from tourplanner.solver.check import assert_feasible


def planning_sized(seed: int = 7, days: int = 15, sites: int = 50) -> Problem:
    """Two cities far apart, 15 day tours with hotels, sites with opening hours on several days,
    lunch breaks (load 0), a few must-sees, no travel between the cities inside a day."""
    rng = random.Random(seed)
    coords: dict[str, tuple[float, float]] = {}
    city: dict[str, int] = {}
    nodes = []
    for k in range(sites):
        in_b = k % 3 == 0  # a third in the second city
        coords[f"s{k}"] = (rng.uniform(0, 40) + (5000 if in_b else 0), rng.uniform(0, 40))
        city[f"s{k}"] = int(in_b)
        windows = []
        for day in range(days):
            if rng.random() < 0.7:
                base = day * 1440
                windows.append((base + 600 + rng.choice([0, 0, 60]), base + 1020))
        score = 1e6 if k % 17 == 0 else float(rng.randint(1, 10))
        nodes.append(Node(f"s{k}", score, rng.choice([60.0, 90.0, 120.0]), tuple(windows), load=1))
    for h, cid in (("hotel-a", 0), ("hotel-b", 1)):
        coords[h] = (20.0 + 5000 * cid, 20.0)
        city[h] = cid
    for day in range(days):
        lunch = f"lunch{day}"
        coords[lunch] = (20.0 + 5000 * (day >= 10), 21.0)
        city[lunch] = int(day >= 10)
        nodes.append(Node(lunch, 50.0, 45, ((day * 1440 + 720.0, day * 1440 + 810.0),), load=0))
    tours = []
    for day in range(days):
        hotel = "hotel-b" if day >= 10 else "hotel-a"
        tours.append(Tour(hotel, hotel, day * 1440 + 540.0, day * 1440 + 1140.0, capacity=5))

    def travel(a: str, b: str) -> float:
        if city[a] != city[b]:
            return INFEASIBLE
        (x1, y1), (x2, y2) = coords[a], coords[b]
        return 10.0 + math.hypot(x1 - x2, y1 - y2)

    return Problem(tuple(nodes), tuple(tours), travel)


def test_same_seed_same_solution() -> None:
    problem = planning_sized()
    first = solve(problem, seed=3, iterations=150)
    again = solve(problem, seed=3, iterations=150)
    assert first == again
    assert_feasible(problem, first)


def test_default_budget_fits_every_lunch_and_must_see_of_a_planning_call() -> None:
    """How fast the default budget runs is measured in bench/planning.py, not asserted here."""
    problem = planning_sized()
    solution = solve(problem)
    assert_feasible(problem, solution)
    visited = {v.node for r in solution.routes for v in r.visits}
    assert all(f"lunch{d}" in visited for d in range(15))
    assert all(f"s{k}" in visited for k in range(0, 50, 17))  # must-sees (all fit)


def test_same_answer_whatever_the_hash_seed() -> None:
    """No set or dict order of strings leaks into the search: other processes, same answer."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    code = (
        "import sys, json; sys.path[:0] = [sys.argv[1]]\n"
        "from test_solver_determinism import planning_sized\n"
        "from tourplanner.solver import solve\n"
        "s = solve(planning_sized(seed=11), seed=2, iterations=120)\n"
        "print(json.dumps([[(v.node, v.start) for v in r.visits] for r in s.routes]))\n"
    )
    answers = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(here)], env=env, capture_output=True, text=True, check=True
        )
        answers.add(out.stdout)
    assert len(answers) == 1
