"""The JSON contract (DESIGN.md, "Contracts"): plan requests in, itineraries out, and back for the store.

`request_from_json` checks everything before planning and reports EVERY field at fault at once, as
`{"field": "traveller.nationality", "message": "..."}` entries, so a client can mark all its mistakes in
one round. Itinerary times are ISO 8601 with the local offset of the place.

Beyond DESIGN.md's example, a request may carry `slip_buffer_days` (0..3, default 0: requests stored
before it existed read as 0): spare days after the launch night before the way back, in case the
launch slips. An itinerary may then hold `buffer` items (one per spare day) and a `buffer_short` warning.

A request may also carry `fixed` (pinned and own items) and `notes` ({item key: text}): read and
written by fixed_json.py; items then carry `pinned` and `note`, days `lodging_place`, answers
`suggestions` (each only when set, so older JSON reads and writes as before).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from .countries import is_country
from .fixed_json import FixedReader, fixed_to_json
from .model import (
    Catalogue,
    Day,
    Deadline,
    FixedPlace,
    Item,
    Itinerary,
    Person,
    PlanRequest,
    Reason,
    Suggestion,
    Unscheduled,
    Warning,
)
from .nights import night_of
from .tz import is_known, zone

MAX_TRIP_DAYS = 60  # 60 days plan in about half a second over the seed catalogue (bench/RESULTS.md)
MAX_AGE = 130
MAX_PARTY = 100
MAX_SLIP_BUFFER_DAYS = 3  # launches slip by a day or two; a week of waiting is another trip
MAX_BOOKING_AHEAD_DAYS = 3 * 366  # permits take weeks; a booking date years before the trip is a typo
DEFAULT_DAY_START = time(9, 0)
DEFAULT_DAY_END = time(19, 0)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class RequestError(ValueError):
    """A plan request that cannot be planned; `errors` names each field at fault."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


class _Reader:
    """Reads fields of a JSON object, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append({"field": field, "message": message})

    def date(self, data: Mapping[str, Any], key: str, *, default: date | None = None) -> date | None:
        value = data.get(key)
        if value is None:
            if default is None:
                self.fail(key, "required: a date like 2017-07-21")
            return default
        if not isinstance(value, str) or not _DATE.match(value):
            self.fail(key, f"not a date (YYYY-MM-DD): {value!r}")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"no such date: {value!r}")
            return None

    def time(self, data: Mapping[str, Any], key: str, default: time) -> time | None:
        value = data.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not _TIME.match(value):
            self.fail(key, f"not a time of day (HH:MM, 24 h): {value!r}")
            return None
        return time.fromisoformat(value)

    def ids(self, data: Mapping[str, Any], key: str, known: set[str], what: str) -> tuple[str, ...] | None:
        """The known ids of a list, in order and once each; None when the field is not a list at all."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"must be a list of {what} ids")
            return None
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{key}[{i}]", f"must be a {what} id (a string), not {item!r}")
            elif item not in known:
                self.fail(f"{key}[{i}]", f"unknown {what} {item!r}")
            elif item not in out:
                out.append(item)
        return tuple(out)

    def integer(self, data: Mapping[str, Any], field: str, key: str, *, low: int, high: int,
                default: int | None) -> int | None:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"must be a whole number, not {value!r}")
            return default
        if not low <= value <= high:
            self.fail(field, f"must be between {low} and {high}, not {value}")
            return default
        return value

    def person(self, value: object, field: str) -> Person | None:
        if not isinstance(value, dict):
            self.fail(field, "must be an object like {\"nationality\": \"FR\", \"age\": 30}")
            return None
        nationality = value.get("nationality")
        if not isinstance(nationality, str) or not is_country(nationality.upper()):
            self.fail(f"{field}.nationality",
                      f"must be an ISO 3166-1 alpha-2 country code like \"FR\", not {nationality!r}")
            nationality = None
        age = self.integer(value, f"{field}.age", "age", low=0, high=MAX_AGE, default=None)
        return Person(nationality=nationality.upper(), age=age) if nationality else None


def parse_request(data: object, *, today: date, catalogue: Catalogue) -> PlanRequest:
    """request_from_json against a catalogue's sites, launches and regions (the usual call)."""
    return request_from_json(data, today=today, known_sites={s.id for s in catalogue.sites},
                             known_launches={x.id for x in catalogue.launches},
                             known_regions={r.id for r in catalogue.regions})


def request_from_json(data: object, *, today: date, known_sites: set[str], known_launches: set[str],
                      known_regions: set[str] | None = None) -> PlanRequest:
    """A PlanRequest from the contract's JSON; raises RequestError naming every field at fault.

    `today` is the booking date when the request has none (read at the API edge, never here).
    `known_regions` checks the regions named in `fixed` (None: the planner warns about unknown ones).
    """
    r = _Reader()
    if not isinstance(data, dict):
        raise RequestError([{"field": "$", "message": "must be a JSON object"}])
    start = r.date(data, "start_date")
    end = r.date(data, "end_date")
    if start is not None and end is not None:
        if end < start:
            r.fail("end_date", f"{end.isoformat()} is before start_date {start.isoformat()}")
        elif (end - start).days + 1 > MAX_TRIP_DAYS:
            r.fail("end_date", f"the trip is {(end - start).days + 1} days long; at most {MAX_TRIP_DAYS}")
    booking = r.date(data, "booking_date", default=today)
    if booking is not None and start is not None and (start - booking).days > MAX_BOOKING_AHEAD_DAYS:
        r.fail("booking_date", f"{booking.isoformat()} is more than 3 years before start_date {start.isoformat()}")
    sites = r.ids(data, "sites", known_sites, "site") or ()
    raw = data.get("sites", [])
    must_see = _must_see(r, data, tuple(x for x in raw if isinstance(x, str)) if isinstance(raw, list) else None)
    must_see = tuple(s for s in must_see if s in sites)  # an unknown one is already reported under sites
    launch = data.get("launch")
    if launch is not None and not isinstance(launch, str):
        r.fail("launch", f"must be a launch id (a string) or null, not {launch!r}")
        launch = None
    elif launch is not None and launch not in known_launches:
        r.fail("launch", f"unknown launch {launch!r}")
    if not sites and launch is None and not data.get("fixed") and not any(e["field"].startswith("sites") for e in r.errors):
        r.fail("sites", "required: at least one site id (or a launch)")
    traveller_data = data.get("traveller")
    traveller = None
    party: int | None = 1
    if traveller_data is None:
        r.fail("traveller", "required: {\"nationality\": \"FR\", \"age\": 30, \"party_size\": 1}")
    else:
        traveller = r.person(traveller_data, "traveller")
    if isinstance(traveller_data, dict):
        party = r.integer(traveller_data, "traveller.party_size", "party_size", low=1, high=MAX_PARTY, default=1)
    companions = _companions(r, data.get("companions", []))
    day_start = r.time(data, "day_start", DEFAULT_DAY_START)
    day_end = r.time(data, "day_end", DEFAULT_DAY_END)
    if day_start is not None and day_end is not None and day_end <= day_start:
        r.fail("day_end", f"{day_end:%H:%M} is not after day_start {day_start:%H:%M}")
    # Optional (requests stored before it existed have none): 0 = fly back the day after the launch.
    buffer = r.integer(data, "slip_buffer_days", "slip_buffer_days", low=0, high=MAX_SLIP_BUFFER_DAYS, default=0)
    # Optional (issue 11): what the traveller pinned or added, and notes on items by key.
    reader = FixedReader(r.fail, known_sites=known_sites, known_regions=known_regions)
    fixed = reader.read(data.get("fixed"), start, end)
    notes = reader.notes(data.get("notes"))
    if r.errors:
        raise RequestError(r.errors)
    assert start is not None and end is not None and booking is not None and traveller is not None
    assert day_start is not None and day_end is not None and party is not None and buffer is not None
    return PlanRequest(start_date=start, end_date=end, sites=sites, traveller=traveller, booking_date=booking,
                       must_see=must_see, launch=launch, party_size=party, companions=companions,
                       day_start=day_start, day_end=day_end, slip_buffer_days=buffer, fixed=fixed, notes=notes)


def _must_see(r: _Reader, data: Mapping[str, Any], sites: tuple[str, ...] | None) -> tuple[str, ...]:
    """Must-see ids, each among the listed sites (unchecked when `sites` itself was unreadable)."""
    value = data.get("must_see", [])
    if not isinstance(value, list):
        r.fail("must_see", "must be a list of site ids")
        return ()
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            r.fail(f"must_see[{i}]", f"must be a site id (a string), not {item!r}")
        elif sites is not None and item not in sites:
            r.fail(f"must_see[{i}]", f"{item!r} is not among the requested sites")
        elif item not in out:
            out.append(item)
    return tuple(out)


def _companions(r: _Reader, value: object) -> tuple[Person, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        r.fail("companions", "must be a list of people")
        return ()
    people = [r.person(item, f"companions[{i}]") for i, item in enumerate(value)]
    return tuple(p for p in people if p is not None)


def _person_json(person: Person) -> dict[str, Any]:
    return {"nationality": person.nationality, "age": person.age}


def request_to_json(request: PlanRequest) -> dict[str, Any]:
    """The contract's request shape; request_from_json reads it back to an equal PlanRequest."""
    return {
        "start_date": request.start_date.isoformat(),
        "end_date": request.end_date.isoformat(),
        "sites": list(request.sites),
        "must_see": list(request.must_see),
        "launch": request.launch,
        "traveller": {**_person_json(request.traveller), "party_size": request.party_size},
        "companions": [_person_json(p) for p in request.companions],
        "booking_date": request.booking_date.isoformat(),
        "day_start": request.day_start.strftime("%H:%M"),
        "day_end": request.day_end.strftime("%H:%M"),
        "slip_buffer_days": request.slip_buffer_days,
        **({"fixed": [fixed_to_json(f) for f in request.fixed]} if request.fixed else {}),
        **({"notes": dict(request.notes)} if request.notes else {}),
    }


# --- itineraries -------------------------------------------------------------------------------------

_PLACE_TYPES = ("travel", "transfer")


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def item_to_json(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"type": item.type, "key": item.key, "title": item.title, "site": item.site,
                           "start": _iso(item.start), "end": _iso(item.end), "notes": list(item.notes)}
    if item.type in _PLACE_TYPES or item.origin is not None:
        out.update({"from": item.origin, "to": item.destination, "mode": item.mode,
                    "distance_km": item.distance_km})
    for key in ("lat", "lon", "launch"):
        if getattr(item, key) is not None:
            out[key] = getattr(item, key)
    if item.pinned:
        out["pinned"] = True
    if item.note:
        out["note"] = item.note
    return out


def _day_json(day: Day, before: Day | None) -> dict[str, Any]:
    """A day; an item after midnight carries `night` ({of: the evening's date, text}), and the next day
    lists it under `night_before` (nights.py), so both day cards can say it."""
    items = []
    for item in day.items:
        data = item_to_json(item)
        night = night_of(item, day)
        if night is not None:
            data["night"] = {"of": night.night_of.isoformat(), "text": night.text}
        items.append(data)
    out: dict[str, Any] = {"date": day.date.isoformat(), "region": day.region, "timezone": day.timezone,
                           "lodging": day.lodging, "items": items}
    if before is not None and before.date == day.date - timedelta(days=1):
        earlier = [{"key": n.key, "title": n.title, "text": n.text, "listed_under": n.night_of.isoformat()}
                   for i in before.items if i.type != "travel" and (n := night_of(i, before)) is not None]
        if earlier:
            out["night_before"] = earlier
    if day.lodging_place is not None:
        place = day.lodging_place
        out["lodging_place"] = {"name": place.name, "lat": place.lat, "lon": place.lon, "pinned": True}
    return out


def itinerary_to_json(itinerary: Itinerary) -> dict[str, Any]:
    """The contract's itinerary shape (plus title, key, timezone and lodging, which clients may ignore)."""
    return {
        "days": [_day_json(d, itinerary.days[n - 1] if n else None) for n, d in enumerate(itinerary.days)],
        "unscheduled": [_unscheduled_json(u) for u in itinerary.unscheduled],
        "deadlines": [{"site": d.site, "kind": d.kind, "due": d.due.isoformat(), "message": d.message,
                       "rule": d.rule} for d in itinerary.deadlines],
        "warnings": [{"code": w.code, "message": w.message} for w in itinerary.warnings],
        **({"suggestions": [{"kind": s.kind, "start_date": s.start_date.isoformat(),
                             "end_date": s.end_date.isoformat(), "message": s.message}
                            for s in itinerary.suggestions]} if itinerary.suggestions else {}),
    }


def _unscheduled_json(u: Unscheduled) -> dict[str, Any]:
    out: dict[str, Any] = {"site": u.site, "kind": u.kind,
                           "reasons": [{"code": r.code, "message": r.message} for r in u.reasons]}
    if u.launch is not None:
        out["launch"] = u.launch
    return out


def _instant(text: str, zone_name: str) -> datetime:
    """Parse an ISO time; shown in `zone_name` when that zone has the same offset then (it usually has)."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"time without an offset: {text!r}")
    if is_known(zone_name):
        local = value.astimezone(zone(zone_name))
        if local.utcoffset() == value.utcoffset():
            return local
    return value


def _item_from_json(data: Mapping[str, Any], zone_name: str) -> Item:
    return Item(type=data["type"], key=data["key"], title=data.get("title", ""),
                start=_instant(data["start"], zone_name), end=_instant(data["end"], zone_name),
                site=data.get("site"), origin=data.get("from"), destination=data.get("to"), mode=data.get("mode"),
                distance_km=data.get("distance_km"), lat=data.get("lat"), lon=data.get("lon"),
                launch=data.get("launch"), notes=tuple(data.get("notes", ())), pinned=bool(data.get("pinned")),
                note=data.get("note", ""))


def _lodging_place(data: Mapping[str, Any] | None) -> FixedPlace | None:
    if data is None:
        return None
    return FixedPlace(name=data["name"], lat=data["lat"], lon=data["lon"])


def itinerary_from_json(data: Mapping[str, Any]) -> Itinerary:
    """Back from what itinerary_to_json wrote (the store keeps JSON); raises KeyError/ValueError if malformed."""
    days = tuple(Day(date=date.fromisoformat(d["date"]), region=d["region"], timezone=d.get("timezone", ""),
                     lodging=d.get("lodging", ""), lodging_place=_lodging_place(d.get("lodging_place")),
                     items=tuple(_item_from_json(i, d.get("timezone", "")) for i in d["items"]))
                 for d in data["days"])
    unscheduled = tuple(Unscheduled(site=u["site"], kind=u.get("kind", "visit"), launch=u.get("launch"),
                                    reasons=tuple(Reason(code=r["code"], message=r["message"]) for r in u["reasons"]))
                        for u in data.get("unscheduled", ()))
    deadlines = tuple(Deadline(site=d["site"], kind=d["kind"], due=date.fromisoformat(d["due"]),
                               message=d["message"], rule=d.get("rule", "")) for d in data.get("deadlines", ()))
    warnings = tuple(Warning(code=w["code"], message=w["message"]) for w in data.get("warnings", ()))
    suggestions = tuple(Suggestion(kind=s["kind"], start_date=date.fromisoformat(s["start_date"]),
                                   end_date=date.fromisoformat(s["end_date"]), message=s["message"])
                        for s in data.get("suggestions", ()))
    return Itinerary(days=days, unscheduled=unscheduled, deadlines=deadlines, warnings=warnings,
                     suggestions=suggestions)
