"""Pure orienteering solver with time windows over several tours (no domain words).

    solve(problem, *, iterations=DEFAULT_ITERATIONS, seed=0, time_limit=None, clock=None) -> Solution

A Problem has nodes (score, service time, one or more absolute windows on the START of service, load),
tours (start/end place, open/close, optional capacity) and travel(a, b) between place ids (INFEASIBLE
when there is no way). The answer maximises the total score, then minimises the total travel; the
same problem, seed and budget give the same answer. Modules: problem (the contract), model (compiled
indices and travel matrix), routes (one tour with wait/maxshift bookkeeping), search (the large
neighbourhood search), polish (less travel for the same visits), api (solve, schedule), check (an
independent feasibility checker), toptw and cli_toptw (the literature benchmark).

Limits: nodes are inserted one at a time, so a set of nodes that is only feasible together (none of
them alone, possible only when travel breaks the triangle inequality) is out of reach; nodes with a
score <= 0 are never visited.
"""

from .api import DEFAULT_ITERATIONS, schedule, solve
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
    "schedule",
    "solve",
]
