"""The solver against exact optima on tiny problems, every answer re-checked independently."""

from __future__ import annotations

import math

import pytest
from solver_brute import optimum, random_problem

from tourplanner.solver import INFEASIBLE, Node, Problem, Tour, solve
from tourplanner.solver.check import assert_feasible


@pytest.mark.parametrize("seed", range(int(__import__("os").environ.get("NSEEDS", 40))))
def test_random_tiny_problems_reach_the_optimum(seed: int) -> None:
    problem = random_problem(seed, n=6 + seed % 2, tours=1 + seed % 3)
    solution = solve(problem, seed=seed)
    assert_feasible(problem, solution)
    assert solution.score == pytest.approx(optimum(problem))


def _problem(
    nodes: list[Node],
    tours: list[Tour],
    pos: dict[str, float],
    blocked: frozenset[tuple[str, str]] = frozenset(),
) -> Problem:
    """Places on a line; travel = distance, except blocked pairs (either way)."""

    def travel(a: str, b: str) -> float:
        if (a, b) in blocked or (b, a) in blocked:
            return INFEASIBLE
        return abs(pos[a] - pos[b])

    return Problem(tuple(nodes), tuple(tours), travel)


def test_second_window_on_another_day_is_used() -> None:
    # Day 0 (0..100) is too short for the far node's first window; its second window is on day 1.
    pos = {"hotel": 0.0, "far": 50.0, "near": 5.0}
    nodes = [
        Node("far", 10, 20, ((200.0, 210.0), (1040.0, 1060.0))),
        Node("near", 1, 10, ((0.0, 100.0),)),
    ]
    tours = [Tour("hotel", "hotel", 0, 100), Tour("hotel", "hotel", 1000, 1200)]
    problem = _problem(nodes, tours, pos)
    solution = solve(problem)
    assert_feasible(problem, solution)
    assert solution.score == 11
    day1 = solution.routes[1].visits
    assert [v.node for v in day1] == ["far"]
    assert day1[0].start == 1050.0 and day1[0].arrival == 1050.0


def test_earliest_feasible_window_is_chosen() -> None:
    pos = {"h": 0.0, "a": 10.0}
    nodes = [Node("a", 5, 10, ((0.0, 5.0), (30.0, 40.0), (60.0, 90.0)))]
    problem = _problem(nodes, [Tour("h", "h", 0, 200)], pos)
    solution = solve(problem)
    (visit,) = solution.routes[0].visits
    assert (visit.arrival, visit.start, visit.end) == (30.0, 30.0, 40.0)
    assert solution.routes[0].departure == 20.0  # leaves as late as it can: no waiting on site


def test_infeasible_travel_keeps_nodes_apart() -> None:
    # "moscow" cannot be reached from the Baikonur hotel: only the Moscow day can visit it.
    pos = {"msk-hotel": 0.0, "moscow": 5.0, "bk-hotel": 1000.0, "baikonur": 1005.0}
    blocked = {("bk-hotel", "moscow"), ("baikonur", "moscow")}
    nodes = [Node("moscow", 5, 10, ((0.0, 2000.0),)), Node("baikonur", 5, 10, ((0.0, 2000.0),))]
    tours = [Tour("bk-hotel", "bk-hotel", 0, 2000), Tour("msk-hotel", "msk-hotel", 0, 2000)]
    problem = _problem(nodes, tours, pos, frozenset(blocked))
    solution = solve(problem)
    assert_feasible(problem, solution)
    assert solution.score == 10
    assert [v.node for v in solution.routes[0].visits] == ["baikonur"]
    assert [v.node for v in solution.routes[1].visits] == ["moscow"]


def test_capacity_limits_a_tour_and_zero_load_is_free() -> None:
    pos = {"h": 0.0, "a": 1.0, "b": 2.0, "c": 3.0, "lunch": 2.5}
    nodes = [
        Node("a", 3, 1, ((0.0, 100.0),)),
        Node("b", 2, 1, ((0.0, 100.0),)),
        Node("c", 1, 1, ((0.0, 100.0),)),
        Node("lunch", 1, 5, ((10.0, 20.0),), load=0),
    ]
    problem = _problem(nodes, [Tour("h", "h", 0, 100, capacity=2)], pos)
    solution = solve(problem)
    assert_feasible(problem, solution)
    assert {v.node for v in solution.routes[0].visits} == {"a", "b", "lunch"}


def test_must_see_score_dominates() -> None:
    # Either the must-see (huge score) or the three small ones fit, not both.
    pos = {"h": 0.0, "must": -40.0, "x": 10.0, "y": 11.0, "z": 12.0}
    nodes = [
        Node("must", 1e9, 10, ((0.0, 100.0),)),
        Node("x", 10, 10, ((0.0, 100.0),)),
        Node("y", 10, 10, ((0.0, 100.0),)),
        Node("z", 10, 10, ((0.0, 100.0),)),
    ]
    problem = _problem(nodes, [Tour("h", "h", 0, 100)], pos)
    solution = solve(problem)
    assert_feasible(problem, solution)
    assert "must" in {v.node for v in solution.routes[0].visits}


def test_ties_on_score_prefer_less_travel() -> None:
    pos = {"h": 0.0, "a": 10.0, "b": -10.0, "c": 20.0}
    nodes = [
        Node("a", 1, 0, ((0.0, 1000.0),)),
        Node("b", 1, 0, ((0.0, 1000.0),)),
        Node("c", 1, 0, ((0.0, 1000.0),)),
    ]
    problem = _problem(nodes, [Tour("h", "h", 0, 1000)], pos)
    solution = solve(problem)
    assert solution.score == 3
    assert solution.travel == 60  # h -> b -> ... the shortest order is 60 (h,b,a,c,h or reverse)


def test_different_start_and_end_places() -> None:
    pos = {"a-hotel": 0.0, "b-hotel": 100.0, "mid": 50.0, "off": -80.0}
    nodes = [Node("mid", 1, 5, ((0.0, 500.0),)), Node("off", 1, 5, ((0.0, 500.0),))]
    problem = _problem(nodes, [Tour("a-hotel", "b-hotel", 0, 120)], pos)
    solution = solve(problem)
    assert_feasible(problem, solution)
    route = solution.routes[0]
    assert [v.node for v in route.visits] == ["mid"]
    assert route.travel == 100 and route.back == 105
    assert solution.unvisited == ("off",)


def test_unusable_tour_and_empty_problem() -> None:
    pos = {"h": 0.0, "far-hotel": 500.0, "a": 1.0}
    nodes = [Node("a", 1, 5, ((0.0, 500.0),))]
    problem = _problem(nodes, [Tour("h", "far-hotel", 0, 100)], pos)
    solution = solve(problem)
    assert_feasible(problem, solution)
    assert solution.score == 0 and solution.routes[0].visits == () and solution.routes[0].travel == 0
    empty = solve(_problem([], [Tour("h", "h", 0, 10)], pos))
    assert empty.score == 0 and empty.travel == 0
    no_tours = solve(_problem(nodes, [], pos))
    assert no_tours.routes == () and no_tours.unvisited == ("a",)


def test_bad_input_is_refused() -> None:
    pos = {"h": 0.0, "a": 1.0}
    with pytest.raises(ValueError, match="duplicate"):
        solve(_problem([Node("a", 1, 1, ((0.0, 1.0),))] * 2, [Tour("h", "h", 0, 10)], pos))
    with pytest.raises(ValueError, match="service"):
        solve(_problem([Node("a", 1, -1, ((0.0, 1.0),))], [Tour("h", "h", 0, 10)], pos))
    nan = Problem((Node("a", 1, 1, ((0.0, 1.0),)),), (Tour("h", "h", 0, 10),), lambda a, b: math.nan)
    with pytest.raises(ValueError, match="travel"):
        solve(nan)


@pytest.mark.parametrize("seed", range(10))
def test_optional_replace_pass_stays_feasible_and_optimal(seed: int) -> None:
    from tourplanner.solver.api import to_solution
    from tourplanner.solver.model import compile_problem
    from tourplanner.solver.search import Settings, optimise

    problem = random_problem(100 + seed, n=7, tours=2)
    c = compile_problem(problem)
    state = optimise(c, iterations=500, seed=seed, time_limit=None, settings=Settings(replace=1.0))
    solution = to_solution(c, state)
    assert_feasible(problem, solution)
    assert solution.score == pytest.approx(optimum(problem))
