"""The site form <-> a site record in the seed's shape. Plain text fields that work without JavaScript.

Hours are one line per weekday ("10:00-13:00, 14:00-18:00 last 17:30"), closures and sources one per
line. Parsing only turns text into the record's shape and names the field it could not read; every
rule (times in order, zone known, closure dates, ...) is the seed validator's, mapped back to these
fields by `field_of`.
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext, lazy_gettext

from ...planning.model import WEEKDAYS
from . import site_texts
from .season_form import parse_seasons, seasons_text
from .words import DAY_NAMES as WEEKDAY_NAMES

KINDS = ("museum", "memorial", "launch-pad", "ruin", "school", "park", "training-centre")
DAY_NAMES = WEEKDAY_NAMES
TEXT_FIELDS = ("name", "name_ru", "name_kk", "description", "address", "what_to_bring", "notes")
_INTERVAL = re.compile(r"^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})(?:\s*(?:\(?\s*last\s+(\d{1,2}:\d{2})\s*\)?))?$")
_CLOSURE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|–|-{1,2}>?|to)\s*(\d{4}-\d{2}-\d{2})\s*:\s*(.+)$")
_YEARLY = re.compile(r"^(\d{2}-\d{2})\s*(?:\.\.|–|to)\s*(\d{2}-\d{2})\s*:\s*(.+?)(?:\s*\[from (\d{4})\])?$")
_MONTHLY = re.compile(r"^(first|second|third|fourth|last)\s+(mon|tue|wed|thu|fri|sat|sun)\w*\s*:\s*(.+)$", re.IGNORECASE)
WEEK_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
WEEK_NAMES = {v: k for k, v in WEEK_WORDS.items()}
HOURS_KEYS = ("weekly", "by_appointment", "notes", "slots", "monthly_closures", "seasons")  # what the form edits


def _pad(t: str) -> str:
    return t if len(t) == 5 else "0" + t


def _interval_text(item: dict[str, str]) -> str:
    text = f"{item['open']}-{item['close']}"
    return text + (f" last {item['last_admission']}" if item.get("last_admission") else "")


def form_from_record(record: dict[str, Any]) -> dict[str, str]:
    """What the form shows for a record."""
    hours = record.get("hours", {})
    form = {name: str(record.get(name, "") or "") for name in TEXT_FIELDS}
    form.update(id=record.get("id", ""), kind=record.get("kind", ""), region=record.get("region", ""),
                country=record.get("country", ""), lat=str(record.get("lat", "")), lon=str(record.get("lon", "")),
                timezone=record.get("timezone", ""), visit_minutes=str(record.get("visit_minutes", "")),
                coordinates_confidence=record.get("coordinates_confidence", "M"),
                ll2_pad_id=str(record.get("ll2_pad_id") or ""), retired="1" if record.get("retired") else "",
                by_appointment="1" if hours.get("by_appointment") else "", hours_notes=hours.get("notes", ""))
    for day in WEEKDAYS:
        form[f"hours_{day}"] = ", ".join(_interval_text(i) for i in hours.get("weekly", {}).get(day, []))
    form["seasons"] = seasons_text(hours.get("seasons", []))
    slots = hours.get("slots") or {}
    form["slots"] = (f"{slots['every_minutes']}/{slots['capacity']}/{slots['duration_minutes']}" if slots else "")
    form["monthly"] = "\n".join(f"{WEEK_NAMES[m['week']]} {m['weekday']}: {m['reason']}"
                                for m in hours.get("monthly_closures", []))
    form["closures"] = "\n".join(f"{c['start']}..{c['end']}: {c['reason']}" for c in record.get("closures", []))
    form["yearly"] = "\n".join(f"{y['start']}..{y['end']}: {y['reason']}"
                               + (f" [from {y['from_year']}]" if y.get("from_year") else "")
                               for y in record.get("yearly_closures", []))
    form["sources"] = "\n".join(" | ".join(x for x in (s["title"], s.get("url") or "", s.get("confidence", "M")))
                                for s in record.get("sources", []))
    form.update(site_texts.form_fields(record))
    return form


def _number(form: dict[str, str], name: str, errors: dict[str, str], words: object, *, integer: bool = False
            ) -> float | int | None:
    raw = form.get(name, "").strip().replace(",", ".")
    try:
        return int(raw) if integer else float(raw)
    except ValueError:
        errors[name] = (gettext("Give %(what)s as a number of whole minutes.", what=str(words)) if integer
                        else gettext("Give %(what)s as a number.", what=str(words)))
        return None


def record_from_form(form: dict[str, str], base: dict[str, Any], regions: dict[str, str]
                     ) -> tuple[dict[str, Any], dict[str, str]]:
    """The record the form describes (starting from `base`, the record as it was) and parse errors."""
    errors: dict[str, str] = {}
    record = dict(base)
    for name in TEXT_FIELDS:
        record[name] = form.get(name, "").strip()
    record["id"] = form.get("id", "").strip() or base.get("id", "")
    record["kind"] = form.get("kind", "")
    record["region"] = form.get("region", "")
    record["country"] = form.get("country", "").strip().upper()
    record["coordinates_confidence"] = form.get("coordinates_confidence") or "M"
    record["timezone"] = form.get("timezone", "").strip() or regions.get(record["region"], "")  # default: region's
    for name, words in (("lat", lazy_gettext("the latitude (e.g. 55.8806)")),
                        ("lon", lazy_gettext("the longitude (e.g. 38.1105)"))):
        value = _number(form, name, errors, words)
        if value is not None:
            record[name] = value
    minutes = _number(form, "visit_minutes", errors, lazy_gettext("the visit length"), integer=True)
    if minutes is not None:
        record["visit_minutes"] = minutes
    pad = form.get("ll2_pad_id", "").strip()
    record.pop("ll2_pad_id", None)
    if pad:
        if pad.isdigit():
            record["ll2_pad_id"] = int(pad)
        else:
            errors["ll2_pad_id"] = gettext("Launch Library 2 pad ids are whole numbers (e.g. 32).")
    record.pop("retired", None)
    if form.get("retired"):
        record["retired"] = True
    # Start from what the record had, so facts this form does not show (dated sources, other
    # catalogue fields added later) survive a save.
    record["hours"] = {**{k: v for k, v in base.get("hours", {}).items() if k not in HOURS_KEYS},
                       **_hours(form, errors)}
    record["closures"] = _closures(form.get("closures", ""), errors)
    yearly = _yearly(form.get("yearly", ""), errors, base.get("yearly_closures", []))
    record.pop("yearly_closures", None)
    if yearly:
        record["yearly_closures"] = yearly
    record["sources"] = _sources(form.get("sources", ""), errors, base.get("sources", []))
    site_texts.apply(form, record, base, errors)
    return record, errors


def _hours(form: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    weekly: dict[str, list[dict[str, str]]] = {}
    for day, day_name in zip(WEEKDAYS, DAY_NAMES, strict=True):
        text = form.get(f"hours_{day}", "").strip()
        if not text or text.lower() in ("closed", "-", "—"):
            continue
        items = []
        for part in (p.strip() for p in text.split(",")):
            match = _INTERVAL.match(part)
            if not match:
                errors[f"hours_{day}"] = gettext("%(day)s: write opening times like 10:00-17:00, several separated "
                                                 "by commas, optionally with \"last 16:30\"; could not read %(part)s.",
                                                 day=str(day_name), part=repr(part))
                break
            item = {"open": _pad(match[1]), "close": _pad(match[2])}
            if match[3]:
                item["last_admission"] = _pad(match[3])
            items.append(item)
        weekly[day] = items
    hours: dict[str, Any] = {"weekly": weekly}
    seasons = parse_seasons(form.get("seasons", ""), errors)
    if seasons:
        hours["seasons"] = seasons
    if form.get("by_appointment"):
        hours["by_appointment"] = True
    if form.get("hours_notes", "").strip():
        hours["notes"] = form["hours_notes"].strip()
    slots = form.get("slots", "").strip()
    if slots:
        parts = [p.strip() for p in slots.split("/")]
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            hours["slots"] = {"every_minutes": int(parts[0]), "capacity": int(parts[1]),
                              "duration_minutes": int(parts[2])}
        else:
            errors["slots"] = gettext("Write tour slots as every/capacity/duration in minutes, e.g. 20/20/45.")
    monthly = []
    for line in filter(None, (x.strip() for x in form.get("monthly", "").splitlines())):
        match = _MONTHLY.match(line)
        if not match:
            errors["monthly"] = gettext("Write monthly closures like \"last fri: Sanitary day\"; could not read "
                                        "%(line)s.", line=repr(line))
            break
        monthly.append({"week": WEEK_WORDS[match[1].lower()], "weekday": match[2].lower(), "reason": match[3].strip()})
    if monthly:
        hours["monthly_closures"] = monthly
    return hours


def _closures(text: str, errors: dict[str, str]) -> list[dict[str, str]]:
    out = []
    for line in filter(None, (x.strip() for x in text.splitlines())):
        match = _CLOSURE.match(line)
        if not match:
            errors["closures"] = gettext("Write one closure a line as 2027-05-01..2027-05-09: the reason "
                                         "travellers see; could not read %(line)s.", line=repr(line))
            break
        out.append({"start": match[1], "end": match[2], "reason": match[3].strip()})
    return out


def _yearly(text: str, errors: dict[str, str], before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Closures expected every year ("04-25..05-15: Events on Red Square [from 2027]"); a rule kept
    from before keeps its sources and notes, a new one cites the operator."""
    known = {(y.get("start"), y.get("end")): y for y in before}
    out = []
    for line in filter(None, (x.strip() for x in text.splitlines())):
        match = _YEARLY.match(line)
        if not match:
            errors["yearly"] = gettext("Write one yearly closure a line as 04-25..05-15: the reason travellers "
                                       "see (optionally [from 2027]); could not read %(line)s.", line=repr(line))
            break
        item: dict[str, Any] = dict(known.get((match[1], match[2]),
                                              {"sources": [{"title": "Tour operator", "confidence": "M"}]}))
        item.update(start=match[1], end=match[2], reason=match[3].strip())
        item.pop("from_year", None)
        if match[4]:
            item["from_year"] = int(match[4])
        out.append(item)
    return out


def _sources(text: str, errors: dict[str, str], before: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    known = {s.get("title"): s for s in before or []}
    out = []
    for line in filter(None, (x.strip() for x in text.splitlines())):
        parts = [p.strip() for p in line.split("|")]
        item: dict[str, Any] = {k: v for k, v in known.get(parts[0], {}).items() if k not in ("url", "confidence")}
        item["title"] = parts[0]
        if len(parts) > 1 and parts[1]:
            item["url"] = parts[1]
        if len(parts) > 2 and parts[2]:
            item["confidence"] = parts[2]
        out.append(item)
    return out


def field_of(path: str) -> str:
    """A validator path inside the record ("hours.weekly.mon[0].close") -> the form field that shows it."""
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    if head == "yearly_closures":
        return "yearly"
    if head == "hours":
        match = re.match(r"hours\.weekly\.(\w{3})", path)
        if match:
            return f"hours_{match[1]}"
        if path.startswith("hours.seasons"):
            return "seasons"
        if path.startswith("hours.slots"):
            return "slots"
        if path.startswith("hours.monthly_closures"):
            return "monthly"
        return "hours_mon" if path.startswith("hours.weekly") else "hours_notes"
    return head


def form_errors(errors: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for path, message in errors.items():
        out.setdefault(field_of(path) if path else "", message)
    return out
