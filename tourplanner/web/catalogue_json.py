"""Catalogue objects in the JSON shape of DESIGN.md's contract."""
from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, tzinfo
from typing import Any

from ..planning.describe import describe_hours, describe_rule, hhmm
from ..planning.launch_times import rollout_start
from ..planning.model import WEEKDAYS, AccessRule, Catalogue, Interval, Launch, Site
from ..planning.tz import zone
from .catalogue_text import localized_json


def iso_utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _week_json(weekly: tuple[tuple[Interval, ...], ...]) -> dict[str, list[dict[str, str | None]]]:
    return {
        WEEKDAYS[day]: [
            {"start": hhmm(i.start), "end": hhmm(i.end),
             "last_admission": hhmm(i.last_admission) if i.last_admission else None}
            for i in intervals
        ]
        for day, intervals in enumerate(weekly)
    }


def _hours_json(site: Site) -> dict[str, Any]:
    hours = site.hours
    return {
        "weekly": _week_json(hours.weekly),
        "seasons": [{"name": s.name, "start": f"{s.start_month:02d}-{s.start_day:02d}",
                     "end": f"{s.end_month:02d}-{s.end_day:02d}", "weekly": _week_json(s.weekly)}
                    for s in hours.seasons],
        "by_appointment": hours.by_appointment,
        "monthly_closures": [
            {"weekday": WEEKDAYS[m.weekday], "week": m.week, "reason": m.reason,
             "reason_i18n": dict(m.reason_i18n), "localized": localized_json(m, ("reason",))}
            for m in hours.monthly_closures
        ],
        "slots": asdict(hours.slots) if hours.slots else None,
        "notes": hours.notes,
        "placeholder": hours.placeholder,
        "text": describe_hours(hours),
    }


def rule_json(rule: AccessRule) -> dict[str, Any]:
    return {
        "id": rule.id, "kind": rule.kind, "title": rule.title, "site": rule.site, "region": rule.region,
        "lead_days": dict(rule.lead_days), "passport_required": rule.passport_required,
        "guided_only": rule.guided_only, "min_age": rule.min_age, "group_min": rule.group_min,
        "group_max": rule.group_max, "allowed_nationalities": list(rule.allowed_nationalities),
        "photography": rule.photography, "documents": list(rule.documents), "notes": rule.notes, "text": describe_rule(rule),
        "sources": [asdict(s) for s in rule.sources],
        "title_i18n": dict(rule.title_i18n), "notes_i18n": dict(rule.notes_i18n),
        "localized": localized_json(rule, ("title", "notes")),
    }


def site_json(site: Site, catalogue: Catalogue) -> dict[str, Any]:
    return {
        "id": site.id, "name": site.name, "name_ru": site.name_ru, "name_kk": site.name_kk, "kind": site.kind,
        "region": site.region, "retired": site.retired, "ll2_pad_id": site.ll2_pad_id,
        "country": site.country, "lat": site.lat, "lon": site.lon, "timezone": site.timezone,
        "visit_minutes": site.visit_minutes, "description": site.description, "address": site.address,
        "coordinates_confidence": site.coordinates_confidence, "what_to_bring": site.what_to_bring,
        "hours": _hours_json(site),
        "closures": [{"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": c.reason,
                      "reason_i18n": dict(c.reason_i18n), "localized": localized_json(c, ("reason",))}
                     for c in site.closures],
        "yearly_closures": [{"start": f"{y.start_month:02d}-{y.start_day:02d}",
                             "end": f"{y.end_month:02d}-{y.end_day:02d}", "reason": y.reason,
                             "reason_i18n": dict(y.reason_i18n), "localized": localized_json(y, ("reason",)),
                             "from_year": y.from_year, "confirmed": False, "notes": y.notes,
                             "sources": [asdict(s) for s in y.sources]} for y in site.yearly_closures],
        "point": site.point, "description_i18n": dict(site.description_i18n),
        "localized": localized_json(site, ("name", "description")),
        "access": [rule_json(r) for r in catalogue.rules_for(site)],
        "sources": [asdict(s) for s in site.sources],
    }


def _local(value: datetime | None, local_zone: tzinfo) -> str | None:
    return value.astimezone(local_zone).isoformat() if value else None


def launch_json(launch: Launch, catalogue: Catalogue) -> dict[str, Any]:
    pad = catalogue.site(launch.pad)
    pad_zone = zone(pad.timezone)
    rollout = rollout_start(launch, pad_zone)
    return {
        "id": launch.id, "mission": launch.mission, "vehicle": launch.vehicle, "pad": launch.pad,
        "pad_name": pad.name, "timezone": pad.timezone,
        "net": iso_utc(launch.net), "net_local": _local(launch.net, pad_zone),
        "window_start": iso_utc(launch.window_start) if launch.window_start else None,
        "window_end": iso_utc(launch.window_end) if launch.window_end else None,
        "status": launch.status.value, "precision": launch.precision.value, "crewed": launch.crewed,
        "rollout": {"utc": iso_utc(rollout), "local": rollout.isoformat(),
                    "days_before": launch.rollout_days_before},
        "last_updated": iso_utc(launch.last_updated), "notes": launch.notes, "ll2_id": launch.ll2_id,
        "sources": [asdict(s) for s in launch.sources],
    }
