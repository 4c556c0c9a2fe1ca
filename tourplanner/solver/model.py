"""The problem compiled to indices: places, a travel matrix, windows sorted, what fits where.

Places 0..n-1 are the nodes (in `Problem.nodes` order); tour start/end places follow, one index per
distinct id (an id that is also a node id shares the node's index). The search only sees this form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .problem import INFEASIBLE, Problem

Window = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Compiled:
    n: int  # number of nodes; they are places 0..n-1
    ids: tuple[str, ...]  # place id by place index
    score: tuple[float, ...]  # by node
    service: tuple[float, ...]  # by place (0 for places that are not nodes)
    windows: tuple[tuple[Window, ...], ...]  # by node, sorted, empty when never open
    emin: tuple[float, ...]  # by node: earliest window start (inf when no window)
    lmax: tuple[float, ...]  # by node: latest window start (-inf when no window)
    load: tuple[int, ...]  # by node
    dist: tuple[list[float], ...]  # dist[a][b]: travel time from place a to place b
    dist_to: tuple[list[float], ...]  # dist_to[b][a] == dist[a][b] (rows for arrivals)
    tour_start: tuple[int, ...]
    tour_end: tuple[int, ...]
    tour_open: tuple[float, ...]
    tour_close: tuple[float, ...]
    tour_cap: tuple[int, ...]  # a huge number when the tour has no capacity
    # Per tour r: each node's windows that meet [open, close] (a day tour sees that day's window only).
    tour_windows: tuple[tuple[tuple[Window, ...], ...], ...]
    tour_emin: tuple[tuple[float, ...], ...]
    tour_lmax: tuple[tuple[float, ...], ...]
    fits: tuple[tuple[bool, ...], ...]  # fits[k][r]: node k alone fits tour r
    tours_of: tuple[tuple[int, ...], ...]  # tours_of[k]: the tours r with fits[k][r], ascending
    nodes_of: tuple[tuple[int, ...], ...]  # nodes_of[r]: the nodes k with fits[k][r], ascending
    candidates: tuple[int, ...]  # nodes worth trying at all (positive score, fit some tour)

    @property
    def m(self) -> int:
        return len(self.tour_start)


NO_CAPACITY = 1 << 60


def first_start(windows: tuple[Window, ...], arrival: float) -> tuple[float, float]:
    """(start, latest) of the earliest window still open for `arrival`; (inf, -inf) if none."""
    for e, lat in windows:
        if lat >= arrival:
            return (arrival if arrival > e else e), lat  # noqa: FURB136
    return INFEASIBLE, -INFEASIBLE


def _check_number(value: float, what: str) -> None:
    if math.isnan(value):
        raise ValueError(f"{what} is NaN")


def _merge(windows: tuple[Window, ...]) -> tuple[Window, ...]:
    """Sorted, overlapping windows merged: the set of allowed start times as disjoint intervals."""
    merged: list[list[float]] = []
    for e, lat in sorted((float(e), float(lat)) for e, lat in windows if e <= lat):
        if merged and e <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], lat)
        else:
            merged.append([e, lat])
    return tuple((e, lat) for e, lat in merged)


def _components(size: int, dist: list[list[float]]) -> list[int]:
    """A label per place: places joined by finite travel (either way), directly or through others, share
    one. A node outside its tour's component cannot be reached at all (another region, say), which spares
    the search for a way via other nodes."""
    parent = list(range(size))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(size):
        row = dist[a]
        for b in range(a + 1, size):
            if row[b] < INFEASIBLE or dist[b][a] < INFEASIBLE:
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[rb] = ra
    return [root(a) for a in range(size)]


def _via_others(
    n: int,
    dist: list[list[float]],
    service: list[float],
    windows: list[tuple[Window, ...]],
    useful: list[bool],
    source: int,
    open_: float,
    sink: int,
    members: list[int],
) -> list[float]:
    """A lower bound, per node, on the time a walk source -> ... -> node -> ... -> sink gets back.

    Earliest starts by Dijkstra from the source (waiting for windows is FIFO, so this is exact for
    walks), plus the shortest way on to the sink ignoring windows. Only useful nodes are stepped on, and
    only `members` (the nodes of the source's component: the others are out of reach, inf).
    """
    earliest = [INFEASIBLE] * n
    for k in members:
        if useful[k] and k != source and k != sink:
            earliest[k], _ = first_start(windows[k], open_ + dist[source][k])
    done = [False] * n
    for _ in members:
        u, best = -1, INFEASIBLE
        for k in members:
            if not done[k] and earliest[k] < best:
                u, best = k, earliest[k]
        if u < 0:
            break
        done[u] = True
        finish = best + service[u]
        row = dist[u]
        for k in members:
            if not done[k] and useful[k] and k != source and k != sink:
                start, _ = first_start(windows[k], finish + row[k])
                if start < earliest[k]:  # noqa: PLR1730 (hot loop: no call)
                    earliest[k] = start
    onward = [dist[k][sink] for k in range(n)]
    done = [False] * n
    for _ in members:
        u, best = -1, INFEASIBLE
        for k in members:
            if not done[k] and useful[k] and onward[k] < best:
                u, best = k, onward[k]
        if u < 0:
            break
        done[u] = True
        through = best + service[u]
        for k in members:
            if not done[k] and dist[k][u] + through < onward[k]:
                onward[k] = dist[k][u] + through
    return [earliest[k] + service[k] + onward[k] for k in range(n)]


def compile_problem(problem: Problem) -> Compiled:
    nodes = problem.nodes
    ids: list[str] = []
    index: dict[str, int] = {}
    for node in nodes:
        if node.id in index:
            raise ValueError(f"duplicate node id {node.id!r}")
        index[node.id] = len(ids)
        ids.append(node.id)
    n = len(ids)
    for tour in problem.tours:
        for place in (tour.start, tour.end):
            if place not in index:
                index[place] = len(ids)
                ids.append(place)
    size = len(ids)

    windows: list[tuple[Window, ...]] = []
    for node in nodes:
        _check_number(node.score, f"score of {node.id!r}")
        if node.service < 0 or math.isnan(node.service):
            raise ValueError(f"service of {node.id!r} must be >= 0")
        if node.load < 0:
            raise ValueError(f"load of {node.id!r} must be >= 0")
        for e, lat in node.windows:
            _check_number(e, f"window of {node.id!r}")
            _check_number(lat, f"window of {node.id!r}")
        windows.append(_merge(node.windows))

    dist: list[list[float]] = []
    travel = problem.travel
    for a in range(size):
        row: list[float] = []
        for b in range(size):
            value = float(travel(ids[a], ids[b]))
            if math.isnan(value) or value < 0:
                raise ValueError(f"travel({ids[a]!r}, {ids[b]!r}) = {value}: must be >= 0 or INFEASIBLE")
            row.append(value)
        dist.append(row)
    dist_to = [[dist[a][b] for a in range(size)] for b in range(size)]

    service = [float(node.service) for node in nodes] + [0.0] * (size - n)
    tour_start = tuple(index[t.start] for t in problem.tours)
    tour_end = tuple(index[t.end] for t in problem.tours)
    tour_open = tuple(float(t.open) for t in problem.tours)
    tour_close = tuple(float(t.close) for t in problem.tours)
    tour_cap = tuple(NO_CAPACITY if t.capacity is None else t.capacity for t in problem.tours)

    useful = [node.score > 0 for node in nodes]
    label = _components(size, dist)
    members_of: dict[int, list[int]] = {}
    for k in range(n):
        members_of.setdefault(label[k], []).append(k)
    reach: dict[tuple[int, float, int], list[float]] = {}
    fits: list[list[bool]] = [[False] * len(problem.tours) for _ in range(n)]
    for r in range(len(problem.tours)):
        s, e, open_, close = tour_start[r], tour_end[r], tour_open[r], tour_close[r]
        if open_ + dist[s][e] > close:
            continue  # the tour cannot even go from start to end: it is not used at all
        open_during: list[int] | None = None  # nodes with a window during the tour (when needed)
        for k in range(n):
            # A tour whose start or end is this very node would visit it twice: not allowed.
            if useful[k] and nodes[k].load <= tour_cap[r] and s != k and e != k:
                start, _ = first_start(windows[k], open_ + dist[s][k])
                if start + service[k] + dist[k][e] <= close:
                    fits[k][r] = True
                    continue
                # Not alone; maybe via other nodes (no triangle inequality, impossible direct legs).
                if label[k] != label[s] or label[k] != label[e]:
                    continue  # no way there or back at all
                # A lower bound on any walk through k: its first start in the tour, its service and its
                # shortest way on to the end or to a node open during the tour (a lunch whose way on is
                # long, say, fits no tour at all).
                first = next((max(f, open_) for f, lat in windows[k] if lat >= open_ and f <= close), INFEASIBLE)
                if first == INFEASIBLE:
                    continue
                if open_during is None:
                    open_during = [j for j in range(n) if useful[j] and any(
                        lat >= open_ and f <= close for f, lat in windows[j])]
                row = dist[k]
                onward = min([row[e], *(row[j] for j in open_during if j != k)])
                if first + service[k] + onward > close:
                    continue
                key = (s, open_, e)
                if key not in reach:
                    reach[key] = _via_others(n, dist, service, windows, useful, s, open_, e,
                                             members_of.get(label[s], []))
                fits[k][r] = reach[key][k] <= close
    candidates = tuple(k for k in range(n) if any(fits[k]))

    tour_windows = tuple(
        tuple(tuple(w for w in windows[k] if w[1] >= open_ and w[0] <= close) for k in range(n))
        for open_, close in zip(tour_open, tour_close, strict=True)
    )
    return Compiled(
        n=n,
        ids=tuple(ids),
        score=tuple(float(node.score) for node in nodes),
        service=tuple(service),
        windows=tuple(windows),
        emin=tuple(w[0][0] if w else INFEASIBLE for w in windows),
        lmax=tuple(max(lat for _, lat in w) if w else -INFEASIBLE for w in windows),
        load=tuple(node.load for node in nodes),
        dist=tuple(dist),
        dist_to=tuple(dist_to),
        tour_start=tour_start,
        tour_end=tour_end,
        tour_open=tour_open,
        tour_close=tour_close,
        tour_cap=tour_cap,
        tour_windows=tour_windows,
        tour_emin=tuple(tuple(w[0][0] if w else INFEASIBLE for w in tw) for tw in tour_windows),
        tour_lmax=tuple(
            tuple(max(lat for _, lat in w) if w else -INFEASIBLE for w in tw) for tw in tour_windows
        ),
        fits=tuple(tuple(row) for row in fits),
        tours_of=tuple(tuple(r for r in range(len(problem.tours)) if fits[k][r]) for k in range(n)),
        nodes_of=tuple(tuple(k for k in range(n) if fits[k][r]) for r in range(len(problem.tours))),
        candidates=candidates,
    )
