"""compile_problem's shortcuts (reach components, the first-leg bound, per-node tour lists) never change
what fits where: `fits[k][r]` is exactly "some feasible route of tour r visits k" (brute force)."""
from __future__ import annotations

import random

import pytest
from solver_brute import feasible_sets

from tourplanner.solver import INFEASIBLE, Node, Problem, Tour
from tourplanner.solver.model import compile_problem


def two_regions(seed: int) -> Problem:
    """Nodes in two groups with no way between them, a zero-cost "lunch" per day whose way on is long,
    tours on different days from each group's base: the shapes planning produces."""
    rng = random.Random(seed)
    group = {f"n{i}": i % 2 for i in range(6)} | {"lunch0": 0, "lunch1": 0, "A": 0, "B": 1}
    points = {k: (rng.uniform(0, 50), rng.uniform(0, 50)) for k in group}
    wide = rng.choice((40.0, 400.0))  # the way on from a lunch: a bound that may exceed the day

    def travel(a: str, b: str) -> float:
        if group[a] != group[b]:
            return INFEASIBLE
        if b.startswith("lunch"):
            return 0.0
        if a.startswith("lunch"):
            return wide
        (xa, ya), (xb, yb) = points[a], points[b]
        return round(((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5, 1)

    nodes = [Node(id=f"n{i}", score=float(rng.randint(1, 9)), service=float(rng.choice((5, 20))),
                 windows=((day * 1000.0 + rng.uniform(0, 100), day * 1000.0 + rng.uniform(100, 300)),))
             for i, day in zip(range(6), (0, 0, 1, 1, 0, 1), strict=True)]
    nodes += [Node(id=f"lunch{d}", score=50.0, service=45.0, windows=((d * 1000.0 + 120, d * 1000.0 + 200),),
                   load=0) for d in (0, 1)]
    tours = [Tour(start="A", end="A", open=0.0, close=400.0), Tour(start="A", end="A", open=1000.0, close=1400.0),
             Tour(start="B", end="B", open=0.0, close=400.0)]
    return Problem(nodes=tuple(nodes), tours=tuple(tours), travel=travel)


@pytest.mark.parametrize("seed", range(40))
def test_fits_is_exactly_what_some_route_can_visit(seed: int) -> None:
    problem = two_regions(seed)
    c = compile_problem(problem)
    for r in range(len(problem.tours)):
        reachable = 0
        for mask in feasible_sets(problem, r):
            reachable |= mask
        for k in range(len(problem.nodes)):
            assert c.fits[k][r] == bool(reachable & (1 << k)), (seed, problem.nodes[k].id, r)
            assert (r in c.tours_of[k]) == c.fits[k][r] and (k in c.nodes_of[r]) == c.fits[k][r]
