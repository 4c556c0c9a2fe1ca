"""Property tests (Hypothesis) of the planner's invariants on random catalogues and requests:

- no visit outside its site's hours, slots or closures (checked by planning_helpers.outside_hours,
  which does not use the planner's availability code);
- no two items of a day overlap (pinned items excepted: they are kept as given, conflicts warned);
- every requested site is visited or unscheduled with a reason, never both, never lost;
- every pinned item is in the plan exactly once, with the start and end it was given.

Random catalogues: the seed's sites with random closures, weekdays off and visit lengths. Bounded:
a fixed number of examples, derandomized so CI sees the same cases every run.
"""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planning_helpers import accounted_for, outside_hours, visits

from tourplanner.planning.model import Catalogue, Closure, Site
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import parse_request
from tourplanner.resources import SEED_FILE
from tourplanner.store.seed import parse_seed

SEED = parse_seed(SEED_FILE)
TODAY = date(2026, 11, 30)
FIRST = date(2027, 3, 1)
OFFSETS = {"Europe/Moscow": "+03:00", "Asia/Qyzylorda": "+05:00", "Europe/Samara": "+04:00"}
PROPERTIES = settings(max_examples=30, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    """The seed with each site's closures, weekly hours and visit length varied."""
    sites: list[Site] = []
    for site in SEED.sites:
        closures = list(site.closures)
        for _ in range(draw(st.integers(0, 2))):
            start = FIRST + timedelta(days=draw(st.integers(0, 40)))
            closures.append(Closure(start, start + timedelta(days=draw(st.integers(0, 4))), "random closure"))
        weekly = list(site.hours.weekly)
        if weekly and draw(st.booleans()):
            weekly[draw(st.integers(0, len(weekly) - 1))] = ()  # a weekday off
        hours = dataclasses.replace(site.hours, weekly=tuple(weekly))
        minutes = max(15, site.visit_minutes + draw(st.sampled_from((-30, 0, 0, 30, 90))))
        sites.append(dataclasses.replace(site, closures=tuple(closures), hours=hours, visit_minutes=minutes))
    return dataclasses.replace(SEED, sites=tuple(sites))


@st.composite
def requests(draw: st.DrawFn, catalogue: Catalogue) -> dict[str, Any]:
    ids = [s.id for s in catalogue.sites]
    start = FIRST + timedelta(days=draw(st.integers(0, 30)))
    length = draw(st.integers(1, 9))
    sites = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=7, unique=True))
    must_see = draw(st.lists(st.sampled_from(sites), max_size=2, unique=True))
    fixed: list[dict[str, Any]] = []
    for site_id in draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)):
        site = catalogue.site(site_id)
        day = start + timedelta(days=draw(st.integers(0, length - 1)))
        begin = datetime.combine(day, datetime.min.time()) + timedelta(minutes=draw(st.integers(8 * 4, 18 * 4)) * 15)
        offset = OFFSETS.get(site.timezone, "+03:00")
        fixed.append({"type": "visit", "site": site_id, "start": begin.isoformat() + offset,
                      "end": (begin + timedelta(minutes=site.visit_minutes)).isoformat() + offset})
    return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=length - 1)).isoformat(),
            "sites": sites, "must_see": must_see, "booking_date": "2026-11-01",
            "traveller": {"nationality": draw(st.sampled_from(("FR", "RU", "US", "KZ"))),
                          "age": draw(st.integers(5, 90))},
            "slip_buffer_days": draw(st.integers(0, 2)), "fixed": fixed}


@st.composite
def cases(draw: st.DrawFn) -> tuple[Catalogue, dict[str, Any]]:
    catalogue = draw(catalogues())
    return catalogue, draw(requests(catalogue))


@PROPERTIES
@given(cases())
def test_planner_invariants(case: tuple[Catalogue, dict[str, Any]]) -> None:
    catalogue, data = case
    request = parse_request(data, today=TODAY, catalogue=catalogue)
    itinerary = plan(request, catalogue)
    pinned_keys = {f.key for f in request.fixed}
    # hours and closures: every visit the planner chose itself fits its site
    for site_id, item in visits(itinerary).items():
        if item.pinned:
            continue
        assert outside_hours(catalogue.site(site_id), item) == [], item
    # no overlap between items the planner placed
    for day in itinerary.days:
        placed = [i for i in day.items if not i.pinned]
        for a, b in pairwise(placed):
            assert a.end <= b.start, (a.key, a.end, b.key, b.start)
    # every requested site is answered
    assert accounted_for(itinerary, request)
    # pinned items: exactly once, exactly as given
    pinned = [i for i in itinerary.items() if i.pinned]
    assert sorted(i.key for i in pinned) == sorted(pinned_keys)
    given_times = {f.key: (f.start, f.end) for f in request.fixed}
    for item in pinned:
        assert (item.start, item.end) == given_times[item.key], item.key


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_same_request_gives_the_same_plan(data: st.DataObject) -> None:
    catalogue = data.draw(catalogues())
    request = parse_request(data.draw(requests(catalogue)), today=TODAY, catalogue=catalogue)
    assert plan(request, catalogue) == plan(request, catalogue)
