"""Reasons and messages in plain words: one place for every code the planner can give.

The codes are the machine-readable contract (clients branch on them); the messages are for people and
may change wording freely. Dates are written out ("3 June 2017") so nobody has to guess day/month order.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from .describe import describe_season, hhmm, long_date
from .i18n import _, _l, day_month, day_month_short, day_short, english, ngettext
from .model import MonthlyClosure, Reason, SeasonalHours, Warning, YearlyClosure

# --- reason codes (unscheduled sites and events) ---
UNKNOWN_SITE = "unknown_site"
UNKNOWN_LAUNCH = "unknown_launch"
CLOSED = "closed"
OUTSIDE_DAY = "outside_day"
NO_TIME = "no_time"
UNREACHABLE = "unreachable"
PERMIT_LEAD_TIME = "permit_lead_time"
MIN_AGE = "min_age"
GROUP_SIZE = "group_size"
NATIONALITY = "nationality"
OUTSIDE_TRIP = "outside_trip"

# --- warning codes (the itinerary as a whole) ---
MUST_SEE_MISSED = "must_see_unscheduled"
LAUNCH_UNCERTAIN = "launch_uncertain"
NO_RETURN = "no_return"
BUFFER_SHORT = "buffer_short"  # fewer spare days after the launch than asked for: the trip ends too soon
PINNED_CLOSED = "pinned_closed"  # a pinned visit is kept on a day or at an hour its site is closed
FIXED_CONFLICT = "fixed_conflict"  # a pinned or own item is kept, but the plan cannot go there / follow it
LAUNCH_MOVED = "launch_moved"  # re-planned after the launch left the trip's dates: the trip kept its days

# Every code a client may meet: `unscheduled[].reasons[].code` and `warnings[].code` (a roll-out or launch
# viewing that cannot happen is also a warning, with its reason's code).
REASON_CODES = (UNKNOWN_SITE, CLOSED, OUTSIDE_DAY, NO_TIME, UNREACHABLE, PERMIT_LEAD_TIME, MIN_AGE, GROUP_SIZE,
                NATIONALITY, OUTSIDE_TRIP)
WARNING_CODES = (MUST_SEE_MISSED, LAUNCH_UNCERTAIN, NO_RETURN, BUFFER_SHORT, UNKNOWN_LAUNCH, PINNED_CLOSED,
                 FIXED_CONFLICT, LAUNCH_MOVED, *REASON_CODES)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def short_date(value: date) -> str:
    """Fri 21 Jul: for lists of trip days."""
    if not english():
        return day_short(value)
    return f"{DAY_NAMES[value.weekday()][:3]} {value.day} {MONTHS[value.month - 1][:3]}"


def date_span(start: date, end: date) -> str:
    """13 Feb – 15 Apr 2023, or one date when start == end."""
    if start == end:
        return long_date(start)
    if not english():
        return f"{day_month_short(start, year=start.year != end.year)} – {long_date(end)}"
    left = f"{start.day} {MONTHS[start.month - 1][:3]}"
    if start.year != end.year:
        left += f" {start.year}"
    return f"{left} – {end.day} {MONTHS[end.month - 1][:3]} {end.year}"


def plural_days(weekdays: Iterable[int]) -> str:
    """[0, 4] -> 'Mondays and Fridays'."""
    names = [DAY_NAMES[d] + "s" for d in sorted(set(weekdays))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# 'closed on Mondays' for each day, marked for translation (Russian declines the day: 'по понедельникам').
WEEKLY_CLOSED = (_l("closed on Mondays"), _l("closed on Tuesdays"), _l("closed on Wednesdays"),
                 _l("closed on Thursdays"), _l("closed on Fridays"), _l("closed on Saturdays"),
                 _l("closed on Sundays"))


def weekly_closed(weekday: int) -> str:
    if not english():
        return _(WEEKLY_CLOSED[weekday])
    return f"closed on {plural_days([weekday])}"


def season_closed(weekday: int, season: SeasonalHours) -> str:
    """'closed on Mondays in winter (1 Oct – 30 Apr)': the season's hours leave that weekday out."""
    if not english():
        return _("%(closed)s %(season)s", closed=weekly_closed(weekday), season=describe_season(season))
    return f"closed on {plural_days([weekday])} {describe_season(season)}"


def closure_text(reason: str, start: date, end: date) -> str:
    """'closed for maintenance 13 Feb – 15 Apr 2023', from an operator's reason in any of its usual forms."""
    if not english():
        return _("closed %(dates)s: %(reason)s", dates=date_span(start, end), reason=reason.strip().rstrip("."))
    return f"{_closed_phrase(reason, 'closed for')} {date_span(start, end)}"


NOT_CONFIRMED = "dates not yet confirmed"


def expected_closure_text(rule: YearlyClosure, year: int) -> str:
    """'expected to be closed for events on Red Square 20 Apr – 15 May 2027 (yearly; dates not yet confirmed)'."""
    start, end = rule.span(year)
    if not english():
        return _("expected to be closed %(dates)s: %(reason)s (most years; dates not yet confirmed)",
                 dates=date_span(start, end), reason=rule.reason.strip().rstrip("."))
    phrase = _closed_phrase(rule.reason, "closed for")
    return f"expected to be {phrase} {date_span(start, end)} (most years; {NOT_CONFIRMED})"


def monthly_text(rule: MonthlyClosure) -> str:
    """'closed on the last Friday of the month (sanitary day)'; the reason is used as is if it says when."""
    if not english():
        from .describe import monthly_words
        return _("closed on %(which)s (%(reason)s)", which=monthly_words(rule.week, rule.weekday),
                 reason=rule.reason.strip().rstrip("."))
    which = f"the {ORDINALS.get(rule.week, f'week {rule.week}')} {DAY_NAMES[rule.weekday]} of the month"
    if "of the month" in rule.reason:
        return _closed_phrase(rule.reason, "closed:")
    reason = rule.reason.strip().rstrip(".")
    return f"closed on {which} ({_lower_first(reason)})" if reason else f"closed on {which}"


def _closed_phrase(reason: str, lead: str) -> str:
    """'Mausoleum closed for maintenance' -> 'closed for maintenance'; 'Maintenance' -> '<lead> maintenance'."""
    reason = reason.strip().rstrip(".")
    at = reason.lower().find("closed")
    if at >= 0:
        return "closed" + reason[at + len("closed"):]
    return f"{lead} {_lower_first(reason)}" if reason else "closed"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def closed_message(name: str, region: str | None, days: Iterable[date], why: Iterable[str]) -> str:
    """Why a site has no open day in the trip: which days were tried and what closed each."""
    reasons = _merge_weekly(list(dict.fromkeys(why)))
    listed = ", ".join(short_date(d) for d in days)
    if region:
        return _("%(name)s is closed on every day the trip spends in %(region)s (%(days)s): %(reasons)s.",
                 name=name, region=region, days=listed, reasons="; ".join(reasons))
    return _("%(name)s is closed on every day of the trip (%(days)s): %(reasons)s.",
             name=name, days=listed, reasons="; ".join(reasons))


def _merge_weekly(reasons: list[str]) -> list[str]:
    """'closed on Mondays', 'closed on Fridays' -> 'closed on Mondays and Fridays' (order kept)."""
    if not english():
        return reasons
    weekly = [DAY_NAMES.index(r[len("closed on "):-1]) for r in reasons
              if r.startswith("closed on ") and r.endswith("s") and r[len("closed on "):-1] in DAY_NAMES]
    if len(weekly) < 2:
        return reasons
    merged = f"closed on {plural_days(weekly)}"
    out: list[str] = []
    for r in reasons:
        if r.startswith("closed on ") and r[len("closed on "):-1] in DAY_NAMES:
            if merged not in out:
                out.append(merged)
        else:
            out.append(r)
    return out


def outside_day_message(name: str, opening: Iterable[str], day_start: time, day_end: time) -> str:
    hours = ", ".join(dict.fromkeys(opening)) or _("too briefly")
    return _("%(name)s is open only %(hours)s on the days the trip can go there, which leaves no room for a "
             "visit inside your day (%(day)s).", name=name, hours=hours,
             day=f"{hhmm(day_start)}–{hhmm(day_end)}")


def no_time_message(name: str, region: str, must_see: bool) -> str:
    if must_see:
        return _("Even as a must-see, %(name)s did not fit: the days in %(region)s are full (opening hours, "
                 "travel, lunch and at most a human pace of visits a day).", name=name, region=region)
    return _("%(name)s did not fit: the days in %(region)s are full (opening hours, travel, lunch and at most "
             "a human pace of visits a day).", name=name, region=region)


def kept_free_message(kept: int) -> str:
    """After a no_time message for a site in the launch's region: the spare days were not used for it."""
    return ngettext("%(num)d spare day after the launch is kept free in case it slips.",
                    "%(num)d spare days after the launch are kept free in case it slips.", kept) \
        if not english() else (f"{spare_days_words(kept).capitalize()} after the launch "
                               f"{'is' if kept == 1 else 'are'} kept free in case it slips.")


def unreachable_message(name: str, region: str, gateway: str) -> str:
    return _("%(name)s is in %(region)s, and the catalogue has no transfer between %(gateway)s and %(region)s.",
             name=name, region=region, gateway=gateway)


def no_room_message(name: str, region: str) -> str:
    return _("The trip has no room for the days it takes to travel to %(region)s, visit %(name)s and come back.",
             region=region, name=name)


def permit_message(place: str, title: str, lead_days: int, who: str, first_day: date, due: date,
                   booking: date) -> str:
    return ngettext("Too late to apply: %(who)s must apply %(num)d day ahead (%(title)s), so for %(place)s from "
                    "%(first)s it was due by %(due)s; the booking is on %(booking)s.",
                    "Too late to apply: %(who)s must apply %(num)d days ahead (%(title)s), so for %(place)s from "
                    "%(first)s it was due by %(due)s; the booking is on %(booking)s.", lead_days,
                    who=who, title=title, place=place, first=long_date(first_day), due=long_date(due),
                    booking=long_date(booking)) if not english() else (
        f"Too late to apply: {who} must apply {lead_days} days ahead ({title}), so for {place} from "
        f"{long_date(first_day)} it was due by {long_date(due)}; the booking is on {long_date(booking)}.")


def deadline_message(kind: str, place: str, due: date, documents: Iterable[str] = ()) -> str:
    """What to send by when; the rule's documents, when it lists any, are named with the deadline."""
    papers = list(documents)
    with_papers = _(" (documents: %(papers)s)", papers=", ".join(papers)) if papers else ""
    if kind == "passport_data":
        return _("Send passport data for %(place)s by %(date)s", place=place, date=long_date(due)) + with_papers
    if kind == "registration":
        return _("Register for %(place)s by %(date)s", place=place, date=long_date(due)) + with_papers
    return _("Apply for the %(place)s permit by %(date)s", place=place, date=long_date(due)) + with_papers


def min_age_message(place: str, min_age: int, who: str, age: int) -> str:
    return _("%(place)s admits visitors from %(min_age)s years; %(who)s is %(age)s.",
             place=place, min_age=min_age, who=who, age=age)


def group_size_message(place: str, group_max: int, party: int) -> str:
    return _("%(place)s takes groups of at most %(max)s people; the party has %(party)s.",
             place=place, max=group_max, party=party)


def nationality_message(place: str, allowed: Iterable[str], who: str, nationality: str) -> str:
    return _("%(place)s is open to citizens of %(allowed)s only; %(who)s is %(nationality)s.",
             place=place, allowed=", ".join(allowed), who=who, nationality=nationality)


def unknown_site_message(site: str) -> str:
    return _("The catalogue has no site %(site)s.", site=repr(site))


def outside_trip_message(event: str, when: date, start: date, end: date, *, night: bool = False) -> str:
    """`night`: the event is after midnight, part of the night after `when` (nights.py)."""
    if not english():
        on = f"{night_phrase(when)} {(when + timedelta(days=1)).year}" if night else long_date(when)
        text = _("The %(event)s (%(when)s) is outside the trip (%(dates)s).", event=event, when=on,
                 dates=date_span(start, end))
        return text[:1].upper() + text[1:]
    on = f"in the {night_phrase(when)} {(when + timedelta(days=1)).year}" if night else f"on {long_date(when)}"
    return f"The {event} {on} is outside the trip ({date_span(start, end)})."


def night_phrase(evening: date) -> str:
    """'night of 28 February to 1 March' (the year is left to the words around it)."""
    morning = evening + timedelta(days=1)
    if not english():
        if evening.month == morning.month:
            return _("night of %(evening)s to %(morning)s", evening=str(evening.day), morning=day_month(morning))
        return _("night of %(evening)s to %(morning)s", evening=day_month(evening), morning=day_month(morning))
    if evening.month == morning.month:
        return f"night of {evening.day} to {morning.day} {MONTHS[morning.month - 1]}"
    return f"night of {evening.day} {MONTHS[evening.month - 1]} to {morning.day} {MONTHS[morning.month - 1]}"


def spare_days_words(n: int) -> str:
    if not english():
        return ngettext("%(num)d spare day", "%(num)d spare days", n)
    return "a spare day" if n == 1 else f"{n} spare days"


def spare_note(kept: int) -> str:
    """On the launch item when spare days follow it."""
    if not english():
        return ngettext("%(num)d spare day follows in case the launch slips.",
                        "%(num)d spare days follow in case the launch slips.", kept)
    return f"{spare_days_words(kept).capitalize()} follow{'s' if kept == 1 else ''} in case the launch slips."


def spare_day_note(mission: str) -> str:
    """On a spare day's buffer item."""
    if not english():
        return _("Nothing is planned: if %(mission)s slips, the plan moves the launch here and your calendar "
                 "follows; if not, a free day.", mission=mission)
    return (f"Nothing is planned: if {mission} slips, the plan moves the launch here and your calendar "
            f"follows; if not, a free day.")


def buffer_short_message(mission: str, wanted: int, kept: int, end: date, full_end: date) -> str:
    """Fewer spare days fit than were asked for: how many, and which last day would keep them all."""
    if not english():
        return ngettext("You asked for %(num)d spare day after the %(mission)s launch in case it slips; %(kept)s "
                        "fit before the trip ends on %(end)s. Ending the trip on %(full_end)s would keep them all.",
                        "You asked for %(num)d spare days after the %(mission)s launch in case it slips; "
                        "%(kept)s fit before the trip ends on %(end)s. Ending the trip on %(full_end)s would keep "
                        "them all.", wanted, mission=mission, kept=kept, end=long_date(end),
                        full_end=long_date(full_end))
    asked = f"You asked for {spare_days_words(wanted)} after the {mission} launch in case it slips"
    if kept == 0:
        fits = "it does not fit" if wanted == 1 else "none of them fits"
    else:
        fits = f"only {kept} fit{'s' if kept == 1 else ''}"
    keep = "it" if wanted == 1 else "both" if wanted == 2 else f"all {wanted}"
    return (f"{asked}; {fits} before the trip ends on {long_date(end)}. Ending the trip on "
            f"{long_date(full_end)} would keep {keep}.")


def reason(code: str, message: str) -> Reason:
    return Reason(code=code, message=message)


def warning(code: str, message: str) -> Warning:
    return Warning(code=code, message=message)
