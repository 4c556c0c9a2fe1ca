"""The independent checker catches every kind of violation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tourplanner.solver import INFEASIBLE, Node, Problem, Route, Solution, Tour, Visit, solve
from tourplanner.solver.api import schedule
from tourplanner.solver.check import InfeasibleSolution, assert_feasible, violations

POS = {"h": 0.0, "a": 10.0, "b": 20.0, "c": 30.0, "x": 1000.0}


def travel(p: str, q: str) -> float:
    if {p, q} == {"a", "c"}:
        return INFEASIBLE
    return abs(POS[p] - POS[q])


NODES = (
    Node("a", 1, 5, ((0.0, 100.0),)),
    Node("b", 2, 5, ((0.0, 40.0), (200.0, 300.0))),
    Node("c", 3, 5, ((0.0, 1000.0),), load=2),
)
PROBLEM = Problem(NODES, (Tour("h", "h", 0, 400, capacity=3), Tour("h", "h", 0, 400)), travel)


def solution(*routes: Route) -> Solution:
    ids = {v.node for r in routes for v in r.visits}
    return Solution(
        routes=routes,
        score=sum(n.score for n in NODES if n.id in ids),
        travel=sum(r.travel for r in routes),
        unvisited=tuple(n.id for n in NODES if n.id not in ids),
    )


def route(tour: int, *order: str) -> Route:
    r = schedule(PROBLEM, tour, list(order))
    assert r is not None
    return r


def test_a_good_solution_passes() -> None:
    good = solution(route(0, "a", "b"), route(1, "c"))
    assert violations(PROBLEM, good) == []
    found = solve(PROBLEM)
    assert_feasible(PROBLEM, found)


def test_window_violation() -> None:
    r = route(0, "a", "b")
    late = replace(r.visits[1], arrival=50.0, start=50.0, end=55.0)  # between b's windows
    errors = violations(PROBLEM, solution(replace(r, visits=(r.visits[0], late))))
    assert any("outside" in e for e in errors)


def test_close_time_violation() -> None:
    short = Problem(NODES, (Tour("h", "h", 0, 30),), travel)
    r = Route(0, (Visit("c", 30, 30, 35),), 60.0)
    errors = violations(short, Solution((r,), 3, 60.0, ("a", "b")))
    assert any("after close" in e for e in errors)


def test_capacity_violation() -> None:
    r = route(0, "b", "c")  # loads 1 + 2 = 3: fits
    assert violations(PROBLEM, solution(r)) == []
    over = route(0, "a", "b", "c")  # a -> b -> c: 4 > 3
    assert any("capacity" in e for e in violations(PROBLEM, solution(over)))


def test_node_visited_twice() -> None:
    errors = violations(PROBLEM, solution(route(0, "a"), route(1, "a", "b")))
    assert any("visited 2 times" in e for e in errors)


def test_infeasible_travel_and_unknown_node() -> None:
    bad = Route(0, (Visit("a", 10, 10, 15), Visit("c", INFEASIBLE, INFEASIBLE, INFEASIBLE)), INFEASIBLE)
    errors = violations(PROBLEM, Solution((bad,), 4, INFEASIBLE, ("b",)))
    assert any("cannot be reached" in e for e in errors)
    ghost = Route(0, (Visit("zz", 0, 0, 0),), 0.0)
    assert any("unknown node" in e for e in violations(PROBLEM, Solution((ghost,), 0, 0.0, ("a", "b", "c"))))


def test_wrong_times_score_and_travel_are_reported() -> None:
    r = route(0, "a", "b")
    early = replace(r.visits[0], start=5.0, end=10.0)  # starts before arriving at 10
    errors = violations(PROBLEM, solution(replace(r, visits=(early, r.visits[1]))))
    assert any("before arriving" in e for e in errors)
    good = solution(r)
    assert violations(PROBLEM, replace(good, score=99)) != []
    assert violations(PROBLEM, replace(good, travel=1.0)) != []
    with pytest.raises(InfeasibleSolution):
        assert_feasible(PROBLEM, replace(good, score=99))


def test_missing_and_duplicate_tours() -> None:
    errors = violations(PROBLEM, solution(route(0, "a"), route(0, "b")))
    assert any("tour used twice" in e for e in errors)
    errors = violations(PROBLEM, solution(replace(route(0, "a"), tour=5)))
    assert any("no such tour" in e for e in errors)
    missing = replace(solution(route(0, "a")), unvisited=("b",))
    assert any("neither visited nor unvisited" in e for e in violations(PROBLEM, missing))
