"""Reasons and messages in plain words: one place for every code the planner can give.

The codes are the machine-readable contract (clients branch on them); the messages are for people and
may change wording freely. Dates are written out ("3 June 2017") so nobody has to guess day/month order.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from .describe import describe_season, hhmm, long_date
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
    return f"{DAY_NAMES[value.weekday()][:3]} {value.day} {MONTHS[value.month - 1][:3]}"


def date_span(start: date, end: date) -> str:
    """13 Feb – 15 Apr 2023, or one date when start == end."""
    if start == end:
        return long_date(start)
    left = f"{start.day} {MONTHS[start.month - 1][:3]}"
    if start.year != end.year:
        left += f" {start.year}"
    return f"{left} – {end.day} {MONTHS[end.month - 1][:3]} {end.year}"


def plural_days(weekdays: Iterable[int]) -> str:
    """[0, 4] -> 'Mondays and Fridays'."""
    names = [DAY_NAMES[d] + "s" for d in sorted(set(weekdays))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def weekly_closed(weekday: int) -> str:
    return f"closed on {plural_days([weekday])}"


def season_closed(weekday: int, season: SeasonalHours) -> str:
    """'closed on Mondays in winter (1 Oct – 30 Apr)': the season's hours leave that weekday out."""
    return f"closed on {plural_days([weekday])} {describe_season(season)}"


def closure_text(reason: str, start: date, end: date) -> str:
    """'closed for maintenance 13 Feb – 15 Apr 2023', from an operator's reason in any of its usual forms."""
    return f"{_closed_phrase(reason, 'closed for')} {date_span(start, end)}"


NOT_CONFIRMED = "dates not yet confirmed"


def expected_closure_text(rule: YearlyClosure, year: int) -> str:
    """'expected to be closed for events on Red Square 20 Apr – 15 May 2027 (yearly; dates not yet confirmed)'."""
    start, end = rule.span(year)
    phrase = _closed_phrase(rule.reason, "closed for")
    return f"expected to be {phrase} {date_span(start, end)} (most years; {NOT_CONFIRMED})"


def monthly_text(rule: MonthlyClosure) -> str:
    """'closed on the last Friday of the month (sanitary day)'; the reason is used as is if it says when."""
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
    where = f"every day the trip spends in {region}" if region else "every day of the trip"
    return f"{name} is closed on {where} ({listed}): {'; '.join(reasons)}."


def _merge_weekly(reasons: list[str]) -> list[str]:
    """'closed on Mondays', 'closed on Fridays' -> 'closed on Mondays and Fridays' (order kept)."""
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
    hours = ", ".join(dict.fromkeys(opening)) or "too briefly"
    return (f"{name} is open only {hours} on the days the trip can go there, which leaves no room for a visit "
            f"inside your day ({hhmm(day_start)}–{hhmm(day_end)}).")


def no_time_message(name: str, region: str, must_see: bool) -> str:
    lead = "Even as a must-see, " if must_see else ""
    return (f"{lead}{name} did not fit: the days in {region} are full (opening hours, travel, lunch and "
            f"at most a human pace of visits a day).")


def kept_free_message(kept: int) -> str:
    """After a no_time message for a site in the launch's region: the spare days were not used for it."""
    return (f"{spare_days_words(kept).capitalize()} after the launch "
            f"{'is' if kept == 1 else 'are'} kept free in case it slips.")


def unreachable_message(name: str, region: str, gateway: str) -> str:
    return f"{name} is in {region}, and the catalogue has no transfer between {gateway} and {region}."


def no_room_message(name: str, region: str) -> str:
    return f"The trip has no room for the days it takes to travel to {region}, visit {name} and come back."


def permit_message(place: str, title: str, lead_days: int, who: str, first_day: date, due: date,
                   booking: date) -> str:
    return (f"Too late to apply: {who} must apply {lead_days} days ahead ({title}), so for {place} from "
            f"{long_date(first_day)} it was due by {long_date(due)}; the booking is on {long_date(booking)}.")


def deadline_message(kind: str, place: str, due: date, documents: Iterable[str] = ()) -> str:
    """What to send by when; the rule's documents, when it lists any, are named with the deadline."""
    papers = list(documents)
    with_papers = f" (documents: {', '.join(papers)})" if papers else ""
    if kind == "passport_data":
        return f"Send passport data for {place} by {long_date(due)}{with_papers}"
    if kind == "registration":
        return f"Register for {place} by {long_date(due)}{with_papers}"
    return f"Apply for the {place} permit by {long_date(due)}{with_papers}"


def min_age_message(place: str, min_age: int, who: str, age: int) -> str:
    return f"{place} admits visitors from {min_age} years; {who} is {age}."


def group_size_message(place: str, group_max: int, party: int) -> str:
    return f"{place} takes groups of at most {group_max} people; the party has {party}."


def nationality_message(place: str, allowed: Iterable[str], who: str, nationality: str) -> str:
    return f"{place} is open to citizens of {', '.join(allowed)} only; {who} is {nationality}."


def unknown_site_message(site: str) -> str:
    return f"The catalogue has no site {site!r}."


def outside_trip_message(event: str, when: date, start: date, end: date, *, night: bool = False) -> str:
    """`night`: the event is after midnight, part of the night after `when` (nights.py)."""
    on = f"in the {night_phrase(when)} {(when + timedelta(days=1)).year}" if night else f"on {long_date(when)}"
    return f"The {event} {on} is outside the trip ({date_span(start, end)})."


def night_phrase(evening: date) -> str:
    """'night of 28 February to 1 March' (the year is left to the words around it)."""
    morning = evening + timedelta(days=1)
    if evening.month == morning.month:
        return f"night of {evening.day} to {morning.day} {MONTHS[morning.month - 1]}"
    return f"night of {evening.day} {MONTHS[evening.month - 1]} to {morning.day} {MONTHS[morning.month - 1]}"


def spare_days_words(n: int) -> str:
    return "a spare day" if n == 1 else f"{n} spare days"


def spare_note(kept: int) -> str:
    """On the launch item when spare days follow it."""
    return f"{spare_days_words(kept).capitalize()} follow{'s' if kept == 1 else ''} in case the launch slips."


def spare_day_note(mission: str) -> str:
    """On a spare day's buffer item."""
    return (f"Nothing is planned: if {mission} slips, the plan moves the launch here and your calendar "
            f"follows; if not, a free day.")


def buffer_short_message(mission: str, wanted: int, kept: int, end: date, full_end: date) -> str:
    """Fewer spare days fit than were asked for: how many, and which last day would keep them all."""
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
