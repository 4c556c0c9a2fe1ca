"""Edits after planning, each turned into a new plan request: pins and own items go to `fixed`, notes to
`notes`, added and removed sites to `sites`. The planner fills the rest around them (a new version).

Works on the stored request JSON, so the API (PUT with `fixed`) and the page do exactly the same thing.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from ..planning.describe import local_when
from ..planning.i18n import _
from ..planning.model import Catalogue
from ..planning.tz import zone
from .trips import TripForbidden, TripView, get_trip, replan_trip

PINNABLE = ("visit", "transfer")
MAX_NOTE = 2000


class EditError(ValueError):
    """An edit that cannot be made; `field` is the form field at fault, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Edit:
    """One change on the trip page. `action`: pin, unpin, remove, add, move, note, own, flight, hotel, dates."""

    action: str
    key: str = ""  # the item's key (pin, unpin, note)
    site: str = ""  # remove, add, move
    day: str = ""  # move, own, flight: YYYY-MM-DD
    time: str = ""  # move, own, flight: HH:MM
    end_day: str = ""  # flight: arrival day
    end_time: str = ""  # own, flight
    text: str = ""  # note text, own item title, flight number, hotel name
    origin: str = ""  # flight: region
    destination: str = ""
    region: str = ""  # hotel, own item
    place: dict[str, Any] = field(default_factory=dict)  # hotel/own: {"name", "lat", "lon"} (strings from forms)


def _items(itinerary: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """key -> (item, its day) of every item of the itinerary."""
    return {str(item.get("key")): (item, day) for day in itinerary.get("days") or ()
            for item in day.get("items") or ()}


def _date(raw: str, field_name: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise EditError(field_name, _("not a date like 2027-03-01: %(value)s", value=repr(raw))) from None


def _clock(raw: str, field_name: str) -> time:
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise EditError(field_name, _("not a time of day like 09:30: %(value)s", value=repr(raw))) from None


def _at(day: str, clock: str, timezone: str, day_field: str, time_field: str) -> datetime:
    return datetime.combine(_date(day, day_field), _clock(clock, time_field), zone(timezone))


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _place(edit: Edit, default_name: str) -> dict[str, Any] | None:
    lat, lon = str(edit.place.get("lat", "")).strip(), str(edit.place.get("lon", "")).strip()
    if not lat and not lon:
        return None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except ValueError:
        raise EditError("lat", _("the position needs both latitude and longitude as numbers, like 55.75 and 37.62")) from None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise EditError("lat", _("latitude is between -90 and 90, longitude between -180 and 180"))
    return {"name": str(edit.place.get("name") or default_name).strip()[:200], "lat": lat_f, "lon": lon_f}


def _region_zone(catalogue: Catalogue, region: str, field_name: str) -> str:
    found = next((r for r in catalogue.regions if r.id == region), None)
    if found is None:
        raise EditError(field_name, _("pick a region from the list, not %(value)s", value=repr(region)))
    return found.timezone


def _same_fixed(entry: dict[str, Any], key: str) -> bool:
    """Whether a request's `fixed` entry is the item with that key (as the planner keys them)."""
    kind = entry.get("type")
    if kind == "visit":
        return key == f"visit:{entry.get('site')}"
    if kind == "lodging":
        return key == f"lodging:{entry.get('region')}"
    if kind == "own":
        return key == entry.get("key")
    if kind == "transfer":
        return key.startswith(f"transfer:{entry.get('from')}-{entry.get('to')}")
    return False


def apply_edit(request: dict[str, Any], itinerary: dict[str, Any], edit: Edit, catalogue: Catalogue
               ) -> tuple[dict[str, Any], str]:
    """The new plan request and the version's reason in the traveller's words."""
    new = copy.deepcopy(request)
    fixed: list[dict[str, Any]] = list(new.get("fixed") or [])
    notes: dict[str, str] = dict(new.get("notes") or {})
    sites: list[str] = list(new.get("sites") or [])
    items = _items(itinerary)
    names = {s.id: s.name for s in catalogue.sites}
    reason: str
    if edit.action == "pin":
        if edit.key not in items:
            raise EditError("key", _("that item is no longer in the plan; reload the page"))
        item = items[edit.key][0]
        if item.get("pinned"):
            raise EditError("key", _("that item is already pinned"))
        if item.get("type") == "visit":
            fixed.append({"type": "visit", "site": item["site"], "start": item["start"], "end": item["end"]})
        elif item.get("type") == "transfer":
            fixed.append({"type": "transfer", "title": item.get("title", ""), "from": item.get("from"),
                          "to": item.get("to"), "start": item["start"], "end": item["end"],
                          **({"mode": item["mode"]} if item.get("mode") else {})})
        else:
            raise EditError("key", _("only visits and transfers can be pinned; the launch and roll-out follow "
                                     "the launch itself"))
        reason = _("you pinned %(item)s", item=item.get("title") or edit.key)
    elif edit.action == "unpin":
        kept = [f for f in fixed if not _same_fixed(f, edit.key)]
        if len(kept) == len(fixed):
            raise EditError("key", _("that item is not pinned"))
        fixed = kept
        title = items[edit.key][0].get("title") if edit.key in items else edit.key
        reason = _("you unpinned %(item)s", item=title) if not edit.key.startswith(("own:", "lodging:")) \
            else _("you removed %(item)s", item=title)
    elif edit.action == "remove":
        if edit.site not in sites:
            raise EditError("site", _("that site is not in the trip"))
        sites = [s for s in sites if s != edit.site]
        new["must_see"] = [s for s in new.get("must_see") or [] if s != edit.site]
        fixed = [f for f in fixed if not (f.get("type") == "visit" and f.get("site") == edit.site)]
        notes.pop(f"visit:{edit.site}", None)
        reason = _("you removed %(item)s", item=names.get(edit.site, edit.site))
    elif edit.action == "add":
        if edit.site not in names:
            raise EditError("site", _("pick a site from the list"))
        if edit.site in sites:
            raise EditError("site", _("%(site)s is already in the trip", site=names[edit.site]))
        sites.append(edit.site)
        reason = _("you added %(item)s", item=names[edit.site])
    elif edit.action == "move":
        site = next((s for s in catalogue.sites if s.id == edit.site), None)
        if site is None:
            raise EditError("site", _("pick a site from the list"))
        start = _at(edit.day, edit.time, site.timezone, "day", "time")
        current = items.get(f"visit:{site.id}")
        length = (datetime.fromisoformat(current[0]["end"]) - datetime.fromisoformat(current[0]["start"])
                  if current else timedelta(minutes=site.visit_minutes))
        _within(new, start.date(), "day")
        fixed = [f for f in fixed if not (f.get("type") == "visit" and f.get("site") == site.id)]
        fixed.append({"type": "visit", "site": site.id, "start": _iso(start), "end": _iso(start + length)})
        if site.id not in sites:
            sites.append(site.id)
        reason = _("you moved %(item)s to %(when)s", item=site.name, when=local_when(start))
    elif edit.action == "note":
        if edit.key not in items:
            raise EditError("key", _("that item is no longer in the plan; reload the page"))
        text = edit.text.strip()
        if len(text) > MAX_NOTE:
            raise EditError("text", _("a note holds at most %(max)s characters", max=MAX_NOTE))
        if text:
            notes[edit.key] = text
        else:
            notes.pop(edit.key, None)
        reason = _("you wrote a note on %(item)s", item=items[edit.key][0].get("title")) if text \
            else _("you removed the note on %(item)s", item=items[edit.key][0].get("title"))
    elif edit.action == "own":
        title = _title(edit.text, "text", _("what it is (for example: Dinner at Café Pushkin)"))
        timezone = _region_zone(catalogue, edit.region, "region")
        start = _at(edit.day, edit.time, timezone, "day", "time")
        end = _at(edit.day, edit.end_time, timezone, "day", "end_time")
        if end <= start:
            end += timedelta(days=1)  # a dinner from 21:00 to 01:00 ends the next morning
        _within(new, start.date(), "day")
        entry: dict[str, Any] = {"type": "own", "title": title, "start": _iso(start), "end": _iso(end)}
        if (place := _place(edit, title)) is not None:
            entry["place"] = place
        fixed.append(entry)
        reason = _("you added %(item)s", item=title)
    elif edit.action == "flight":
        number = _title(edit.text, "text", _("the flight number (for example: SU 1234)"))
        depart = _at(edit.day, edit.time, _region_zone(catalogue, edit.origin, "origin"), "day", "time")
        arrive = _at(edit.end_day or edit.day, edit.end_time,
                     _region_zone(catalogue, edit.destination, "destination"), "end_day", "end_time")
        if edit.origin == edit.destination:
            raise EditError("destination", _("a flight goes to another region than it leaves from"))
        if arrive <= depart:
            raise EditError("end_time", _("the arrival is not after the departure (times are local at each end)"))
        _within(new, depart.date(), "day")
        title = number if number.lower().startswith("flight") else f"Flight {number}"
        fixed.append({"type": "transfer", "title": title, "from": edit.origin, "to": edit.destination,
                      "start": _iso(depart), "end": _iso(arrive), "mode": "flight"})
        reason = _("you added %(item)s", item=title)
    elif edit.action == "hotel":
        _region_zone(catalogue, edit.region, "region")
        name = _title(edit.text, "text", _("the hotel's name"))
        entry = {"type": "lodging", "region": edit.region, "title": name}
        if (place := _place(edit, name)) is not None:
            entry["place"] = place
        address = str(edit.place.get("address", "")).strip()
        if address:
            entry["title"] = f"{name}, {address}"[:200]
        fixed = [f for f in fixed if not (f.get("type") == "lodging" and f.get("region") == edit.region)]
        fixed.append(entry)
        reason = _("you chose %(hotel)s as your hotel", hotel=name)
    elif edit.action == "dates":  # a suggestion applied: the trip on other dates, everything else as it was
        first, last = _date(edit.day, "day"), _date(edit.end_day, "end_day")
        if last < first:
            raise EditError("end_day", _("the last day is before the first"))
        new["start_date"], new["end_date"] = first.isoformat(), last.isoformat()
        reason = _("you moved the trip to %(dates)s", dates=f"{first.isoformat()} – {last.isoformat()}")
    else:
        raise EditError("action", _("unknown change %(value)s", value=repr(edit.action)))
    new["fixed"] = fixed
    new["sites"] = sites
    if notes:
        new["notes"] = notes
    else:
        new.pop("notes", None)
    return new, reason


def _title(raw: str, field_name: str, what: str) -> str:
    text = raw.strip()
    if not text:
        raise EditError(field_name, _("required: %(what)s", what=what))
    if len(text) > 200:
        raise EditError(field_name, _("at most 200 characters"))
    return text


def _within(request: dict[str, Any], day: date, field_name: str) -> None:
    start, end = date.fromisoformat(str(request["start_date"])), date.fromisoformat(str(request["end_date"]))
    if not start <= day <= end:
        raise EditError(field_name, _("pick a day of the trip (%(start)s to %(end)s)", start=start.isoformat(), end=end.isoformat()))


def edit_trip(engine: Engine, token: str, edit: Edit, today: date, *, seen_version: int | None = None) -> TripView:
    """Apply one edit to the newest version (edit link only) and save the re-plan as a new version.

    `seen_version`: the version the page showed; VersionConflict when the trip changed since.
    """
    from .catalogue import load_catalogue

    view = get_trip(engine, token)
    if view.access != "edit":
        raise TripForbidden("this link shows the trip but cannot change it")
    request, reason = apply_edit(view.request, view.itinerary, edit, load_catalogue(engine))
    return replan_trip(engine, token, request, today, reason=reason,
                       expected_version=seen_version if seen_version is not None else view.version)
