"""Spare days after a launch, in case it slips (`slip_buffer_days`): the leg back waits, the days stay free."""
from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from planning_helpers import BAIKONUR_SITES, MOSCOW_SITES, request, visits
from regen_golden import REQUESTS

from tourplanner.planning.model import Catalogue, Itinerary, PlanRequest
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import RequestError, itinerary_to_json, request_from_json, request_to_json

SEED_SITES = (*MOSCOW_SITES, *BAIKONUR_SITES)


def seed_trip(end: str = "2017-07-29", **kw: Any) -> PlanRequest:
    """The seed trip (launch on the evening of 28 July 2017); ending on the 29th is the day after the launch."""
    return request("2017-07-21", end, SEED_SITES, booking="2017-04-01", launch="soyuz-ms-05", **kw)


def read(data: object, seed: Catalogue) -> PlanRequest:
    return request_from_json(data, today=date(2026, 11, 21), known_sites={s.id for s in seed.sites},
                             known_launches={x.id for x in seed.launches})


def transfers(itinerary: Itinerary) -> dict[str, date]:
    return {i.key: i.start.date() for i in itinerary.items() if i.type == "transfer"}


def warning_codes(itinerary: Itinerary) -> list[str]:
    return [w.code for w in itinerary.warnings]


def launch_item_notes(itinerary: Itinerary) -> tuple[str, ...]:
    return next(i.notes for i in itinerary.items() if i.type == "launch")


# --- the request ------------------------------------------------------------------------------------


def test_the_field_is_optional_and_round_trips(seed: Catalogue) -> None:
    data = request_to_json(seed_trip())
    assert data["slip_buffer_days"] == 0
    stored_before_the_field = {k: v for k, v in data.items() if k != "slip_buffer_days"}
    assert read(stored_before_the_field, seed).slip_buffer_days == 0
    two = read({**data, "slip_buffer_days": 2}, seed)
    assert two.slip_buffer_days == 2 and read(request_to_json(two), seed) == two


@pytest.mark.parametrize(("value", "words"), [(-1, "between 0 and 3"), (4, "between 0 and 3"),
                                              ("x", "whole number"), ("1", "whole number"),
                                              (True, "whole number"), (1.5, "whole number")])
def test_a_bad_value_is_a_field_error(seed: Catalogue, value: object, words: str) -> None:
    data = {**request_to_json(seed_trip()), "slip_buffer_days": value}
    with pytest.raises(RequestError) as caught:
        read(data, seed)
    assert [e["field"] for e in caught.value.errors] == ["slip_buffer_days"]
    assert words in caught.value.errors[0]["message"]


# --- no buffer: today's behaviour -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_buffer_0_plans_exactly_as_a_request_without_the_field(seed: Catalogue, name: str) -> None:
    data = copy.deepcopy(REQUESTS[name])
    assert "slip_buffer_days" not in data  # the golden requests predate the field
    without = itinerary_to_json(plan(read(data, seed), seed))
    assert itinerary_to_json(plan(read({**data, "slip_buffer_days": 0}, seed), seed)) == without


def test_without_a_launch_the_buffer_changes_nothing(seed: Catalogue) -> None:
    sites = ["museum-of-cosmonautics", "baikonur-museum"]
    plain = plan(request("2017-07-17", "2017-07-25", sites), seed)
    assert plan(request("2017-07-17", "2017-07-25", sites, slip_buffer_days=2), seed) == plain


# --- a buffer that fits -----------------------------------------------------------------------------


def test_buffer_1_moves_the_return_one_day_later_and_keeps_the_day_free(seed: Catalogue) -> None:
    none, one = plan(seed_trip("2017-07-30"), seed), plan(seed_trip("2017-07-30", slip_buffer_days=1), seed)
    assert transfers(none)["transfer:baikonur-moscow:1"] == date(2017, 7, 29)
    assert transfers(one)["transfer:baikonur-moscow:1"] == date(2017, 7, 30)
    assert transfers(one)["transfer:moscow-baikonur:1"] == transfers(none)["transfer:moscow-baikonur:1"]
    nights = {d.date: d.region for d in one.days}
    assert nights[date(2017, 7, 28)] == nights[date(2017, 7, 29)] == "baikonur"
    spare = next(d for d in one.days if d.date == date(2017, 7, 29))
    assert [(i.type, i.key) for i in spare.items] == [("buffer", "buffer:soyuz-ms-05:1")]
    buffer = spare.items[0]
    assert buffer.launch == "soyuz-ms-05" and "Soyuz MS-05" in buffer.title
    assert buffer.start.isoformat() == "2017-07-29T09:00:00+06:00" and buffer.end.time().hour == 19
    assert "A spare day follows in case the launch slips." in launch_item_notes(one)
    assert "A spare day follows in case the launch slips." not in launch_item_notes(none)
    # The launch and the Baikonur days before it are as they were; every site is still seen.
    before = {i.key: (i.start, i.end) for i in none.items() if i.type in ("rollout", "launch")}
    assert {i.key: (i.start, i.end) for i in one.items() if i.type in ("rollout", "launch")} == before
    assert set(visits(one)) == set(SEED_SITES) and one.warnings == () and one.unscheduled == ()


def test_buffer_2_after_a_night_launch_starts_after_some_sleep(seed: Catalogue) -> None:
    # Progress MS-34 lifts off at 03:22 on 26 April 2026: the 25th's night; the 26th and 27th are spare.
    itinerary = plan(request("2026-04-20", "2026-04-28", ["baikonur-site-31"], booking="2026-01-10",
                             launch="progress-ms-34", slip_buffer_days=2), seed)
    assert transfers(itinerary)["transfer:baikonur-moscow:1"] == date(2026, 4, 28)
    buffers = {i.key: i for i in itinerary.items() if i.type == "buffer"}
    assert sorted(buffers) == ["buffer:progress-ms-34:1", "buffer:progress-ms-34:2"]
    first, second = buffers["buffer:progress-ms-34:1"], buffers["buffer:progress-ms-34:2"]
    assert first.start.isoformat() == "2026-04-26T11:00:00+05:00"  # lift-off 03:22, viewing until 03:42, + 7 h
    assert second.start.isoformat() == "2026-04-27T09:00:00+05:00"
    assert "2 spare days follow in case the launch slips." in launch_item_notes(itinerary)
    assert not any(i.type == "visit" for d in itinerary.days if d.date in (date(2026, 4, 26), date(2026, 4, 27))
                   for i in d.items)
    assert itinerary.warnings == ()


def test_buffer_keys_carry_no_dates_and_survive_a_slip(seed: Catalogue) -> None:
    req = request("2017-07-21", "2017-08-02", SEED_SITES, booking="2017-04-01", launch="soyuz-ms-05",
                  slip_buffer_days=2)
    before = plan(req, seed)
    launch = seed.launch("soyuz-ms-05")
    slipped = dataclasses.replace(seed, launches=tuple(
        dataclasses.replace(x, net=x.net + timedelta(days=1)) if x.id == launch.id else x for x in seed.launches))
    after = plan(req, slipped)
    keys = {i.key: i.start.date() for i in before.items() if i.type == "buffer"}
    moved = {i.key: i.start.date() for i in after.items() if i.type == "buffer"}
    assert sorted(keys) == sorted(moved) == ["buffer:soyuz-ms-05:1", "buffer:soyuz-ms-05:2"]
    assert all(k.count(":") == 2 and "2017" not in k for k in keys)
    assert {k: d + timedelta(days=1) for k, d in keys.items()} == moved  # the spare days follow the launch
    all_keys = [i.key for i in after.items()]
    assert len(all_keys) == len(set(all_keys))


# --- a buffer that does not fit ----------------------------------------------------------------------


def test_an_end_date_too_tight_plans_what_fits_and_warns(seed: Catalogue) -> None:
    tight = plan(seed_trip(slip_buffer_days=1), seed)  # ends on the 29th, the day after the launch
    assert warning_codes(tight) == ["buffer_short"]
    message = tight.warnings[0].message
    assert "it does not fit before the trip ends on 29 July 2017" in message
    assert "Ending the trip on 30 July 2017 would keep it" in message
    # What fits is the plan without a spare day: home the day after the launch, every site seen.
    plain = plan(seed_trip(), seed)
    assert tight.days == plain.days and tight.unscheduled == plain.unscheduled == ()


def test_part_of_the_buffer_fits(seed: Catalogue) -> None:
    itinerary = plan(seed_trip("2017-07-30", slip_buffer_days=3), seed)
    assert transfers(itinerary)["transfer:baikonur-moscow:1"] == date(2017, 7, 30)
    assert [i.key for i in itinerary.items() if i.type == "buffer"] == ["buffer:soyuz-ms-05:1"]
    assert "A spare day follows in case the launch slips." in launch_item_notes(itinerary)
    [short] = itinerary.warnings
    assert short.code == "buffer_short"
    assert "You asked for 3 spare days" in short.message and "only 1 fits" in short.message
    assert "Ending the trip on 1 August 2017 would keep all 3" in short.message


def test_a_trip_ending_on_the_launch_night_keeps_no_buffer(seed: Catalogue) -> None:
    itinerary = plan(seed_trip("2017-07-28", slip_buffer_days=2), seed)
    assert warning_codes(itinerary) == ["buffer_short", "no_return"]
    assert "none of them fits" in itinerary.warnings[0].message
    assert "31 July 2017 would keep both" in itinerary.warnings[0].message
    assert not any(i.type == "buffer" for i in itinerary.items())
