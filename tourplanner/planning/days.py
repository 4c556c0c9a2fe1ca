"""Which region each day of the trip belongs to, and the transfers between regions.

The trip starts and ends in the gateway region (Moscow in the seed). Every other region is a stay: a
transfer out, nights there, a transfer back. A requested launch anchors its region's stay (arrive before
the roll-out, stay the launch night, go back the day after); other stays go where they let the most
requested sites be open, preferring later dates (permits have more time). Transfers are whole legs that
may take the day and change the time zone; the day a leg arrives has a short afternoon at most.

Spare days for a slip (`spare_days`): the launch's stay keeps that many days after the launch night before
the leg back, as many as the trip's end allows. They are kept free (no visits): a spare day is where a
slipped launch goes, and a visit planned there would be the first thing the slip cost. Choosing the
arrival does not count them as days for visits.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import explain
from .events import LaunchEvents
from .model import Catalogue, Transfer
from .pins import LayoutPins, LegPin

ARRIVAL_BUFFER = timedelta(minutes=60)  # from the arrival to the hotel to the first visit
LAUNCH_BUFFER = timedelta(hours=3)  # arrive at least this long before being due at the launch
REST_AFTER_NIGHT_EVENT = timedelta(hours=7)
MIN_AFTERNOON = timedelta(minutes=90)  # a shorter rest of the day after arrival has no visits
EXTRA_DAYS = 2  # a stay may take this many days more than the visits need, for opening days


@dataclass(frozen=True)
class Leg:
    transfer: Transfer
    n: int  # 1 for the first leg between these two regions in the trip, 2 for the next, ...
    depart: datetime  # local at the origin
    arrive: datetime  # local at the destination
    pin: LegPin | None = None  # booked by the traveller (or kept from the previous plan): these times

    @property
    def key(self) -> str:
        return f"transfer:{self.transfer.origin}-{self.transfer.destination}:{self.n}"


@dataclass(frozen=True)
class TripDay:
    """One calendar day: where the night is spent, the leg leaving that day, when visits may happen."""

    day: date
    region: str
    leg: Leg | None = None
    opens: datetime | None = None  # the party is free in the region from then (None: in transit all day)
    closes: datetime | None = None  # the end of the traveller's day
    arrival: bool = False  # a leg arrives this day: a short day
    visits: bool = False  # there is time for visits (a launch may still fit a day without)
    spare: int = 0  # n > 0: the n-th spare day after the launch night, kept free in case the launch slips


@dataclass(frozen=True)
class Stay:
    """A region the trip should go to, with the requested sites that may be visited there."""

    region: str
    sites: tuple[str, ...]
    must_see: frozenset[str] = frozenset()
    earliest_arrival: date | None = None  # a region-wide permit is ready from this day


@dataclass(frozen=True)
class Miss:
    """Why a region got no stay; `arrival` is the day the party would have arrived (for permits)."""

    code: str  # unreachable, no_time, permit_lead_time, closed (nothing open on any day it could be)
    arrival: date | None = None


@dataclass(frozen=True)
class Block:
    region: str
    out: int  # index of the day the leg out leaves the gateway
    back: int | None  # index of the day the leg back leaves, None when it would be after the trip
    arrival: date  # first day in the region
    wanted_arrival: date | None = None  # set when the permit's lead time pushed the arrival later
    spare: int = 0  # spare days kept for a slip: the days right before `back` (a launch's stay only)


@dataclass(frozen=True)
class Layout:
    gateway: str
    days: tuple[TripDay, ...]
    blocks: tuple[Block, ...]
    missed: Mapping[str, Miss]
    spare_kept: int | None = None  # spare days the launch's stay keeps; None: no stay for the launch

    def visit_days(self, region: str) -> tuple[TripDay, ...]:
        return tuple(d for d in self.days if d.region == region and d.visits)


@dataclass(frozen=True)
class StayKeys:
    """A stay's sites as coverage() reads them: a site counts by its timetable key (`same_as`) alone, so
    it asks each key's open days once (of its first site) and orders keys, not sites."""

    first: tuple[tuple[str, Hashable], ...]  # (first site, key) per distinct key, in the stay's order
    must: tuple[Hashable, ...]  # the key of each must-see site, in the stay's order
    others: tuple[Hashable, ...]  # the key of each other site, in the stay's order

    @staticmethod
    def of(stay: Stay, same_as: Callable[[str], Hashable]) -> StayKeys:
        keyed = [(s, same_as(s)) for s in stay.sites]
        first: dict[Hashable, str] = {}
        for s, key in keyed:
            first.setdefault(key, s)
        return StayKeys(first=tuple((s, key) for key, s in first.items()),
                        must=tuple(key for s, key in keyed if s in stay.must_see),
                        others=tuple(key for s, key in keyed if s not in stay.must_see))


def gateway(catalogue: Catalogue) -> str:
    """Where trips begin and end: the region marked `gateway` (the first by id if several), else the hub,
    the region with transfers to the most others (ties by id).

    Never the catalogue's order, which differs between the seed file and the database.
    """
    marked = sorted(r.id for r in catalogue.regions if r.gateway)
    if marked:
        return marked[0]
    reach: dict[str, set[str]] = {r.id: set() for r in catalogue.regions}
    for t in catalogue.transfers:
        reach.setdefault(t.origin, set()).add(t.destination)
    return min(reach, key=lambda region: (-len(reach[region]), region))


def fastest(transfers: Sequence[Transfer], origin: str, destination: str) -> Transfer | None:
    legs = [t for t in transfers if t.origin == origin and t.destination == destination]
    return min(legs, key=lambda t: (t.duration_minutes, t.id)) if legs else None


class Planner:
    """Lays the stays out on the trip's days; see the module docstring for the rules."""

    def __init__(self, *, start: date, end: date, home: str, transfers: Sequence[Transfer],
                 zones: Mapping[str, ZoneInfo], day_start: time, day_end: time, pace: int,
                 open_on: Callable[[str, TripDay], bool], spare_days: int = 0,
                 pins: LayoutPins | None = None, same_as: Callable[[str], Hashable] | None = None) -> None:
        self.dates = tuple(start + timedelta(days=i) for i in range((end - start).days + 1))
        self.home = home
        self.transfers = transfers
        self.zones = zones  # region id -> its zone
        self.day_start = day_start
        self.day_end = day_end
        self.layout_pace = max(1, pace - 1)  # travel and opening hours rarely allow the full cap every day
        self.open_on = open_on  # (site, trip day) -> the site can be visited that day
        self.spare_days = spare_days  # wanted after a launch night, in case the launch slips
        self.pins = pins or LayoutPins()  # booked legs and pinned visits' regions (pins.py)
        # Sites with the same key are open on the same days (same hours, closures, length, permit):
        # coverage asks once per key, not once per site (hundreds of sites share a few timetables).
        self.same_as = same_as or (lambda site: site)
        self._open_masks: dict[Hashable, int] = {}
        self._open_on_arrival: dict[tuple[Hashable, int, datetime | None], bool] = {}  # (key, day, arrival)
        self._keys: dict[Stay, StayKeys] = {}
        self._bounds: dict[tuple[int, str], tuple[datetime, datetime]] = {}  # (day, region) -> the day's hours
        self._plain: dict[tuple[int, str], TripDay] = {}
        # What coverage() found for a stay on days of a given shape (dates, arrival times): most candidate
        # layouts change one or two stays' days and leave the others' as they were.
        self._covered: dict[tuple[Stay, tuple[tuple[date, datetime | None], ...]], tuple[int, int]] = {}

    # --- legs and days ---------------------------------------------------------------------------

    def depart(self, transfer: Transfer, day: date, not_before: datetime | None = None) -> datetime:
        at = datetime.combine(day, transfer.depart_earliest, tzinfo=self.zones[transfer.origin])
        if not_before is not None and not_before > at:
            latest = datetime.combine(day, transfer.depart_latest, tzinfo=at.tzinfo)
            at = min(not_before.astimezone(at.tzinfo), latest)
        return at

    def arrive(self, transfer: Transfer, depart: datetime) -> datetime:
        zone = self.zones[transfer.destination]
        return (depart + timedelta(minutes=transfer.duration_minutes)).astimezone(zone)

    def build(self, blocks: Sequence[Block], rest_after: Mapping[int, datetime] | None = None) -> tuple[TripDay, ...]:
        """Trip days for the blocks: regions per night, legs, and when visits may happen.

        `rest_after[i]`: the party has slept after a night launch from then on: day i's leg leaves no
        earlier (or, on a spare day, the day begins no earlier).
        """
        region = [self.home] * len(self.dates)
        legs: dict[int, Transfer] = {}
        spare: dict[int, int] = {}
        for block in blocks:
            out = fastest(self.transfers, self.home, block.region)
            back = fastest(self.transfers, block.region, self.home)
            assert out is not None and back is not None  # legs_for() placed only reachable stays
            last = block.back if block.back is not None else len(self.dates)
            for i in range(block.out, last):
                region[i] = block.region
            legs[block.out] = out
            if block.back is not None:
                legs[block.back] = back
                spare.update({block.back - block.spare + n: n + 1 for n in range(block.spare)})
        counts: dict[tuple[str, str], int] = {}
        arrivals: dict[date, datetime] = {}
        leg_of: dict[int, Leg] = {}
        for i in sorted(legs):
            transfer = legs[i]
            pair = (transfer.origin, transfer.destination)
            counts[pair] = counts.get(pair, 0) + 1
            depart = self.depart(transfer, self.dates[i], (rest_after or {}).get(i))
            arrive = self.arrive(transfer, depart)
            pin = self.pins.leg_on(transfer.origin, transfer.destination, self.dates[i])
            if pin is not None:  # the booked leg's own times
                depart = pin.depart.astimezone(self.zones[transfer.origin])
                arrive = pin.arrive.astimezone(self.zones[transfer.destination])
            leg_of[i] = Leg(transfer=transfer, n=counts[pair], depart=depart, arrive=arrive, pin=pin)
            arrivals[arrive.date()] = arrive
        days: list[TripDay] = []
        in_transit_until: date | None = None
        for i, day in enumerate(self.dates):
            leg = leg_of.get(i)
            if leg is not None and leg.arrive.date() > day:
                in_transit_until = leg.arrive.date()
            arrival = day in arrivals
            if (leg is None and not arrival and i not in spare
                    and (in_transit_until is None or day >= in_transit_until)):
                days.append(self._plain_day(i, region[i]))  # most days: the region's whole day, shared
                continue
            bounds = self._day_bounds(i, region[i])
            opens: datetime | None = bounds[0]
            closes: datetime | None = bounds[1]
            if in_transit_until is not None and day < in_transit_until:
                opens = closes = None
            elif arrival:
                opens = max(bounds[0], arrivals[day] + ARRIVAL_BUFFER)
            visits = opens is not None and closes is not None and closes - opens >= MIN_AFTERNOON
            if i in spare:
                rested = (rest_after or {}).get(i)
                if opens is not None and closes is not None and rested is not None and leg is None:
                    opens = min(max(opens, rested.astimezone(self.zones[region[i]])), closes)
                visits = False
            days.append(TripDay(day=day, region=region[i], leg=leg, opens=opens, closes=closes, arrival=arrival,
                                visits=visits, spare=spare.get(i, 0)))
        return tuple(days)

    def _day_bounds(self, i: int, region: str) -> tuple[datetime, datetime]:
        bounds = self._bounds.get((i, region))
        if bounds is None:
            zone = self.zones[region]
            bounds = self._bounds[i, region] = (datetime.combine(self.dates[i], self.day_start, tzinfo=zone),
                                                datetime.combine(self.dates[i], self.day_end, tzinfo=zone))
        return bounds

    def _plain_day(self, i: int, region: str) -> TripDay:
        """Day i spent wholly in the region (no leg, no arrival, not a spare day): the same for every
        layout, so built once (build() makes thousands of days while the stays are placed)."""
        found = self._plain.get((i, region))
        if found is None:
            opens, closes = self._day_bounds(i, region)
            found = self._plain[i, region] = TripDay(day=self.dates[i], region=region, opens=opens, closes=closes,
                                                     visits=closes - opens >= MIN_AFTERNOON)
        return found

    # --- choosing where the stays go -------------------------------------------------------------

    def coverage(self, days: Sequence[TripDay], stays: Sequence[Stay]) -> tuple[int, int]:
        """(must-see sites, sites) the days can take: each site on a day it is open, must-see sites first,
        a day holding a cautious pace (one fewer than the solver's cap; one visit after an arrival)."""
        must = covered = 0
        for stay in stays:
            mine = [d for d in days if d.region == stay.region and d.visits]
            shape = tuple((d.day, d.opens if d.arrival else None) for d in mine)
            found = self._covered.get((stay, shape))
            if found is None:
                found = self._covered[stay, shape] = self.stay_coverage(stay, mine)
            must += found[0]
            covered += found[1]
        return must, covered

    def open_mask(self, site: str, key: Hashable, region: str) -> int:
        """The trip's days on which the site is open for a whole day in its region (arrival days aside),
        as bits (bit i: the trip's day i): coverage intersects them with a layout's days thousands of times."""
        found = self._open_masks.get(key)
        if found is None:
            found = 0
            for i, d in enumerate(self.dates):
                if self.open_on(site, TripDay(day=d, region=region, visits=True)):
                    found |= 1 << i
            self._open_masks[key] = found
        return found

    def stay_coverage(self, stay: Stay, mine: Sequence[TripDay]) -> tuple[int, int]:
        """Greedy count: sites in order (must-see first, then the fewest open days), each on the first of its
        open days with the most room left. Days are bits; `levels[r]` holds the days with r places left."""
        cap = self.layout_pace  # no day has more room than this (an arrival day has one place)
        levels = [0] * (cap + 1)
        plain = left = 0
        arrivals: list[tuple[int, TripDay]] = []
        for d in mine:
            i = (d.day - self.dates[0]).days
            if d.arrival:
                arrivals.append((i, d))
                levels[1] |= 1 << i
                left += 1
            else:
                plain |= 1 << i
                levels[cap] |= 1 << i
                left += cap
        keys = self._keys.get(stay)
        if keys is None:
            keys = self._keys[stay] = StayKeys.of(stay, self.same_as)
        open_by_key: dict[Hashable, int] = {}
        masks, on_arrival = self._open_masks, self._open_on_arrival
        for s, key in keys.first:
            mask = masks.get(key)
            if mask is None:
                mask = self.open_mask(s, key, stay.region)
            mask &= plain
            for i, d in arrivals:
                found = on_arrival.get((key, i, d.opens))
                if found is None:
                    found = on_arrival[key, i, d.opens] = self.open_on(s, d)
                if found:
                    mask |= 1 << i
            open_by_key[key] = mask
        must = covered = 0
        full: set[Hashable] = set()  # timetables with no free day left: rooms only ever fill up
        weight = {key: mask.bit_count() for key, mask in open_by_key.items()}  # open days, fewest first
        # Stable sorts: must-see sites first, each part by open days, ties in the stay's order.
        order = sorted(keys.must, key=weight.__getitem__) + sorted(keys.others, key=weight.__getitem__)
        musts = len(keys.must)
        for n, key in enumerate(order):
            if not left:
                break  # every day is full: no later site can be placed (the counts stay exact)
            if key in full:
                continue
            mask = open_by_key[key]
            for r in range(cap, 0, -1):
                hit = mask & levels[r]
                if hit:
                    first = hit & -hit  # the earliest such day
                    levels[r] ^= first
                    levels[r - 1] |= first
                    left -= 1
                    covered += 1
                    must += n < musts
                    break
            else:
                full.add(key)
        return must, covered

    def open_days(self, stay: Stay) -> int:
        """On how many days of the trip something of the stay is open: the least flexible stays go first."""
        return sum(1 for d in self.dates
                   if any(self.open_on(s, TripDay(day=d, region=stay.region, visits=True)) for s in stay.sites))

    def index(self, day: date) -> int | None:
        i = (day - self.dates[0]).days
        return i if 0 <= i < len(self.dates) else None

    def free(self, blocks: Sequence[Block], first: int, last: int) -> bool:
        for b in blocks:
            b_last = b.back if b.back is not None else len(self.dates) - 1
            if first <= b_last and b.out <= last:
                return False
        return True

    def lay_out(self, stays: Sequence[Stay], launch: LaunchEvents | None, launch_region: str | None) -> Layout:
        missed: dict[str, Miss] = {}
        blocks: list[Block] = []
        anchored = False
        home = next((s for s in stays if s.region == self.home), None)
        if home is not None and home.earliest_arrival is not None and home.earliest_arrival > self.dates[0]:
            missed[self.home] = Miss(explain.PERMIT_LEAD_TIME, arrival=self.dates[0])  # the trip starts there
        away = [s for s in stays if s.region != self.home]
        if launch is not None and launch_region is not None and launch_region != self.home:
            stay = next((s for s in away if s.region == launch_region), Stay(region=launch_region, sites=()))
            away = [s for s in away if s.region != launch_region]
            placed = self.place_launch(stay, launch, blocks, stays, missed)
            if placed is not None:
                blocks.append(placed)
                anchored = True
            elif launch_region not in missed and stay.sites:
                away.insert(0, stay)
        for stay in sorted(away, key=lambda s: (-len(s.must_see), -len(s.sites), self.open_days(s), s.region)):
            placed = self.place_stay(stay, blocks, stays, missed)
            if placed is not None:
                blocks.append(placed)
        self.pinned_stays(blocks, stays, missed)
        blocks.sort(key=lambda b: b.out)
        kept = next((b.spare for b in blocks if b.region == launch_region), 0) if anchored else None
        return Layout(gateway=self.home, days=self.build(blocks, self.rest(blocks, launch, anchored)),
                      blocks=tuple(blocks), missed=missed, spare_kept=kept)

    def pinned_stays(self, blocks: list[Block], stays: Sequence[Stay], missed: dict[str, Miss]) -> None:
        """Regions the pins go to that no stay took yet (a booked flight there, a pinned visit there)."""
        for region in self.pins.regions(self.home):
            if any(b.region == region for b in blocks) or region not in self.zones:
                continue
            placed = self.place_stay(Stay(region=region, sites=()), blocks, stays, missed)
            if placed is not None:
                blocks.append(placed)
                missed.pop(region, None)

    def pinned_index(self, day: date | None) -> int | None:
        return self.index(day) if day is not None else None

    def pinned_outs(self, region: str, default: range) -> Sequence[int]:
        """The days a stay may begin: the booked leg's day only, when there is one."""
        day = self.pins.out_day(region, self.home)
        if day is None:
            return default
        i = self.index(day)
        return [i] if i is not None else []

    def pinned_first(self, region: str, candidates: list[tuple[tuple[int, ...], int, Block]]
                     ) -> list[tuple[tuple[int, ...], int, Block]]:
        """Candidates that keep pinned visits in their regions' days, when any does; else all."""
        if not self.pins.regions_on:
            return candidates
        def days_of(b: Block) -> set[date]:
            last = b.back if b.back is not None else len(self.dates)
            return {self.dates[i] for i in range(b.out, last)}
        good = [c for c in candidates if self.pins.prefers(region, days_of(c[2]))]
        return good or candidates

    def rest(self, blocks: Sequence[Block], launch: LaunchEvents | None, anchored: bool) -> dict[int, datetime]:
        """After a night launch the leg back waits until the party has slept (so does a spare day)."""
        if launch is None or not anchored:
            return {}
        out: dict[int, datetime] = {}
        rested = launch.viewing.end + REST_AFTER_NIGHT_EVENT
        rested += timedelta(minutes=-rested.minute % 30)  # on the half hour
        for b in blocks:
            if b.back is not None and self.dates[b.back - b.spare] == launch.return_day:
                out[b.back - b.spare] = rested  # the leg back, or the first spare day
        return out

    def way_out(self, region: str, missed: dict[str, Miss]) -> Transfer | None:
        """The leg out to `region`, if there is a way there and back."""
        out = fastest(self.transfers, self.home, region)
        if out is None or fastest(self.transfers, region, self.home) is None:
            missed[region] = Miss(explain.UNREACHABLE)
            return None
        return out

    def best(self, candidates: list[tuple[tuple[int, ...], int, Block]], stay: Stay, missed: dict[str, Miss],
             *, for_launch: bool = False) -> Block | None:
        """The best-scoring candidate the permit allows; the `int` is how many of the stay's own sites it opens.

        A stay where nothing would be open is not worth the journey, unless a launch is the reason to go.
        """
        if not candidates:
            missed[stay.region] = Miss(explain.NO_TIME)
            return None
        allowed = [c for c in candidates if stay.earliest_arrival is None or c[2].arrival >= stay.earliest_arrival]
        wanted = max(candidates, key=lambda c: c[0])[2]  # what the trip would do without the permit rule
        if not allowed:
            missed[stay.region] = Miss(explain.PERMIT_LEAD_TIME, arrival=wanted.arrival)
            return None
        if stay.sites and not for_launch and not any(c[1] for c in allowed):
            opens_earlier = any(c[1] for c in candidates)
            missed[stay.region] = (Miss(explain.PERMIT_LEAD_TIME, arrival=wanted.arrival) if opens_earlier
                                   else Miss(explain.CLOSED))
            return None
        chosen = max(allowed, key=lambda c: c[0])[2]
        return replace(chosen, wanted_arrival=wanted.arrival) if wanted.arrival < chosen.arrival else chosen

    def place_launch(self, stay: Stay, launch: LaunchEvents, blocks: list[Block], stays: Sequence[Stay],
                     missed: dict[str, Miss]) -> Block | None:
        """Arrive before the roll-out (or at least before the launch), leave the day after the launch night
        (after the spare days, as many of them as the trip's end allows)."""
        night = self.index(launch.night)
        out = self.way_out(stay.region, missed) if night is not None else None
        if night is None or out is None:
            return None
        back = self.index(launch.return_day)
        spare = 0
        booked_back = self.pins.back_day(stay.region, self.home)
        if booked_back is not None:
            back = self.index(booked_back)
            if back is None or back <= night:
                return None  # the booked way back leaves before the launch night
        elif back is not None:
            spare = min(self.spare_days, len(self.dates) - 1 - back)
            back += spare
        rollout_i = self.index(launch.rollout.day)
        lowest = max(0, (rollout_i if rollout_i is not None else 0) - 1 - EXTRA_DAYS)
        candidates: list[tuple[tuple[int, ...], int, Block]] = []
        for a in self.pinned_outs(stay.region, range(lowest, night + 1)):
            arrive = self.leg_arrival(out, a)
            if arrive + LAUNCH_BUFFER > launch.viewing.arrive:
                continue
            block = Block(region=stay.region, out=a, back=back, arrival=arrive.date(), spare=spare)
            if not self.free(blocks, a, back if back is not None else len(self.dates) - 1):
                continue
            sees_rollout = int(arrive.date() < launch.rollout.day and rollout_i is not None)
            days = self.build([*blocks, block])
            must, covered = self.coverage(days, stays)
            own = self.coverage(days, [stay])[1]
            candidates.append(((sees_rollout, must, covered, a), own, block))
        return self.best(self.pinned_first(stay.region, candidates), stay, missed, for_launch=True)

    def leg_arrival(self, transfer: Transfer, i: int) -> datetime:
        """When the leg out leaving on day i arrives: the booked leg's arrival if it is booked."""
        pin = self.pins.leg_on(transfer.origin, transfer.destination, self.dates[i])
        if pin is not None:
            return pin.arrive.astimezone(self.zones[transfer.destination])
        return self.arrive(transfer, self.depart(transfer, self.dates[i]))

    def place_stay(self, stay: Stay, blocks: list[Block], stays: Sequence[Stay],
                   missed: dict[str, Miss]) -> Block | None:
        out = self.way_out(stay.region, missed)
        if out is None:
            return None
        need = max(1, math.ceil(len(stay.sites) / self.layout_pace))
        candidates: list[tuple[tuple[int, ...], int, Block]] = []
        booked_back = self.pinned_index(self.pins.back_day(stay.region, self.home))
        for a in self.pinned_outs(stay.region, range(len(self.dates))):
            arrive = self.leg_arrival(out, a)
            arrival_i = self.index(arrive.date())
            if arrival_i is None:
                continue
            for extra in range(need + EXTRA_DAYS + 1) if booked_back is None else (None,):
                back = arrival_i + extra + 1 if extra is not None else booked_back
                assert back is not None
                if back >= len(self.dates) or back <= a or not self.free(blocks, a, back):
                    continue
                block = Block(region=stay.region, out=a, back=back, arrival=arrive.date())
                days = self.build([*blocks, block])
                must, covered = self.coverage(days, stays)
                own = self.coverage(days, [stay])[1]
                candidates.append(((must, covered, -(back - a), a), own, block))
        return self.best(self.pinned_first(stay.region, candidates), stay, missed)
