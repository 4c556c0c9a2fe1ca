"""A launch moved out of the trip's dates: shift, extend and keep, each a full request that plans."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from ms30_trip import CHARTER, TODAY, read, slipped, trip

from tourplanner.planning.choices import Choice, choices_to_json, launch_outside, pin_choices, slip_choices
from tourplanner.planning.model import Catalogue, Itinerary
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import parse_request


@pytest.fixture(scope="module")
def before(seed: Catalogue) -> Itinerary:
    return plan(read(trip(), seed), seed)


@pytest.fixture(scope="module")
def choices(seed: Catalogue, before: Itinerary) -> dict[str, Choice]:
    moved = slipped(seed, 17)
    return {c.kind: c for c in slip_choices(read(trip(), seed), moved, before, today=date(2026, 12, 20))}


def applied(choice: Choice, seed: Catalogue) -> Itinerary:
    moved = slipped(seed, 17)
    return plan(parse_request(choice.request, today=TODAY, catalogue=moved), moved)


def test_no_choices_while_the_launch_is_in_the_dates(seed: Catalogue, before: Itinerary) -> None:
    assert not launch_outside(read(trip(), seed), seed)
    assert slip_choices(read(trip(), seed), seed, before) == []
    assert launch_outside(read(trip(), seed), slipped(seed, 17))


def test_three_choices_in_order(choices: dict[str, Choice]) -> None:
    assert list(choices) == ["shift", "extend", "keep"]


def test_shift_moves_everything_by_the_slip_and_holds_the_launch(choices: dict[str, Choice], seed: Catalogue
                                                                  ) -> None:
    shift = choices["shift"]
    assert (shift.request["start_date"], shift.request["end_date"]) == ("2027-03-10", "2027-03-19")
    charter = next(f for f in shift.request["fixed"] if f["type"] == "transfer")
    assert datetime.fromisoformat(charter["start"]) == datetime.fromisoformat(str(CHARTER["start"])) + timedelta(17)
    assert "17 days later" in shift.summary and "Charter KD-101 to 13 March 2027" in shift.summary
    assert shift.has_launch
    itinerary = applied(shift, seed)
    assert any(i.key == "launch:soyuz-ms-30" for i in itinerary.items())
    assert shift.request["booking_date"] == "2026-12-20"  # permits are applied for from today


def test_extend_keeps_every_pin_and_holds_the_launch(choices: dict[str, Choice], seed: Catalogue) -> None:
    extend = choices["extend"]
    assert (extend.request["start_date"], extend.request["end_date"]) == ("2027-02-21", "2027-03-18")
    assert [f.get("start") for f in extend.request["fixed"]] == [f.get("start") for f in trip()["fixed"]]
    itinerary = applied(extend, seed)
    items = {i.key: i for i in itinerary.items()}
    assert "launch:soyuz-ms-30" in items and items["transfer:moscow-baikonur:1"].pinned
    assert items["transfer:moscow-baikonur:1"].start == datetime.fromisoformat(str(CHARTER["start"]))
    assert "until 18 March 2027" in extend.summary


def test_keep_drops_the_launch_and_says_so(choices: dict[str, Choice], seed: Catalogue) -> None:
    keep = choices["keep"]
    assert keep.request["launch"] is None and keep.request["start_date"] == "2027-02-21"
    assert not keep.has_launch and "without the launch" in keep.summary and "18 March 2027" in keep.summary
    assert not any(i.type == "launch" for i in applied(keep, seed).items())


def test_a_choice_that_cannot_hold_the_launch_says_so(seed: Catalogue, before: Itinerary) -> None:
    # Told on 5 January: the booked charter lands in Baikonur on 24 February, and a foreigner's permit
    # takes 55 days, so staying longer cannot bring the launch back; shifting can.
    late = {c.kind: c for c in slip_choices(read(trip(), seed), slipped(seed, 17), before, today=date(2027, 1, 5))}
    assert not late["extend"].has_launch and "does not fit" in late["extend"].summary
    assert late["shift"].has_launch


def test_no_extend_beyond_the_longest_trip(seed: Catalogue, before: Itinerary) -> None:
    kinds = [c.kind for c in slip_choices(read(trip(), seed), slipped(seed, 70), before)]  # > MAX_TRIP_DAYS (60)
    assert kinds == ["shift", "keep"]


def test_without_the_previous_plan_shift_ends_the_day_after_the_launch(seed: Catalogue) -> None:
    shift = next(c for c in slip_choices(read(trip(), seed), slipped(seed, 17)) if c.kind == "shift")
    assert shift.request["end_date"] == "2027-03-18" and shift.has_launch


def test_choices_json(choices: dict[str, Choice]) -> None:
    data = choices_to_json(list(choices.values()))
    assert [c["kind"] for c in data] == ["shift", "extend", "keep"]
    assert all({"summary", "request", "deadlines", "has_launch"} <= set(c) for c in data)


def test_a_closure_on_a_pinned_visit_offers_the_nearest_open_time(seed: Catalogue) -> None:
    # The museum is closed on Mondays: a visit pinned on Monday 22 February at 11:00 is kept, and the
    # choice moves it to 11:00 on the nearest day the trip is in Moscow and the museum is open.
    monday = {"type": "visit", "site": "museum-of-cosmonautics", "start": "2027-02-22T11:00:00+03:00",
              "end": "2027-02-22T13:00:00+03:00"}
    req = read(trip(fixed=[monday]), seed)
    (move,) = pin_choices(req, seed)
    assert move.kind == "move" and "22 February 2027 11:00" in move.summary and "nearest" in move.summary
    pinned = next(f for f in move.request["fixed"] if f["type"] == "visit")
    assert (pinned["start"], pinned["end"]) == ("2027-02-21T11:00:00+03:00", "2027-02-21T13:00:00+03:00")
    itinerary = plan(parse_request(move.request, today=TODAY, catalogue=seed), seed)
    assert not any(w.code == "pinned_closed" for w in itinerary.warnings)
    assert pin_choices(read(trip(), seed), seed) == []  # nothing closed, nothing to offer


def test_after_the_automatic_re_plan_the_slip_is_read_from_the_kept_skeleton(seed: Catalogue, before: Itinerary
                                                                              ) -> None:
    moved = slipped(seed, 17)
    after = plan(read(trip(), seed), moved, previous=before)  # the version the background re-plan saved
    assert not any(i.type == "launch" for i in after.items())
    shift = next(c for c in slip_choices(read(trip(), seed), moved, after) if c.kind == "shift")
    assert (shift.request["start_date"], shift.request["end_date"]) == ("2027-03-10", "2027-03-19")
