"""The `tourplanner` command as a user runs it."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tourplanner.cli import main


@pytest.fixture
def env(empty_database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"TOURPLANNER_DATABASE_URL": empty_database_url, "TOURPLANNER_SECRET_KEY": ""}


def test_init_twice_then_list(env: dict[str, str]) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["init"], env=env)
    assert first.exit_code == 0, first.output
    assert "sites created" in first.output
    second = runner.invoke(main, ["init"], env=env)
    assert second.exit_code == 0 and "nothing changed" in second.output, second.output
    sites = runner.invoke(main, ["sites"], env=env)
    assert "baikonur-site-31" in sites.output and "Asia/Qyzylorda" in sites.output
    launches = runner.invoke(main, ["launches", "--past", "--pad", "baikonur-gagarins-start"], env=env)
    assert "soyuz-ms-05" in launches.output and "soyuz-ms-24" not in launches.output
    upcoming = runner.invoke(main, ["launches", "--upcoming"], env=env)
    assert "soyuz-ms-30" in upcoming.output and "soyuz-ms-05" not in upcoming.output


def test_init_reports_a_bad_seed_and_fails(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"sites": [', encoding="utf-8")
    result = CliRunner().invoke(main, ["init", "--seed", str(bad)], env=env)
    assert result.exit_code != 0
    assert "broken.json" in result.output


def test_serve_refuses_the_default_secret(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["serve", "--port", "0"], env=env)
    assert result.exit_code != 0
    assert "TOURPLANNER_SECRET_KEY" in result.output
