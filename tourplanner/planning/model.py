"""Domain objects shared by planning, exports and the store's to_domain().

Plain frozen dataclasses: the planning core stays free of Flask and the database, and the exports
(maps, calendar) take an Itinerary, never database rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class LaunchStatus(str, Enum):
    GO = "Go"
    TBD = "TBD"
    TBC = "TBC"
    HOLD = "Hold"
    SUCCESS = "Success"
    FAILURE = "Failure"
    SCRUBBED = "Scrubbed"


class Precision(str, Enum):
    """How well `net` is known (Launch Library 2 uses the same scale)."""

    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


#: A catalogue text in other languages than English: (("kk", ...), ("ru", ...)), sorted; hashable, unlike a dict.
Texts = tuple[tuple[str, str], ...]


def texts(value: object) -> Texts:
    """A {lang: text} mapping (the seed's `<field>_i18n`) as Texts, blanks left out."""
    if not isinstance(value, dict):
        return ()
    return tuple(sorted((str(k), str(v)) for k, v in value.items() if isinstance(v, str) and v.strip()))


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a page a traveller can open (`url`) or a named `publication`, the day it
    was read (`date`, ISO) and how far it is trusted (H, M, L or unverified)."""

    title: str
    url: str | None = None
    confidence: str = "M"  # H, M, L or unverified, as in the reference
    publication: str | None = None
    date: str | None = None
    about: tuple[str, ...] = ()  # which facts it supports: position, hours, closures, access, launch, ...


@dataclass(frozen=True)
class Interval:
    """Opening interval in local wall time; `last_admission` is the last entry time if earlier than end."""

    start: time
    end: time
    last_admission: time | None = None


@dataclass(frozen=True)
class MonthlyClosure:
    """A recurring monthly closure, e.g. the last Friday (week=-1, weekday=4) of the month."""

    weekday: int  # 0 = Monday
    week: int  # 1..4 from the start, -1 = last
    reason: str
    reason_i18n: Texts = ()


@dataclass(frozen=True)
class Closure:
    start: date
    end: date  # inclusive
    reason: str
    reason_i18n: Texts = ()


@dataclass(frozen=True)
class YearlyClosure:
    """A closure expected every year on about the same dates (Red Square before Victory Day).

    Expected, not confirmed: the planner treats those days as closed and says the dates are not yet
    confirmed. It applies from `from_year` on, and not in a year for which the site has a dated closure
    overlapping it (an operator confirmed that year's real dates).
    """

    start_month: int
    start_day: int
    end_month: int  # inclusive, same year (no wrap past 31 December)
    end_day: int
    reason: str
    from_year: int | None = None
    notes: str = ""
    sources: tuple[Source, ...] = ()
    reason_i18n: Texts = ()

    def span(self, year: int) -> tuple[date, date]:
        return date(year, self.start_month, self.start_day), date(year, self.end_month, self.end_day)


@dataclass(frozen=True)
class TourSlots:
    """Fixed guided-tour departures: every `every_minutes` from opening, `capacity` people each."""

    every_minutes: int
    capacity: int
    duration_minutes: int


@dataclass(frozen=True)
class SeasonalHours:
    """Weekly hours that replace the usual ones every year from start to end (inclusive, MM-DD).

    A season may run past 31 December (winter: 1 October to 30 April). Weekdays without intervals
    are closed in that season.
    """

    start_month: int
    start_day: int
    end_month: int
    end_day: int
    weekly: tuple[tuple[Interval, ...], ...]
    name: str = ""

    def covers(self, day: date) -> bool:
        here, start, end = (day.month, day.day), (self.start_month, self.start_day), (self.end_month, self.end_day)
        if start <= end:
            return start <= here <= end
        return here >= start or here <= end  # wraps past the new year


@dataclass(frozen=True)
class OpeningHours:
    """Weekly hours (several intervals a day allowed) plus recurring and dated closures.

    `weekly[i]` holds the intervals of weekday i (0 = Monday). A site that is "by appointment" or
    "tours only" gets a default bookable window from the seed (Mon–Fri 10:00–17:00) that operators edit.
    """

    weekly: tuple[tuple[Interval, ...], ...] = ((),) * 7
    by_appointment: bool = False
    monthly_closures: tuple[MonthlyClosure, ...] = ()
    slots: TourSlots | None = None
    notes: str = ""
    placeholder: bool = False  # no published hours: the weekly times are a stand-in an operator must confirm
    seasons: tuple[SeasonalHours, ...] = ()  # date ranges with their own weekly hours; `weekly` is the rest

    def season_on(self, day: date) -> SeasonalHours | None:
        return next((s for s in self.seasons if s.covers(day)), None)


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    name_ru: str
    kind: str  # museum, memorial, launch-pad, ruin, school, park, training-centre
    region: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    timezone: str  # IANA
    visit_minutes: int
    description: str = ""
    address: str = ""
    hours: OpeningHours = field(default_factory=OpeningHours)
    closures: tuple[Closure, ...] = ()
    sources: tuple[Source, ...] = ()
    coordinates_confidence: str = "M"
    yearly_closures: tuple[YearlyClosure, ...] = ()  # expected every year, dates not confirmed
    point: str = ""  # what lat/lon mark: the entrance a visitor uses, the viewing point, the building
    what_to_bring: str = ""
    notes: str = ""  # operator-facing: why a value was chosen, what is unverified
    name_kk: str = ""
    retired: bool = False  # no longer offered to new trips; kept for the trips that refer to it
    ll2_pad_id: int | None = None  # Launch Library 2's id of this pad (launch pads only)
    description_i18n: Texts = ()


@dataclass(frozen=True)
class AccessRule:
    """A visitor rule for one site or a whole region (`site` or `region` is set, not both).

    `lead_days` maps a nationality (ISO alpha-2) to the days ahead an application is due; the key
    "*" is everyone else. A rule with no lead time (kind "info") only informs.
    """

    id: str
    kind: str  # permit, pre_registration, info
    title: str
    site: str | None = None
    region: str | None = None
    lead_days: tuple[tuple[str, int], ...] = ()
    passport_required: bool = False
    guided_only: bool = False
    min_age: int | None = None
    group_min: int | None = None  # applies to private bookings only
    group_max: int | None = None
    allowed_nationalities: tuple[str, ...] = ()  # empty = everyone
    photography: str = ""  # allowed, restricted, forbidden, permit (plus words in notes)
    documents: tuple[str, ...] = ()  # what each traveller must bring or send: passport, permit letter, ...
    notes: str = ""
    sources: tuple[Source, ...] = ()
    title_i18n: Texts = ()
    notes_i18n: Texts = ()

    def lead_days_for(self, nationality: str) -> int | None:
        table = dict(self.lead_days)
        return table.get(nationality.upper(), table.get("*"))


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    timezone: str
    lat: float  # where the traveller sleeps (a central hotel)
    lon: float
    lodging: str = ""
    road_factor: float | None = None  # in-region travel; None = the catalogue's TravelModel
    speed_kmh: float | None = None
    notes: str = ""
    sources: tuple[Source, ...] = ()
    gateway: bool = False  # trips start and end here (international arrivals); planning/days.gateway()


@dataclass(frozen=True)
class Transfer:
    """A whole leg between regions; it may take most of a day and crosses time zones."""

    id: str
    origin: str  # region id
    destination: str
    mode: str  # charter, flight+road, train
    duration_minutes: int
    depart_earliest: time = time(8, 0)  # local time at the origin
    depart_latest: time = time(14, 0)
    description: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Launch:
    id: str
    mission: str
    vehicle: str
    pad: str  # site id
    net: datetime  # UTC, aware
    status: LaunchStatus
    precision: Precision
    last_updated: datetime
    window_start: datetime | None = None
    window_end: datetime | None = None
    crewed: bool = False
    rollout_days_before: int = 2
    rollout_local_time: time = time(7, 0)
    notes: str = ""
    sources: tuple[Source, ...] = ()
    revision: int = 0  # grows with every change of the record: the launches feed's SEQUENCE
    ll2_id: str | None = None  # Launch Library 2's UUID once a sync matched the launch


@dataclass(frozen=True)
class RolloutRule:
    """When a rocket rolls out to its pad, by vehicle/pad/crewed (None matches anything).

    The seed lists rules in order; the first that matches a launch gives its `rollout_days_before`
    (counted back from the launch's local calendar date at the pad) and `rollout_local_time`.
    """

    days_before: int
    local_time: time = time(7, 0)
    vehicle: str | None = None
    pad: str | None = None  # site id
    crewed: bool | None = None
    notes: str = ""
    sources: tuple[Source, ...] = ()

    def matches(self, vehicle: str, pad: str, crewed: bool) -> bool:
        return ((self.vehicle is None or self.vehicle == vehicle)
                and (self.pad is None or self.pad == pad)
                and (self.crewed is None or self.crewed == crewed))


@dataclass(frozen=True)
class TravelModel:
    """Road travel inside a region: geodesic distance x road factor at an average speed."""

    road_factor: float = 1.3
    speed_kmh: float = 40.0
    minimum_minutes: int = 10


@dataclass(frozen=True)
class Catalogue:
    sites: tuple[Site, ...]
    regions: tuple[Region, ...]
    access_rules: tuple[AccessRule, ...]
    transfers: tuple[Transfer, ...]
    launches: tuple[Launch, ...]
    travel: TravelModel = field(default_factory=TravelModel)
    rollout_rules: tuple[RolloutRule, ...] = ()

    def travel_for(self, region_id: str) -> TravelModel:
        """The in-region travel model: the region's road factor/speed where set, else the default."""
        region = next((r for r in self.regions if r.id == region_id), None)
        if region is None:
            return self.travel
        return TravelModel(
            road_factor=region.road_factor if region.road_factor is not None else self.travel.road_factor,
            speed_kmh=region.speed_kmh if region.speed_kmh is not None else self.travel.speed_kmh,
            minimum_minutes=self.travel.minimum_minutes,
        )

    def site(self, site_id: str) -> Site:
        return next(s for s in self.sites if s.id == site_id)

    def region(self, region_id: str) -> Region:
        return next(r for r in self.regions if r.id == region_id)

    def launch(self, launch_id: str) -> Launch:
        return next(x for x in self.launches if x.id == launch_id)

    def rules_for(self, site: Site) -> tuple[AccessRule, ...]:
        return tuple(r for r in self.access_rules if r.site == site.id or r.region == site.region)


# --- the request -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    nationality: str  # ISO alpha-2
    age: int | None = None


@dataclass(frozen=True)
class FixedPlace:
    """Where an own item or a chosen hotel is: shown on the map, routed to when the planner goes there."""

    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Fixed:
    """Something the traveller pinned or added (the request's `fixed`): the planner keeps it exactly.

    `type` visit (`site`, start, end), own (`title`, start, end, optional `place`), transfer (a booked
    leg `origin` -> `destination`, start, end) or lodging (`region`, `title`, optional `place`; no times).
    `key` is the item key it has in the itinerary (see planning/fixed.py for the defaults).
    """

    type: str
    key: str
    title: str = ""
    start: datetime | None = None
    end: datetime | None = None
    site: str | None = None
    origin: str | None = None
    destination: str | None = None
    region: str | None = None
    place: FixedPlace | None = None
    mode: str | None = None


@dataclass(frozen=True)
class PlanRequest:
    start_date: date
    end_date: date  # inclusive
    sites: tuple[str, ...]
    traveller: Person
    booking_date: date
    must_see: tuple[str, ...] = ()
    launch: str | None = None
    party_size: int = 1
    companions: tuple[Person, ...] = ()
    day_start: time = time(9, 0)
    day_end: time = time(19, 0)
    slip_buffer_days: int = 0  # spare days in the launch's region after the launch night, for a slip
    fixed: tuple[Fixed, ...] = ()  # pinned or own items, kept exactly (planning/fixed.py)
    notes: tuple[tuple[str, str], ...] = ()  # (item key, the traveller's note), sorted by key

    @property
    def people(self) -> tuple[Person, ...]:
        return (self.traveller, *self.companions)


# --- the answer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One entry of a day. `key` identifies the item across re-plans (calendar UIDs build on it)."""

    type: str  # visit, travel, transfer, rollout, launch, lunch, lodging, buffer
    key: str
    start: datetime  # aware, in the local zone of the place
    end: datetime
    title: str
    site: str | None = None
    origin: str | None = None  # travel/transfer: site or region id
    destination: str | None = None
    mode: str | None = None
    distance_km: float | None = None
    lat: float | None = None
    lon: float | None = None
    launch: str | None = None
    notes: tuple[str, ...] = ()
    pinned: bool = False  # the traveller's pinned or own item, kept exactly as the request says
    note: str = ""  # the traveller's own note (request `notes`)


@dataclass(frozen=True)
class Day:
    date: date
    region: str
    timezone: str
    items: tuple[Item, ...]
    lodging: str = ""
    lodging_place: FixedPlace | None = None  # the traveller's chosen hotel there (request `fixed` lodging)


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Unscheduled:
    """A requested site (kind "visit") or a launch's roll-out/launch viewing that is not in the plan.

    For the events `site` is the pad and `launch` the launch id.
    """

    site: str
    reasons: tuple[Reason, ...]
    kind: str = "visit"  # visit, rollout, launch
    launch: str | None = None


@dataclass(frozen=True)
class Deadline:
    site: str
    kind: str  # permit, passport_data, registration
    due: date
    message: str
    rule: str = ""


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass(frozen=True)
class Suggestion:
    """Other dates that schedule what this plan could not (planning/suggest.py searched them)."""

    kind: str  # move_dates
    start_date: date
    end_date: date
    message: str


@dataclass(frozen=True)
class Itinerary:
    days: tuple[Day, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    warnings: tuple[Warning, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def items(self) -> tuple[Item, ...]:
        return tuple(item for day in self.days for item in day.items)
