"""When the trip's launch has moved out of its dates: three real alternatives, each a full plan request.

- shift: the whole trip moves by the slip (the days between the old and the new launch night), the
  traveller's pinned and own items with it, booked transfers included: a booking made for the old
  dates is of no use on the new ones, so the summary names each one to re-book. (Keeping a booked leg
  that happens to fall inside the shifted dates would leave it on a day the trip no longer needs it.)
- extend: the same start (or end, for a launch moved earlier), stretched to hold the roll-out and the
  launch night and the day back; every pinned and own item stays where it is. Not offered beyond the
  longest trip the planner takes (serialize.MAX_TRIP_DAYS).
- keep: the same dates without the launch (`launch` null), so the trip stops following it; pins stay.
- move (pin_choices): a closure hits a pinned visit: the same visit at the nearest open time.

Each choice is planned here, so its summary says what the plan really holds (the launch or not) and
its deadlines; `request` is the JSON a client PUTs to apply it. Without the previous itinerary the slip
is unknown, and shift moves the trip just far enough to end the day after the launch night (plus the
spare days asked for).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .availability import closed_reason, day_windows, hours_on
from .describe import hhmm, long_date
from .events import launch_events
from .explain import date_span
from .fixed import night_day
from .i18n import gettext, ngettext
from .model import Catalogue, Deadline, Fixed, Itinerary, PlanRequest, Site
from .planner import plan
from .serialize import MAX_TRIP_DAYS, request_to_json
from .tz import zone

ROLLOUT_LEAD_DAYS = 2  # an extension before the trip starts there early enough to fly out for the roll-out


@dataclass(frozen=True)
class Choice:
    kind: str  # shift, extend, keep
    summary: str
    request: dict[str, Any]  # a full plan request (request_to_json): PUT it to apply the choice
    deadlines: tuple[Deadline, ...] = ()
    has_launch: bool = False  # planned, the choice's itinerary holds the launch viewing


def launch_outside(request: PlanRequest, catalogue: Catalogue) -> bool:
    """The request's launch (its night) lies outside the trip's dates."""
    night = _night(request, catalogue)
    return night is not None and not request.start_date <= night <= request.end_date


def slip_choices(request: PlanRequest, catalogue: Catalogue, previous: Itinerary | None = None, *,
                 today: date | None = None) -> list[Choice]:
    """shift, extend, keep (those that make a valid request) when the launch left the dates; else [].

    `previous`: the itinerary before the slip (the slip is measured between its launch and the new one).
    `today`: the booking date of the alternatives is never before it (permits are applied for from now).
    """
    night = _night(request, catalogue)
    if night is None or request.start_date <= night <= request.end_date:
        return []
    assert request.launch is not None
    launch = catalogue.launch(request.launch)
    booking = max(request.booking_date, today) if today is not None else request.booking_date
    base = replace(request, booking_date=booking)
    slip = _slip(request, night, previous, catalogue.site(launch.pad).region)
    out = []
    shifted = shift(base, slip)
    out.append(_choice("shift", shifted, catalogue, _shift_words(catalogue, slip, shifted)))
    extended = extend(base, catalogue, night)
    if extended is not None:
        out.append(_choice("extend", extended, catalogue, _extend_words(request, extended)))
    kept = replace(base, launch=None)
    out.append(_choice("keep", kept, catalogue, gettext(
        "Keep your dates (%(dates)s) without the launch: %(mission)s now lifts off on %(date)s. The trip stops "
        "following it.", dates=date_span(request.start_date, request.end_date), mission=launch.mission,
        date=long_date(_liftoff(request, catalogue).date()))))
    return out


def shift(request: PlanRequest, days: int) -> PlanRequest:
    """The whole trip `days` later (earlier when negative): dates and every pinned or own item."""
    by = timedelta(days=days)

    def moved(f: Fixed) -> Fixed:
        if f.start is None or f.end is None:
            return f
        return replace(f, start=f.start + by, end=f.end + by)

    return replace(request, start_date=request.start_date + by, end_date=request.end_date + by,
                   fixed=tuple(moved(f) for f in request.fixed))


def extend(request: PlanRequest, catalogue: Catalogue, night: date) -> PlanRequest | None:
    """The trip stretched to the launch night, the day back and the spare days; None when too long."""
    if night > request.end_date:
        start, end = request.start_date, night + timedelta(days=1 + request.slip_buffer_days)
    else:
        rollout = launch_events(*_launch_and_pad(request, catalogue)).rollout.day
        start, end = min(rollout, night) - timedelta(days=ROLLOUT_LEAD_DAYS), request.end_date
    if (end - start).days + 1 > MAX_TRIP_DAYS:
        return None
    return replace(request, start_date=start, end_date=end)


def choices_to_json(choices: list[Choice]) -> list[dict[str, Any]]:
    """The trip JSON's `choices` (DESIGN.md), plus each alternative's deadlines and whether it has the launch."""
    return [{"kind": c.kind, "summary": c.summary, "request": c.request, "has_launch": c.has_launch,
             "deadlines": [{"site": d.site, "kind": d.kind, "due": d.due.isoformat(), "message": d.message}
                           for d in c.deadlines]} for c in choices]


# --- helpers ------------------------------------------------------------------------------------------


def _launch_and_pad(request: PlanRequest, catalogue: Catalogue) -> tuple[Any, Any, Any]:
    launch = catalogue.launch(str(request.launch))
    pad = catalogue.site(launch.pad)
    return launch, pad, zone(catalogue.region(pad.region).timezone)


def _night(request: PlanRequest, catalogue: Catalogue) -> date | None:
    if request.launch is None or not any(x.id == request.launch for x in catalogue.launches):
        return None
    return launch_events(*_launch_and_pad(request, catalogue)).night


def _liftoff(request: PlanRequest, catalogue: Catalogue) -> Any:
    return launch_events(*_launch_and_pad(request, catalogue)).liftoff


def _slip(request: PlanRequest, night: date, previous: Itinerary | None, region: str | None = None) -> int:
    """Days between the previous plan's launch night and the new one; without it, just enough to end the
    trip the day after the launch night (with the spare days), or to begin before the roll-out."""
    key = f"launch:{request.launch}"
    old = next((i for i in previous.items() if i.key == key), None) if previous is not None else None
    if old is not None:
        return (night - night_day(old.start)).days
    if previous is not None and region is not None:
        # A re-plan after the slip kept the skeleton: the way back from the launch's region still leaves
        # the day after the old launch night (and its spare days).
        back = [i for i in previous.items() if i.type == "transfer" and i.origin == region]
        if back:
            old_night = back[-1].start.date() - timedelta(days=1 + request.slip_buffer_days)
            return (night - old_night).days
    if night > request.end_date:
        return (night + timedelta(days=1 + request.slip_buffer_days) - request.end_date).days
    return (night - timedelta(days=1 + ROLLOUT_LEAD_DAYS) - request.start_date).days


def _choice(kind: str, request: PlanRequest, catalogue: Catalogue, words: str) -> Choice:
    itinerary = plan(request, catalogue)
    has_launch = request.launch is not None and any(i.key == f"launch:{request.launch}" for i in itinerary.items())
    if request.launch is not None:
        mission = catalogue.launch(request.launch).mission
        if has_launch:
            launch = next(i for i in itinerary.items() if i.key == f"launch:{request.launch}")
            words += " " + gettext("The plan holds the %(mission)s launch (%(date)s, lift-off %(time)s local).",
                                   mission=mission, date=long_date(launch.start.date()),
                                   time=hhmm(launch.start.time()))
        else:
            words += " " + gettext("Even so, the %(mission)s launch does not fit the plan (see why once applied).",
                                   mission=mission)
    if itinerary.deadlines:
        first = itinerary.deadlines[0]
        words += " " + gettext("First deadline: %(what)s.", what=first.message[:1].lower() + first.message[1:])
    return Choice(kind=kind, summary=words, request=request_to_json(request), deadlines=itinerary.deadlines,
                  has_launch=has_launch)


def _shift_words(catalogue: Catalogue, slip: int, shifted: PlanRequest) -> str:
    n, dates = abs(slip), date_span(shifted.start_date, shifted.end_date)
    words = ngettext("Shift the whole trip %(num)d day later: %(dates)s.",
                     "Shift the whole trip %(num)d days later: %(dates)s.", n, dates=dates) if slip > 0 else \
        ngettext("Shift the whole trip %(num)d day earlier: %(dates)s.",
                 "Shift the whole trip %(num)d days earlier: %(dates)s.", n, dates=dates)
    moved = [f for f in shifted.fixed if f.start is not None and f.type in ("transfer", "own", "visit")]
    if moved:
        sites = {s.id: s.name for s in catalogue.sites}
        names = ", ".join(gettext("%(item)s to %(date)s", item=f.title or sites.get(str(f.site), str(f.site)),
                                  date=long_date(f.start.date())) for f in moved if f.start)
        words += " " + gettext("Your pinned and own items move with it (%(items)s): change those bookings.",
                               items=names)
    return words


def _extend_words(request: PlanRequest, extended: PlanRequest) -> str:
    if extended.end_date > request.end_date:
        more = (extended.end_date - request.end_date).days
        return ngettext("Stay %(num)d day longer, until %(date)s (%(dates)s); everything pinned stays where it is.",
                        "Stay %(num)d days longer, until %(date)s (%(dates)s); everything pinned stays where it is.",
                        more, date=long_date(extended.end_date),
                        dates=date_span(extended.start_date, extended.end_date))
    more = (request.start_date - extended.start_date).days
    return ngettext("Start %(num)d day earlier, on %(date)s (%(dates)s); everything pinned stays where it is.",
                    "Start %(num)d days earlier, on %(date)s (%(dates)s); everything pinned stays where it is.",
                    more, date=long_date(extended.start_date),
                    dates=date_span(extended.start_date, extended.end_date))


def pin_choices(request: PlanRequest, catalogue: Catalogue, itinerary: Itinerary | None = None) -> list[Choice]:
    """For each pinned visit whose site is closed at its time (a closure arrived): the same visit at the
    nearest time it is open on a day the trip spends in the site's region (kind "move"), planned."""
    itinerary = itinerary if itinerary is not None else plan(request, catalogue)
    sites = {s.id: s for s in catalogue.sites}
    out = []
    for f in request.fixed:
        if f.type != "visit" or f.site not in sites or f.start is None or f.end is None:
            continue
        site = sites[f.site]
        here = zone(catalogue.region(site.region).timezone)
        start = f.start.astimezone(here)
        if _open_at(site, start, f.end.astimezone(here)):
            continue
        days = sorted((d.date for d in itinerary.days if d.region == site.region),
                      key=lambda d: (abs((d - start.date()).days), d))
        moved = next((t for d in days if (t := _nearest_open(site, d, start, f.end - f.start, request, here)) is not None),
                      None)
        if moved is None:
            continue
        new = replace(f, start=moved.astimezone(f.start.tzinfo), end=(moved + (f.end - f.start)).astimezone(
            f.start.tzinfo))
        changed = replace(request, fixed=tuple(new if x is f else x for x in request.fixed))
        words = gettext("Move your visit to %(site)s from %(before)s (closed then) to %(after)s, the nearest time it "
                        "is open.", site=site.name, before=f"{long_date(start.date())} {hhmm(start.time())}",
                        after=f"{long_date(moved.date())} {hhmm(moved.time())}")
        out.append(_choice("move", changed, catalogue, words))
    return out


def _open_at(site: Site, start: datetime, end: datetime) -> bool:
    if closed_reason(site, start.date()) is not None:
        return False
    return any(i.start <= start.time() and end.time() <= i.end and end.date() == start.date()
               for i in hours_on(site.hours, start.date()))


def _nearest_open(site: Site, day: date, wanted: datetime, length: timedelta, request: PlanRequest,
                  here: ZoneInfo) -> datetime | None:
    """The start on `day` nearest to the wanted time of day at which a visit of `length` fits the hours."""
    windows = day_windows(site, day, here, day_start=request.day_start, day_end=request.day_end)
    target = wanted.replace(year=day.year, month=day.month, day=day.day)
    best: datetime | None = None
    for a, b in windows.starts:
        t = min(max(target, a), b)
        if not _open_at(site, t, t + length):
            continue
        if best is None or abs(t - target) < abs(best - target):
            best = t
    return best
