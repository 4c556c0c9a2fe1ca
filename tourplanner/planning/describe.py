"""Catalogue facts in plain words, for pages, map popups and calendar descriptions alike."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from babel.dates import format_date

from .i18n import _, _l, day_month, day_month_year, english, language, month_year, ngettext, weekday_short
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


# Ways of getting about, as the catalogue's transfers and the planner name them.
TRAVEL_MODES = {"road": _l("road"), "charter": _l("charter flight"), "flight": _l("flight"), "train": _l("train"),
                "flight+road": _l("flight and road"), "booked": _l("booked")}

# A launch's status as travellers read it (badge colours and the API keep the value).
LAUNCH_STATUS_WORDS = {"Go": _l("Go"), "TBD": _l("TBD"), "TBC": _l("TBC"), "Hold": _l("Hold"),
                       "Success": _l("Success"), "Failure": _l("Failure"), "Scrubbed": _l("Scrubbed")}


def status_words(value: str) -> str:
    return _(LAUNCH_STATUS_WORDS[value]) if value in LAUNCH_STATUS_WORDS else value


# The catalogue's editors mark how sure a fact is: "(H)", "(M)", "(L)" after it. Travellers get words.
_CONFIDENCE_MARK = re.compile(r"\s*\((H|M|L)\)(?=[\s.,;:)]|$)")


def _confidence(mark: str) -> str:
    return _(" (unconfirmed)") if mark == "L" else ""


def plain_words(text: str) -> str:
    """Catalogue text as a traveller reads it: editors' confidence marks become words or go."""
    return _CONFIDENCE_MARK.sub(lambda m: _confidence(m.group(1)), text)


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def long_date(value: date) -> str:
    """'3 June 2017' (in Russian '3 июня 2017 г.': the month in the genitive, CLDR's long date)."""
    return day_month_year(value)


def describe_intervals(intervals: tuple[Interval, ...]) -> str:
    parts = []
    for i in intervals:
        text = f"{hhmm(i.start)}–{hhmm(i.end)}"
        if i.last_admission and i.last_admission < i.end:
            text += _(" (last entry %(time)s)", time=hhmm(i.last_admission))
        parts.append(text)
    return ", ".join(parts) if parts else _("closed")


def describe_week(hours: OpeningHours | tuple[tuple[Interval, ...], ...]) -> list[str]:
    """Consecutive days with the same hours are grouped: "Tue–Sun: 10:00–19:00"."""
    weekly = hours.weekly if isinstance(hours, OpeningHours) else hours
    lines: list[str] = []
    day = 0
    while day < 7:
        end = day
        while end + 1 < 7 and weekly[end + 1] == weekly[day]:
            end += 1
        label = _day_label(day) if end == day else f"{_day_label(day)}–{_day_label(end)}"
        lines.append(f"{label}: {describe_intervals(weekly[day])}")
        day = end + 1
    return lines


def _day_label(weekday: int) -> str:
    """'Mon' (the catalogue's own abbreviation in English), 'пн', 'дс'."""
    if english():
        return WEEKDAYS[weekday].title()
    return weekday_short(date(2024, 1, 1) + timedelta(days=weekday))  # 2024-01-01 was a Monday


def monthly_words(week: int, weekday: int) -> str:
    """'the last Friday of every month' in the current language (ordinals agree with the day's gender)."""
    if english():
        return f"the {WEEK_NAMES.get(week, str(week))} {DAY_NAMES[weekday]} of every month"
    return _(MONTHLY[week if week in MONTHLY else 1][weekday])


# Every (week, weekday) pair spelled out: Russian ordinals agree with the weekday's gender, so the
# words cannot be put together from parts.
MONTHLY = {
    1: (_l("the first Monday of every month"), _l("the first Tuesday of every month"),
        _l("the first Wednesday of every month"), _l("the first Thursday of every month"),
        _l("the first Friday of every month"), _l("the first Saturday of every month"),
        _l("the first Sunday of every month")),
    2: (_l("the second Monday of every month"), _l("the second Tuesday of every month"),
        _l("the second Wednesday of every month"), _l("the second Thursday of every month"),
        _l("the second Friday of every month"), _l("the second Saturday of every month"),
        _l("the second Sunday of every month")),
    3: (_l("the third Monday of every month"), _l("the third Tuesday of every month"),
        _l("the third Wednesday of every month"), _l("the third Thursday of every month"),
        _l("the third Friday of every month"), _l("the third Saturday of every month"),
        _l("the third Sunday of every month")),
    4: (_l("the fourth Monday of every month"), _l("the fourth Tuesday of every month"),
        _l("the fourth Wednesday of every month"), _l("the fourth Thursday of every month"),
        _l("the fourth Friday of every month"), _l("the fourth Saturday of every month"),
        _l("the fourth Sunday of every month")),
    -1: (_l("the last Monday of every month"), _l("the last Tuesday of every month"),
         _l("the last Wednesday of every month"), _l("the last Thursday of every month"),
         _l("the last Friday of every month"), _l("the last Saturday of every month"),
         _l("the last Sunday of every month")),
}


def _month_day(month: int, day: int) -> str:
    if not english():
        return format_date(date(2001, month, day), format="d MMM", locale=language())
    return f"{day} {date(2001, month, day).strftime('%b')}"


def describe_season(season: SeasonalHours) -> str:
    """'in summer (1 May – 30 Sep)', or 'from 1 May to 30 Sep' for a season without a name."""
    start, end = _month_day(season.start_month, season.start_day), _month_day(season.end_month, season.end_day)
    if season.name:
        return _("in %(season)s (%(start)s – %(end)s)", season=season.name, start=start, end=end)
    return _("from %(start)s to %(end)s", start=start, end=end)


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
        lines.append(_("By appointment or guided tour only; the times below are when tours can be booked."))
    if hours.placeholder:
        lines.append(_("Placeholder hours: no published hours were found; the tour operator sets the real times."))
    lines += describe_seasons(hours)
    if hours.seasons:
        lines.append(_("The rest of the year:") if len(hours.seasons) == 1 else _("Outside those seasons:"))
    lines += describe_week(hours)
    for m in hours.monthly_closures:
        lines.append(_("Closed on %(which)s (%(reason)s).", which=monthly_words(m.week, m.weekday),
                       reason=m.reason))
    if hours.slots:
        lines.append(_("Guided tours start every %(every)s minutes, %(capacity)s people each, "
                       "%(length)s minutes long.", every=hours.slots.every_minutes,
                       capacity=hours.slots.capacity, length=hours.slots.duration_minutes))
    if hours.notes:
        lines.append(plain_words(hours.notes))
    return lines


def describe_closure(closure: Closure) -> str:
    span = (long_date(closure.start) if closure.start == closure.end
            else f"{long_date(closure.start)} – {long_date(closure.end)}")
    return _("Closed %(span)s: %(reason)s", span=span, reason=plain_words(closure.reason))


def describe_yearly_closure(rule: YearlyClosure, year: int) -> str:
    """'Expected to close most years about 20 April – 15 May (...); the 2027 dates are not yet confirmed.'"""
    start, end = rule.span(year)
    span = day_month(start) if start == end else f"{day_month(start)} – {day_month(end)}"
    return _("Expected most years, about %(span)s: %(reason)s. The %(year)s dates are not yet confirmed.",
             span=span, reason=rule.reason.rstrip("."), year=year)


def describe_lead_days(rule: AccessRule) -> list[str]:
    parts = []
    for nationality, days in sorted(rule.lead_days, key=lambda kv: (kv[0] == "*", kv[0])):
        who = _("everyone else") if nationality == "*" else _("%(country)s citizens", country=nationality)
        parts.append(ngettext("%(who)s: at least %(num)d day ahead", "%(who)s: at least %(num)d days ahead",
                              days, who=who))
    return parts


def describe_rule(rule: AccessRule) -> list[str]:
    """One rule as short sentences a traveller can act on."""
    lines = [rule.title]
    lead = describe_lead_days(rule)
    if lead:
        verb = _("Apply for the permit") if rule.kind == "permit" else _("Register")
        lines.append(f"{verb} — " + "; ".join(lead) + ".")
    if rule.passport_required:
        lines.append(_("Passport data is checked in advance; bring the same passport."))
    if rule.guided_only:
        lines.append(_("Guided visits only."))
    if rule.min_age:
        lines.append(_("Minimum age %(age)s.", age=rule.min_age))
    if rule.group_max:
        lines.append(ngettext("Groups of at most %(num)d person.", "Groups of at most %(num)d people.",
                              rule.group_max))
    if rule.group_min:
        lines.append(ngettext("Private bookings need at least %(num)d person; solo travellers join a group tour.",
                              "Private bookings need at least %(num)d people; solo travellers join a group tour.",
                              rule.group_min))
    if rule.allowed_nationalities:
        lines.append(_("Open to citizens of %(countries)s only.", countries=", ".join(rule.allowed_nationalities)))
    if rule.documents:
        lines.append(_("Documents required: %(documents)s.", documents=", ".join(rule.documents)))
    if rule.photography:
        lines.append(_("Photography: %(policy)s.", policy=rule.photography))
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
    return f"{weekday_short(value.date())} {long_date(value.date())}, {value.strftime('%H:%M')} ({utc_offset(value)})" \
        if english() else f"{weekday_short(value.date())}, {long_date(value.date())}, {value.strftime('%H:%M')} " \
        f"({utc_offset(value)})"


def describe_net(launch: Launch, local: datetime) -> str:
    """How sure the date is, in words: "no earlier than March 2027" for a month-precision TBD.

    A flight that has flown but whose minute no source gives is past, not "no earlier than": say when it flew.
    """
    if launch.status in (LaunchStatus.SUCCESS, LaunchStatus.FAILURE) and launch.precision in (Precision.MONTH,
                                                                                             Precision.DAY):
        if launch.precision is Precision.MONTH:
            return _("flew in %(month)s (day and time not confirmed)", month=month_year(local.date()))
        return _("flew on %(date)s (time not confirmed)", date=long_date(local.date()))
    if launch.precision is Precision.YEAR:
        return _("no earlier than %(year)s (date not yet announced)", year=local.year)
    if launch.precision is Precision.QUARTER:
        return _("no earlier than Q%(quarter)s %(year)s", quarter=(local.month - 1) // 3 + 1, year=local.year)
    if launch.precision is Precision.MONTH:
        return _("no earlier than %(month)s", month=month_year(local.date()))
    if launch.precision is Precision.DAY:
        return _("no earlier than %(date)s (time not yet set)", date=long_date(local.date()))
    if launch.precision is Precision.HOUR:
        return _("%(date)s, around %(hour)s (%(offset)s)",
                 date=f"{weekday_short(local.date())} {long_date(local.date())}" if english()
                 else f"{weekday_short(local.date())}, {long_date(local.date())}",
                 hour=local.strftime("%H:00"), offset=utc_offset(local))
    return local_when(local)
