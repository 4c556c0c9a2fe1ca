"""The operator API's bodies (the shape of GET /api/sites/<id> and /api/launches items) -> records in
the seed's shape, applied over the record as it is: a PATCH may carry any subset of the fields.

Derived fields (`text`, `access`, `pad_name`, `rollout.utc`, ...) are ignored on input; unknown ones
are refused by name, so a typo never passes silently.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..planning.tz import zone
from ..store.seed_json import instant
from . import bounds

SITE_FIELDS = ("name", "name_ru", "name_kk", "kind", "region", "country", "lat", "lon", "timezone", "visit_minutes",
               "description", "address", "coordinates_confidence", "what_to_bring", "notes", "hours", "closures",
               "sources", "retired", "ll2_pad_id", "description_i18n")
SITE_DERIVED = ("id", "access", "text", "note", "localized")
LAUNCH_FIELDS = ("mission", "vehicle", "pad", "net", "net_local", "window_start", "window_end", "status",
                 "precision", "crewed", "rollout", "notes", "sources", "ll2_id")
LAUNCH_DERIVED = ("id", "pad_name", "timezone", "last_updated", "text", "note")


class ShapeError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def _unknown(body: dict[str, Any], known: tuple[str, ...], derived: tuple[str, ...]) -> None:
    extra = sorted(set(body) - set(known) - set(derived))
    if extra:
        raise ShapeError({name: "unknown field" for name in extra})


def _interval(item: Any) -> Any:
    if not isinstance(item, dict):
        return item  # the validator names what is wrong with it
    out = {"open": item.get("start", item.get("open")), "close": item.get("end", item.get("close"))}
    if item.get("last_admission"):
        out["last_admission"] = item["last_admission"]
    return out


def _season(item: Any) -> Any:
    """A season as GET answers it (intervals with start/end, derived `text`) -> the seed's shape."""
    if not isinstance(item, dict):
        return item
    out = {k: v for k, v in item.items() if k != "text" and not (k == "name" and v in ("", None))}
    if isinstance(item.get("weekly"), dict):
        out["weekly"] = {day: [_interval(i) for i in items] if isinstance(items, list) else items
                         for day, items in item["weekly"].items() if items != []}
    return out


def _hours(current: dict[str, Any], body: Any) -> Any:
    if not isinstance(body, dict):
        return body
    hours = dict(current)
    for key, value in body.items():
        if key == "text":
            continue
        if key == "weekly" and isinstance(value, dict):  # the days given replace those days only
            weekly = dict(current.get("weekly", {}))
            for day, items in value.items():
                weekly[day] = [_interval(i) for i in items] if isinstance(items, list) else items
            hours["weekly"] = {day: items for day, items in weekly.items() if items != []}
        elif key == "seasons" and isinstance(value, list):  # the list given replaces the seasons
            if value:
                hours["seasons"] = [_season(x) for x in value]
            else:
                hours.pop("seasons", None)
        elif key in ("slots", "monthly_closures") and value in (None, []) or key == "by_appointment" and value is False:
            hours.pop(key, None)
        elif key == "monthly_closures":
            hours[key] = _without_derived(value)
        else:
            hours[key] = value
    return hours


def _without_derived(items: Any) -> Any:
    """Closures as GET shows them, back in the seed's shape: `localized` is the answer's, not data."""
    if not isinstance(items, list):
        return items
    return [{k: v for k, v in item.items() if k != "localized" and not (k.endswith("_i18n") and v == {})}
            if isinstance(item, dict) else item for item in items]


def _sources(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return [{k: v for k, v in s.items() if v is not None} if isinstance(s, dict) else s for s in value]


def site_record(current: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """`current` (seed shape, or {"id": ...} for a new site) with the body's fields applied."""
    _unknown(body, SITE_FIELDS, SITE_DERIVED)
    record = dict(current)
    for key, value in body.items():
        if key in SITE_DERIVED:
            continue
        if key == "description_i18n" and value == {}:
            record.pop(key, None)
            continue
        if key == "hours":
            record["hours"] = _hours(current.get("hours", {"weekly": {}}), value)
        elif key == "sources":
            record["sources"] = _sources(value)
        elif key == "closures":
            record["closures"] = _without_derived(value)
        elif key in ("retired", "ll2_pad_id") and value in (None, False):
            record.pop(key, None)
        else:
            record[key] = value
    return record


RULE_FIELDS = ("kind", "title", "site", "region", "lead_days", "passport_required", "guided_only", "min_age",
               "group_min", "group_max", "allowed_nationalities", "photography", "documents", "notes", "sources",
               "title_i18n", "notes_i18n")
RULE_DERIVED = ("id", "text", "note", "localized")
_RULE_OPTIONAL = ("site", "region", "lead_days", "min_age", "group_min", "group_max", "allowed_nationalities",
                  "documents", "title_i18n", "notes_i18n")


def rule_record(current: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """`current` (seed shape, or {"id": ...} for a new rule) with the body's fields applied; null, {} or []
    clears an optional field (moving a rule from a site to its region: {"site": null, "region": ...})."""
    _unknown(body, RULE_FIELDS, RULE_DERIVED)
    record = dict(current)
    for key, value in body.items():
        if key in RULE_DERIVED:
            continue
        if key in _RULE_OPTIONAL and value in (None, [], {}):
            record.pop(key, None)
        elif key == "sources":
            record["sources"] = _sources(value)
        else:
            record[key] = value
    record.setdefault("sources", [{"title": "Operator API", "confidence": "M"}])
    return record


def _utc(value: Any, field: str, errors: dict[str, str]) -> Any:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        errors[field] = f"{str(value)[:40]!r} is not an ISO 8601 instant"
        return value
    if parsed.tzinfo is None:
        errors[field] = "give an offset (Z or +05:00): a launch time without one is ambiguous"
        return value
    if not bounds.in_range(parsed.date()):
        errors[field] = f"must be between {bounds.FIRST_DATE} and {bounds.LAST_DATE}"
        return value
    return instant(parsed.astimezone(UTC))


def launch_record(current: dict[str, Any], body: dict[str, Any], pad_timezone: dict[str, str], now: datetime
                  ) -> dict[str, Any]:
    """`current` (seed shape, or {} for a new launch) with the body's fields applied."""
    _unknown(body, LAUNCH_FIELDS, LAUNCH_DERIVED)
    errors: dict[str, str] = {}
    record = dict(current)
    for key, value in body.items():
        if key in LAUNCH_DERIVED or key == "net_local":
            continue
        if key in ("net", "window_start", "window_end"):
            if value is None and key != "net":
                record.pop(key, None)
            else:
                record[key] = _utc(value, key, errors)
        elif key == "rollout":
            if isinstance(value, dict) and "days_before" in value:
                record["rollout_days_before"] = value["days_before"]
        elif key == "sources":
            record["sources"] = _sources(value)
        elif key == "ll2_id" and value is None:
            record.pop("ll2_id", None)
        else:
            record[key] = value
    if "net_local" in body and "net" not in body:
        tz = pad_timezone.get(str(record.get("pad")), "")
        try:
            local = datetime.fromisoformat(str(body["net_local"]))
            if not bounds.in_range(local.date()):
                raise ValueError("out of range")
            if local.tzinfo is None:
                local = local.replace(tzinfo=zone(tz))
            record["net"] = instant(local.astimezone(UTC))
        except (ValueError, KeyError):
            errors["net_local"] = "give the pad's local time like 2027-03-18T15:44"
    if errors:
        raise ShapeError(errors)
    record.setdefault("sources", [{"title": "Operator API", "confidence": "M"}])
    record["last_updated"] = instant(now)
    return record
