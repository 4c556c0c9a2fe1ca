"""The trip builder form: HTML form fields <-> the JSON plan request of DESIGN.md, and errors back.

No WTForms: the planner's `request_from_json` is the one validator (the API and the form must refuse
the same things with the same words), so this module only carries strings both ways and maps the
planner's field paths (`traveller.nationality`, `companions[1].age`, `sites[2]`) to form fields.
CSRF is checked for every POST by the app's CSRFProtect.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from werkzeug.datastructures import MultiDict

from ..planning.describe import long_date
from ..planning.i18n import _, _l, ngettext

DEFAULT_DAY_START = "09:00"
DEFAULT_DAY_END = "19:00"
MIN_COMPANION_ROWS = 2
MAX_COMPANION_ROWS = 20  # a party, not a coach tour; keeps a hand-made POST from growing the page
# Around a launch: a week before lift-off (Moscow, the transfer, the roll-out) and the day after.
DAYS_BEFORE_LAUNCH = 7
DAYS_AFTER_LAUNCH = 1
SPARE_DAY_CHOICES = ("0", "1", "2")  # the builder's choices; the API takes up to 3

Companion = tuple[str, str]  # (nationality, age) as typed


@dataclass(frozen=True)
class PlanForm:
    """The builder's values as typed (strings), so a refused form comes back exactly as it was sent."""

    start_date: str = ""
    end_date: str = ""
    sites: tuple[str, ...] = ()
    must_see: tuple[str, ...] = ()
    launch: str = ""
    nationality: str = ""
    age: str = ""
    party_size: str = "1"
    companions: tuple[Companion, ...] = ()
    day_start: str = DEFAULT_DAY_START
    day_end: str = DEFAULT_DAY_END
    booking_date: str = ""
    slip_buffer_days: str = "0"  # spare days after the launch in case it slips
    reason: str = ""  # re-plan only: the traveller's own words

    def companion_rows(self, extra: int = 1) -> list[Companion]:
        """The rows the form shows: those filled in plus `extra` blank ones (at least two in all)."""
        rows = list(self.companions) + [("", "")] * extra
        return rows + [("", "")] * max(0, MIN_COMPANION_ROWS - len(rows))


@dataclass
class Errors:
    """Messages by form field ("form" = not tied to one field); `companion-<row>` for companion rows."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def get(self, name: str) -> list[str]:
        return self.by_field.get(name, [])

    def __bool__(self) -> bool:
        return bool(self.by_field)


def _text(form: MultiDict[str, str], name: str, default: str = "") -> str:
    return (form.get(name) or default).strip()


def form_from_post(form: MultiDict[str, str]) -> PlanForm:
    nationalities = form.getlist("companion_nationality")
    ages = form.getlist("companion_age")
    rows = [(n.strip().upper(), a.strip()) for n, a in zip(nationalities, ages)][:MAX_COMPANION_ROWS]
    sites = tuple(dict.fromkeys(s for s in form.getlist("sites") if s))
    return PlanForm(
        start_date=_text(form, "start_date"), end_date=_text(form, "end_date"),
        sites=sites, must_see=tuple(dict.fromkeys(s for s in form.getlist("must_see") if s)),
        launch=_text(form, "launch"), nationality=_text(form, "nationality").upper(), age=_text(form, "age"),
        party_size=_text(form, "party_size", "1"),
        companions=tuple(r for r in rows if r[0] or r[1]),
        day_start=_text(form, "day_start", DEFAULT_DAY_START), day_end=_text(form, "day_end", DEFAULT_DAY_END),
        booking_date=_text(form, "booking_date"), slip_buffer_days=_text(form, "slip_buffer_days", "0")[:20],
        reason=_text(form, "reason")[:200],
    )


def _str(value: object) -> str:
    return "" if value is None else str(value)


def form_from_request(data: dict[str, Any]) -> PlanForm:
    """A saved plan request (JSON) as form values: the re-plan form starts from the trip as it is."""
    traveller = data.get("traveller") or {}
    companions = tuple((_str(c.get("nationality")), _str(c.get("age"))) for c in data.get("companions") or [])
    return PlanForm(
        start_date=_str(data.get("start_date")), end_date=_str(data.get("end_date")),
        sites=tuple(data.get("sites") or ()), must_see=tuple(data.get("must_see") or ()),
        launch=_str(data.get("launch")), nationality=_str(traveller.get("nationality")),
        age=_str(traveller.get("age")), party_size=_str(traveller.get("party_size") or data.get("party_size") or 1),
        companions=companions, day_start=_str(data.get("day_start") or DEFAULT_DAY_START),
        day_end=_str(data.get("day_end") or DEFAULT_DAY_END), booking_date=_str(data.get("booking_date")),
        slip_buffer_days=_str(data.get("slip_buffer_days") or 0),
    )


def _number(value: str) -> int | str | None:
    """An integer where the text is one; otherwise the text itself, for the planner to refuse by name."""
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def launch_dates(launch_day: date, spare_days: int = 0) -> tuple[date, date]:
    """Trip dates that fit a launch: Moscow first, then Baikonur for the roll-out and lift-off (and the
    spare days after it, in case it slips)."""
    return (launch_day - timedelta(days=DAYS_BEFORE_LAUNCH),
            launch_day + timedelta(days=DAYS_AFTER_LAUNCH + spare_days))


def with_launch_dates(form: PlanForm, launch_day: date | None) -> PlanForm:
    """Dates left empty with a launch chosen: plan around the launch (the hint next to the dates says so)."""
    if launch_day is None or form.start_date or form.end_date:
        return form
    spare = form.slip_buffer_days if form.slip_buffer_days in SPARE_DAY_CHOICES else "0"
    start, end = launch_dates(launch_day, int(spare))
    return replace(form, start_date=start.isoformat(), end_date=end.isoformat())


def to_request(form: PlanForm, today: date) -> tuple[dict[str, Any], list[int]]:
    """The JSON plan request, and for each companion sent the form row it came from (for errors)."""
    traveller: dict[str, Any] = {"nationality": form.nationality}
    age = _number(form.age)
    if age is not None:
        traveller["age"] = age
    party = _number(form.party_size)
    companions: list[dict[str, Any]] = []
    rows: list[int] = []
    for row, (nationality, age_text) in enumerate(form.companions):
        person: dict[str, Any] = {"nationality": nationality}
        companion_age = _number(age_text)
        if companion_age is not None:
            person["age"] = companion_age
        companions.append(person)
        rows.append(row)
    if isinstance(party, int) and party >= 1:  # 0 or less goes to the planner, which refuses it by name
        party = max(party, 1 + len(companions))  # "party size" counts everyone (changes() says so)
    traveller["party_size"] = 1 + len(companions) if party is None else party
    sites = list(dict.fromkeys((*form.sites, *form.must_see)))  # a must-see is a site to see, ticked or not
    data: dict[str, Any] = {
        "sites": sites, "must_see": list(form.must_see),
        "traveller": traveller, "companions": companions,
        "booking_date": form.booking_date or today.isoformat(),
        "day_start": form.day_start or DEFAULT_DAY_START, "day_end": form.day_end or DEFAULT_DAY_END,
    }
    for name in ("start_date", "end_date"):  # empty = not given: the planner says "required"
        if getattr(form, name):
            data[name] = getattr(form, name)
    if form.launch:
        data["launch"] = form.launch
    spare = _number(form.slip_buffer_days)
    if spare is not None:
        data["slip_buffer_days"] = spare
    return data, rows


# Planner field paths -> form fields. Unknown paths land on the form as a whole, never lost.
_FIELDS = {"traveller.nationality": "nationality", "traveller.age": "age", "traveller.party_size": "party_size",
           "party_size": "party_size", "traveller": "nationality"}
_TOP = {"start_date", "end_date", "sites", "must_see", "launch", "booking_date", "day_start", "day_end",
        "slip_buffer_days"}
_COMPANION = re.compile(r"^companions\[(\d+)\]")


def form_field(path: str, companion_rows: list[int]) -> str:
    path = path.removeprefix("$").removeprefix(".")
    if path in _FIELDS:
        return _FIELDS[path]
    if match := _COMPANION.match(path):
        index = int(match.group(1))
        return f"companion-{companion_rows[index] if index < len(companion_rows) else index}"
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    if head in _TOP:
        return head
    if head == "companions":
        return "companions"
    return "form"


def changes(form: PlanForm) -> list[str]:
    """What to_request changed in what was typed, in words for the trip page (nothing changes silently)."""
    said: list[str] = []
    party = _number(form.party_size)
    people = 1 + len(form.companions)
    if isinstance(party, int) and 1 <= party < people:
        said.append(ngettext("Planned for %(people)s people: you and %(num)d companion, although %(field)s said "
                             "%(party)s.", "Planned for %(people)s people: you and %(num)d companions, although "
                             "%(field)s said %(party)s.", len(form.companions), people=people,
                             field=_quoted("party_size"), party=party))
    added = [s for s in form.must_see if s not in form.sites]
    if added:
        said.append(ngettext("%(num)d must-see site was not ticked as sites to see; the plan counts a must-see "
                             "as a site to see.", "%(num)d must-see sites were not ticked as sites to see; the "
                             "plan counts a must-see as a site to see.", len(added)))
    return said


# The form's labels, for messages that name a field as the traveller sees it.
LABELS = {"start_date": _l("First day"), "end_date": _l("Last day"), "launch": _l("Watch a launch?"),
          "nationality": _l("Your nationality"), "age": _l("Your age"), "party_size": _l("People in all"),
          "day_start": _l("Day starts"), "day_end": _l("Day ends"), "booking_date": _l("Booking from"),
          "slip_buffer_days": _l("Keep spare days in Baikonur"), "sites": _l("What to see"),
          "must_see": _l("must-see")}


def _quoted(name: str) -> str:
    """The field's label in the language's quotation marks: \u201cFirst day\u201d, \u00abПервый день\u00bb."""
    return _("\u201c%(label)s\u201d", label=_(LABELS[name]) if name in LABELS else name)


def _date_words(text: str) -> str:
    try:
        return long_date(date.fromisoformat(text))
    except ValueError:
        return text


def traveller_words(name: str, message: str, form: PlanForm) -> str:
    """The planner's message (written for API clients) in a traveller's words, naming the field by its
    label; the API keeps its own words."""
    row = name.removeprefix("companion-")
    who = _("Companion %(n)s", n=int(row) + 1) if row.isdigit() else ""
    if "is before start_date" in message:
        return _("%(end_label)s (%(end)s) is before %(start_label)s (%(start)s): choose a last day on or after the "
                 "first.", end_label=_quoted("end_date"), end=_date_words(form.end_date),
                 start_label=_quoted("start_date"), start=_date_words(form.start_date))
    if "days long; at most" in message:
        days = re.search(r"the trip is (\d+) days", message)
        if days:
            return ngettext("The trip is %(num)d day long: plan at most 30 days at a time.",
                            "The trip is %(num)d days long: plan at most 30 days at a time.", int(days.group(1)))
        return f"The trip is {message.split('the trip is ')[-1].split(';')[0]}: plan at most 30 days at a time."
    if "is not after day_start" in message:
        return _("%(end_label)s (%(end)s) must be later than %(start_label)s (%(start)s).",
                 end_label=_quoted("day_end"), end=form.day_end, start_label=_quoted("day_start"),
                 start=form.day_start)
    if "more than 3 years before start_date" in message:
        return _("%(label)s (%(date)s) is more than three years before the first day: permits are applied for "
                 "weeks ahead. Use today, or the day you started booking an old trip.",
                 label=_quoted("booking_date"), date=_date_words(form.booking_date))
    if "ISO 3166" in message or (name == "nationality" and "required" in message):
        return _("%(who)s: choose a nationality from the list.", who=who) if who \
            else _("Choose your nationality from the list.")
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", message)
    if "must be between" in message and len(dates) >= 2:  # the edge's sane range (web/bounds.py)
        return _("%(label)s: a date from %(low)s to %(high)s.", label=_quoted(name), low=_date_words(dates[0]),
                 high=_date_words(dates[1]))
    if "not a date" in message or "no such date" in message:
        return _("%(label)s: a date like %(example)s (the date picker writes it for you).", label=_quoted(name),
                 example=long_date(date(2017, 7, 21)))
    if "not a time of day" in message:
        return _("%(label)s: a time of day like 09:00.", label=_quoted(name))
    if "must be between" in message or "must be a whole number" in message:
        low, high = (message.split("between ")[-1].split(",")[0].split(" and ") + ["", ""])[:2] \
            if "between" in message else ("", "")
        if name == "party_size":
            return _("%(label)s: at least 1 (you), at most %(high)s; count yourself and every companion.",
                     label=_quoted(name), high=high or 100)
        if who:
            return _("%(who)s: the age must be a whole number from %(low)s to %(high)s.", who=who, low=low,
                     high=high) if low else _("%(who)s: the age must be a whole number.", who=who)
        return _("%(label)s must be a whole number from %(low)s to %(high)s.", label=_quoted(name), low=low,
                 high=high) if low else _("%(label)s must be a whole number.", label=_quoted(name))
    if message.startswith("unknown launch"):
        return _("That launch is no longer in the schedule: pick one again from the list.")
    if message.startswith("unknown site"):
        return _("One of the sites is no longer in the catalogue: tick the sites again.")
    if "is not among the requested sites" in message:
        return _("A must-see must also be ticked as a site to see.")
    if message.strip() == "required":
        return _("%(label)s: required.", label=who or _quoted(name))
    words = message
    for key in LABELS:
        words = words.replace(key, _quoted(key))
    prefix = who or (_quoted(name) if name in LABELS else "")
    return f"{prefix}: {words}" if prefix else words[:1].upper() + words[1:]


# A field left empty gets words for a person filling in a form rather than the API's.
_EMPTY = {
    "start_date": _l("Choose the first day of the trip (or choose a launch and leave both dates empty)."),
    "end_date": _l("Choose the last day of the trip."),
    "nationality": _l("Choose your nationality: permits and their lead times depend on it."),
    "sites": _l("Tick at least one site, or choose a launch to watch."),
}


def errors_from(planner_errors: list[dict[str, str]], companion_rows: list[int], form: PlanForm) -> Errors:
    errors = Errors()
    for error in planner_errors:
        name = form_field(str(error.get("field", "")), companion_rows)
        empty = name in _EMPTY and not getattr(form, name)
        message = _(_EMPTY[name]) if empty else traveller_words(name, str(error.get("message", "")), form)
        if message not in errors.get(name):
            errors.add(name, message)
    return errors
