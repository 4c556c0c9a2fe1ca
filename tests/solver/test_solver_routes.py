"""The O(1) insertion and replacement tests against plain simulation, and the travel polish."""

from __future__ import annotations

import math
import random

import pytest
from solver_brute import random_problem

from tourplanner.solver import INFEASIBLE, Node, Problem, Tour
from tourplanner.solver.model import compile_problem
from tourplanner.solver.polish import polish_route
from tourplanner.solver.routes import INF, RouteState


def _arrival_at(route: RouteState, nodes: list[int], q: int) -> float:
    """Arrival time at position q (1-based, the end included) of the order `nodes`; INF if infeasible."""
    c = route.c
    if route.simulate(nodes) == INF:
        return INF
    seq = [route.seq[0], *nodes, route.seq[-1]]
    t = c.tour_open[route.tour]
    for p in range(1, q):
        e, _ = next(((e, lat) for e, lat in c.windows[seq[p]] if lat >= t + c.dist[seq[p - 1]][seq[p]]))
        t = max(e, t + c.dist[seq[p - 1]][seq[p]]) + c.service[seq[p]]
    return t + c.dist[seq[q - 1]][seq[q]]


@pytest.mark.parametrize("seed", range(25))
def test_best_insertion_matches_simulation(seed: int) -> None:
    problem = random_problem(seed, n=7, tours=2)
    c = compile_problem(problem)
    rng = random.Random(seed)
    for r in range(c.m):
        nodes: list[int] = []
        route = RouteState(c, r)
        for k in rng.sample(range(c.n), c.n):  # a random feasible route
            q = rng.randint(1, len(nodes) + 1)
            trial = [*nodes[: q - 1], k, *nodes[q - 1 :]]
            if c.fits[k][r] and route.simulate(trial) < INF:
                nodes = trial
        route = RouteState(c, r, nodes)
        shifts = [INF] * c.n
        places = [-1] * c.n
        outside = [k for k in range(c.n) if k not in nodes]
        route.evaluate(outside, shifts, places)
        for k in outside:
            expected = INF
            for q in range(1, len(nodes) + 2):
                trial = [*nodes[: q - 1], k, *nodes[q - 1 :]]
                new = _arrival_at(route, trial, q + 1)
                if new < INF:
                    expected = min(expected, new - route.arr[q])
            shift, q = route.best_insertion(k)
            assert (shifts[k], places[k]) == (shift, q)
            if expected == INF:
                assert q == -1
            else:
                assert q > 0 and shift == pytest.approx(expected)
                assert route.simulate([*nodes[: q - 1], k, *nodes[q - 1 :]]) < INF


def test_replacement_takes_the_cheapest_visit_that_fits() -> None:
    pos = {"h": 0.0, "a": 10.0, "b": 20.0, "c": 30.0, "x": 21.0}
    nodes = (
        Node("a", 5, 10, ((0.0, 100.0),)),
        Node("b", 1, 10, ((0.0, 100.0),)),
        Node("c", 5, 10, ((0.0, 100.0),)),
        Node("x", 3, 10, ((0.0, 100.0),)),
    )
    problem = Problem(nodes, (Tour("h", "h", 0, 90),), lambda p, q: abs(pos[p] - pos[q]))
    c = compile_problem(problem)
    route = RouteState(c, 0, [0, 1, 2])  # h a b c h: 30 + 30 travel, 30 service = 90, full
    assert route.best_insertion(3) == (INF, -1)
    lost, _, q = route.best_replacement(3, c.score[3])
    assert (lost, q) == (1.0, 2)  # b (score 1) makes way for x (score 3)
    assert route.replace(q, 3) == 1
    assert route.seq[1:-1] == [0, 3, 2] and route.score == 13


def test_polish_untangles_a_route() -> None:
    coords = {"h": (0.0, 0.0), "a": (10.0, 0.0), "b": (10.0, 10.0), "c": (0.0, 10.0)}

    def travel(p: str, q: str) -> float:
        return math.dist(coords[p], coords[q]) if p in coords and q in coords else INFEASIBLE

    nodes = tuple(Node(k, 1, 0, ((0.0, 1000.0),)) for k in "abc")
    c = compile_problem(Problem(nodes, (Tour("h", "h", 0, 1000),), travel))
    route = RouteState(c, 0, [1, 0, 2])  # h b a c h: crossing
    before = route.travel()
    polish_route(route, 1000)
    assert route.travel() < before
    assert route.travel() == pytest.approx(40.0)
