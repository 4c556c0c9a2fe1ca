"""The operator JSON API: the main operator story with a bearer token, ETags, 401/403/412/422."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_operator import PASSWORD

from tourplanner import services
from tourplanner.background.jobs import drain
from tourplanner.services.tokens import create_token

# Star City is open Mon-Fri; this trip (booked in the past, replayed) visits it on a weekday.
STAR_CITY_TRIP = {"start_date": "2027-05-03", "end_date": "2027-05-07", "sites": ["star-city"],
                  "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _token(app: Any, email: str, role: str) -> str:
    engine = app.extensions["tourplanner"].engine
    account = services.create_operator(engine, email, PASSWORD, role=role)
    return create_token(engine, account.id, "tests")


@pytest.fixture
def editor_token(app: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(app, 'editor@example.com', 'editor')}"}


@pytest.fixture
def admin_token(app: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(app, 'admin@example.com', 'admin')}"}


def star_city_days(trip: dict[str, Any]) -> list[str]:
    return [d["date"] for d in trip["itinerary"]["days"] for i in d["items"]
            if i["type"] == "visit" and i.get("site") == "star-city"]


def test_closing_star_city_on_the_visit_day_replans_the_trip_and_undo_brings_the_hours_back(
        client: Any, app: Any, editor_token: dict[str, str]) -> None:
    trip = client.post("/api/trips", json=STAR_CITY_TRIP).get_json()
    visit_day = star_city_days(trip)[0]
    weekday = WEEKDAYS[date.fromisoformat(visit_day).weekday()]

    got = client.get("/api/operator/sites/star-city", headers=editor_token)
    assert got.status_code == 200 and got.headers["ETag"]
    hours = got.get_json()["hours"]
    assert hours["weekly"][weekday]
    stale = got.headers["ETag"]
    changed = client.patch("/api/operator/sites/star-city",
                           headers={**editor_token, "If-Match": got.headers["ETag"]},
                           json={"hours": {"weekly": {weekday: []}}, "note": "Closed for a training exercise"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["affected_trips"] == 1
    assert changed.get_json()["hours"]["weekly"][weekday] == []
    assert changed.headers["ETag"] != stale

    again = client.patch("/api/operator/sites/star-city", headers={**editor_token, "If-Match": stale},
                         json={"visit_minutes": 120})
    assert again.status_code == 412
    anonymous = client.patch("/api/operator/sites/star-city", json={"visit_minutes": 120})
    assert anonymous.status_code == 401  # no token: nothing changes either
    assert client.get("/api/operator/sites/star-city", headers=editor_token).get_json()["visit_minutes"] == 150

    assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}
    replanned = client.get(f"/api/trips/{trip['token']}").get_json()
    assert visit_day not in star_city_days(replanned)
    page = client.get(f"/trips/{trip['token']}").get_data(as_text=True)
    assert "Closed for a training exercise" in page and "editor@example.com" not in page
    feed = client.get(f"/trips/{trip['token']}/feed.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "Closed for a training exercise" in feed and "editor@example.com" not in feed

    site_page = client.get("/sites/star-city").get_data(as_text=True)
    assert "opening hours changed — Closed for a training exercise" in site_page
    assert "editor@example.com" not in site_page

    history = client.get("/api/operator/history?record=site:star-city", headers=editor_token).get_json()
    assert history[0]["by"] == "editor@example.com" and history[0]["note"] == "Closed for a training exercise"
    assert history[0]["before"]["hours"]["weekly"][weekday] and weekday not in history[0]["after"]["hours"]["weekly"]
    assert "opening hours changed" in history[0]["change"]

    undone = client.post(f"/api/operator/changes/{history[0]['id']}/undo", headers=editor_token,
                         json={"note": "Open again"})
    assert undone.status_code == 200 and undone.get_json()["affected_trips"] == 0
    assert client.get("/api/operator/sites/star-city", headers=editor_token).get_json()["hours"] == hours
    assert len(client.get("/api/operator/history?record=site:star-city", headers=editor_token).get_json()) == 2


def test_no_token_is_401_and_a_wrong_role_is_403(client: Any, editor_token: dict[str, str]) -> None:
    assert client.get("/api/operator/sites").status_code == 401
    assert client.get("/api/operator/sites/star-city", headers={"Authorization": "Bearer tpo_nope"}).status_code == 401
    response = client.patch("/api/operator/sites/star-city", json={"visit_minutes": 10})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    new_site = {"id": "test-museum", "name": "Test museum", "name_ru": "", "kind": "museum", "region": "moscow",
                "country": "RU", "lat": 55.75, "lon": 37.62, "timezone": "Europe/Moscow", "visit_minutes": 60,
                "hours": {"weekly": {"mon": [{"start": "10:00", "end": "18:00"}]}}, "sources": []}
    assert client.post("/api/operator/sites", headers=editor_token, json=new_site).status_code == 403


def test_admins_create_sites_and_bad_fields_are_named(client: Any, admin_token: dict[str, str]) -> None:
    new_site = {"id": "test-museum", "name": "Test museum", "name_ru": "Тест", "name_kk": "Тест",
                "kind": "museum", "region": "moscow", "country": "RU", "lat": 55.75, "lon": 37.62,
                "timezone": "Europe/Moscow", "visit_minutes": 60,
                "hours": {"weekly": {"mon": [{"start": "10:00", "end": "18:00"}]}},
                "sources": [{"title": "Our own visit", "url": "https://example.com"}]}
    created = client.post("/api/operator/sites", headers=admin_token, json=new_site)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["affected_trips"] == 0 and created.get_json()["name_kk"] == "Тест"
    assert client.get("/api/sites/test-museum").get_json()["name"] == "Test museum"

    bad = client.patch("/api/operator/sites/test-museum", headers=admin_token,
                       json={"timezone": "Asia/Baikonur", "hours": {"weekly": {"tue": [{"start": "18:00", "end": "09:00"}]}},
                             "colour": "red"})
    assert bad.status_code == 422 and {e["field"] for e in bad.get_json()["errors"]} == {"colour"}
    bad = client.patch("/api/operator/sites/test-museum", headers=admin_token,
                       json={"timezone": "Asia/Baikonur", "hours": {"weekly": {"tue": [{"start": "18:00", "end": "09:00"}]}}})
    fields = {e["field"] for e in bad.get_json()["errors"]}
    assert bad.status_code == 422 and {"timezone", "hours.weekly.tue[0].close"} <= fields, fields
    assert "Asia/Qyzylorda" in next(e["message"] for e in bad.get_json()["errors"] if e["field"] == "timezone")


def test_moving_a_launch_keeps_its_slip_history(client: Any, app: Any, editor_token: dict[str, str]) -> None:
    request = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
               "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
               "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}
    assert client.post("/api/trips", json=request).status_code == 201
    got = client.get("/api/operator/launches/soyuz-ms-30", headers=editor_token)
    moved = client.patch("/api/operator/launches/soyuz-ms-30", headers={**editor_token, "If-Match": got.headers["ETag"]},
                         json={"net": "2027-03-02T08:10:00Z", "status": "Go", "precision": "minute",
                               "note": "Roscosmos confirmed the date"})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["affected_trips"] == 1 and moved.get_json()["net"] == "2027-03-02T08:10:00Z"
    far = client.patch("/api/operator/launches/soyuz-ms-30", headers=editor_token, json={"net": "2019-03-02T08:10:00Z"})
    assert far.status_code == 409 and "past" in far.get_json()["message"]
    public = client.get("/api/launches/soyuz-ms-30").get_json()
    assert [(h["old_net"], h["new_net"], h["status"], h["source"]) for h in public["history"]] == [
        ("2027-03-01T00:00:00Z", "2027-03-02T08:10:00Z", "Go", "operator")]
    assert "editor@example.com" not in str(public)


def test_a_retired_site_is_kept_for_its_trips_but_offered_to_nobody(client: Any, admin_token: dict[str, str]) -> None:
    trip = client.post("/api/trips", json=STAR_CITY_TRIP).get_json()
    retired = client.patch("/api/operator/sites/star-city", headers=admin_token,
                           json={"retired": True, "note": "Star City no longer takes visitors"})
    assert retired.status_code == 200 and retired.get_json()["affected_trips"] == 1
    assert "star-city" not in client.get("/plan").get_data(as_text=True)
    assert 'href="/sites/star-city"' not in client.get("/").get_data(as_text=True)
    assert client.get("/api/sites/star-city").get_json()["retired"] is True  # still there for old trips
    assert client.get(f"/trips/{trip['token']}").status_code == 200


def test_absurd_dates_and_shapes_are_422_never_500(client: Any, editor_token: dict[str, str]) -> None:
    for body in ({"net": "0001-01-01T00:00:00+05:00"}, {"net_local": "9999-12-31T23:59"}, {"net": "soon"},
                 {"status": "Exploded"}, {"window_end": "2027-01-01T00:00:00Z"}):
        response = client.patch("/api/operator/launches/soyuz-ms-30", headers=editor_token, json=body)
        assert response.status_code == 422, (body, response.get_json())
    assert client.patch("/api/operator/sites/star-city", headers=editor_token, data="x",
                        content_type="text/plain").status_code == 422
    assert client.patch("/api/operator/sites/star-city", headers=editor_token,
                        json={"hours": {"weekly": {"mon": [{"start": "25:00", "end": "26:00"}]}}}).status_code == 422


def test_hostile_requests_get_4xx(client: Any, editor_token: dict[str, str]) -> None:
    assert client.post("/api/operator/changes/99999999999999999999999/undo", headers=editor_token).status_code == 404
    nul = client.patch("/api/operator/sites/star-city", headers=editor_token, json={"name": "Star\u0000City"})
    assert nul.status_code == 422 and nul.get_json()["errors"][0]["field"] == "name"
    deep: dict[str, Any] = {}
    for _ in range(40):
        deep = {"x": deep}
    assert client.patch("/api/operator/sites/star-city", headers=editor_token, json={"hours": deep}).status_code == 422
