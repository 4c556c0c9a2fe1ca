"""Pinned and own items (request `fixed`): read and checked field by field, kept exactly, planned around."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from ms30_trip import CHARTER, DINNER, HOTEL, TODAY, VDNKH, read, slipped, trip
from planning_helpers import with_rule

from tourplanner.planning.model import Catalogue, Itinerary
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import (
    RequestError,
    itinerary_from_json,
    itinerary_to_json,
    parse_request,
    request_to_json,
)


def faults(data: dict[str, Any], seed: Catalogue) -> dict[str, str]:
    with pytest.raises(RequestError) as caught:
        parse_request(data, today=TODAY, catalogue=seed)
    return {e["field"]: e["message"] for e in caught.value.errors}


def by_key(itinerary: Itinerary) -> dict[str, Any]:
    return {i.key: i for i in itinerary.items()}


@pytest.fixture(scope="module")
def planned(seed: Catalogue) -> Itinerary:
    return plan(read(trip(), seed), seed)


# --- reading --------------------------------------------------------------------------------------------


def test_fixed_items_read_with_their_keys(seed: Catalogue) -> None:
    req = read(trip(), seed)
    assert [(f.type, f.key) for f in req.fixed] == [
        ("transfer", "transfer:moscow-baikonur:1"), ("own", "own:dinner-with-anna"), ("visit", "visit:vdnkh"),
        ("lodging", "lodging:baikonur")]
    assert req.fixed[0].start == datetime.fromisoformat(CHARTER["start"])
    assert req.notes == (("launch:soyuz-ms-30", "Bring binoculars"),)


def test_request_round_trips_with_fixed_and_notes(seed: Catalogue) -> None:
    req = read(trip(), seed)
    again = read(request_to_json(req), seed)
    assert again == req
    assert request_to_json(again)["fixed"][1]["key"] == "own:dinner-with-anna"


def test_requests_without_fixed_keep_their_json(seed: Catalogue) -> None:
    data = trip()
    del data["fixed"], data["notes"]
    assert "fixed" not in request_to_json(read(data, seed)) and "notes" not in request_to_json(read(data, seed))


def test_every_bad_fixed_field_is_named(seed: Catalogue) -> None:
    data = trip(fixed=[
        {"type": "own", "start": "2027-02-22T19:30:00+03:00", "end": "2027-02-22T18:00:00+03:00"},
        {"type": "visit", "site": "nowhere", "start": "2027-02-23T11:00:00+03:00", "end": "2027-02-23T12:00+03:00"},
        {"type": "transfer", "from": "moscow", "to": "atlantis", "start": "2027-02-24T08:00:00",
         "end": "2027-02-24T17:00:00+05:00"},
        {"type": "lodging", "region": "baikonur", "place": {"name": "", "lat": 95, "lon": "east"}},
        {"type": "picnic"},
        {"type": "own", "title": "Far away", "start": "2027-06-01T10:00:00+03:00", "end": "2027-06-01T11:00:00+03:00"},
        VDNKH, VDNKH,
    ], notes={"visit:vdnkh": 42})
    got = faults(data, seed)
    assert set(got) == {"fixed[0].title", "fixed[0].end", "fixed[1].site", "fixed[2].to", "fixed[2].start",
                        "fixed[3].place.name", "fixed[3].place.lat", "fixed[3].place.lon", "fixed[4].type",
                        "fixed[5].start", "fixed[7]", "notes.visit:vdnkh"}
    assert "offset" in got["fixed[2].start"] and "outside the trip" in got["fixed[5].start"]
    assert "pinned twice" in got["fixed[7]"]


def test_fixed_must_be_a_list(seed: Catalogue) -> None:
    assert set(faults(trip(fixed={"type": "own"}), seed)) == {"fixed"}


# --- planning ---------------------------------------------------------------------------------------------


def test_pinned_and_own_items_are_kept_exactly(planned: Itinerary) -> None:
    items = by_key(planned)
    for fixed in (CHARTER, DINNER, VDNKH):
        key = {"transfer": "transfer:moscow-baikonur:1", "own": "own:dinner-with-anna", "visit": "visit:vdnkh"}[
            str(fixed["type"])]
        assert items[key].pinned
        assert items[key].start == datetime.fromisoformat(str(fixed["start"]))
        assert items[key].end == datetime.fromisoformat(str(fixed["end"]))
    assert items["transfer:moscow-baikonur:1"].title == "Charter KD-101"
    assert not items["visit:museum-of-cosmonautics"].pinned


def test_the_booked_charter_is_the_trips_leg_and_days_follow_it(planned: Itinerary) -> None:
    legs = [i for i in planned.items() if i.type == "transfer" and i.origin == "moscow"]
    assert [i.key for i in legs] == ["transfer:moscow-baikonur:1"]
    regions = {d.date.isoformat(): d.region for d in planned.days}
    assert regions["2027-02-23"] == "moscow" and regions["2027-02-24"] == "baikonur"
    assert "launch:soyuz-ms-30" in by_key(planned)


def test_the_plan_goes_around_the_own_items(planned: Itinerary) -> None:
    items = by_key(planned)
    assert items["travel:to:own:dinner-with-anna"].end == items["own:dinner-with-anna"].start
    assert items["own:dinner-with-anna"].lat == DINNER["place"]["lat"]  # type: ignore[index]
    day = next(d for d in planned.days if d.date.isoformat() == "2027-02-23")
    visits = [i for i in day.items if i.type == "visit"]
    pinned = items["visit:vdnkh"]
    assert all(i is pinned or i.end <= pinned.start or i.start >= pinned.end for i in day.items if i.type != "travel")
    assert visits  # the pinned visit is there


def test_hotel_and_notes(planned: Itinerary) -> None:
    baikonur = [d for d in planned.days if d.region == "baikonur"]
    assert baikonur and all(d.lodging == "Hotel Sputnik" and d.lodging_place is not None for d in baikonur)
    roads = [i for i in planned.items() if i.type == "travel" and i.origin == "baikonur"]
    assert roads and all(i.title.startswith("Hotel Sputnik") for i in roads)
    assert by_key(planned)["launch:soyuz-ms-30"].note == "Bring binoculars"


def test_itinerary_json_round_trips_pins(planned: Itinerary) -> None:
    data = itinerary_to_json(planned)
    assert itinerary_from_json(data) == planned
    items = {i["key"]: i for d in data["days"] for i in d["items"]}
    assert items["own:dinner-with-anna"]["pinned"] is True and "pinned" not in items["visit:museum-of-cosmonautics"]
    assert items["own:dinner-with-anna"]["start"] == DINNER["start"]
    assert next(d for d in data["days"] if d["region"] == "baikonur")["lodging_place"]["name"] == "Sputnik"


def test_a_pinned_visit_on_a_closed_day_is_kept_and_flagged(seed: Catalogue) -> None:
    monday = {"type": "visit", "site": "museum-of-cosmonautics", "start": "2027-02-22T11:00:00+03:00",
              "end": "2027-02-22T13:00:00+03:00"}  # the museum is closed on Mondays
    itinerary = plan(read(trip(fixed=[monday]), seed), seed)
    item = by_key(itinerary)["visit:museum-of-cosmonautics"]
    assert item.pinned and item.start.isoformat() == monday["start"]
    assert [w.code for w in itinerary.warnings if w.code == "pinned_closed"] == ["pinned_closed"]
    assert "Mondays" in next(w.message for w in itinerary.warnings if w.code == "pinned_closed")
    assert not any(u.site == "museum-of-cosmonautics" for u in itinerary.unscheduled)


def test_an_item_the_plan_cannot_reach_is_kept_and_said(seed: Catalogue) -> None:
    # A Moscow dinner on a day the trip spends in Baikonur (the booked charter left that morning).
    dinner = {**DINNER, "start": "2027-02-25T19:30:00+03:00", "end": "2027-02-25T21:00:00+03:00"}
    itinerary = plan(read(trip(fixed=[CHARTER, dinner]), seed), seed)
    assert by_key(itinerary)["own:dinner-with-anna"].start.isoformat() == dinner["start"]
    assert any(w.code == "fixed_conflict" for w in itinerary.warnings)


def test_a_lodging_changes_nothing_but_the_hotel(seed: Catalogue) -> None:
    itinerary = plan(read(trip(fixed=[HOTEL]), seed), seed)
    assert any(d.lodging == "Hotel Sputnik" for d in itinerary.days)


# --- the trip's skeleton when the launch leaves its dates --------------------------------------------------


def test_a_re_plan_after_a_slip_keeps_the_skeleton_and_the_pins(seed: Catalogue, planned: Itinerary) -> None:
    req = read(trip(), seed)
    later = plan(req, slipped(seed, 17), previous=planned)
    before = {d.date: d.region for d in planned.days}
    assert {d.date: d.region for d in later.days} == before
    legs = [(i.key, i.start, i.end) for i in planned.items() if i.type == "transfer"]
    assert [(i.key, i.start, i.end) for i in later.items() if i.type == "transfer"] == legs
    for key in ("own:dinner-with-anna", "visit:vdnkh", "transfer:moscow-baikonur:1"):
        assert (by_key(later)[key].start, by_key(later)[key].end) == (by_key(planned)[key].start,
                                                                      by_key(planned)[key].end)
    assert later.warnings[0].code == "launch_moved"
    assert "18 March 2027" in later.warnings[0].message
    assert {u.kind for u in later.unscheduled if u.launch == "soyuz-ms-30"} == {"rollout", "launch"}


def test_without_the_previous_plan_the_way_back_is_the_planners(seed: Catalogue, planned: Itinerary) -> None:
    later = plan(read(trip(), seed), slipped(seed, 17))
    assert not any(w.code == "launch_moved" for w in later.warnings)
    assert by_key(later)["transfer:moscow-baikonur:1"].pinned  # the booked charter still holds


def test_a_pinned_visit_the_rules_refuse_is_kept_and_said(seed: Catalogue) -> None:
    strict = with_rule(seed, site="vdnkh", min_age=18)
    data = trip(fixed=[VDNKH], companions=[{"nationality": "FR", "age": 12}])
    itinerary = plan(read(data, strict), strict)
    assert by_key(itinerary)["visit:vdnkh"].pinned
    assert not any(u.site == "vdnkh" for u in itinerary.unscheduled)
    assert any(w.code == "fixed_conflict" and "18" in w.message for w in itinerary.warnings)


def test_a_pinned_visit_has_its_deadlines(seed: Catalogue) -> None:
    star = {"type": "visit", "site": "star-city", "start": "2027-02-23T10:00:00+03:00",
            "end": "2027-02-23T13:00:00+03:00"}
    data = trip(sites=["museum-of-cosmonautics"], fixed=[star])
    itinerary = plan(read(data, seed), seed)
    assert [d.due.isoformat() for d in itinerary.deadlines if d.site == "star-city"] == ["2027-01-24"]


def test_a_chosen_hotel_does_not_leak_into_other_plans(seed: Catalogue) -> None:
    # Plans over the same catalogue object share remembered distances: a hotel chosen in one request
    # (same place id "lodging:baikonur", other coordinates) must change neither that plan's roads nor
    # the next plan's.
    plain = trip(fixed=[CHARTER])
    before = [(i.key, i.distance_km) for i in plan(read(plain, seed), seed).items() if i.type == "travel"]
    far = {**HOTEL, "place": {"name": "Far", "lat": 45.2, "lon": 63.0}}
    with_hotel = plan(read(trip(fixed=[CHARTER, far]), seed), seed)
    roads = {i.key: i.distance_km for i in with_hotel.items() if i.type == "travel" and i.origin == "baikonur"}
    plain_roads = dict(before)
    assert any(roads[k] != plain_roads.get(k) for k in roads)  # the roads start at the chosen hotel
    after = [(i.key, i.distance_km) for i in plan(read(plain, seed), seed).items() if i.type == "travel"]
    assert after == before
