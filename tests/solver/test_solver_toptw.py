"""TOPTW instances: parsing (exact truncated distances), a short solve, the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tourplanner.solver.check import assert_feasible
from tourplanner.solver.cli_toptw import toptw
from tourplanner.solver.toptw import decimals_for, parse, read, result, solve_instance, to_problem

DATA = Path("/work/shared/bench/toptw/instances")
needs_data = pytest.mark.skipif(not DATA.exists(), reason="TOPTW instances not available")

TINY = """4 1 3 1
0 200
  0 0.00 0.00 0.00 0.00 0 0 0 100
  1 3.00 4.00 10.00 7.00 1 1 1 0 50
  2 1.00 1.00 5.00 3.00 1 1 1 20 30
  3 0.00 90.00 5.00 9.00 1 2 1 2 0 100
"""


def test_tiny_instance_by_tokens() -> None:
    instance = parse(TINY, "c999")
    assert len(instance.vertices) == 4
    assert instance.tmax == 100
    v3 = instance.vertices[3]
    assert [int(x) for x in (v3.service, v3.score, v3.open, v3.close)] == [
        5,
        9,
        0,
        100,
    ]  # last two tokens, whatever comes before
    assert instance.distance(0, 1) == 5.0
    assert instance.distance(1, 2) == 3.6  # sqrt(13) = 3.6055 truncated to 1 decimal
    assert instance.distance(0, 2) == 1.4  # sqrt(2) = 1.414
    problem = to_problem(instance, 1)
    assert problem.travel("1", "2") == 36.0  # in tenths
    assert problem.nodes[0].windows == ((0.0, 500.0),)
    _, solution = solve_instance(instance, 1, iterations=50)
    assert result(solution)["score"] == 10  # vertex 3 is 90 away: 180 > 100
    assert sorted(result(solution)["routes"][0]) == [1, 2]  # type: ignore[index]


def test_bad_instances_are_refused() -> None:
    with pytest.raises(ValueError):
        parse("4 1 3 1\n0 200\n  0 0 0 0 0 0 0 0 100\n", "c1")
    with pytest.raises(ValueError):
        parse(TINY.replace("  2 1.00", "  7 1.00"), "c1")


@needs_data
def test_c101() -> None:
    instance = read(DATA / "c101.txt")
    assert instance.decimals == 1 and decimals_for("c101") == 1
    assert len(instance.vertices) == 101
    assert instance.tmax == 1236
    v1 = instance.vertices[1]
    assert tuple(map(float, (v1.x, v1.y, v1.service, v1.score, v1.open, v1.close))) == (
        45,
        68,
        90,
        10,
        912,
        967,
    )
    assert instance.distance(0, 1) == 18.6  # sqrt(25 + 324) = 18.68


@needs_data
def test_pr01() -> None:
    instance = read(DATA / "pr01.txt")
    assert instance.decimals == 2
    assert len(instance.vertices) == 49
    assert instance.tmax == 1000
    v1 = instance.vertices[1]
    assert tuple(map(float, (v1.service, v1.score, v1.open, v1.close))) == (2, 12, 354, 509)
    assert instance.distance(0, 1) == 48.16  # sqrt(19.288^2 + 44.137^2) = 48.1674
    problem = to_problem(instance, 2)
    assert len(problem.nodes) == 48 and len(problem.tours) == 2
    assert problem.tours[0].close == 100000.0
    assert problem.travel("0", "1") == 4816.0


@needs_data
def test_short_solve_of_c101_is_sensible() -> None:
    problem, solution = solve_instance(read(DATA / "c101.txt"), 1, iterations=200)
    assert_feasible(problem, solution)
    assert solution.score >= 300


@needs_data
def test_cli_prints_json_alone(tmp_path: Path) -> None:
    runner = CliRunner()
    outcome = runner.invoke(
        toptw, [str(DATA / "pr01.txt"), "--tours", "2", "--time-limit", "0.3", "--seed", "1"]
    )
    assert outcome.exit_code == 0, outcome.output
    answer = json.loads(outcome.output)
    assert set(answer) == {"score", "routes"} and len(answer["routes"]) == 2
    assert answer["score"] > 400
    bad = tmp_path / "bad.txt"
    bad.write_text("nonsense\n")
    assert runner.invoke(toptw, [str(bad)]).exit_code != 0
