"""Launch Library 2 sync from our LL2 2.3.0-format sample (tests/data/ll2_launches_sample.json):
a slipped Baikonur launch moves, a new one is created, one from elsewhere is ignored, an unknown
Baikonur pad is reported; the slip shows in the launch's history; the trips follow."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tourplanner import services
from tourplanner.background.jobs import drain
from tourplanner.cli import main
from tourplanner.services.ll2 import LL2FormatError, parse_answer
from tourplanner.services.ll2_sync import read_file, sync
from tourplanner.services.site_edits import apply_site, site_record

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "ll2_launches_sample.json"
MS30_TRIP = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
             "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
             "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}


def test_one_sync_moves_creates_ignores_and_reports(database_url: str, app: Any, client: Any) -> None:
    token = client.post("/api/trips", json=MS30_TRIP).get_json()["token"]
    result = CliRunner().invoke(main, ["launches", "sync", "--file", str(SAMPLE)],
                                env={"TOURPLANNER_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "moved: soyuz-ms-30" in result.output
    assert "created: progress-ms-38" in result.output
    assert "ignored (not from a catalogue pad): 1" in result.output
    assert "unknown pad: Proton-M | Elektro-L No.5: LL2 pad 29 '81/24'" in result.output
    assert "trips marked for re-planning: 1" in result.output

    launches = {x["id"]: x for x in client.get("/api/launches").get_json()}
    assert launches["soyuz-ms-30"]["net"] == "2027-03-03T08:10:00Z" and launches["soyuz-ms-30"]["status"] == "Go"
    assert launches["soyuz-ms-30"]["ll2_id"] == "6d7a4b1e-3f0c-4c1a-9b7e-2a0d5c9e8f10"
    new = launches["progress-ms-38"]
    assert (new["pad"], new["vehicle"], new["crewed"], new["precision"]) == ("baikonur-site-31", "Soyuz-2.1a",
                                                                             False, "day")
    assert not any("starlink" in x or "elektro" in x for x in launches)

    history = client.get("/api/launches/soyuz-ms-30").get_json()["history"]
    assert [(h["old_net"], h["new_net"], h["status"], h["source"]) for h in history] == [
        ("2027-03-01T00:00:00Z", "2027-03-03T08:10:00Z", "Go", "ll2")]
    assert client.get("/api/launches/progress-ms-38").get_json()["history"][0]["old_net"] is None

    assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}
    trip = client.get(f"/api/trips/{token}").get_json()
    assert [i["start"] for d in trip["itinerary"]["days"] for i in d["items"] if i["type"] == "launch"] == [
        "2027-03-03T13:10:00+05:00"]

    again = CliRunner().invoke(main, ["launches", "sync", "--file", str(SAMPLE)],
                               env={"TOURPLANNER_DATABASE_URL": database_url})
    assert "moved: -" in again.output and "created: -" in again.output and "unchanged: 2" in again.output
    assert len(client.get("/api/launches/soyuz-ms-30").get_json()["history"]) == 1


def test_matched_by_ll2_id_after_the_first_sync_and_pads_by_their_ll2_id(engine: Any) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sync(engine, parse_answer(data))
    data["results"][0]["mission"]["name"] = "Soyuz MS-30 (renamed)"
    data["results"][0].update(net="2027-03-05T08:10:00Z", window_start="2027-03-05T08:10:00Z",
                              window_end="2027-03-05T08:10:00Z")
    data["results"][0]["last_updated"] = "2027-02-20T00:00:00Z"
    data["results"][0]["pad"].update(latitude=0.0, longitude=0.0)  # pad known by position only: refused now
    report = sync(engine, parse_answer(data))
    assert "Soyuz 2.1a | Soyuz MS-30" in report.ignored  # far from every pad, and no pad has LL2 id 32 yet
    record = site_record(services.load_catalogue(engine), "baikonur-site-31")
    apply_site(engine, "baikonur-site-31", {**record, "ll2_pad_id": 32}, base=None, actor_id=None, source="cli",
               note="", today=date(2027, 1, 1))
    report = sync(engine, parse_answer(data))
    assert report.moved == ["soyuz-ms-30"], report  # pad by its LL2 id; launch by its LL2 id despite the new name


def test_an_older_ll2_record_does_not_overwrite_a_newer_operator_edit(engine: Any) -> None:
    from datetime import UTC, datetime

    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["results"][0]["last_updated"] = "2026-01-01T00:00:00Z"  # before the operator's edit (now)
    services.move_launch(engine, "soyuz-ms-30", net=datetime(2027, 3, 9, 8, 10, tzinfo=UTC))
    report = sync(engine, parse_answer(data)[:1])
    assert report.kept and report.moved == []


def test_a_malformed_answer_is_reported_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"results": [{"id": "x", "name": "y", "net": "soon", "last_updated": "2027-01-01T00:00Z"}]}))
    with pytest.raises(LL2FormatError, match=r"results\[0\]\.net"):
        read_file(str(bad))
    result = CliRunner().invoke(main, ["launches", "sync", "--file", str(bad)])
    assert result.exit_code != 0 and "results[0].net" in result.output


def test_the_public_launch_page_shows_the_slip_without_who(client: Any, engine: Any) -> None:
    sync(engine, read_file(str(SAMPLE)))
    page = client.get("/launches/soyuz-ms-30").get_data(as_text=True)
    assert "2027-03-01 00:00" in page and "2027-03-03 08:10" in page and "Launch Library 2" in page
    assert client.get("/launches/no-such-launch").status_code == 404
    assert 'href="/launches/soyuz-ms-30"' in client.get("/").get_data(as_text=True)


def test_the_periodic_ll2_sync_is_off_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    from tourplanner.background import ll2_task, periodic, tasks  # noqa: F401  (tasks registers it)

    task = next(t for t in periodic.tasks() if t.name == "ll2-sync")
    monkeypatch.delenv("TOURPLANNER_LL2_SYNC_URL", raising=False)
    assert not task.enabled(None)  # type: ignore[arg-type]
    monkeypatch.setenv("TOURPLANNER_LL2_SYNC_URL", "https://ll.thespacedevs.com/2.3.0/launches/upcoming/")
    monkeypatch.setenv("TOURPLANNER_LL2_SYNC_MINUTES", "1")
    assert task.enabled(None) and task.every_seconds(None) == 300  # type: ignore[arg-type]
