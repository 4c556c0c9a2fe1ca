"""Bad plan requests get a 422 naming the field, never a 500, and nothing is saved."""
from __future__ import annotations

from typing import Any

import pytest

GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-07", "sites": ["museum-of-cosmonautics"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}

BAD: list[tuple[Any, str]] = [
    ([], "$"),
    ("a string", "$"),
    (None, "$"),
    ({**GOOD, "start_date": 20270504}, "start_date"),
    ({**GOOD, "start_date": "2027-02-30"}, "start_date"),
    ({**GOOD, "end_date": "2027-05-01"}, "end_date"),
    ({**GOOD, "sites": "museum-of-cosmonautics"}, "sites"),
    ({**GOOD, "sites": [42]}, "sites[0]"),
    ({**GOOD, "sites": ["atlantis"]}, "sites[0]"),
    ({**GOOD, "launch": "soyuz-ms-99"}, "launch"),
    ({**GOOD, "launch": ["soyuz-ms-30"]}, "launch"),
    ({**GOOD, "traveller": None}, "traveller"),
    ({**GOOD, "traveller": {"nationality": "Atlantis"}}, "traveller.nationality"),
    ({**GOOD, "traveller": {"nationality": "FR", "age": -3}}, "traveller.age"),
    ({**GOOD, "traveller": {"nationality": "FR", "age": "thirty"}}, "traveller.age"),
    ({**GOOD, "traveller": {"nationality": "FR", "age": True}}, "traveller.age"),
    ({**GOOD, "companions": {"nationality": "RU"}}, "companions"),
    ({**GOOD, "companions": [{"age": 12}]}, "companions[0].nationality"),
    ({**GOOD, "day_start": "25:00"}, "day_start"),
    ({**GOOD, "day_start": "19:00", "day_end": "09:00"}, "day_end"),
    ({**GOOD, "end_date": "2029-01-01"}, "end_date"),
    ({**GOOD, "must_see": ["vdnkh"]}, "must_see[0]"),
    ({**GOOD, "booking_date": "yesterday"}, "booking_date"),
]


@pytest.mark.parametrize(("body", "field"), BAD)
def test_bad_requests_name_the_field(client: Any, body: Any, field: str) -> None:
    for url in ("/api/plan", "/api/trips"):
        response = client.post(url, json=body)
        assert response.status_code == 422, (url, response.get_data(as_text=True))
        errors = response.get_json()["errors"]
        assert any(e["field"] == field or e["field"].startswith(field) for e in errors), errors


def test_not_json_at_all(client: Any) -> None:
    response = client.post("/api/plan", data="{not json", content_type="application/json")
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "$"
    response = client.post("/api/trips", data="start_date=2027-05-04")
    assert response.status_code == 422


def test_every_error_at_once(client: Any) -> None:
    body = {"start_date": "nope", "sites": ["atlantis"], "traveller": {"nationality": "??", "age": -1}}
    fields = {e["field"] for e in client.post("/api/plan", json=body).get_json()["errors"]}
    assert {"start_date", "sites[0]", "traveller.nationality", "traveller.age"} <= fields


def test_rejected_trips_leave_nothing_behind(client: Any, app: Any) -> None:
    from sqlmodel import Session, select

    from tourplanner.store.tables import TripRow, TripVersionRow

    for body, _ in BAD:
        client.post("/api/trips", json=body)
    with Session(app.extensions["tourplanner"].engine) as session:
        assert session.exec(select(TripRow)).all() == []
        assert session.exec(select(TripVersionRow)).all() == []


def test_unknown_trip_token_is_a_json_404(client: Any) -> None:
    response = client.get("/api/trips/not-a-real-token")
    assert response.status_code == 404 and response.is_json
