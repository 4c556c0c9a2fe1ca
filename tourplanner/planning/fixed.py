"""The traveller's pinned and own items (request `fixed`) in a plan: kept exactly, planned around.

- A pinned visit and an own item become solver nodes at their one instant (schedule.FixedEvent with the
  item itself), so the day's roads lead to and from them and other visits fit around; an own item
  without a place is taken to be at the hotel (give it a place to be routed there). Whatever the solver
  could not fit is still kept, at its time, with a `fixed_conflict` warning: nothing pinned ever moves.
- A booked transfer is THE leg between its regions (pins.LegPin: the layout follows its day and times).
- A hotel (lodging) replaces the region's default lodging: roads start and end there, days name it.
- A pinned visit on a day its site is closed (or outside its hours) is kept and warned about.
- `notes` attach the traveller's text to items by key.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import explain
from .availability import closed_reason, hours_on
from .days import Layout
from .describe import hhmm, long_date
from .events import NIGHT_ENDS, Event, LaunchEvents
from .i18n import gettext
from .model import Day, Fixed, Item, Itinerary, PlanRequest, Reason, Region, Site, Warning
from .pins import LayoutPins, LegPin
from .schedule import FixedEvent, lodging
from .travel import geodesic_km

NEAR_KM = 250  # an own item's place this close to where the trip sleeps that day is a road away


def pinned_sites(request: PlanRequest) -> frozenset[str]:
    return frozenset(f.site for f in request.fixed if f.type == "visit" and f.site is not None)


def night_day(start: datetime) -> date:
    """The trip day an item belongs to: before 06:00 it is part of the previous evening's night."""
    return start.date() - timedelta(days=1) if start.time() < NIGHT_ENDS else start.date()


def with_lodging(regions: Mapping[str, Region], request: PlanRequest) -> dict[str, Region]:
    """The regions with the traveller's hotels in place of the catalogue's default lodging."""
    out = dict(regions)
    for f in request.fixed:
        if f.type == "lodging" and f.region in out:
            region = out[f.region]
            name = f.title or (f.place.name if f.place else "") or region.lodging
            if f.place is not None:
                region = replace(region, lat=f.place.lat, lon=f.place.lon)
            out[f.region] = replace(region, lodging=name)
    return out


def layout_pins(request: PlanRequest, sites: Mapping[str, Site], zones: Mapping[str, ZoneInfo],
                skeleton: Sequence[LegPin] = ()) -> LayoutPins:
    """Booked legs (in their regions' local time) and pinned visits' days; a skeleton leg of the previous
    plan counts only where the traveller booked nothing between the same regions."""
    legs: list[LegPin] = []
    days: list[tuple[date, str]] = []
    for f in request.fixed:
        if f.start is None or f.end is None:
            continue
        if f.type == "transfer" and f.origin in zones and f.destination in zones:
            assert f.origin is not None and f.destination is not None
            legs.append(LegPin(origin=f.origin, destination=f.destination,
                               depart=f.start.astimezone(zones[f.origin]), arrive=f.end.astimezone(zones[f.destination]),
                               key=f.key, title=f.title, mode=f.mode or ""))
        elif f.type == "visit" and f.site is not None and f.site in sites and sites[f.site].region in zones:
            region = sites[f.site].region
            days.append((night_day(f.start.astimezone(zones[region])), region))
    booked = {(p.origin, p.destination) for p in legs}
    legs += [p for p in skeleton if (p.origin, p.destination) not in booked]
    return LayoutPins(legs=tuple(legs), regions_on=tuple(sorted(days)))


def skeleton(previous: Itinerary) -> tuple[LegPin, ...]:
    """The previous plan's transfers, to keep the trip's days where they were (pinned ones come from
    the request itself)."""
    return tuple(LegPin(origin=i.origin, destination=i.destination, depart=i.start, arrive=i.end)
                 for i in previous.items()
                 if i.type == "transfer" and not i.pinned and i.origin is not None and i.destination is not None)


def launch_moved(previous: Itinerary, events: LaunchEvents) -> Warning:
    """The first warning of a re-plan after the launch left the trip's dates: what moved, from when."""
    old = next((i for i in previous.items() if i.key == events.viewing.key), None)
    new = f"{long_date(events.liftoff.date())} {hhmm(events.liftoff.time())}"
    if old is not None and old.start != events.liftoff:
        return explain.warning(explain.LAUNCH_MOVED, gettext(
            "%(mission)s moved from %(old)s to %(new)s local time, outside the trip's dates. The trip keeps its "
            "days and transfers; it can shift by the slip, stay longer, or keep its dates without the launch.",
            mission=events.launch.mission, old=f"{long_date(old.start.date())} {hhmm(old.start.time())}", new=new))
    return explain.warning(explain.LAUNCH_MOVED, gettext(
        "%(mission)s now lifts off on %(new)s local time, outside the trip's dates. The trip keeps its days and "
        "transfers; it can shift by the slip, stay longer, or keep its dates without the launch.",
        mission=events.launch.mission, new=new))


def refusals_kept(pinned: frozenset[str], reasons: dict[str, list[Reason]], sites: Mapping[str, Site]
                  ) -> list[Warning]:
    """A pinned visit the access rules refuse is still kept (the traveller has booked it): said, and taken
    out of `reasons` (it is not unscheduled)."""
    out = []
    for site_id in sorted(pinned):
        for refusal in reasons.pop(site_id, []):
            name = sites[site_id].name if site_id in sites else site_id
            out.append(explain.warning(explain.FIXED_CONFLICT, gettext(
                "Your pinned visit to %(site)s is kept, but: %(why)s", site=name, why=refusal.message)))
    return out


def fixed_item(f: Fixed, sites: Mapping[str, Site], regions: Mapping[str, Region]) -> Item:
    """The itinerary item of a fixed entry: its times exactly as the request gives them."""
    assert f.start is not None and f.end is not None
    if f.type == "visit" and f.site is not None and f.site in sites:
        site = sites[f.site]
        return Item(type="visit", key=f.key, start=f.start, end=f.end, title=f.title or site.name, site=site.id,
                    lat=site.lat, lon=site.lon, pinned=True)
    if f.type == "transfer":
        names = [regions[r].name if r is not None and r in regions else str(r) for r in (f.origin, f.destination)]
        return Item(type="transfer", key=f.key, start=f.start, end=f.end,
                    title=f.title or f"{names[0]} → {names[1]} (booked)", origin=f.origin,
                    destination=f.destination, mode=f.mode or "booked", pinned=True)
    place = f.place
    return Item(type="own", key=f.key, start=f.start, end=f.end, title=f.title,
                lat=place.lat if place else None, lon=place.lon if place else None,
                notes=(place.name,) if place else (), pinned=True)


def fixed_nodes(request: PlanRequest, layout: Layout, sites: Mapping[str, Site], regions: Mapping[str, Region]
                ) -> list[FixedEvent]:
    """Pinned visits and own items as solver nodes on the trip day (and region) they fall in."""
    where = {d.day: d.region for d in layout.days}
    out = []
    for f in request.fixed:
        if f.type not in ("visit", "own") or f.start is None or f.end is None:
            continue
        item = fixed_item(f, sites, regions)
        day = night_day(f.start)
        region = where.get(day)
        if region is None:
            continue
        if f.type == "visit" and f.site is not None and f.site in sites:
            pad = sites[f.site]
        elif f.place is not None and geodesic_km(f.place.lat, f.place.lon, regions[region].lat,
                                                 regions[region].lon) > NEAR_KM:
            continue  # elsewhere than the trip that day: kept as is, and said (finish)
        else:
            r = regions[region]
            lat, lon = (f.place.lat, f.place.lon) if f.place else (r.lat, r.lon)
            pad = Site(id=f"place:{f.key}" if f.place else lodging(region), name=f.place.name if f.place else
                       r.lodging or r.name, name_ru="", kind="own", region=region, country="", lat=lat, lon=lon,
                       timezone=r.timezone, visit_minutes=0)
        event = Event(kind=f.type, key=f.key, title=item.title, day=day, arrive=f.start, start=f.start, end=f.end)
        out.append(FixedEvent(event=event, pad=pad, item=item, load=1 if f.type == "visit" else 0))
    return out


def pinned_warnings(request: PlanRequest, sites: Mapping[str, Site], zones: Mapping[str, ZoneInfo]
                    ) -> list[Warning]:
    """A pinned visit on a day or at an hour its site is closed: kept, and said."""
    out = []
    for f in request.fixed:
        if f.type != "visit" or f.site is None or f.site not in sites or f.start is None or f.end is None:
            continue
        site = sites[f.site]
        if site.region not in zones:
            continue
        start, end = f.start.astimezone(zones[site.region]), f.end.astimezone(zones[site.region])
        when = f"{long_date(start.date())} {hhmm(start.time())}"
        why = closed_reason(site, start.date())
        if why is not None:
            out.append(explain.warning(explain.PINNED_CLOSED, gettext(
                "Your pinned visit to %(site)s on %(when)s is kept, but %(site)s is %(why)s that day.",
                site=site.name, when=when, why=why)))
            continue
        intervals = hours_on(site.hours, start.date())
        if not any(i.start <= start.time() and end.time() <= i.end and end.date() == start.date()
                   for i in intervals):
            hours = ", ".join(f"{hhmm(i.start)}–{hhmm(i.end)}" for i in intervals)
            out.append(explain.warning(explain.PINNED_CLOSED, gettext(
                "Your pinned visit to %(site)s on %(when)s is kept, but it is open only %(hours)s that day.",
                site=site.name, when=when, hours=hours)))
    return out


def finish(days: tuple[Day, ...], layout: Layout, request: PlanRequest, nodes: Sequence[FixedEvent],
           placed: frozenset[str], sites: Mapping[str, Site], regions: Mapping[str, Region]
           ) -> tuple[tuple[Day, ...], list[Warning]]:
    """Every fixed item in its day exactly as asked, booked legs as the traveller's items, hotels, notes."""
    items: dict[date, list[Item]] = {d.date: list(d.items) for d in days}
    warnings: list[Warning] = []
    first, last = days[0].date, days[-1].date
    region_of = {d.day: d for d in layout.days}
    node_of = {n.event.key: n for n in nodes}
    for f in request.fixed:
        if f.type not in ("visit", "own") or f.start is None or f.key in placed:
            continue
        item = fixed_item(f, sites, regions)
        day = min(max(night_day(f.start), first), last)
        items[day].append(item)
        trip_day = region_of[day]
        node = node_of.get(f.key)
        here = regions[trip_day.region].name
        if trip_day.opens is None:
            why = gettext("the trip is travelling then")
        elif node is None or node.pad.region != trip_day.region:
            why = gettext("the trip is in %(region)s that day", region=here)
        else:
            why = gettext("it leaves no time for the roads to and from it around what else is fixed that day")
        warnings.append(explain.warning(explain.FIXED_CONFLICT, gettext(
            "%(item)s on %(date)s at %(time)s is kept as you set it, but the plan cannot go there: %(why)s.",
            item=item.title, date=long_date(item.start.date()), time=hhmm(item.start.time()), why=why)))
    used: set[str] = set()
    for trip_day in layout.days:
        pin = trip_day.leg.pin if trip_day.leg is not None else None
        if trip_day.leg is None or pin is None or not pin.key:
            continue
        booked = next(f for f in request.fixed if f.key == pin.key)
        leg_key = trip_day.leg.key
        items[trip_day.day] = [fixed_item(booked, sites, regions) if i.key == leg_key else i
                               for i in items[trip_day.day]]
        used.add(pin.key)
    for f in request.fixed:
        if f.type == "transfer" and f.key not in used and f.start is not None:
            item = fixed_item(f, sites, regions)
            items[min(max(f.start.date(), first), last)].append(item)
            warnings.append(explain.warning(explain.FIXED_CONFLICT, gettext(
                "%(item)s on %(date)s is kept as you booked it, but the plan cannot follow it: trips go out from "
                "%(gateway)s and back, one region at a time.", item=item.title, date=long_date(f.start.date()),
                gateway=regions[layout.gateway].name)))
    notes = dict(request.notes)
    hotels = {f.region: f for f in request.fixed if f.type == "lodging"}
    out: list[Day] = []
    for old in days:
        day_items = sorted((replace(i, note=notes[i.key]) if i.key in notes else i for i in items[old.date]),
                           key=lambda i: (i.start, i.end))
        new = replace(old, items=tuple(day_items))
        hotel = hotels.get(old.region)
        if hotel is not None:
            new = replace(new, lodging=regions[old.region].lodging, lodging_place=hotel.place)
        out.append(new)
    return tuple(out), warnings
