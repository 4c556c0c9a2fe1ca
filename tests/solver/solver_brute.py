"""Exact answers for tiny problems (<= 7 nodes), by dynamic programming over subsets.

Independent of the solver: for each tour, which node sets can be visited in some order (earliest
finish per (set, last node) dominates, since waiting is allowed and windows are on the start of
service); then the best score over disjoint sets, one per tour.
"""

from __future__ import annotations

import math
import random

from tourplanner.solver import INFEASIBLE, Node, Problem, Tour


def earliest(windows: tuple[tuple[float, float], ...], arrival: float) -> float:
    starts = [max(arrival, e) for e, lat in windows if e <= lat and lat >= arrival]
    return min(starts) if starts else math.inf


def feasible_sets(problem: Problem, r: int) -> list[int]:
    """Bit masks of the node sets tour r can visit (the empty set always: the tour is not used)."""
    nodes, tour, travel = problem.nodes, problem.tours[r], problem.travel
    n = len(nodes)
    finish: dict[tuple[int, int], float] = {}
    usable = [node.score > 0 for node in nodes]  # the solver never visits the others
    for k, node in enumerate(nodes):
        if not usable[k]:
            continue
        start = earliest(node.windows, tour.open + travel(tour.start, node.id))
        if start < math.inf:
            finish[(1 << k, k)] = start + node.service
    for mask in range(1, 1 << n):
        for last in range(n):
            f = finish.get((mask, last))
            if f is None:
                continue
            for k, node in enumerate(nodes):
                if mask & (1 << k) or not usable[k]:
                    continue
                start = earliest(node.windows, f + travel(nodes[last].id, node.id))
                if start < math.inf:
                    key = (mask | (1 << k), k)
                    value = start + node.service
                    if value < finish.get(key, math.inf):
                        finish[key] = value
    ok = {0}
    if tour.open + travel(tour.start, tour.end) > tour.close:
        return [0]  # the tour cannot be used at all
    for (mask, last), f in finish.items():
        load = sum(nodes[k].load for k in range(n) if mask & (1 << k))
        if tour.capacity is not None and load > tour.capacity:
            continue
        if f + travel(nodes[last].id, tour.end) <= tour.close:
            ok.add(mask)
    return sorted(ok)


def optimum(problem: Problem) -> float:
    """The best total score, visiting only nodes with a positive score."""
    n = len(problem.nodes)
    scores = [node.score for node in problem.nodes]
    best = {0: 0.0}  # union mask -> best score
    for r in range(len(problem.tours)):
        sets = feasible_sets(problem, r)
        nxt: dict[int, float] = {}
        for used, value in best.items():
            for mask in sets:
                if used & mask:
                    continue
                total = value + sum(scores[k] for k in range(n) if mask & (1 << k))
                union = used | mask
                if total > nxt.get(union, -1.0):
                    nxt[union] = total
        best = nxt
    return max(best.values())


def random_problem(seed: int, n: int = 6, tours: int = 2) -> Problem:
    """Two cities with no way between them (INFEASIBLE travel), several windows over several days,
    capacities, zero loads, heterogeneous and huge (must-see) scores, tours between hotels."""
    rng = random.Random(seed)
    coords: dict[str, tuple[float, float]] = {}
    city: dict[str, int] = {}
    for k in range(n):
        city[f"n{k}"] = int(rng.random() < 0.3)
        coords[f"n{k}"] = (rng.uniform(0, 60), rng.uniform(0, 60))
    coords["h0"], city["h0"] = (30.0, 30.0), 0
    coords["h1"], city["h1"] = (rng.uniform(0, 60), rng.uniform(0, 60)), 0
    coords["h2"], city["h2"] = (30.0, 30.0), 1
    nodes = []
    for k in range(n):
        windows = []
        for _ in range(rng.randint(1, 3)):
            day = rng.randrange(tours)
            e = day * 1000 + rng.uniform(0, 150)
            windows.append((e, e + rng.uniform(0, 60)))
        score = rng.choice([1.0, 2.0, 5.0, 10.0, 1000.0]) if rng.random() < 0.9 else 0.0
        nodes.append(Node(f"n{k}", score, rng.uniform(5, 30), tuple(windows), load=rng.randint(0, 2)))
    tour_list = []
    for day in range(tours):
        start = rng.choice(["h0", "h0", "h1", "h2"])
        end = rng.choice(["h0", "h1"]) if city[start] == 0 else "h2"
        if rng.random() < 0.05:
            end = "h2" if city[start] == 0 else "h0"  # cannot be done: the tour stays unused
        cap = rng.choice([None, 2, 3])
        tour_list.append(Tour(start, end, day * 1000.0, day * 1000.0 + rng.uniform(120, 260), cap))

    def travel(a: str, b: str) -> float:
        if city[a] != city[b]:
            return INFEASIBLE
        (x1, y1), (x2, y2) = coords[a], coords[b]
        return math.hypot(x1 - x2, y1 - y2)

    return Problem(tuple(nodes), tuple(tour_list), travel)
