"""Earliest dates: searched, and proven both ways: applied they schedule what was missing, a day earlier not."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from planning_helpers import BAIKONUR_SITES, request, visits

from tourplanner.planning.choices import shift
from tourplanner.planning.model import Catalogue, PlanRequest
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_from_json, itinerary_to_json
from tourplanner.planning.suggest import earliest_dates, missing, with_suggestions

# A French traveller books a Baikonur week on 1 July 2017 for 21-27 July: the closed-zone permit takes
# 55 days, so Baikonur cannot be in the plan; Gagarin's Start is the must-see.
LATE = request("2017-07-21", "2017-07-27", ("museum-of-cosmonautics", *BAIKONUR_SITES),
               must_see=("baikonur-gagarins-start",), booking="2017-07-01")


def moved_to(req: PlanRequest, start: date) -> PlanRequest:
    return shift(req, (start - req.start_date).days)


def test_a_baikonur_trip_booked_too_late_is_told_the_earliest_dates(seed: Catalogue) -> None:
    itinerary = plan(LATE, seed)
    assert "baikonur-gagarins-start" not in visits(itinerary)
    found = earliest_dates(LATE, seed, itinerary)
    assert found is not None and found.kind == "move_dates"
    assert (found.end_date - found.start_date) == (LATE.end_date - LATE.start_date)
    assert "Gagarin's Start" in found.message
    applied = plan(moved_to(LATE, found.start_date), seed)
    for site in missing(LATE, itinerary):
        assert site in visits(applied), site
    earlier = plan(moved_to(LATE, found.start_date - timedelta(days=1)), seed)
    assert not all(site in visits(earlier) for site in missing(LATE, itinerary))
    # The permit is why: the application is due 55 days before the arrival in Baikonur.
    assert found.start_date > LATE.booking_date + timedelta(days=55) - (LATE.end_date - LATE.start_date)


def test_a_must_see_closed_for_maintenance(seed: Catalogue) -> None:
    # The Mausoleum was closed from 13 February to 15 April 2023.
    req = request("2023-02-14", "2023-02-17", ("kremlin-wall-necropolis", "museum-of-cosmonautics"),
                  must_see=("kremlin-wall-necropolis",), booking="2023-01-20", nationality="RU")
    found = earliest_dates(req, seed)
    assert found is not None and found.start_date > date(2023, 4, 12)
    assert "kremlin-wall-necropolis" in visits(plan(moved_to(req, found.start_date), seed))
    assert "kremlin-wall-necropolis" not in visits(plan(moved_to(req, found.start_date - timedelta(days=1)), seed))


def test_nothing_missing_no_suggestion(seed: Catalogue) -> None:
    req = request("2017-07-21", "2017-07-23", ("museum-of-cosmonautics",), booking="2017-07-01")
    assert earliest_dates(req, seed) is None
    assert with_suggestions(req, seed).suggestions == ()


def test_refusals_are_not_searched_for(seed: Catalogue) -> None:
    # Unknown to the catalogue: no other dates help.
    req = request("2017-07-21", "2017-07-23", ("museum-of-cosmonautics", "atlantis"), booking="2017-07-01")
    assert missing(req, plan(req, seed)) == ()


@pytest.mark.parametrize("key", ["suggestions"])
def test_plan_answers_carry_suggestions(seed: Catalogue, key: str) -> None:
    itinerary = with_suggestions(LATE, seed)
    assert len(itinerary.suggestions) == 1
    data = itinerary_to_json(itinerary)
    assert data[key][0]["kind"] == "move_dates" and data[key][0]["start_date"] == \
        itinerary.suggestions[0].start_date.isoformat()
    assert itinerary_from_json(data) == itinerary


def test_a_hopeless_search_stops_within_its_budget(seed: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    # Open only outside the traveller's day: no date helps, and the search gives up after its budget.
    from tourplanner.planning import suggest

    calls: list[PlanRequest] = []
    real = plan

    def counted(req: PlanRequest, catalogue: Catalogue, previous: object = None) -> object:
        calls.append(req)
        return real(req, catalogue)

    monkeypatch.setattr(suggest, "plan", counted)
    req = request("2017-07-21", "2017-07-30", ("museum-of-cosmonautics",), must_see=("museum-of-cosmonautics",),
                  booking="2017-07-01", day_start=time(6, 0), day_end=time(8, 0))
    assert suggest.earliest_dates(req, seed) is None
    assert len(calls) <= suggest.MAX_PLAN_DAYS // 10 + 2
