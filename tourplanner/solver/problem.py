"""The abstract problem and its answer: the contract between planning/ and the search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

INFEASIBLE = float("inf")


@dataclass(frozen=True)
class Node:
    """Something worth visiting once: service may START inside any of `windows` (absolute time)."""

    id: str
    score: float
    service: float
    windows: tuple[tuple[float, float], ...]
    load: int = 1  # counts against Tour.capacity (0 for a lunch break, say)


@dataclass(frozen=True)
class Tour:
    """One day: leave `start` no earlier than `open`, be back at `end` no later than `close`."""

    start: str
    end: str
    open: float
    close: float
    capacity: int | None = None


@dataclass(frozen=True)
class Problem:
    """`travel(a, b)` is the time from place a to place b; INFEASIBLE when there is no way."""

    nodes: tuple[Node, ...]
    tours: tuple[Tour, ...]
    travel: Callable[[str, str], float]


@dataclass(frozen=True)
class Visit:
    node: str
    arrival: float
    start: float
    end: float


@dataclass(frozen=True)
class Route:
    """The visits of one tour in order; a route without visits means the tour is not used (travel 0)."""

    tour: int
    visits: tuple[Visit, ...]
    travel: float
    departure: float = 0.0  # leaves the tour's start place (>= open; as late as the first visit allows)
    back: float = 0.0  # reaches the tour's end place


@dataclass(frozen=True)
class Solution:
    routes: tuple[Route, ...]
    score: float
    travel: float
    unvisited: tuple[str, ...] = field(default=())
