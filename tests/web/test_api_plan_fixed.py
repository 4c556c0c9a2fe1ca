"""The plan API with pinned and own items, and its earliest-dates suggestions (issue 11, planning side)."""
from __future__ import annotations

from typing import Any

import pytest

GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-07", "sites": ["museum-of-cosmonautics"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}
DINNER = {"type": "own", "title": "Dinner", "start": "2027-05-05T19:30:00+03:00", "end": "2027-05-05T21:00:00+03:00"}


@pytest.mark.parametrize(("fixed", "field"), [
    ([{**DINNER, "start": "tomorrow"}], "fixed[0].start"),
    ([{**DINNER, "title": ""}], "fixed[0].title"),
    ([{"type": "transfer", "from": "moscow", "to": "atlantis", "start": DINNER["start"], "end": DINNER["end"]}],
     "fixed[0].to"),
    ([{"type": "lodging", "region": "moscow", "place": {"name": "Hotel", "lat": 555, "lon": 37.6}}],
     "fixed[0].place.lat"),
    ("dinner", "fixed"),
])
def test_bad_fixed_items_name_the_field(client: Any, fixed: Any, field: str) -> None:
    for url in ("/api/plan", "/api/trips"):
        response = client.post(url, json={**GOOD, "fixed": fixed})
        assert response.status_code == 422, response.get_data(as_text=True)
        assert field in [e["field"] for e in response.get_json()["errors"]]


def test_own_items_are_kept_exactly(client: Any) -> None:
    response = client.post("/api/plan", json={**GOOD, "fixed": [DINNER], "notes": {"own:dinner": "Table 4"}})
    assert response.status_code == 200
    items = {i["key"]: i for d in response.get_json()["days"] for i in d["items"]}
    dinner = items["own:dinner"]
    assert (dinner["start"], dinner["end"], dinner["pinned"], dinner["note"]) == (
        DINNER["start"], DINNER["end"], True, "Table 4")


def test_too_late_for_baikonur_gets_the_earliest_dates(client: Any) -> None:
    late = {**GOOD, "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"], "booking_date": "2027-04-20"}
    body = client.post("/api/plan", json=late).get_json()
    assert [u["site"] for u in body["unscheduled"]] == ["baikonur-gagarins-start"]
    suggestion = body["suggestions"][0]
    assert suggestion["kind"] == "move_dates" and suggestion["start_date"] > late["start_date"]
    moved = {**late, "start_date": suggestion["start_date"], "end_date": suggestion["end_date"]}
    again = client.post("/api/plan", json=moved).get_json()
    assert "baikonur-gagarins-start" in {i.get("site") for d in again["days"] for i in d["items"]}
    assert "suggestions" not in again
