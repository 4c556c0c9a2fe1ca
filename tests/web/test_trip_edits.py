"""Editing a trip on its page (no JavaScript): pins, moves, removals, additions, own items, hotels and
notes each make a new version through the plan request's `fixed` and `notes`."""
from __future__ import annotations

import re
from typing import Any

import pytest

REQUEST = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
           "sites": ["museum-of-cosmonautics", "star-city", "baikonur-gagarins-start"],
           "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}


@pytest.fixture
def token(client: Any) -> str:
    created = client.post("/api/trips", json=REQUEST)
    assert created.status_code == 201, created.get_json()
    return str(created.get_json()["token"])


def csrf(client: Any, token: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/trips/{token}").get_data(as_text=True))
    assert found
    return found.group(1)


def change(client: Any, token: str, status: int = 303, **form: str) -> Any:
    response = client.post(f"/trips/{token}/edit", data={"csrf_token": csrf(client, token), **form})
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return response


def items(client: Any, token: str) -> dict[str, tuple[str, dict[str, Any]]]:
    body = client.get(f"/api/trips/{token}").get_json()
    return {i["key"]: (d["date"], i) for d in body["itinerary"]["days"] for i in d["items"]}


def test_pin_move_and_hotel_each_make_a_version(client: Any, token: str) -> None:
    charter = items(client, token)["transfer:moscow-baikonur:1"][1]
    change(client, token, action="pin", key="transfer:moscow-baikonur:1")
    pinned = items(client, token)["transfer:moscow-baikonur:1"][1]
    assert pinned["pinned"] and (pinned["start"], pinned["end"]) == (charter["start"], charter["end"])

    change(client, token, action="move", site="star-city", day="2027-02-23", time="11:00")
    day, visit = items(client, token)["visit:star-city"]
    assert day == "2027-02-23" and visit["start"] == "2027-02-23T11:00:00+03:00" and visit["pinned"]
    assert items(client, token)["transfer:moscow-baikonur:1"][1]["start"] == charter["start"]  # still pinned

    change(client, token, action="hotel", region="baikonur", text="Hotel Sputnik", address="Lenin St 1",
           lat="45.6226", lon="63.3141")
    body = client.get(f"/api/trips/{token}").get_json()
    baikonur_days = [d for d in body["itinerary"]["days"] if d["region"] == "baikonur"]
    assert baikonur_days and all("Hotel Sputnik" in d["lodging"] for d in baikonur_days)
    assert body["version"] == 4
    reasons = [v["reason"] for v in client.get(f"/api/trips/{token}/versions").get_json()]
    assert reasons[0].startswith("you chose Hotel Sputnik") and "you moved Star City" in reasons[1]
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    assert "Hotel Sputnik" in page and 'class="badge ok">pinned' in page


def test_own_flight_dinner_and_notes(client: Any, token: str) -> None:
    change(client, token, action="flight", text="SU 1234", origin="moscow", destination="baikonur",
           day="2027-02-24", time="08:15", end_day="2027-02-24", end_time="14:05")
    flight = next(i for _, i in items(client, token).values() if i.get("title") == "Flight SU 1234")
    assert flight["pinned"] and flight["start"] == "2027-02-24T08:15:00+03:00"
    assert flight["end"] == "2027-02-24T14:05:00+05:00"
    change(client, token, action="own", text="Dinner at Café Pushkin", region="moscow", day="2027-02-21",
           time="19:00", end_time="21:00", place_name="Café Pushkin", lat="55.7637", lon="37.6050")
    day, dinner = items(client, token)["own:dinner-at-caf-pushkin"]
    assert day == "2027-02-21" and dinner["start"] == "2027-02-21T19:00:00+03:00" and dinner["pinned"]
    change(client, token, action="note", key="launch:soyuz-ms-30", text="Bring the long lens")
    assert items(client, token)["launch:soyuz-ms-30"][1]["note"] == "Bring the long lens"
    assert "Bring the long lens" in client.get(f"/trips/{token}").get_data(as_text=True)
    change(client, token, action="unpin", key="own:dinner-at-caf-pushkin")
    assert "own:dinner-at-caf-pushkin" not in items(client, token)


def test_remove_a_visit_and_add_a_site(client: Any, token: str) -> None:
    change(client, token, action="remove", site="museum-of-cosmonautics")
    body = client.get(f"/api/trips/{token}").get_json()
    assert "museum-of-cosmonautics" not in body["request"]["sites"]
    assert "visit:museum-of-cosmonautics" not in items(client, token)
    change(client, token, action="add", site="vdnkh")
    assert "visit:vdnkh" in items(client, token)


def test_bad_edits_name_the_field_and_change_nothing(client: Any, token: str) -> None:
    bad = change(client, token, status=422, action="move", site="star-city", day="2027-02-23", time="25:00")
    assert "Time: not a time of day" in bad.get_data(as_text=True)
    outside = change(client, token, status=422, action="move", site="star-city", day="2027-04-01", time="10:00")
    assert "pick a day of the trip" in outside.get_data(as_text=True)
    backwards = change(client, token, status=422, action="flight", text="SU 1", origin="moscow",
                       destination="baikonur", day="2027-02-24", time="14:00", end_day="2027-02-24",
                       end_time="09:00")
    assert "Arrival" in backwards.get_data(as_text=True) or "End time" in backwards.get_data(as_text=True)
    assert change(client, token, status=422, action="pin", key="launch:soyuz-ms-30").status_code == 422
    assert change(client, token, status=422, action="hotel", region="mars", text="X").status_code == 422
    assert client.get(f"/api/trips/{token}").get_json()["version"] == 1


def test_the_share_link_and_a_stale_page_change_nothing(client: Any, token: str) -> None:
    share = client.get(f"/api/trips/{token}").get_json()["share_token"]
    forbidden = client.post(f"/trips/{share}/edit", data={"csrf_token": csrf(client, token), "action": "add",
                                                          "site": "vdnkh"})
    assert forbidden.status_code == 403
    change(client, token, action="add", site="vdnkh")
    stale = change(client, token, status=409, action="add", site="baikonur-museum", version="1")
    assert "changed since this page was loaded" in stale.get_data(as_text=True)
    assert client.get(f"/api/trips/{token}").get_json()["version"] == 2
