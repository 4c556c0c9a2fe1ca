"""The JSON contract: requests in (every fault named), itineraries out, and both back again."""
from __future__ import annotations

import copy
import json
from datetime import date, time
from typing import Any

import pytest
from planning_helpers import request

from tourplanner.planning.model import Catalogue, Person
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import (
    RequestError,
    itinerary_from_json,
    itinerary_to_json,
    request_from_json,
    request_to_json,
)

CONTRACT_EXAMPLE: dict[str, Any] = {
    "start_date": "2017-07-21", "end_date": "2017-07-29",
    "sites": ["museum-of-cosmonautics", "star-city", "baikonur-gagarins-start"],
    "must_see": ["star-city"], "launch": "soyuz-ms-05",
    "traveller": {"nationality": "FR", "age": 30, "party_size": 1},
    "companions": [{"nationality": "RU", "age": 12}],
    "booking_date": "2017-04-01", "day_start": "09:00", "day_end": "19:00",
}
TODAY = date(2026, 11, 21)


def read(data: object, seed: Catalogue) -> Any:
    return request_from_json(data, today=TODAY, known_sites={s.id for s in seed.sites},
                             known_launches={x.id for x in seed.launches})


def faults(data: object, seed: Catalogue) -> dict[str, str]:
    with pytest.raises(RequestError) as caught:
        read(data, seed)
    return {e["field"]: e["message"] for e in caught.value.errors}


def test_the_contract_example_reads(seed: Catalogue) -> None:
    req = read(CONTRACT_EXAMPLE, seed)
    assert req.start_date == date(2017, 7, 21) and req.end_date == date(2017, 7, 29)
    assert req.sites == ("museum-of-cosmonautics", "star-city", "baikonur-gagarins-start")
    assert req.must_see == ("star-city",) and req.launch == "soyuz-ms-05"
    assert req.traveller == Person("FR", 30) and req.companions == (Person("RU", 12),)
    assert req.booking_date == date(2017, 4, 1) and (req.day_start, req.day_end) == (time(9), time(19))


def test_defaults(seed: Catalogue) -> None:
    req = read({"start_date": "2017-07-21", "end_date": "2017-07-21", "sites": ["vdnkh"],
                "traveller": {"nationality": "fr"}}, seed)
    assert req.booking_date == TODAY  # the API edge passes today
    assert req.traveller == Person("FR", None) and req.party_size == 1 and req.companions == ()
    assert req.launch is None and req.must_see == ()


def test_every_field_at_fault_is_named_at_once(seed: Catalogue) -> None:
    bad = {
        "start_date": "2017-07-29", "end_date": "2017-07-21",
        "sites": ["vdnkh", "atlantis", 7],
        "must_see": ["star-city"],
        "launch": "apollo-11",
        "traveller": {"nationality": "France", "age": -1, "party_size": 0},
        "companions": [{"nationality": "RU", "age": "twelve"}, "Bob"],
        "booking_date": "yesterday",
        "day_start": "9am", "day_end": "25:00",
    }
    found = faults(bad, seed)
    assert set(found) == {"end_date", "sites[1]", "sites[2]", "must_see[0]", "launch", "traveller.nationality",
                          "traveller.age", "traveller.party_size", "companions[0].age", "companions[1]",
                          "booking_date", "day_start", "day_end"}
    assert "atlantis" in found["sites[1]"] and "apollo-11" in found["launch"]
    assert "before start_date" in found["end_date"]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"end_date": "2017-07-20"}, "end_date", "before start_date"),
    ({"end_date": "2017-09-30"}, "end_date", "at most 60"),
    ({"start_date": "2017-02-30"}, "start_date", "no such date"),
    ({"start_date": "21/07/2017"}, "start_date", "YYYY-MM-DD"),
    ({"start_date": None}, "start_date", "required"),
    ({"sites": "vdnkh"}, "sites", "list"),
    ({"sites": [], "must_see": [], "launch": None}, "sites", "at least one"),
    ({"must_see": ["vdnkh"]}, "must_see[0]", "not among the requested sites"),
    ({"launch": 5}, "launch", "string"),
    ({"traveller": None}, "traveller", "required"),
    ({"traveller": "FR"}, "traveller", "object"),
    ({"traveller": {"nationality": "XX"}}, "traveller.nationality", "ISO 3166-1"),
    ({"traveller": {"nationality": "FR", "age": True}}, "traveller.age", "whole number"),
    ({"traveller": {"nationality": "FR", "age": 200}}, "traveller.age", "between 0 and 130"),
    ({"traveller": {"nationality": "FR", "party_size": 0}}, "traveller.party_size", "between 1"),
    ({"companions": {"nationality": "RU"}}, "companions", "list"),
    ({"companions": [{"age": 4}]}, "companions[0].nationality", "ISO 3166-1"),
    ({"day_end": "09:00"}, "day_end", "not after day_start"),
    ({"day_start": "9:00"}, "day_start", "HH:MM"),
])
def test_each_fault(seed: Catalogue, change: dict[str, Any], field: str, words: str) -> None:
    data = {**copy.deepcopy(CONTRACT_EXAMPLE), **change}
    data = {k: v for k, v in data.items() if v is not None or k == "launch"}
    found = faults(data, seed)
    assert list(found) == [field] and words in found[field], found


def test_an_unknown_must_see_is_reported_once(seed: Catalogue) -> None:
    assert list(faults({**CONTRACT_EXAMPLE, "sites": ["atlantis"], "must_see": ["atlantis"]}, seed)) == ["sites[0]"]


def test_not_an_object(seed: Catalogue) -> None:
    assert list(faults(["start_date"], seed)) == ["$"]


def test_a_launch_alone_is_a_request(seed: Catalogue) -> None:
    data = {k: v for k, v in CONTRACT_EXAMPLE.items() if k not in ("sites", "must_see")}
    assert read(data, seed).sites == ()


def test_request_round_trip(seed: Catalogue) -> None:
    req = read(CONTRACT_EXAMPLE, seed)
    again = read(json.loads(json.dumps(request_to_json(req))), seed)
    assert again == req
    assert request_to_json(req)["traveller"] == {"nationality": "FR", "age": 30, "party_size": 1}


def test_itinerary_json_has_the_contract_shape(seed: Catalogue) -> None:
    itinerary = plan(read(CONTRACT_EXAMPLE, seed), seed)
    data = json.loads(json.dumps(itinerary_to_json(itinerary)))
    assert set(data) == {"days", "unscheduled", "deadlines", "warnings"}
    day = data["days"][1]
    assert {"date", "region", "items"} <= set(day)
    for day in data["days"]:
        for item in day["items"]:
            assert {"type", "site", "start", "end", "notes", "title", "key"} <= set(item)
            assert item["start"][-6:] in ("+03:00", "+06:00") and item["start"][10] == "T"
            if item["type"] in ("travel", "transfer"):
                assert {"from", "to", "mode", "distance_km"} <= set(item)
    visit = next(i for d in data["days"] for i in d["items"] if i["type"] == "visit")
    assert visit["key"] == f"visit:{visit['site']}"
    assert data["deadlines"][0] == {"site": "baikonur-gagarins-start", "kind": "passport_data", "due": "2017-05-31",
                                    "message": "Send passport data for Baikonur by 31 May 2017",
                                    "rule": "baikonur-closed-zone-permit"}


def test_itinerary_round_trip(seed: Catalogue) -> None:
    late = read({**CONTRACT_EXAMPLE, "booking_date": "2017-07-01"}, seed)
    for req in (read(CONTRACT_EXAMPLE, seed), late, request("2026-04-20", "2026-04-28", ["baikonur-museum"],
                                                           booking="2026-01-01", launch="progress-ms-34")):
        itinerary = plan(req, seed)
        data = json.loads(json.dumps(itinerary_to_json(itinerary)))
        back = itinerary_from_json(data)
        assert back == itinerary
        assert itinerary_to_json(back) == data
        zones = {getattr(i.start.tzinfo, "key", None) for i in back.items() if i.type == "visit"}
        assert zones <= {"Europe/Moscow", "Asia/Qyzylorda"}
    unscheduled = itinerary_to_json(plan(late, seed))["unscheduled"]
    assert {"site": "baikonur-gagarins-start", "kind": "launch", "launch": "soyuz-ms-05"}.items() <= next(
        u for u in unscheduled if u["kind"] == "launch").items()
