"""TOPTW baseline: Google OR-Tools routing on the same instances, at the same time limit.

    python bench/toptw_ortools.py [--time-limit 10] [--only c101,pr01] [--max-tours 4]

Prize-collecting VRPTW: one vehicle per tour from and back to the depot, a time dimension (transit =
service at the origin + truncated travel, waiting allowed as slack, each node's cumul = start of service
within its window, the depot's close as the horizon), one disjunction per vertex whose drop penalty is
its score times a factor larger than any possible travel total (so score comes first, then travel),
arc cost = travel, first solution PATH_CHEAPEST_ARC, guided local search until the time limit. Times
are in the same integer units as the tourplanner solver (1/10 Solomon, 1/100 Cordeau), so both solve
exactly the same problem; routes are re-timed and checked by the independent checker. Needs the
`bench` extra (pip install -e '.[bench]'). Writes the OR-Tools column of the "## TOPTW" section.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))
import toptw as common  # bench/toptw.py: cases, runs, the RESULTS.md section

from tourplanner.solver.api import schedule
from tourplanner.solver.problem import Problem, Solution
from tourplanner.solver.toptw import read, to_problem


def solve_ortools(problem: Problem, time_limit: float) -> Solution:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    nodes = problem.nodes
    tours = problem.tours
    depot = tours[0].start
    places = [depot, *(node.id for node in nodes)]
    size = len(places)
    travel = [[round(problem.travel(a, b)) for b in places] for a in places]
    service = [0, *(round(node.service) for node in nodes)]
    horizon = round(tours[0].close)
    open_ = round(tours[0].open)

    manager = pywrapcp.RoutingIndexManager(size, len(tours), 0)
    routing = pywrapcp.RoutingModel(manager)

    def time_cb(from_index: int, to_index: int) -> int:
        a: int = manager.IndexToNode(from_index)
        b: int = manager.IndexToNode(to_index)
        return service[a] + travel[a][b]

    def cost_cb(from_index: int, to_index: int) -> int:
        a: int = manager.IndexToNode(from_index)
        b: int = manager.IndexToNode(to_index)
        return travel[a][b]

    time_index = routing.RegisterTransitCallback(time_cb)
    cost_index = routing.RegisterTransitCallback(cost_cb)
    routing.SetArcCostEvaluatorOfAllVehicles(cost_index)
    routing.AddDimension(time_index, horizon, horizon, False, "time")
    dim = routing.GetDimensionOrDie("time")
    for vehicle in range(len(tours)):
        dim.CumulVar(routing.Start(vehicle)).SetRange(open_, horizon)
        dim.CumulVar(routing.End(vehicle)).SetRange(open_, horizon)
    factor = len(tours) * horizon + 1  # every route's travel fits in its horizon: travel never beats score
    for k, node in enumerate(nodes, start=1):
        index = manager.NodeToIndex(k)
        (e, lat) = node.windows[0]
        lo, hi = round(e), round(lat)
        if lo > horizon:
            routing.AddDisjunction([index], round(node.score) * factor)
            dim.CumulVar(index).SetRange(0, horizon)
            routing.solver().Add(routing.ActiveVar(index) == 0)
            continue
        dim.CumulVar(index).SetRange(lo, min(hi, horizon))
        routing.AddDisjunction([index], round(node.score) * factor)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(time_limit * 1000))
    assignment = routing.SolveWithParameters(params)

    routes = []
    if assignment is not None:
        for vehicle in range(len(tours)):
            order = []
            index = routing.Start(vehicle)
            while not routing.IsEnd(index):
                node = manager.IndexToNode(index)
                if node:
                    order.append(places[node])
                index = assignment.Value(routing.NextVar(index))
            route = schedule(problem, vehicle, order)
            if route is None:  # should not happen: the checker will report it
                raise RuntimeError(f"OR-Tools route {order} does not re-time")
            routes.append(route)
    visited = {v.node for r in routes for v in r.visits}
    score = sum(node.score for node in nodes if node.id in visited)
    return Solution(
        routes=tuple(routes),
        score=score,
        travel=sum(r.travel for r in routes),
        unvisited=tuple(node.id for node in nodes if node.id not in visited),
    )


@click.command()
@common.options
def main(data: Path, time_limit: float, only: str, max_tours: int, seed: int, results: Path) -> None:
    """Run OR-Tools (guided local search) on the TOPTW instances and record its column."""
    del seed  # OR-Tools routing is deterministic for a given time budget and machine speed

    def solver(case: common.Case, file: Path) -> tuple[Problem, Solution]:
        problem = to_problem(read(file), case.m)
        return problem, solve_ortools(problem, time_limit)

    outcomes = common.run(data, common.cases(data, only.split(","), max_tours), solver, "ortools")
    gaps = [o.gap for o in outcomes]
    print(f"mean gap {common._mean(gaps):.2f} % over {len(gaps)} runs")
    if str(results) != "-":
        common.write_results(
            "ortools", common.command_line(), time_limit, outcomes, results, common.heading_for(data)
        )
    if not all(o.feasible for o in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    main()
