"""`tourplanner toptw FILE --tours M --time-limit S [--seed N]`: solve one TOPTW benchmark instance.

Prints `{"score": ..., "routes": [[vertex ids...], ...]}` alone on stdout. Needs no app or config.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from .check import violations
from .toptw import read, result, solve_instance


@click.command("toptw")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--tours", "-m", type=click.IntRange(min=1), default=1, show_default=True, help="Number of tours."
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds of search (wall clock).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--cpu-time",
    is_flag=True,
    help="Count the time limit in CPU seconds of this process instead of wall-clock seconds.",
)
@click.option(
    "--iterations",
    type=click.IntRange(min=0),
    default=None,
    help="Stop after this many iterations too (deterministic when the time limit is not reached).",
)
def toptw(
    file: Path, tours: int, time_limit: float, seed: int, cpu_time: bool, iterations: int | None
) -> None:
    """Solve the TOPTW instance FILE (KU Leuven format) with TOURS tours; print the JSON answer."""
    try:
        instance = read(file)
    except (ValueError, IndexError) as error:
        raise click.ClickException(f"{file}: not a TOPTW instance: {error}") from error
    problem, solution = solve_instance(
        instance,
        tours,
        time_limit=time_limit,
        seed=seed,
        iterations=iterations,
        clock=time.process_time if cpu_time else None,
    )
    errors = violations(problem, solution)
    if errors:  # never print an answer the independent checker refuses
        raise click.ClickException("solver produced an infeasible solution: " + "; ".join(errors[:5]))
    click.echo(json.dumps(result(solution)))


main = toptw

if __name__ == "__main__":  # pragma: no cover
    main()
