"""Large-neighbourhood search for the team orienteering problem with time windows.

Construction and repair insert nodes greedily by the ratio score^2 / shift with O(1) feasibility tests
(Vansteenwegen et al., C&OR 36, 2009). Each iteration removes some visits (a run from every tour as in
that paper's shake, random ones, or ones close in space and time), repairs greedily with a little noise
on the ratios, and accepts the result by simulated annealing on the score; the best solution is kept
and the search returns to it when it stalls.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from .model import Compiled
from .polish import polish
from .routes import INF, RouteState
from .vector import MIN_NODES, Kernel

EPS = 1e-9


@dataclass(frozen=True)
class Settings:
    """Search parameters, measured on the TOPTW instances (bench/RESULTS.md, section TOPTW)."""

    noise: float = 0.3  # ratios are multiplied by 1 +- noise (uniform) per node, redrawn per repair
    route_noise: float = 0.3  # and by 1 +- route_noise per tour, so that nodes change tours
    max_remove: float = 0.25  # at most this share of the visits is removed per iteration
    # and at most this times the square root of the visits: a repair re-scores every unvisited node
    # per insertion, so large removals on large instances cost many iterations for little (identical
    # to the share up to 36 visits; public set, pr02-pr10 m=1..4: fewer, cheaper iterations did better)
    max_remove_root: float = 1.5
    temperature: float = 1.0  # initial temperature, as a share of the median candidate score
    cooling: float = 1.0  # temperature = initial * (1 - progress) ** cooling
    replace: float = 0.0  # chance per iteration of a replace pass after the repair (no gain measured)
    restart: int = 800  # iterations without a new best before going back to the best


class State:
    """A set of routes and, per node, the route it is in (-1 when unvisited)."""

    __slots__ = ("c", "routes", "where")

    def __init__(self, c: Compiled, routes: list[RouteState]) -> None:
        self.c = c
        self.routes = routes
        self.where = [-1] * c.n
        for r, route in enumerate(routes):
            for k in route.seq[1:-1]:
                self.where[k] = r

    def copy(self) -> State:
        other = State.__new__(State)
        other.c = self.c
        other.routes = [route.copy() for route in self.routes]
        other.where = self.where[:]
        return other

    def score(self) -> float:
        sc = self.c.score
        return math.fsum(sc[k] for route in self.routes for k in route.seq[1:-1])

    def travel(self) -> float:
        return math.fsum(route.travel() for route in self.routes)

    def key(self) -> tuple[float, float]:
        return self.score(), -self.travel()

    def visited(self) -> int:
        return sum(len(route) for route in self.routes)


def better(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Higher score, then lower travel (both with a little tolerance)."""
    if a[0] > b[0] + EPS * max(1.0, abs(b[0])):
        return True
    if a[0] < b[0] - EPS * max(1.0, abs(b[0])):
        return False
    return a[1] > b[1] + 1e-7


def insert_greedy(state: State, weight: list[float], bias: list[float] | None = None) -> None:
    """Insert unvisited nodes one at a time, best ratio weight/shift first, while any fits.

    Each route caches the best insertion of every node while the route is unchanged. A node that does
    not fit a route cannot fit it after another insertion there (times only get later), so after an
    insertion only the nodes that still fitted are evaluated again.
    """
    c = state.c
    routes = state.routes
    where = state.where
    m = len(routes)
    load, cap, tours_of = c.load, c.tour_cap, c.tours_of
    pool = [k for k in c.candidates if where[k] < 0]
    if not pool:
        return
    # A node that does not fit a tour alone is never evaluated there: its cached shift stays inf.
    for r in range(m):
        route = routes[r]
        emin, lmax = route.emin, route.lmax
        v = route.version
        csh, cps, cver = route.cshift, route.cpos, route.cver
        base, lo, hi = route.freed_base, route.freed_lo, route.freed_hi
        todo = []
        for k in c.nodes_of[r]:
            if where[k] < 0 and cver[k] != v:
                stamp = cver[k]
                cver[k] = v
                if stamp >= base and csh[k] == INF and (lmax[k] < lo or emin[k] > hi):
                    pass  # was impossible and no room was made in its windows: still impossible
                else:
                    todo.append(k)
        route.evaluate(todo, csh, cps)
        route.freed_base, route.freed_lo, route.freed_hi = v, INF, -INF
    shifts = [route.cshift for route in routes]
    favour = bias if bias is not None else [1.0] * m
    rooms = [cap[r] - routes[r].load for r in range(m)]
    # Only nodes that fit somewhere matter; a node that fits nowhere never will again in this pass.
    live = [k for k in pool if any(shifts[r][k] < INF for r in tours_of[k])]
    while live:
        best = -1.0
        bk = br = -1
        for k in live:
            w = weight[k]
            for r in tours_of[k]:
                s = shifts[r][k]
                if s < INF and load[k] <= rooms[r]:
                    ratio = w * favour[r] / (s if s > EPS else EPS)  # noqa: FURB136
                    if ratio > best:
                        best, bk, br = ratio, k, r
        if bk < 0:
            return
        route = routes[br]
        csh, cps, cver = route.cshift, route.cpos, route.cver
        if not route.insert(cps[bk], bk):
            csh[bk] = INF  # rounding made the O(1) test too kind: skip that one
            continue
        where[bk] = br
        live.remove(bk)
        rooms[br] = cap[br] - route.load
        v = route.version
        todo = []
        for k in live:
            cver[k] = v
            if csh[k] < INF:
                todo.append(k)
        route.evaluate(todo, csh, cps)
        dead = [k for k in todo if csh[k] == INF]
        if dead:
            if m > 1:
                dead = [k for k in dead if all(shifts[r][k] == INF for r in tours_of[k])]
            if dead:
                gone = set(dead)
                live = [k for k in live if k not in gone]


def replace_pass(state: State) -> bool:
    """Swap unvisited nodes in for visits that score less, where they fit in place (best first)."""
    c = state.c
    where, routes = state.where, state.routes
    score, load, fits, cap = c.score, c.load, c.fits, c.tour_cap
    pool = sorted((k for k in c.candidates if where[k] < 0), key=lambda k: -score[k])
    changed = False
    for k in pool:
        best: tuple[float, float, int, int] | None = None
        for r, route in enumerate(routes):
            if not fits[k][r]:
                continue
            lost, shift, q = route.best_replacement(k, score[k])
            if q < 0 or route.load - load[route.seq[q]] + load[k] > cap[r]:
                continue
            if best is None or (lost, shift) < best[:2]:
                best = (lost, shift, r, q)
        if best is not None:
            _, _, r, q = best
            old = routes[r].replace(q, k)
            if old is not None:
                where[k], where[old] = r, -1
                changed = True
    return changed


def remove_run(state: State, first: int, count: int) -> None:
    """Remove `count` consecutive visits from every tour, starting at its visit number `first`."""
    where = state.where
    for route in state.routes:
        size = len(route)
        if size == 0:
            continue
        q = 1 + first % size
        for k in route.remove(q, min(count, size - q + 1)):
            where[k] = -1


def remove_nodes(state: State, nodes: list[int]) -> None:
    where = state.where
    by_route: dict[int, list[int]] = {}
    for k in nodes:
        r = where[k]
        if r >= 0:
            by_route.setdefault(r, []).append(state.routes[r].seq.index(k))
    for r in sorted(by_route):
        for k in state.routes[r].remove_at(by_route[r]):
            where[k] = -1


def related(state: State, rng: random.Random, count: int) -> list[int]:
    """A random visited node and the visited nodes closest to it in space and time."""
    c = state.c
    visited = [k for route in state.routes for k in route.seq[1:-1]]
    seed = visited[rng.randrange(len(visited))]
    r = state.where[seed]
    start_of = {}
    for route in state.routes:
        for q in range(1, len(route.seq) - 1):
            start_of[route.seq[q]] = route.start[q]
    t0 = start_of[seed]
    d = c.dist[seed]

    def distance(k: int) -> float:
        return d[k] + abs(start_of[k] - t0) + (0.0 if state.where[k] == r else 1e-3)

    visited.sort(key=distance)
    return visited[:count]


def force(state: State, rng: random.Random, attempts: int = 4) -> None:
    """Put one node into a tour it is not in, ejecting the visits in its way.

    The node is an unvisited one (a "replace" move) or, with several tours, a visited one that
    changes tour; the greedy repair afterwards refills around it.
    """
    c = state.c
    where = state.where
    pool = [k for k in c.candidates if where[k] < 0]
    if pool and (c.m == 1 or rng.random() < 0.5):
        k = pool[rng.randrange(len(pool))]
    else:
        visited = [k for route in state.routes for k in route.seq[1:-1]]
        if not visited:
            return
        k = visited[rng.randrange(len(visited))]
    tours = [r for r in range(c.m) if c.fits[k][r] and r != where[k]]
    if not tours:
        return
    r = tours[rng.randrange(len(tours))]
    if where[k] >= 0:
        remove_nodes(state, [k])
    route = state.routes[r]
    wins = route.windows[k]
    if not wins:
        return
    e, lat = wins[rng.randrange(len(wins))]
    target = e + rng.random() * (lat - e)  # a start time to aim for
    for _ in range(attempts):
        if route.load + c.load[k] <= c.tour_cap[r]:
            _, q = route.best_insertion(k)
            if q > 0 and route.insert(q, k):
                where[k] = r
                return
            if len(route) == 0:
                return
            q = bisect_right(route.start, target, 1, len(route.seq) - 1)  # first visit after target
            q = max(1, min(len(route.seq) - 2, q - rng.randrange(2)))
        else:
            heavy = [q for q in range(1, len(route.seq) - 1) if c.load[route.seq[q]] > 0]
            if not heavy:
                return
            q = heavy[rng.randrange(len(heavy))]
        for gone in route.remove_at([q]):
            where[gone] = -1


def optimise(
    c: Compiled,
    *,
    iterations: int,
    seed: int,
    time_limit: float | None,
    settings: Settings = Settings(),
    clock: Callable[[], float] = time.perf_counter,
    began: float | None = None,
) -> State:
    """Search for `iterations` iterations, or until `time_limit` seconds of `clock` have passed since
    `began` (default: now), whichever comes first."""
    rng = random.Random(seed)
    if began is None:
        began = clock()
    squared = [s * s for s in c.score]
    current = State(c, [RouteState(c, r) for r in range(c.m)])
    if len(c.candidates) >= MIN_NODES:
        kernel = Kernel(c)
        for route in current.routes:
            route.kernel = kernel
    insert_greedy(current, squared)
    best = current.copy()
    best_key = best.key()
    if not c.candidates or c.m == 0:
        return best
    # Temperature in units of a typical score: the median, so that a few huge (must-see) scores
    # do not make every loss look small.
    t0 = settings.temperature * statistics.median(c.score[k] for k in c.candidates)
    cur_key = best_key
    run_count, run_first = 1, 0
    cap_run = max(1, len(c.candidates) // (3 * c.m))
    stall = 0
    noise = settings.noise
    for it in range(iterations):
        if time_limit is not None:
            elapsed = clock() - began
            if elapsed > time_limit:
                break
            progress = max(it / iterations, elapsed / time_limit)
        else:
            progress = it / iterations
        trial = current.copy()
        visited = trial.visited()
        move = rng.randrange(4) if visited else 3
        if move == 3:
            force(trial, rng)
        elif move == 0:
            remove_run(trial, run_first, run_count)
            run_first += run_count
            run_count += 1
            if run_count > cap_run:
                run_count = 1
            smallest = min(len(route) for route in trial.routes)
            if smallest and run_first >= smallest:
                run_first -= smallest
        else:
            most = min(settings.max_remove * visited, settings.max_remove_root * math.sqrt(visited))
            count = 1 + rng.randrange(max(1, int(most), min(visited, 4)))
            if move == 1:
                visited_nodes = [k for route in trial.routes for k in route.seq[1:-1]]
                remove_nodes(trial, rng.sample(visited_nodes, min(count, len(visited_nodes))))
            else:
                remove_nodes(trial, related(trial, rng, count))
        weight = [w * (1.0 + noise * (2.0 * rng.random() - 1.0)) for w in squared]
        bias = [1.0 + settings.route_noise * (2.0 * rng.random() - 1.0) for _ in range(c.m)]
        insert_greedy(trial, weight, bias)
        if settings.replace and rng.random() < settings.replace and replace_pass(trial):
            insert_greedy(trial, weight, bias)
        key = trial.key()
        temperature = t0 * (1.0 - progress) ** settings.cooling
        delta = key[0] - cur_key[0]
        if better(key, cur_key) or (
            temperature > 0 and delta <= 0 and rng.random() < math.exp(delta / temperature)
        ):
            current, cur_key = trial, key
        if better(key, best_key):
            best, best_key = trial.copy(), key
            stall = 0
            run_count = 1
        else:
            stall += 1
            if stall % settings.restart == 0:
                current, cur_key = best.copy(), best_key
    polish(best.routes)
    return best
