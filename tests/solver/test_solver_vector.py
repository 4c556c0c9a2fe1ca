"""The numpy insertion kernel gives the pure-Python answers exactly, so the search does not change."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from solver_brute import random_problem

from tourplanner.solver import search
from tourplanner.solver.model import compile_problem
from tourplanner.solver.routes import INF, RouteState
from tourplanner.solver.toptw import read, solve_instance
from tourplanner.solver.vector import Kernel

DATA = Path("/work/shared/bench/toptw/instances")


def _random_route(route: RouteState, rng: random.Random) -> list[int]:
    c = route.c
    nodes: list[int] = []
    for k in rng.sample(range(c.n), c.n):
        q = rng.randint(1, len(nodes) + 1)
        trial = [*nodes[: q - 1], k, *nodes[q - 1 :]]
        if c.fits[k][route.tour] and route.simulate(trial) < INF:
            nodes = trial
    return nodes


@pytest.mark.parametrize("seed", range(40))
def test_kernel_matches_the_loop(seed: int) -> None:
    # Several windows per node, impossible legs between two cities, float times: every branch.
    c = compile_problem(random_problem(seed, n=14, tours=3))
    kernel = Kernel(c)
    kernel.min_batch = 0
    rng = random.Random(seed)
    for r in range(c.m):
        route = RouteState(c, r, _random_route(RouteState(c, r), rng))
        outside = [k for k in range(c.n) if k not in route.seq]
        plain = ([INF] * c.n, [-1] * c.n)
        route.evaluate(outside, *plain)
        route.kernel = kernel
        fast = ([INF] * c.n, [-1] * c.n)
        route.evaluate(outside, *fast)
        assert fast == plain
        for k in outside:
            assert (plain[0][k], plain[1][k]) == route.best_insertion(k)


@pytest.mark.skipif(not DATA.exists(), reason="TOPTW instances not available")
def test_search_with_and_without_kernel_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = read(DATA / "pr01.txt")
    _, with_kernel = solve_instance(instance, 2, iterations=150)
    monkeypatch.setattr(search, "MIN_NODES", 1 << 30)
    _, without = solve_instance(instance, 2, iterations=150)
    assert with_kernel == without
