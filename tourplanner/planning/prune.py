"""What the solver need not see: candidates that cannot fit a day, and the surplus of a crowded region.

The solver's work grows with its nodes (an n x n travel matrix, every insertion tried on every tour), while
what it can place is bounded by the days: a region's visit days hold PACE visits each. So before it runs:

- a candidate none of whose start windows allows the road from the hotel, the visit and the road back
  inside its day cannot be placed (days that host a launch event are left alone: their tour stretches);
- where a region has many more candidates than its days hold, the budget is what is left to fill: every
  must-see, then the others nearest the hotel (a round trip from there is what a visit costs the day at
  least; the request's order breaks ties), up to SURPLUS times the region's room plus MARGIN.

Both are decided from the hotel-to-site roads only (n lookups, not n^2). Candidates left out are reported as
the solver's leftovers are (no time in the region), so the answer's shape does not change. A catalogue that
fits its days (the seed's) is never cut: the plans of small catalogues are exactly what they were.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date, timedelta
from typing import Protocol

from .days import Layout
from .model import Catalogue, Region, Site
from .schedule import ARRIVAL_PACE, PACE, Candidate, FixedEvent, lodging_places
from .travel import Place, TravelTable
from .travel_cache import memo_for


class Checked(Protocol):
    """A requested site that passed the access rules (planner._Checked)."""

    @property
    def site(self) -> Site: ...

    def earliest(self, booking: date) -> date | None: ...


SURPLUS = 2  # candidates kept per visit slot of the region
MARGIN = 12  # and this many more, so a small region keeps its choice

Roads = Callable[[Candidate], tuple[float, float]]  # (hotel to site, site to hotel) road minutes


def room(layout: Layout, region: str) -> int:
    """Visit slots of the region's days at the solver's pace."""
    return sum(ARRIVAL_PACE if d.arrival else PACE for d in layout.visit_days(region))


def fits_a_day(candidate: Candidate, layout: Layout, roads: tuple[float, float],
               event_days: frozenset[date]) -> bool:
    """Some start window leaves time for the way there, the visit and the way back on its day."""
    there, back = roads
    days = {d.day: d for d in layout.visit_days(candidate.site.region)}
    service = timedelta(minutes=candidate.site.visit_minutes)
    for earliest, latest in candidate.windows:
        day = days.get(earliest.date())
        if day is None or day.day in event_days or day.opens is None or day.closes is None:
            return True  # not a plain visit day: let the solver judge
        start = max(earliest, day.opens + timedelta(minutes=there))
        if start <= latest and start + service + timedelta(minutes=back) <= day.closes:
            return True
    return False


def keep(candidates: Sequence[Candidate], layout: Layout, roads: Roads,
         event_days: frozenset[date]) -> list[Candidate]:
    """The candidates worth the solver's time, in their original order."""
    by_region: dict[str, list[tuple[int, Candidate, float]]] = {}
    for i, c in enumerate(candidates):
        there, back = roads(c)
        if c.must_see or fits_a_day(c, layout, (there, back), event_days):
            by_region.setdefault(c.site.region, []).append((i, c, there + back))
    kept: list[tuple[int, Candidate]] = []
    for region, members in by_region.items():
        budget = SURPLUS * room(layout, region) + MARGIN
        if len(members) <= budget:
            kept += [(i, c) for i, c, _ in members]
            continue
        must = [(i, c) for i, c, _ in members if c.must_see]
        others = sorted(((i, c, trip) for i, c, trip in members if not c.must_see), key=lambda m: (m[2], m[0]))
        kept += must + [(i, c) for i, c, _ in others[:max(0, budget - len(must))]]
    return [c for _, c in sorted(kept, key=lambda k: k[0])]


def solver_input(candidates: Sequence[Candidate], fixed: Sequence[FixedEvent], layout: Layout,
                 regions: Mapping[str, Region], catalogue: Catalogue) -> tuple[list[Candidate], TravelTable]:
    """The candidates the solver gets and the travel table over them (roads through the catalogue's memo)."""
    memo = memo_for(catalogue)
    models = {r: catalogue.travel_for(r) for r in regions}
    hotels = {p.region: p for p in lodging_places(list(regions.values()))}

    def roads(c: Candidate) -> tuple[float, float]:
        site = c.site
        there = memo.road(hotels[site.region], Place(site.id, site.region, site.lat, site.lon, site.name),
                          models[site.region])[1]
        return float(there), float(there)

    kept = keep(candidates, layout, roads, frozenset(f.event.day for f in fixed))
    sites = {c.site.id: c.site for c in kept} | {e.pad.id: e.pad for e in fixed}
    places = [*hotels.values(), *(Place(id=s.id, region=s.region, lat=s.lat, lon=s.lon, name=s.name)
                                  for s in sites.values())]
    return kept, TravelTable(places, models, memo)


def timetable_keys(checked: Sequence[Checked], booking: date) -> Callable[[str], Hashable]:
    """site id -> a key equal for sites open on the same trip days (the layout asks once per key)."""
    numbers: dict[Hashable, int] = {}  # the deep key hashed once per site, then a small int per timetable
    keys: dict[str, Hashable] = {}
    for c in checked:
        s = c.site
        key = (s.region, s.timezone, s.hours, s.closures, s.visit_minutes, c.earliest(booking))
        keys[s.id] = numbers.setdefault(key, len(numbers))
    return lambda site_id: keys.get(site_id, site_id)
