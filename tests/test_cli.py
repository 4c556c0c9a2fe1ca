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


def test_plan_writes_itinerary_map_and_calendar(database_url: str, tmp_path: Path) -> None:
    import json

    from icalendar import Calendar

    request = tmp_path / "trip.json"
    request.write_text(json.dumps({
        "start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05",
        "sites": ["museum-of-cosmonautics", "star-city", "baikonur-gagarins-start"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2017-04-01"}), encoding="utf-8")
    out, page, ics = tmp_path / "it.json", tmp_path / "map.html", tmp_path / "trip.ics"
    result = CliRunner().invoke(main, ["plan", str(request), "--out", str(out), "--map", str(page),
                                       "--ics", str(ics)], env={"TOURPLANNER_DATABASE_URL": database_url,
                                                                "TOURPLANNER_TILES": "none"})
    assert result.exit_code == 0, result.output
    itinerary = json.loads(out.read_text(encoding="utf-8"))
    launches = [i for d in itinerary["days"] for i in d["items"] if i["type"] == "launch"]
    assert [i["start"] for i in launches] == ["2017-07-28T21:41:00+06:00"]
    html = page.read_text(encoding="utf-8")
    assert "leaflet" in html.lower() and "https://cdn" not in html
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert any("Soyuz MS-05" in str(e["SUMMARY"]) for e in events)


def test_plan_names_every_bad_field(database_url: str, tmp_path: Path) -> None:
    request = tmp_path / "bad.json"
    request.write_text('{"start_date": "2017-07-30", "end_date": "2017-07-21", "sites": ["atlantis"],'
                       ' "traveller": {"nationality": "FR"}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(request)], env={"TOURPLANNER_DATABASE_URL": database_url})
    assert result.exit_code != 0
    assert "sites[0]" in result.output and "atlantis" in result.output and "end_date" in result.output
