"""The seed trip, re-planned: a French traveller (30) for 21-29 July 2017 with the Soyuz MS-05 launch."""
from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from planning_helpers import BAIKONUR_SITES, MOSCOW_SITES, accounted_for, outside_hours, reasons, visits

from tourplanner.planning.model import Catalogue, Itinerary, PlanRequest
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import request_from_json

SEED_TRIP: dict[str, Any] = {
    "start_date": "2017-07-21", "end_date": "2017-07-29",
    "sites": [*MOSCOW_SITES, *BAIKONUR_SITES],
    "launch": "soyuz-ms-05",
    "traveller": {"nationality": "FR", "age": 30, "party_size": 1},
    "booking_date": "2017-04-01",
}


def read(data: dict[str, Any], seed: Catalogue) -> PlanRequest:
    return request_from_json(data, today=date(2017, 4, 1), known_sites={s.id for s in seed.sites},
                             known_launches={x.id for x in seed.launches})


@pytest.fixture(scope="module")
def booked_early(seed: Catalogue) -> Itinerary:
    return plan(read(SEED_TRIP, seed), seed)


def test_rollout_on_the_26th_and_launch_at_21_41_baikonur_time(booked_early: Itinerary) -> None:
    items = {i.key: i for i in booked_early.items()}
    assert items["rollout:soyuz-ms-05"].start.date() == date(2017, 7, 26)
    assert items["rollout:soyuz-ms-05"].start.isoformat() == "2017-07-26T07:00:00+06:00"
    assert items["launch:soyuz-ms-05"].start.isoformat() == "2017-07-28T21:41:00+06:00"  # +06:00 in 2017


def test_every_requested_site_is_visited(booked_early: Itinerary, seed: Catalogue) -> None:
    assert set(visits(booked_early)) == {*MOSCOW_SITES, *BAIKONUR_SITES}
    assert booked_early.unscheduled == () and booked_early.warnings == ()
    assert accounted_for(booked_early, read(SEED_TRIP, seed))


def test_no_visit_outside_a_sites_hours(booked_early: Itinerary, seed: Catalogue) -> None:
    problems = [p for site_id, item in visits(booked_early).items() for p in outside_hours(seed.site(site_id), item)]
    assert problems == []
    for item in visits(booked_early).values():
        assert time(9) <= item.start.time() and item.end.time() <= time(19)


def test_the_nights(booked_early: Itinerary) -> None:
    nights = {d.date.isoformat(): d.region for d in booked_early.days}
    assert nights["2017-07-24"] == "moscow"
    assert [nights[f"2017-07-{d}"] for d in (25, 26, 27, 28)] == ["baikonur"] * 4  # arrive before the roll-out
    assert nights["2017-07-29"] == "moscow"  # back the day after the launch night


def test_deadlines(booked_early: Itinerary) -> None:
    due = {d.message: d.due.isoformat() for d in booked_early.deadlines}
    assert due["Send passport data for Baikonur by 31 May 2017"] == "2017-05-31"
    star_city = next(d for d in booked_early.deadlines if d.site == "star-city")
    visit_day = visits(booked_early)["star-city"].start.date()
    assert (visit_day - star_city.due).days == 30


def test_booked_in_july_baikonur_is_too_late(seed: Catalogue) -> None:
    late = plan(read({**SEED_TRIP, "booking_date": "2017-07-01"}, seed), seed)
    for site in BAIKONUR_SITES:
        assert reasons(late, site) == ["permit_lead_time"]
        message = next(u for u in late.unscheduled if u.site == site).reasons[0].message
        assert "due by 31 May 2017" in message and "55 days" in message
    assert reasons(late, "baikonur-gagarins-start", "launch") == ["permit_lead_time"]
    assert reasons(late, "baikonur-gagarins-start", "rollout") == ["permit_lead_time"]
    assert reasons(late, "star-city") == ["permit_lead_time"]  # 30 days for foreigners
    assert {"kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh"} <= set(visits(late))
    assert {d.region for d in late.days} == {"moscow"}
    assert [w.code for w in late.warnings] == ["permit_lead_time"]
