"""Helpers for the planning tests: requests with defaults, catalogue tweaks, itinerary queries."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from tourplanner.planning.model import (
    AccessRule,
    Catalogue,
    Interval,
    Item,
    Itinerary,
    Person,
    PlanRequest,
    Site,
)
from tourplanner.planning.tz import zone

MOSCOW_SITES = ("kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city")
BAIKONUR_SITES = ("baikonur-gagarins-start", "baikonur-site-31", "buran-control-centre", "baikonur-museum",
                  "baikonur-space-school")


def request(start: str, end: str, sites: Iterable[str], *, booking: str = "2017-01-01",
            nationality: str = "FR", age: int | None = 30, **kw: Any) -> PlanRequest:
    """A plan request with the usual defaults (one 30-year-old French traveller, booked early)."""
    return PlanRequest(start_date=date.fromisoformat(start), end_date=date.fromisoformat(end), sites=tuple(sites),
                       traveller=Person(nationality, age), booking_date=date.fromisoformat(booking), **kw)


def with_rule(catalogue: Catalogue, **fields: Any) -> Catalogue:
    """The catalogue plus one access rule (id "test-rule")."""
    rule = AccessRule(id="test-rule", kind=fields.pop("kind", "info"), title=fields.pop("title", "Test rule"),
                      **fields)
    return dataclasses.replace(catalogue, access_rules=(*catalogue.access_rules, rule))


def with_site(catalogue: Catalogue, site_id: str, change: Callable[[Site], Site]) -> Catalogue:
    return dataclasses.replace(catalogue, sites=tuple(change(s) if s.id == site_id else s for s in catalogue.sites))


def visits(itinerary: Itinerary) -> dict[str, Item]:
    return {i.site: i for i in itinerary.items() if i.type == "visit" and i.site is not None}


def reasons(itinerary: Itinerary, site: str, kind: str = "visit") -> list[str]:
    return [r.code for u in itinerary.unscheduled if u.site == site and u.kind == kind for r in u.reasons]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def accounted_for(itinerary: Itinerary, req: PlanRequest) -> bool:
    """Every requested site is in a visit or unscheduled with at least one reason code."""
    placed = set(visits(itinerary))
    missing = {u.site for u in itinerary.unscheduled if u.kind == "visit" and u.reasons}
    return all((s in placed) != (s in missing) for s in (*req.sites, *req.must_see))


def outside_hours(site: Site, item: Item) -> list[str]:
    """Independent of availability.py: what is wrong with a visit's times against the site's own hours."""
    start, end = item.start, item.end
    problems = []
    if start.utcoffset() != start.astimezone(zone(site.timezone)).utcoffset():
        problems.append(f"{item.key}: start {start.isoformat()} is not in the site's zone {site.timezone}")
    start, end = start.astimezone(zone(site.timezone)), end.astimezone(zone(site.timezone))
    day = start.date()
    if end.date() != day:
        problems.append(f"{item.key}: crosses midnight")
    if any(c.start <= day <= c.end for c in site.closures):
        problems.append(f"{item.key}: on a closure day {day}")
    for rule in site.hours.monthly_closures:
        same_weekday = day.weekday() == rule.weekday
        nth = (day.day - 1) // 7 + 1
        is_last = (day + timedelta(days=7)).month != day.month
        if same_weekday and (nth == rule.week or (rule.week == -1 and is_last)):
            problems.append(f"{item.key}: on a monthly closure day {day}")
    weekly = site.hours.weekly
    if site.hours.by_appointment and not any(weekly):
        weekly = tuple((Interval(time(10), time(17)),) if d < 5 else () for d in range(7))
    fits = []
    for interval in weekly[day.weekday()]:
        latest = interval.last_admission or interval.end
        if interval.start <= start.time() <= latest and end.time() <= interval.end:
            slots = site.hours.slots
            on_slot = slots is None or (
                (start.hour * 60 + start.minute - interval.start.hour * 60 - interval.start.minute)
                % slots.every_minutes == 0)
            fits.append(on_slot)
    if not any(fits):
        problems.append(f"{item.key}: {start.time()}–{end.time()} on a {day:%A} is outside the hours or slots")
    return problems
