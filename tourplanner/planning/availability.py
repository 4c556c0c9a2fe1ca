"""When a visit to a site may START on a given day, in the site's own time zone.

Rules, in order: dated closures, yearly expected closures (unless a dated closure confirms that year's
dates), monthly closures ("last Friday of the month"), the hours of the season covering the day (summer
hours from 1 May to 30 September), else the weekly hours (several intervals a day; "by appointment"
sites without hours get the default bookable window). Inside an
interval a visit must start at or after opening and no later than last admission, and must end by
closing; it must also lie inside the traveller's day. Fixed tour departures (VDNKh's Buran) turn each
interval into single start instants, one per slot.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import explain
from .describe import describe_yearly_closure
from .model import Interval, MonthlyClosure, OpeningHours, Site, YearlyClosure

# Modelling choice (DESIGN.md): "by appointment" or "tours only" without hours -> Mon-Fri 10:00-17:00.
DEFAULT_BOOKABLE = ((Interval(time(10, 0), time(17, 0)),),) * 5 + ((), ())


@dataclass(frozen=True)
class DayWindows:
    """One site on one day: `starts` are (earliest, latest) local start instants, empty when none.

    `closed` says why the site is shut that day; when it is open but nothing fits the traveller's day,
    `closed` is None, `starts` is empty and `opening` shows the hours that did not fit.
    """

    day: date
    starts: tuple[tuple[datetime, datetime], ...]
    opening: tuple[tuple[datetime, datetime], ...] = ()
    closed: str | None = None
    slot_minutes: int | None = None


def weekly_hours(hours: OpeningHours) -> tuple[tuple[Interval, ...], ...]:
    """The usual week (outside any season); by-appointment sites without hours get the default window."""
    if hours.by_appointment and not any(hours.weekly):
        return DEFAULT_BOOKABLE
    return hours.weekly


def hours_on(hours: OpeningHours, day: date) -> tuple[Interval, ...]:
    """The opening intervals of `day`: its season's when a season covers it, else the usual week's."""
    season = hours.season_on(day)
    return season.weekly[day.weekday()] if season is not None else weekly_hours(hours)[day.weekday()]


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date | None:
    """The `week`-th (1..5, or -1 for last) `weekday` of a month, None when the month has no such day."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    index = week - 1 if week > 0 else week
    if -len(days) <= index < len(days):
        return date(year, month, days[index])
    return None


def monthly_closure(rules: tuple[MonthlyClosure, ...], day: date) -> MonthlyClosure | None:
    return next((r for r in rules if nth_weekday(day.year, day.month, r.weekday, r.week) == day), None)


def yearly_closure(site: Site, day: date) -> YearlyClosure | None:
    """The expected yearly closure covering `day`, unless a dated closure confirms that year's dates."""
    for rule in site.yearly_closures:
        if rule.from_year is not None and day.year < rule.from_year:
            continue
        start, end = rule.span(day.year)
        if not start <= day <= end:
            continue
        if any(c.start <= end and start <= c.end for c in site.closures):
            continue  # the operator entered this year's real dates: they replace the expectation
        return rule
    return None


def expected_closures_ahead(site: Site, today: date) -> list[str]:
    """The next expected (unconfirmed) yearly closure of each rule, in words, for the site's page."""
    lines = []
    for rule in site.yearly_closures:
        year = max(today.year, rule.from_year or today.year)
        if rule.span(year)[1] < today:
            year += 1
        start, end = rule.span(year)
        if any(c.start <= end and start <= c.end for c in site.closures):
            continue  # that year's dates are confirmed and listed with the dated closures
        lines.append(describe_yearly_closure(rule, year))
    return lines


def closed_reason(site: Site, day: date) -> str | None:
    """Why the site is shut all day, in words; None when it has hours that day."""
    for closure in site.closures:
        if closure.start <= day <= closure.end:
            return explain.closure_text(closure.reason, closure.start, closure.end)
    expected = yearly_closure(site, day)
    if expected is not None:
        return explain.expected_closure_text(expected, day.year)
    monthly = monthly_closure(site.hours.monthly_closures, day)
    if monthly is not None:
        return explain.monthly_text(monthly)
    if not hours_on(site.hours, day):
        season = site.hours.season_on(day)
        if season is not None:
            return explain.season_closed(day.weekday(), season)
        return explain.weekly_closed(day.weekday())
    return None


def day_windows(site: Site, day: date, zone: ZoneInfo, *, day_start: time, day_end: time) -> DayWindows:
    """The start windows of a visit of `site.visit_minutes` on `day` inside the traveller's day."""
    why = closed_reason(site, day)
    if why is not None:
        return DayWindows(day=day, starts=(), closed=why)
    length = timedelta(minutes=site.visit_minutes)
    own_start = datetime.combine(day, day_start, tzinfo=zone)
    own_end = datetime.combine(day, day_end, tzinfo=zone)
    slots = site.hours.slots
    starts: list[tuple[datetime, datetime]] = []
    opening: list[tuple[datetime, datetime]] = []
    for interval in hours_on(site.hours, day):
        opens = datetime.combine(day, interval.start, tzinfo=zone)
        closes = datetime.combine(day, interval.end, tzinfo=zone)
        opening.append((opens, closes))
        latest = min(closes, own_end) - length
        if interval.last_admission is not None:
            latest = min(latest, datetime.combine(day, interval.last_admission, tzinfo=zone))
        earliest = max(opens, own_start)
        if slots is None:
            if earliest <= latest:
                starts.append((earliest, latest))
            continue
        step = timedelta(minutes=slots.every_minutes)
        departure = opens
        while departure <= latest:
            if departure >= earliest:
                starts.append((departure, departure))
            departure += step
    return DayWindows(day=day, starts=tuple(starts), opening=tuple(opening),
                      slot_minutes=slots.every_minutes if slots else None)
