"""Closures expected every year (Red Square before Victory Day): planned as closed, said to be unconfirmed."""
from __future__ import annotations

import dataclasses
from datetime import date

from planning_helpers import reasons, request, visits

from tourplanner.planning.availability import closed_reason, expected_closures_ahead, yearly_closure
from tourplanner.planning.model import Catalogue, Closure, Site
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_to_json

NECROPOLIS = "kremlin-wall-necropolis"


def test_a_trip_on_11_may_2027_gets_the_necropolis_unscheduled_with_unconfirmed_dates(seed: Catalogue) -> None:
    itinerary = plan(request("2027-05-11", "2027-05-11", [NECROPOLIS], must_see=[NECROPOLIS],
                             booking="2026-11-30"), seed)
    assert NECROPOLIS not in visits(itinerary)
    assert reasons(itinerary, NECROPOLIS) == ["closed"]
    [entry] = itinerary_to_json(itinerary)["unscheduled"]
    [reason] = entry["reasons"]
    assert reason["code"] == "closed"
    assert "expected" in reason["message"] and "not yet confirmed" in reason["message"]
    assert "Victory Day" in reason["message"] and "Tue 11 May" in reason["message"]


def test_the_expectation_covers_late_april_to_mid_may_only(seed: Catalogue) -> None:
    site = seed.site(NECROPOLIS)
    assert yearly_closure(site, date(2027, 4, 20)) is not None
    assert yearly_closure(site, date(2027, 5, 19)) is not None
    assert yearly_closure(site, date(2027, 5, 20)) is None and closed_reason(site, date(2027, 5, 20)) is None  # Thu
    after = plan(request("2027-05-20", "2027-05-22", [NECROPOLIS], booking="2026-11-30"), seed)
    assert visits(after)[NECROPOLIS].start.date() == date(2027, 5, 20)


def test_past_years_keep_their_recorded_dates(seed: Catalogue) -> None:
    site = seed.site(NECROPOLIS)
    assert yearly_closure(site, date(2017, 5, 11)) is None  # before from_year: the old record stands
    # 2025: the announced dates (23 Apr - 19 May) replace the expectation, so 22 April was open.
    assert yearly_closure(site, date(2025, 4, 22)) is None
    assert "23 Apr – 19 May 2025" in (closed_reason(site, date(2025, 5, 6)) or "")


def test_an_operator_confirming_the_year_replaces_the_expectation(seed: Catalogue) -> None:
    site = seed.site(NECROPOLIS)
    confirmed = dataclasses.replace(site, closures=(*site.closures,
                                                    Closure(date(2027, 4, 28), date(2027, 5, 12), "Closed for Victory Day")))
    assert yearly_closure(confirmed, date(2027, 4, 21)) is None  # outside the confirmed dates: open again
    why = closed_reason(confirmed, date(2027, 5, 11)) or ""
    assert "28 Apr – 12 May 2027" in why and "not yet confirmed" not in why


def test_the_site_text_lists_the_next_expected_closure(seed: Catalogue) -> None:
    site: Site = seed.site(NECROPOLIS)
    lines = expected_closures_ahead(site, date(2026, 11, 30))
    assert any("18 April – 19 May" in line and "2027 dates are not yet confirmed" in line for line in lines)
    assert any("4 November" in line and "2027" in line for line in lines)
