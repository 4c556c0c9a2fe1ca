"""Catalogue facts in plain words, for pages, map popups and calendar descriptions alike."""
from __future__ import annotations

import re
from datetime import date, datetime, time

from .model import (
    WEEKDAYS,
    AccessRule,
    Closure,
    Interval,
    Launch,
    LaunchStatus,
    OpeningHours,
    Precision,
    SeasonalHours,
    YearlyClosure,
)

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEK_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
NATIONALITY_GROUPS = {"*": "everyone else"}


# The catalogue's editors mark how sure a fact is: "(H)", "(M)", "(L)" after it. Travellers get words.
_CONFIDENCE_MARK = re.compile(r"\s*\((H|M|L)\)(?=[\s.,;:)]|$)")
_CONFIDENCE_WORDS = {"H": "", "M": "", "L": " (unconfirmed)"}


def plain_words(text: str) -> str:
    """Catalogue text as a traveller reads it: editors' confidence marks become words or go."""
    return _CONFIDENCE_MARK.sub(lambda m: _CONFIDENCE_WORDS[m.group(1)], text)


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def long_date(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def describe_intervals(intervals: tuple[Interval, ...]) -> str:
    parts = []
    for i in intervals:
        text = f"{hhmm(i.start)}–{hhmm(i.end)}"
        if i.last_admission and i.last_admission < i.end:
            text += f" (last entry {hhmm(i.last_admission)})"
        parts.append(text)
    return ", ".join(parts) if parts else "closed"


def describe_week(hours: OpeningHours | tuple[tuple[Interval, ...], ...]) -> list[str]:
    """Consecutive days with the same hours are grouped: "Tue–Sun: 10:00–19:00"."""
    weekly = hours.weekly if isinstance(hours, OpeningHours) else hours
    lines: list[str] = []
    day = 0
    while day < 7:
        end = day
        while end + 1 < 7 and weekly[end + 1] == weekly[day]:
            end += 1
        label = WEEKDAYS[day].title() if end == day else f"{WEEKDAYS[day].title()}–{WEEKDAYS[end].title()}"
        lines.append(f"{label}: {describe_intervals(weekly[day])}")
        day = end + 1
    return lines


def _month_day(month: int, day: int) -> str:
    return f"{day} {date(2001, month, day).strftime('%b')}"


def describe_season(season: SeasonalHours) -> str:
    """'in summer (1 May – 30 Sep)', or 'from 1 May to 30 Sep' for a season without a name."""
    start, end = _month_day(season.start_month, season.start_day), _month_day(season.end_month, season.end_day)
    return f"in {season.name} ({start} – {end})" if season.name else f"from {start} to {end}"


def describe_seasons(hours: OpeningHours) -> list[str]:
    """One line a season: 'In summer (1 May – 30 Sep): Mon–Fri: 10:00–19:00; Sat–Sun: closed.'"""
    lines = []
    for season in hours.seasons:
        when = describe_season(season)
        lines.append(f"{when[:1].upper()}{when[1:]}: {'; '.join(describe_week(season.weekly))}.")
    return lines


def describe_hours(hours: OpeningHours) -> list[str]:
    lines = []
    if hours.by_appointment:
        lines.append("By appointment or guided tour only; the times below are when tours can be booked.")
    if hours.placeholder:
        lines.append("Placeholder hours: no published hours were found; the tour operator sets the real times.")
    lines += describe_seasons(hours)
    if hours.seasons:
        lines.append("The rest of the year:" if len(hours.seasons) == 1 else "Outside those seasons:")
    lines += describe_week(hours)
    for m in hours.monthly_closures:
        lines.append(f"Closed on the {WEEK_NAMES.get(m.week, str(m.week))} {DAY_NAMES[m.weekday]} "
                     f"of every month ({m.reason}).")
    if hours.slots:
        lines.append(f"Guided tours start every {hours.slots.every_minutes} minutes, "
                     f"{hours.slots.capacity} people each, {hours.slots.duration_minutes} minutes long.")
    if hours.notes:
        lines.append(plain_words(hours.notes))
    return lines


def describe_closure(closure: Closure) -> str:
    span = (long_date(closure.start) if closure.start == closure.end
            else f"{long_date(closure.start)} – {long_date(closure.end)}")
    return f"Closed {span}: {plain_words(closure.reason)}"


def describe_yearly_closure(rule: YearlyClosure, year: int) -> str:
    """'Expected to close most years about 20 April – 15 May (...); the 2027 dates are not yet confirmed.'"""
    start, end = rule.span(year)
    span = (f"{start.day} {start.strftime('%B')}" if start == end
            else f"{start.day} {start.strftime('%B')} – {end.day} {end.strftime('%B')}")
    return f"Expected most years, about {span}: {rule.reason.rstrip('.')}. The {year} dates are not yet confirmed."


def describe_lead_days(rule: AccessRule) -> list[str]:
    parts = []
    for nationality, days in sorted(rule.lead_days, key=lambda kv: (kv[0] == "*", kv[0])):
        who = NATIONALITY_GROUPS.get(nationality, f"{nationality} citizens")
        parts.append(f"{who}: at least {days} days ahead")
    return parts


def describe_rule(rule: AccessRule) -> list[str]:
    """One rule as short sentences a traveller can act on."""
    lines = [rule.title]
    lead = describe_lead_days(rule)
    if lead:
        verb = "Apply for the permit" if rule.kind == "permit" else "Register"
        lines.append(f"{verb} — " + "; ".join(lead) + ".")
    if rule.passport_required:
        lines.append("Passport data is checked in advance; bring the same passport.")
    if rule.guided_only:
        lines.append("Guided visits only.")
    if rule.min_age:
        lines.append(f"Minimum age {rule.min_age}.")
    if rule.group_max:
        lines.append(f"Groups of at most {rule.group_max} people.")
    if rule.group_min:
        lines.append(f"Private bookings need at least {rule.group_min} people; solo travellers join a group tour.")
    if rule.allowed_nationalities:
        lines.append("Open to citizens of " + ", ".join(rule.allowed_nationalities) + " only.")
    if rule.documents:
        lines.append("Documents required: " + ", ".join(rule.documents) + ".")
    if rule.photography:
        lines.append(f"Photography: {rule.photography}.")
    if rule.notes:
        lines.append(plain_words(rule.notes))
    return lines


def utc_offset(value: datetime) -> str:
    """"UTC+5", "UTC+5:30": how travellers read an offset."""
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_when(value: datetime) -> str:
    """"Fri 28 July 2017, 21:41 (UTC+6)" for an aware local datetime."""
    return f"{value.strftime('%a')} {long_date(value.date())}, {value.strftime('%H:%M')} ({utc_offset(value)})"


def describe_net(launch: Launch, local: datetime) -> str:
    """How sure the date is, in words: "no earlier than March 2027" for a month-precision TBD.

    A flight that has flown but whose minute no source gives is past, not "no earlier than": say when it flew.
    """
    if launch.status in (LaunchStatus.SUCCESS, LaunchStatus.FAILURE) and launch.precision in (Precision.MONTH,
                                                                                             Precision.DAY):
        if launch.precision is Precision.MONTH:
            return f"flew in {local.strftime('%B %Y')} (day and time not confirmed)"
        return f"flew on {long_date(local.date())} (time not confirmed)"
    if launch.precision is Precision.YEAR:
        return f"no earlier than {local.year} (date not yet announced)"
    if launch.precision is Precision.QUARTER:
        return f"no earlier than Q{(local.month - 1) // 3 + 1} {local.year}"
    if launch.precision is Precision.MONTH:
        return f"no earlier than {local.strftime('%B %Y')}"
    if launch.precision is Precision.DAY:
        return f"no earlier than {long_date(local.date())} (time not yet set)"
    if launch.precision is Precision.HOUR:
        return f"{local.strftime('%a')} {long_date(local.date())}, around {local.strftime('%H:00')} ({utc_offset(local)})"
    return local_when(local)
