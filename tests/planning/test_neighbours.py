"""Neighbouring sites share a day when the day has room (schedule.Scheduler.keep_neighbours).

VDNKh and the Museum of Cosmonautics are 400 m apart: a plan that sends the traveller across Moscow
twice to see them on two days wastes an hour. The rule moves one onto the other's day only when the
pace, the opening windows, lunch and the end of the day all still fit; otherwise the plan stands.
"""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from planning_helpers import MOSCOW_SITES, request

from tourplanner.planning.model import Catalogue, Itinerary
from tourplanner.planning.planner import plan

NEIGHBOURS = ("museum-of-cosmonautics", "vdnkh")


def day_of(itinerary: Itinerary, site: str) -> date | None:
    return next((d.date for d in itinerary.days for i in d.items if i.type == "visit" and i.site == site), None)


@pytest.mark.parametrize("offset", range(7))  # every weekday (the museum closes on Mondays)
def test_three_moscow_days_keep_vdnkh_and_the_museum_together(seed: Catalogue, offset: int) -> None:
    start = date(2027, 6, 1) + timedelta(days=offset)
    trip = plan(request(start.isoformat(), (start + timedelta(days=2)).isoformat(), MOSCOW_SITES,
                        booking="2027-03-01"), seed)
    days = [day_of(trip, s) for s in NEIGHBOURS]
    assert None not in days and days[0] == days[1], (start, days)
    assert not trip.unscheduled  # nothing was given up for it
    for day in trip.days:  # the other rules hold: at most four visits, inside the traveller's day
        visits = [i for i in day.items if i.type == "visit"]
        assert len(visits) <= 4
        assert all(time(9) <= i.start.time() and i.end.time() <= time(19) for i in day.items if i.type != "transfer")


def test_a_day_without_room_keeps_them_apart(seed: Catalogue) -> None:
    """A short day (10:00-15:00) holds lunch and one long visit: both are still seen, on two days."""
    trip = plan(request("2027-06-01", "2027-06-03", NEIGHBOURS, booking="2027-03-01",
                        day_start=time(10), day_end=time(15)), seed)
    days = [day_of(trip, s) for s in NEIGHBOURS]
    assert None not in days and days[0] != days[1]
    for day in trip.days:
        assert all(i.end.time() <= time(15) for i in day.items)
