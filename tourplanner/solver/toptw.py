"""TOPTW benchmark instances (KU Leuven orienteering-library format) as solver Problems.

Format: line 1 `k v N t`, line 2 `D Q` (both ignored but N), then N+1 vertex lines
`i x y d S f a list... O C` (vertex 0 is the depot; read the first five tokens and the last two).
d = service time, S = score, O/C = earliest/latest start of service, depot C = the tour's deadline.
Travel is the Euclidean distance truncated to 1 decimal (Solomon c*, r*, rc*) or 2 decimals (Cordeau
pr*). Times are kept in integer units of that last decimal (1/10 or 1/100), computed exactly, so the
solver's float arithmetic is exact and no rounding can make a tight route look feasible or not.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from .api import DEFAULT_ITERATIONS, solve
from .problem import Node, Problem, Solution, Tour

DEPOT = "0"


@dataclass(frozen=True)
class Vertex:
    id: int
    x: Decimal
    y: Decimal
    service: Decimal
    score: Decimal
    open: Decimal
    close: Decimal


@dataclass(frozen=True)
class Instance:
    name: str
    vertices: tuple[Vertex, ...]  # vertices[0] is the depot
    decimals: int  # travel times are truncated to this many decimals

    @property
    def unit(self) -> int:
        return int(10**self.decimals)

    @cached_property
    def _grid(self) -> tuple[list[int], list[int], int, int]:
        """Coordinates as integers (times 10^digits) and the factor/divisor that turn a squared
        integer distance into squared 1/unit: floor(sqrt(d2) / 10^digits * unit) equals
        isqrt(d2 * unit^2 // 10^(2 digits)), since floor(sqrt(floor(x))) == floor(sqrt(x))."""
        digits = max(max(-_exponent(v.x), -_exponent(v.y), 0) for v in self.vertices)
        scale = 10**digits
        xs = [int(v.x * scale) for v in self.vertices]
        ys = [int(v.y * scale) for v in self.vertices]
        return xs, ys, self.unit * self.unit, scale * scale

    def distance_units(self, a: int, b: int) -> int:
        """Truncated Euclidean distance between vertices a and b, in 1/unit (exact integers)."""
        xs, ys, factor, divisor = self._grid
        return math.isqrt(((xs[a] - xs[b]) ** 2 + (ys[a] - ys[b]) ** 2) * factor // divisor)

    def distance_matrix(self) -> list[list[int]]:
        """distance_units for all pairs."""
        xs, ys, factor, divisor = self._grid
        isqrt = math.isqrt
        points = list(zip(xs, ys, strict=True))
        return [
            [isqrt(((xa - xb) ** 2 + (ya - yb) ** 2) * factor // divisor) for xb, yb in points]
            for xa, ya in points
        ]

    def distance(self, a: int, b: int) -> float:
        """The truncated distance in the instance's own units (e.g. 18.6)."""
        return self.distance_units(a, b) / self.unit

    @property
    def tmax(self) -> Decimal:
        return self.vertices[0].close


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def decimals_for(name: str) -> int:
    """Cordeau instances (pr*) truncate to 2 decimals, Solomon ones (c*, r*, rc*) to 1."""
    return 2 if Path(name).name.lower().startswith("pr") else 1


def parse(text: str, name: str = "", decimals: int | None = None) -> Instance:
    lines = [line.split() for line in text.splitlines()]
    lines = [tokens for tokens in lines if tokens]
    if len(lines) < 3:
        raise ValueError(f"{name}: too short for a TOPTW instance")
    count = int(lines[0][2])
    rows = lines[2:]
    if len(rows) < count + 1:
        raise ValueError(f"{name}: {count + 1} vertex lines expected, found {len(rows)}")
    vertices = []
    for expected, tokens in enumerate(rows[: count + 1]):
        if len(tokens) < 7:
            raise ValueError(f"{name}: vertex line {expected} has {len(tokens)} tokens")
        i = int(tokens[0])
        if i != expected:
            raise ValueError(f"{name}: vertex {expected} expected, found {i}")
        x, y, d, s = (Decimal(t) for t in tokens[1:5])
        vertices.append(Vertex(i, x, y, d, s, Decimal(tokens[-2]), Decimal(tokens[-1])))
    return Instance(
        name=name, vertices=tuple(vertices), decimals=decimals_for(name) if decimals is None else decimals
    )


def read(path: str | Path) -> Instance:
    p = Path(path)
    return parse(p.read_text(), p.stem)


def to_problem(instance: Instance, tours: int) -> Problem:
    """m identical tours from the depot and back by its close time; times in 1/unit."""
    unit = instance.unit
    matrix = [[float(d) for d in row] for row in instance.distance_matrix()]

    def travel(a: str, b: str) -> float:
        return matrix[int(a)][int(b)]

    nodes = tuple(
        Node(
            id=str(v.id),
            score=float(v.score),
            service=float(v.service * unit),
            windows=((float(v.open * unit), float(v.close * unit)),),
            load=0,
        )
        for v in instance.vertices[1:]
    )
    depot = instance.vertices[0]
    tour = Tour(start=DEPOT, end=DEPOT, open=float(depot.open * unit), close=float(depot.close * unit))
    return Problem(nodes=nodes, tours=(tour,) * tours, travel=travel)


def result(solution: Solution) -> dict[str, object]:
    """The benchmark answer: total score and the vertex ids of every tour, in order."""
    score = solution.score
    return {
        "score": int(score) if float(score).is_integer() else score,
        "routes": [[int(v.node) for v in route.visits] for route in solution.routes],
    }


def solve_instance(
    instance: Instance,
    tours: int,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    iterations: int | None = None,
    clock: Callable[[], float] | None = None,
) -> tuple[Problem, Solution]:
    """Solve with m tours: until `time_limit` seconds of `clock` (default wall clock; the benchmark
    counts CPU time) counted from this call, building the problem included, or for `iterations`
    (default: unlimited under a time limit)."""
    tick = clock or time.perf_counter
    began = tick()
    problem = to_problem(instance, tours)
    if iterations is None:
        iterations = 1 << 40 if time_limit is not None else DEFAULT_ITERATIONS
    if time_limit is not None:
        time_limit = max(0.0, time_limit - (tick() - began))
    solution = solve(problem, iterations=iterations, seed=seed, time_limit=time_limit, clock=tick)
    return problem, solution
