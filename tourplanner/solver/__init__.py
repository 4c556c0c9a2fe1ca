"""Pure orienteering solver with time windows over several tours (no domain words)."""

from .api import DEFAULT_ITERATIONS, solve
from .problem import INFEASIBLE, Node, Problem, Route, Solution, Tour, Visit

__all__ = [
    "DEFAULT_ITERATIONS",
    "INFEASIBLE",
    "Node",
    "Problem",
    "Route",
    "Solution",
    "Tour",
    "Visit",
    "solve",
]
