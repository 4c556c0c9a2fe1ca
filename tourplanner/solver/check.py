"""Independent feasibility checker: recomputes everything from the Problem, shares no code with search.

`violations(problem, solution)` lists what is wrong (empty when the solution is feasible and its
reported times, score and travel are consistent); `assert_feasible` raises on the first list.
"""

from __future__ import annotations

import math

from .problem import Problem, Solution

TOLERANCE = 1e-6


class InfeasibleSolution(AssertionError):
    pass


def _inside(value: float, windows: tuple[tuple[float, float], ...], tol: float) -> bool:
    return any(e - tol <= value <= lat + tol for e, lat in windows)


def violations(problem: Problem, solution: Solution, tol: float = TOLERANCE) -> list[str]:
    errors: list[str] = []
    nodes = {node.id: node for node in problem.nodes}
    seen: dict[str, int] = {}
    tours_used: set[int] = set()
    total_score = 0.0
    total_travel = 0.0
    for route in solution.routes:
        where = f"route of tour {route.tour}"
        if not 0 <= route.tour < len(problem.tours):
            errors.append(f"{where}: no such tour")
            continue
        if route.tour in tours_used:
            errors.append(f"{where}: tour used twice")
        tours_used.add(route.tour)
        tour = problem.tours[route.tour]
        if not route.visits:  # the tour is not used
            if route.travel != 0:
                errors.append(f"{where}: no visits but travel {route.travel}")
            continue

        # 1. From scratch: earliest schedule of this order (earliest start is best for what follows).
        place, clock, load, travel = tour.start, tour.open, 0, 0.0
        for visit in route.visits:
            node = nodes.get(visit.node)
            if node is None:
                errors.append(f"{where}: unknown node {visit.node!r}")
                continue
            seen[node.id] = seen.get(node.id, 0) + 1
            load += node.load
            total_score += node.score
            leg = problem.travel(place, node.id)
            travel += leg
            arrival = clock + leg
            starts = [max(arrival, e) for e, lat in sorted(node.windows) if lat >= arrival and e <= lat]
            if not math.isfinite(arrival):
                errors.append(f"{where}: {node.id!r} cannot be reached from {place!r}")
                clock = math.inf
            elif not starts:
                errors.append(f"{where}: {node.id!r} reached at {arrival} after all its windows")
                clock = math.inf
            else:
                clock = min(starts) + node.service
            place = node.id
        leg = problem.travel(place, tour.end)
        travel += leg
        back = clock + leg
        if not back <= tour.close + tol:
            errors.append(f"{where}: back at {tour.end!r} at {back} after close {tour.close}")
        if tour.capacity is not None and load > tour.capacity:
            errors.append(f"{where}: load {load} over capacity {tour.capacity}")
        total_travel += travel
        if math.isfinite(travel) and abs(travel - route.travel) > tol * max(1.0, abs(travel)):
            errors.append(f"{where}: travel reported {route.travel}, recomputed {travel}")

        # 2. The reported times must be a schedule of their own: in windows, in order, no overlap.
        if route.departure < tour.open - tol:
            errors.append(f"{where}: departs at {route.departure} before open {tour.open}")
        place, clock = tour.start, max(route.departure, tour.open)
        for visit in route.visits:
            node = nodes.get(visit.node)
            if node is None:
                continue
            ready = clock + problem.travel(place, node.id)
            if abs(visit.arrival - ready) > tol * max(1.0, abs(ready)):
                errors.append(f"{where}: {node.id!r} arrival reported {visit.arrival}, travel gives {ready}")
            if visit.start < ready - tol:
                errors.append(f"{where}: {node.id!r} starts at {visit.start} before arriving at {ready}")
            if not _inside(visit.start, node.windows, tol):
                errors.append(f"{where}: {node.id!r} starts at {visit.start} outside {node.windows}")
            if abs(visit.end - visit.start - node.service) > tol:
                errors.append(f"{where}: {node.id!r} end {visit.end} != start + service")
            place, clock = node.id, visit.end
        back = clock + problem.travel(place, tour.end)
        if back > tour.close + tol:
            errors.append(f"{where}: reported schedule ends after close {tour.close}")
        if abs(route.back - back) > tol * max(1.0, abs(back)):
            errors.append(f"{where}: back reported {route.back}, schedule gives {back}")

    for node_id, count in seen.items():
        if count > 1:
            errors.append(f"node {node_id!r} visited {count} times")
    if abs(total_score - solution.score) > tol * max(1.0, abs(total_score)):
        errors.append(f"score reported {solution.score}, recomputed {total_score}")
    if math.isfinite(total_travel) and abs(total_travel - solution.travel) > tol * max(1.0, total_travel):
        errors.append(f"travel reported {solution.travel}, recomputed {total_travel}")
    missing = set(nodes) - set(seen) - set(solution.unvisited)
    both = set(seen) & set(solution.unvisited)
    if both:
        errors.append(f"nodes both visited and unvisited: {sorted(both)}")
    if missing:
        errors.append(f"nodes neither visited nor unvisited: {sorted(missing)}")
    return errors


def assert_feasible(problem: Problem, solution: Solution, tol: float = TOLERANCE) -> None:
    errors = violations(problem, solution, tol)
    if errors:
        raise InfeasibleSolution("; ".join(errors))
