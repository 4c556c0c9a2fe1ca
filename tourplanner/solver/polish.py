"""Less travel for the same visits: reorder each route (move one visit, reverse a stretch) while
every window and close time still holds. Bounded by a number of candidate orders, so deterministic."""

from __future__ import annotations

from collections.abc import Iterator

from .routes import INF, RouteState


def _travel(dist: tuple[list[float], ...], first: int, nodes: list[int], last: int) -> float:
    total = 0.0
    prev = first
    for k in nodes:
        total += dist[prev][k]
        prev = k
    return total + dist[prev][last]


def _neighbours(nodes: list[int]) -> Iterator[list[int]]:
    size = len(nodes)
    for i in range(size):  # move one visit elsewhere
        rest = nodes[:i] + nodes[i + 1 :]
        for j in range(size):
            if j != i:
                yield [*rest[:j], nodes[i], *rest[j:]]
    for i in range(size - 1):  # reverse nodes[i..j]
        for j in range(i + 1, size):
            yield nodes[:i] + nodes[i : j + 1][::-1] + nodes[j + 1 :]


def polish_route(route: RouteState, budget: int) -> int:
    """Improve the order of one route in place; return the unused budget (candidate orders)."""
    dist = route.c.dist
    first, last = route.seq[0], route.seq[-1]
    nodes = route.seq[1:-1]
    size = len(nodes)
    if size < 2:
        return budget
    current = _travel(dist, first, nodes, last)
    improved = True
    while improved and budget > 0:
        improved = False
        for order in _neighbours(nodes):
            budget -= 1
            if budget < 0:
                break
            value = _travel(dist, first, order, last)
            if value < current - 1e-9 and route.simulate(order) < INF:
                nodes, current, improved = order, value, True
                break
    if nodes != route.seq[1:-1]:
        route.seq[1:-1] = nodes
        if not route.refresh(1):
            raise AssertionError("polished route infeasible")
        route.version += 1
        route.freed_base = route.version + 1  # room was made anywhere: cached misses are stale
    return max(budget, 0)


def polish(routes: list[RouteState], budget: int = 5000) -> None:
    """Polish every route with up to `budget` candidate orders each."""
    for route in routes:
        polish_route(route, budget)
