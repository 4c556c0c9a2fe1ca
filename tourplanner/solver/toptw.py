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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
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

    def distance_units(self, a: int, b: int) -> int:
        """Truncated Euclidean distance between vertices a and b, in 1/unit (exact integers)."""
        va, vb = self.vertices[a], self.vertices[b]
        dx, dy = va.x - vb.x, va.y - vb.y
        sq = dx * dx + dy * dy  # exact Decimal
        scaled = sq * self.unit * self.unit
        # floor(sqrt(sq) * unit) == isqrt(floor(sq * unit^2)) for sq >= 0
        return math.isqrt(int(scaled.to_integral_value(rounding="ROUND_FLOOR")))

    def distance(self, a: int, b: int) -> float:
        """The truncated distance in the instance's own units (e.g. 18.6)."""
        return self.distance_units(a, b) / self.unit

    @property
    def tmax(self) -> Decimal:
        return self.vertices[0].close


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
    n = len(instance.vertices)
    matrix = [[float(instance.distance_units(a, b)) for b in range(n)] for a in range(n)]

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
    counts CPU time), or for `iterations` (default: unlimited under a time limit)."""
    problem = to_problem(instance, tours)
    if iterations is None:
        iterations = 1 << 40 if time_limit is not None else DEFAULT_ITERATIONS
    solution = solve(problem, iterations=iterations, seed=seed, time_limit=time_limit, clock=clock)
    return problem, solution
