"""The trip's days as a solver Problem, and the Solution back as itinerary items.

One tour per day that has time for visits, from and back to the region's lodging. Sites are nodes whose
windows are their start windows on the days of their region; a launch's roll-out and lift-off are nodes
with a single start (the time to be at the viewing point) and the day's tour stretches to hold them;
lunch is a node per day that counts nothing against the pace. Times are whole minutes on one axis.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ..solver import INFEASIBLE, Node, Problem, Solution, Tour, Visit, solve
from .days import Layout, TripDay
from .describe import hhmm
from .events import Event
from .i18n import english, gettext
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
EARLY_BIAS = 0.1  # minutes per day of the trip (a nudge, far below the 5-minute rounding of real roads)
MAX_REORDERED = 5  # a day with more stops (never, at 4 visits a day and 2 events) keeps the solver's order
HOTEL_BREAK_MINUTES = 60  # a longer wait than this (plus the way there and back) is spent at the hotel
NEIGHBOUR_KM = 1.0  # road km: sites this close (VDNKh and the Museum of Cosmonautics) share a day if it has room
ITERATIONS = 150  # fixed budget and seed: the same request gives the same plan everywhere
FULL_BUDGET_NODES = 80  # up to this many nodes the search gets every iteration; beyond, it gets a work
MIN_ITERATIONS = 30  # budget (iterations x nodes) of the same size, and never fewer than this


def iterations_for(nodes: int) -> int:
    """The solver's iterations for a problem of `nodes` nodes: each iteration re-inserts nodes into the
    routes it touched, so its cost grows with the nodes left after pruning; a bounded budget of work
    keeps large catalogues and long trips from paying quadratically (plans measured in bench/RESULTS.md).
    Deterministic: a count, never a clock."""
    if nodes <= FULL_BUDGET_NODES:
        return ITERATIONS
    return max(MIN_ITERATIONS, ITERATIONS * FULL_BUDGET_NODES // nodes)
SEED = 7


Stop = tuple[str, str, float, float]  # node, place, start, end (axis minutes)


@dataclass(frozen=True)
class Candidate:
    """A site the solver may place: its local start windows over the trip and its item notes."""

    site: Site
    windows: tuple[tuple[datetime, datetime], ...]
    must_see: bool
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FixedEvent:
    """A node at one instant: a launch's event, or the traveller's pinned/own item (planning/fixed.py),
    which has its `item` (shown as is) and, for a visit, a `load` against the day's pace."""

    event: Event
    pad: Site
    notes: tuple[str, ...] = ()
    item: Item | None = None
    load: int = 0


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
        self.day_index: dict[str, int] = {}  # the lodging as the start of day i: "lodging:<region>@<date>"
        for i, day in enumerate(layout.days):
            self.place_of[self.start_of(day)] = lodging(day.region)
            self.day_index[self.start_of(day)] = i
        self.place_of.update({key: c.site.id for key, c in self.candidates.items()})
        self.place_of.update({key: e.pad.id for key, e in self.events.items()})
        self.lunch_region: dict[str, str] = {}
        self.lunch_bias: dict[str, float] = {}
        self.rank = {key: i for i, key in enumerate(self.candidates)}  # request order
        self.windows: dict[str, tuple[tuple[float, float], ...]] = {}  # node -> start windows (minutes)
        self.service: dict[str, float] = {}

    # --- the problem ---------------------------------------------------------------------------------

    def travel(self, a: str, b: str) -> float:
        """Road minutes between places, plus two nudges that are not roads.

        Lunch happens where the party is, so the way on from it is bounded by the region's longest way (the
        same wherever lunch goes, so it does not sway where lunch or the visits go; items are re-timed with
        the real roads afterwards). Going to a visit costs a little more each day of the trip (from the
        day's lodging or from its lunch), so among equal plans the earliest days win: a plan reads front
        to back, and a slip later in the trip leaves the early days be.
        """
        if b in self.lunch_region:
            if self.region_of(a) != self.lunch_region[b]:
                return INFEASIBLE
            return 0.0
        if a in self.lunch_region:
            region = self.lunch_region[a]
            if self.region_of(b) != region:
                return INFEASIBLE
            onward = 0.0 if b.startswith("lodging:") else self.lunch_bias[a]  # a visit after lunch that day
            return self.table.diameter(region) + onward
        minutes = self.table.minutes(self.place_of[a], self.place_of[b])
        return minutes + EARLY_BIAS * self.day_index[a] if a in self.day_index else minutes

    def bias(self, day: TripDay) -> float:
        """The nudge on the first road of `day`: its tour opens that much earlier, so it costs no time (a
        visit cannot start before its window anyway)."""
        return EARLY_BIAS * self.day_index[self.start_of(day)]

    @staticmethod
    def start_of(day: TripDay) -> str:
        return f"lodging:{day.region}@{day.day.isoformat()}"

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
            # The day's first road carries the early-day nudge: open that much earlier so it costs no time.
            out.append((day, Tour(start=self.start_of(day), end=home, open=open_ - self.bias(day), close=close,
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
        self.lunch_bias[key] = self.bias(day)
        return Node(id=key, score=LUNCH_SCORE, service=LUNCH_MINUTES,
                    windows=((self.axis.minutes(earliest), self.axis.minutes(latest)),), load=0)

    def problem(self) -> tuple[Problem, list[tuple[TripDay, Tour]]]:
        tours = self.tours()
        nodes: list[Node] = []
        for key, fixed in self.events.items():
            at = self.axis.minutes(fixed.event.arrive)
            service = self.axis.minutes(fixed.event.end) - at
            nodes.append(Node(id=key, score=EVENT_SCORE, service=service, windows=((at, at),), load=fixed.load))
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
        return Problem(nodes=tuple(nodes), tours=tuple(t for _, t in tours), travel=self.travel), tours

    # --- back to items -------------------------------------------------------------------------------

    def run(self) -> Scheduled:
        problem, tours = self.problem()
        solution = solve(problem, iterations=iterations_for(len(problem.nodes)), seed=SEED)
        return self.itinerary_days(solution, tours)

    def itinerary_days(self, solution: Solution, tours: list[tuple[TripDay, Tour]]) -> Scheduled:
        by_day: dict[date, list[Item]] = {d.day: [] for d in self.layout.days}
        placed: set[str] = set()
        chosen = {route.tour: [v.node for v in route.visits] for route in solution.routes}
        moved = self.keep_neighbours(chosen, tours)
        for route in solution.routes:
            day, tour = tours[route.tour]
            opens = tour.open + self.bias(day)
            if route.tour in moved:
                stops = self.best_order(day, chosen[route.tour], opens, tour.close) or []
            else:
                stops = self.stops(day, route.visits, opens, tour.close)
            by_day[day.day].extend(self.route_items(day, stops))
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

    def keep_neighbours(self, chosen: dict[int, list[str]], tours: list[tuple[TripDay, Tour]]) -> set[int]:
        """Neighbouring sites (within NEIGHBOUR_KM by road) on different days move onto one day when that
        day has room: its pace, its visits' windows, lunch and the end of the day all still fit (the best
        order by the real roads is re-checked). The later visit joins the earlier day first, so a plan
        reads front to back; the solver's score is unchanged (same visits). Answers the tours changed.

        Why after the solver: its score cannot see "same day" (both days cost the same minutes to the
        hotel and back), and a rule stated on the answer is easy to test on its own.
        """
        day_of = {node: t for t, nodes in chosen.items() for node in nodes if node in self.candidates}
        pairs = sorted((a, b) for a in day_of for b in day_of if a < b
                       and (self.table.km(self.place_of[a], self.place_of[b]) or math.inf) <= NEIGHBOUR_KM)
        changed: set[int] = set()
        for a, b in pairs:
            ta, tb = day_of[a], day_of[b]
            if ta == tb:
                continue
            early, late = sorted((ta, tb))
            for target, node in ((early, b if tb == late else a), (late, a if ta == early else b)):
                source = day_of[node]
                day, tour = tours[target]
                nodes = [*chosen[target], node]
                load = sum(1 for n in nodes if n in self.candidates) + sum(
                    self.events[n].load for n in nodes if n in self.events)
                if (tour.capacity is not None and load > tour.capacity) or self.best_order(day, nodes, tour.open + self.bias(day), tour.close) is None:
                    continue
                chosen[target] = nodes
                chosen[source] = [n for n in chosen[source] if n != node]
                day_of[node] = target
                changed.update((target, source))
                break
        return changed

    def best_order(self, day: TripDay, nodes: Sequence[str], opens: float, close: float) -> list[Stop] | None:
        """The day's nodes in the best order by the real roads (see `stops`), None when no order fits."""
        lunch = [n for n in nodes if n in self.lunch_region]
        others = [n for n in nodes if n not in self.lunch_region]
        best: tuple[tuple[float, bool, float, tuple[int, ...]], list[Stop]] | None = None
        if len(others) > MAX_REORDERED:
            return self.timeline(day, list(nodes), opens, close)
        for perm in itertools.permutations(others):
            for k in range(len(perm) + 1) if lunch else (len(perm),):
                order = [*perm[:k], *lunch, *perm[k:]]
                timed = self.timeline(day, order, opens, close)
                if timed is None:
                    continue
                key = (self.road_minutes(day, timed), bool(lunch) and k == 0 and bool(perm), timed[-1][3],
                       tuple(self.rank.get(n, -1) for n in order))
                if best is None or key < best[0]:
                    best = (key, timed)
        return best[1] if best is not None else None

    def stops(self, day: TripDay, visits: Sequence[Visit], opens: float, close: float) -> list[Stop]:
        """The day's stops in the best order by the real roads (the solver saw lunch through a bound).

        The solver chose what the day holds; its order is one of several about as good, and which one it
        found depends on the rest of the trip. Re-ordering here by (real road minutes, no lunch straight
        from the hotel, earliest end, the request's order) makes a day depend on what it holds only, so a
        slip elsewhere leaves it as it was.
        """
        nodes = [v.node for v in visits]
        if not nodes:
            return []
        best = self.best_order(day, nodes, opens, close)
        if best is not None:
            return best
        timed = self.timeline(day, nodes, opens, close)
        if timed is not None:
            return timed
        # Real roads are never longer than the planned ones, so this is not reached; the solver's times stand.
        return [(v.node, self.place_of.get(v.node, lodging(day.region)), v.start, v.end) for v in visits]

    def road_minutes(self, day: TripDay, stops: Sequence[Stop]) -> float:
        places = [lodging(day.region), *(place for _, place, _, _ in stops), lodging(day.region)]
        return sum(self.table.minutes(a, b) for a, b in itertools.pairwise(places))

    def timeline(self, day: TripDay, order: Sequence[str], opens: float, close: float) -> list[Stop] | None:
        """Each node at its first allowed start after the real road from the previous place, the day
        starting at `opens`; None when a window or the end of the day is missed."""
        home = lodging(day.region)
        here, clock, out = home, opens, []
        for node in order:
            place = here if node in self.lunch_region else self.place_of[node]
            arrival = clock + self.table.minutes(here, place)
            start = next((max(first, arrival) for first, last in self.windows[node] if last >= arrival), None)
            if start is None:
                return None
            clock = start + self.service[node]
            out.append((node, place, start, clock))
            here = place
        return out if clock + self.table.minutes(here, home) <= close else None

    def route_items(self, day: TripDay, stops: Sequence[Stop]) -> list[Item]:
        """Items of one day with the roads between, and a rest at the hotel when the party would otherwise
        wait for hours (before an evening launch, say)."""
        if all(node in self.lunch_region for node, *_ in stops):
            return []  # a lunch alone is not an outing
        assert day.opens is not None
        like = day.opens
        home = lodging(day.region)
        here, free_from = home, None  # where the party is, and since when it is free (minutes)
        items: list[Item] = []
        last = ""  # the node the party was at last

        def go(a: str, b: str, leave: float, key: str) -> None:
            minutes = self.table.minutes(a, b)
            if minutes > 0:
                items.append(self.travel_item(a, b, self.axis.instant(leave, like),
                                              self.axis.instant(leave + minutes, like), key))

        for node, place, start, end in stops:
            if free_from is not None and here != home and place != home and node not in self.lunch_region:
                detour = self.table.minutes(here, home) + self.table.minutes(home, place)
                if start - free_from >= detour + HOTEL_BREAK_MINUTES:
                    go(here, home, free_from, f"travel:back-after:{last}")
                    here, free_from = home, None
            # From the hotel leave just in time; from anywhere else, right after the previous item.
            leave = free_from if free_from is not None and here != home else start - self.table.minutes(here, place)
            go(here, place, leave, f"travel:to:{node}")
            items.append(self.node_item(node, place, self.axis.instant(start, like), self.axis.instant(end, like)))
            here, free_from, last = place, end, node
        if free_from is not None:
            go(here, home, free_from, f"travel:back-after:{last}")
        return items

    def place_label(self, place: str) -> tuple[str, str]:
        """(id for from/to, name): a lodging is named by its region."""
        if place.startswith("lodging:"):
            region = self.regions[place.removeprefix("lodging:")]
            return region.id, region.lodging or f"Hotel in {region.name}"
        return place, self.table.places[place].name

    def travel_item(self, a: str, b: str, start: datetime, end: datetime, key: str) -> Item:
        """A road leg, keyed by the stop it leads to (or back from): a slip that moves the stop to
        another day moves the leg with it, so its calendar event keeps its UID."""
        (a_id, a_name), (b_id, b_name) = self.place_label(a), self.place_label(b)
        km = self.table.km(a, b)
        return Item(type="travel", key=key, start=start, end=end, title=f"{a_name} → {b_name}",
                    origin=a_id, destination=b_id, mode="road",
                    distance_km=round(km, 1) if km is not None else None)

    def node_item(self, node: str, place: str, start: datetime, end: datetime) -> Item:
        spot = self.table.places[place]
        if node in self.lunch_region:
            name = self.place_label(place)[1]
            return Item(type="lunch", key=node, start=start, end=end, title=gettext("Lunch"), lat=spot.lat,
                        lon=spot.lon, notes=(gettext("Near %(place)s; about %(minutes)s minutes.", place=name,
                                                     minutes=LUNCH_MINUTES),))
        if node in self.events and self.events[node].item is not None:
            item = self.events[node].item
            assert item is not None
            return item
        if node in self.events:
            fixed = self.events[node]
            event = fixed.event
            notes = (gettext("Be at the viewing point by %(time)s.", time=hhmm(event.arrive.time())), *fixed.notes)
            return Item(type=event.kind, key=node, start=event.start, end=event.end, title=event.title,
                        site=fixed.pad.id, lat=fixed.pad.lat, lon=fixed.pad.lon, launch=node.split(":", 1)[1],
                        notes=notes)
        c = self.candidates[node]
        notes = c.notes
        if c.site.hours.slots is not None:
            notes = (gettext("Guided tour departing at %(time)s.", time=hhmm(start.time())), *notes)
        return Item(type="visit", key=node, start=start, end=end, title=c.site.name, site=c.site.id,
                    lat=c.site.lat, lon=c.site.lon, notes=notes)

    def transfer_item(self, day: TripDay) -> Item:
        leg = day.leg
        assert leg is not None
        t = leg.transfer
        origin, destination = self.regions[t.origin], self.regions[t.destination]
        notes = tuple(n for n in (t.description,) if n)
        return Item(type="transfer", key=leg.key, start=leg.depart, end=leg.arrive,
                    title=f"{origin.name} → {destination.name} ({_mode(t.mode)})", origin=origin.id,
                    destination=destination.id, mode=t.mode, notes=notes)


def schedule(layout: Layout, regions: dict[str, Region], candidates: Sequence[Candidate],
             events: Sequence[FixedEvent], table: TravelTable) -> Scheduled:
    return Scheduler(layout, regions, candidates, events, table).run()


def lodging_places(regions: Sequence[Region]) -> list[Place]:
    return [Place(id=lodging(r.id), region=r.id, lat=r.lat, lon=r.lon, name=r.lodging or r.name)
            for r in regions]


def _mode(mode: str) -> str:
    """The catalogue's word for a transfer ("charter") in the current language."""
    from .describe import TRAVEL_MODES

    return gettext(TRAVEL_MODES[mode]) if mode in TRAVEL_MODES and not english() else mode
