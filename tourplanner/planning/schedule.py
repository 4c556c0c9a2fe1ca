"""The trip's days as a solver Problem, and the Solution back as itinerary items.

One tour per day that has time for visits, from and back to the region's lodging. Sites are nodes whose
windows are their start windows on the days of their region; a launch's roll-out and lift-off are nodes
with a single start (the time to be at the viewing point) and the day's tour stretches to hold them;
lunch is a node per day that counts nothing against the pace. Times are whole minutes on one axis.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ..solver import INFEASIBLE, Node, Problem, Solution, Tour, Visit, solve
from .days import Layout, TripDay
from .describe import hhmm
from .events import Event
from .model import Day, Item, Region, Site
from .travel import Place, TravelTable

PACE = 4  # visits a day at a human pace
ARRIVAL_PACE = 2  # the afternoon after a transfer
EVENT_SCORE = 100_000.0  # the launch is why the trip exists
MUST_SEE_SCORE = 1_000.0
LUNCH_SCORE = 50.0  # a sensible day has lunch, even at the cost of one ordinary visit
SITE_SCORE = 10.0
LUNCH_FROM = time(12, 0)
LUNCH_UNTIL = time(14, 30)
LUNCH_MINUTES = 45
LUNCH_AT_HOTEL_COST = 30.0  # a nudge, not a road: a morning spent waiting at the hotel for lunch is wasted
HOTEL_BREAK_MINUTES = 60  # a longer wait than this (plus the way there and back) is spent at the hotel
ITERATIONS = 150  # fixed budget and seed: the same request gives the same plan everywhere
SEED = 7


@dataclass(frozen=True)
class Candidate:
    """A site the solver may place: its local start windows over the trip and its item notes."""

    site: Site
    windows: tuple[tuple[datetime, datetime], ...]
    must_see: bool
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FixedEvent:
    event: Event
    pad: Site
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheduled:
    days: tuple[Day, ...]
    placed: frozenset[str]  # node ids: visit:<site>, rollout:<id>, launch:<id>, lunch:<date>

    def items(self) -> tuple[Item, ...]:
        return tuple(item for day in self.days for item in day.items)


def lodging(region: str) -> str:
    return f"lodging:{region}"


class Axis:
    """Whole minutes since midnight UTC two days before the trip: every time of the trip is positive."""

    def __init__(self, start: date) -> None:
        self.origin = datetime.combine(start - timedelta(days=2), time(0), tzinfo=UTC)

    def minutes(self, at: datetime) -> float:
        return float(round((at - self.origin).total_seconds() / 60))

    def instant(self, minutes: float, like: datetime) -> datetime:
        """Back to an aware datetime in the zone of `like`."""
        assert like.tzinfo is not None
        return (self.origin + timedelta(minutes=round(minutes))).astimezone(like.tzinfo)


class Scheduler:
    def __init__(self, layout: Layout, regions: dict[str, Region], candidates: Sequence[Candidate],
                 events: Sequence[FixedEvent], table: TravelTable) -> None:
        self.layout = layout
        self.regions = regions
        self.candidates = {f"visit:{c.site.id}": c for c in candidates}
        self.events = {e.event.key: e for e in events}
        self.table = table
        self.axis = Axis(layout.days[0].day)
        self.place_of: dict[str, str] = {lodging(r): lodging(r) for r in regions}
        self.place_of.update({key: c.site.id for key, c in self.candidates.items()})
        self.place_of.update({key: e.pad.id for key, e in self.events.items()})
        self.lunch_region: dict[str, str] = {}
        self.windows: dict[str, tuple[tuple[float, float], ...]] = {}  # node -> start windows (minutes)
        self.service: dict[str, float] = {}

    # --- the problem ---------------------------------------------------------------------------------

    def travel(self, a: str, b: str) -> float:
        """Road minutes; lunch happens where the party is, so leaving it is bounded by the farthest way."""
        if b in self.lunch_region:
            if self.region_of(a) != self.lunch_region[b]:
                return INFEASIBLE
            return LUNCH_AT_HOTEL_COST if a.startswith("lodging:") else 0.0
        if a in self.lunch_region:
            if self.region_of(b) != self.lunch_region[a]:
                return INFEASIBLE
            return self.table.farthest_to(self.place_of[b])
        return self.table.minutes(self.place_of[a], self.place_of[b])

    def region_of(self, node: str) -> str:
        if node in self.lunch_region:
            return self.lunch_region[node]
        return self.table.places[self.place_of[node]].region

    def tours(self) -> list[tuple[TripDay, Tour]]:
        out = []
        for day in self.layout.days:
            if day.opens is None or day.closes is None:
                continue
            home = lodging(day.region)
            open_, close = self.axis.minutes(day.opens), self.axis.minutes(day.closes)
            hosts_event = False
            for fixed in self.events.values():
                event = fixed.event
                if event.day != day.day or fixed.pad.region != day.region:
                    continue
                to_pad = self.table.minutes(home, fixed.pad.id)
                back = self.table.minutes(fixed.pad.id, home)
                if day.arrival and event.arrive - timedelta(minutes=to_pad) < day.opens:
                    continue
                open_ = min(open_, self.axis.minutes(event.arrive) - to_pad)
                close = max(close, self.axis.minutes(event.end) + back)
                hosts_event = True
            if not (day.visits or hosts_event):
                continue
            out.append((day, Tour(start=home, end=home, open=open_, close=close,
                                  capacity=ARRIVAL_PACE if day.arrival else PACE)))
        return out

    def lunch(self, day: TripDay) -> Node | None:
        assert day.opens is not None and day.closes is not None
        zone = day.opens.tzinfo
        earliest = max(day.opens, datetime.combine(day.day, LUNCH_FROM, tzinfo=zone))
        latest = min(day.closes, datetime.combine(day.day, LUNCH_UNTIL, tzinfo=zone)) - timedelta(
            minutes=LUNCH_MINUTES)
        if earliest > latest:
            return None
        key = f"lunch:{day.day.isoformat()}"
        self.lunch_region[key] = day.region
        return Node(id=key, score=LUNCH_SCORE, service=LUNCH_MINUTES,
                    windows=((self.axis.minutes(earliest), self.axis.minutes(latest)),), load=0)

    def problem(self) -> tuple[Problem, list[TripDay]]:
        tours = self.tours()
        nodes: list[Node] = []
        for key, fixed in self.events.items():
            at = self.axis.minutes(fixed.event.arrive)
            service = self.axis.minutes(fixed.event.end) - at
            nodes.append(Node(id=key, score=EVENT_SCORE, service=service, windows=((at, at),), load=0))
        for key, c in self.candidates.items():
            windows = tuple((self.axis.minutes(a), self.axis.minutes(b)) for a, b in c.windows)
            nodes.append(Node(id=key, score=MUST_SEE_SCORE if c.must_see else SITE_SCORE,
                              service=float(c.site.visit_minutes), windows=windows))
        for day, _ in tours:
            node = self.lunch(day) if day.visits else None
            if node is not None:
                nodes.append(node)
        for node in nodes:
            self.windows[node.id], self.service[node.id] = node.windows, node.service
        return Problem(nodes=tuple(nodes), tours=tuple(t for _, t in tours), travel=self.travel), [
            d for d, _ in tours]

    # --- back to items -------------------------------------------------------------------------------

    def run(self) -> Scheduled:
        problem, tour_days = self.problem()
        solution = solve(problem, iterations=ITERATIONS, seed=SEED)
        return self.itinerary_days(solution, tour_days)

    def itinerary_days(self, solution: Solution, tour_days: list[TripDay]) -> Scheduled:
        by_day: dict[date, list[Item]] = {d.day: [] for d in self.layout.days}
        placed: set[str] = set()
        for route in solution.routes:
            day = tour_days[route.tour]
            by_day[day.day].extend(self.route_items(day, route.visits))
            placed.update(v.node for v in route.visits)
        days = []
        for trip_day in self.layout.days:
            items = by_day[trip_day.day]
            if trip_day.leg is not None:
                items.append(self.transfer_item(trip_day))
            items.sort(key=lambda i: (i.start, i.end))
            region = self.regions[trip_day.region]
            days.append(Day(date=trip_day.day, region=region.id, timezone=region.timezone, items=tuple(items),
                            lodging=region.lodging))
        return Scheduled(days=tuple(days), placed=frozenset(placed))

    def route_items(self, day: TripDay, visits: Sequence[Visit]) -> list[Item]:
        """Items of one day, re-timed with the real travel (lunch was planned with a bound) and with a
        rest at the hotel when the party would otherwise wait for hours (before an evening launch)."""
        if all(v.node in self.lunch_region for v in visits):
            return []  # a lunch alone is not an outing
        assert day.opens is not None
        like = day.opens
        home = lodging(day.region)
        here, free_from = home, None  # where the party is, and since when it is free (minutes)
        items: list[Item] = []
        keys: dict[str, int] = {}

        def go(a: str, b: str, leave: float) -> None:
            minutes = self.table.minutes(a, b)
            if minutes > 0:
                items.append(self.travel_item(day, a, b, self.axis.instant(leave, like),
                                              self.axis.instant(leave + minutes, like), keys))

        for visit in visits:
            place = here if visit.node in self.lunch_region else self.place_of[visit.node]
            if free_from is None:
                start = visit.start
            else:
                start = self.earliest_start(visit.node, free_from + self.table.minutes(here, place), visit.start)
                detour = self.table.minutes(here, home) + self.table.minutes(home, place)
                if here != home and place != home and start - free_from >= detour + HOTEL_BREAK_MINUTES:
                    go(here, home, free_from)
                    here, free_from = home, None
            # From the hotel leave just in time; from anywhere else, right after the previous item.
            leave = free_from if free_from is not None and here != home else start - self.table.minutes(here, place)
            go(here, place, leave)
            end = start + self.service[visit.node]
            items.append(self.node_item(visit.node, place, self.axis.instant(start, like),
                                        self.axis.instant(end, like)))
            here, free_from = place, end
        if free_from is not None:
            go(here, home, free_from)
        return items

    def earliest_start(self, node: str, arrival: float, planned: float) -> float:
        """The first allowed start at or after `arrival`; never later than the solver's own start."""
        for first, last in self.windows[node]:
            if last >= arrival:
                return min(max(first, arrival), planned)
        return planned

    def place_label(self, place: str) -> tuple[str, str]:
        """(id for from/to, name): a lodging is named by its region."""
        if place.startswith("lodging:"):
            region = self.regions[place.removeprefix("lodging:")]
            return region.id, region.lodging or f"Hotel in {region.name}"
        return place, self.table.places[place].name

    def travel_item(self, day: TripDay, a: str, b: str, start: datetime, end: datetime,
                    keys: dict[str, int]) -> Item:
        (a_id, a_name), (b_id, b_name) = self.place_label(a), self.place_label(b)
        key = f"travel:{a_id}-{b_id}:{day.day.isoformat()}"
        keys[key] = keys.get(key, 0) + 1
        if keys[key] > 1:
            key += f":{keys[key]}"
        km = self.table.km(a, b)
        return Item(type="travel", key=key, start=start, end=end, title=f"{a_name} → {b_name}",
                    origin=a_id, destination=b_id, mode="road",
                    distance_km=round(km, 1) if km is not None else None)

    def node_item(self, node: str, place: str, start: datetime, end: datetime) -> Item:
        spot = self.table.places[place]
        if node in self.lunch_region:
            _, name = self.place_label(place)
            return Item(type="lunch", key=node, start=start, end=end, title="Lunch", lat=spot.lat, lon=spot.lon,
                        notes=(f"Near {name}; about {LUNCH_MINUTES} minutes.",))
        if node in self.events:
            fixed = self.events[node]
            event = fixed.event
            notes = (f"Be at the viewing point by {hhmm(event.arrive.time())}.", *fixed.notes)
            return Item(type=event.kind, key=node, start=event.start, end=event.end, title=event.title,
                        site=fixed.pad.id, lat=fixed.pad.lat, lon=fixed.pad.lon, launch=node.split(":", 1)[1],
                        notes=notes)
        c = self.candidates[node]
        notes = c.notes
        if c.site.hours.slots is not None:
            notes = (f"Guided tour departing at {hhmm(start.time())}.", *notes)
        return Item(type="visit", key=node, start=start, end=end, title=c.site.name, site=c.site.id,
                    lat=c.site.lat, lon=c.site.lon, notes=notes)

    def transfer_item(self, day: TripDay) -> Item:
        leg = day.leg
        assert leg is not None
        t = leg.transfer
        origin, destination = self.regions[t.origin], self.regions[t.destination]
        notes = tuple(n for n in (t.description,) if n)
        return Item(type="transfer", key=leg.key, start=leg.depart, end=leg.arrive,
                    title=f"{origin.name} → {destination.name} ({t.mode})", origin=origin.id,
                    destination=destination.id, mode=t.mode, notes=notes)


def schedule(layout: Layout, regions: dict[str, Region], candidates: Sequence[Candidate],
             events: Sequence[FixedEvent], table: TravelTable) -> Scheduled:
    return Scheduler(layout, regions, candidates, events, table).run()


def lodging_places(regions: Sequence[Region]) -> list[Place]:
    return [Place(id=lodging(r.id), region=r.id, lat=r.lat, lon=r.lon, name=r.lodging or r.name)
            for r in regions]
