"""Public entry: Problem -> Solution."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .model import Compiled, compile_problem
from .problem import Problem, Route, Solution, Visit
from .routes import RouteState
from .search import State, optimise

DEFAULT_ITERATIONS = 500


def solve(
    problem: Problem,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = 0,
    time_limit: float | None = None,
    clock: Callable[[], float] | None = None,
) -> Solution:
    """Choose and order visits over the tours: maximise total score, then minimise total travel.

    Deterministic for a given seed and iteration budget. `time_limit` (seconds of `clock`, by default
    time.perf_counter, i.e. wall clock; pass time.process_time to count this process's CPU time)
    stops the search early, counted from this call, and so makes the answer depend on the machine:
    benchmarks only. Nodes with a score <= 0 are never visited.
    """
    tick = clock or time.perf_counter
    began = tick()
    if iterations < 0:
        raise ValueError("iterations must be >= 0")
    c = compile_problem(problem)
    state = optimise(c, iterations=iterations, seed=seed, time_limit=time_limit, clock=tick, began=began)
    return to_solution(c, state)


def schedule(problem: Problem, tour: int, order: list[str] | tuple[str, ...]) -> Route | None:
    """The earliest-start schedule of the given visit order on one tour; None if it is infeasible.

    Capacity is not checked here. Useful to time a route found elsewhere (or edited by hand).
    Raises ValueError for an id that is not a node.
    """
    c = compile_problem(problem)
    index = {c.ids[k]: k for k in range(c.n)}
    unknown = [node for node in order if node not in index]
    if unknown:
        raise ValueError(f"unknown nodes: {unknown}")
    try:
        route = RouteState(c, tour, [index[node] for node in order])
    except ValueError:
        return None
    return _route(c, route)


def _route(c: Compiled, route: RouteState) -> Route:
    """Visits at their earliest starts; the tour leaves as late as it can without moving any of them
    (no wait before the first visit)."""
    visits = []
    for q in range(1, len(route.seq) - 1):
        k = route.seq[q]
        start = route.start[q]
        arrival = start - route.wait[q]
        if q == 1:
            arrival = start  # the departure absorbs the wait
        visits.append(Visit(node=c.ids[k], arrival=arrival, start=start, end=start + c.service[k]))
    if not visits:
        return Route(tour=route.tour, visits=(), travel=0.0, departure=route.start[0], back=route.start[0])
    return Route(
        tour=route.tour,
        visits=tuple(visits),
        travel=route.travel(),
        departure=route.start[0] + route.wait[1],
        back=route.start[-1],
    )


def to_solution(c: Compiled, state: State) -> Solution:
    routes = tuple(_route(c, route) for route in state.routes)
    unvisited = tuple(c.ids[k] for k in range(c.n) if state.where[k] < 0)
    return Solution(
        routes=routes,
        score=math.fsum(c.score[k] for route in state.routes for k in route.seq[1:-1]),
        travel=math.fsum(route.travel for route in routes),
        unvisited=unvisited,
    )
