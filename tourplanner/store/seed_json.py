"""Domain catalogue -> the seed's JSON shape (data/sites.json), the input of store/validate.py.

Operator edits write the whole catalogue out in this shape with one record replaced and run the
seed's validator over it: one set of rules for `tourplanner init` and for every edit. The same
shapes are what the audit log keeps as a record's `before` and `after`.
"""
from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from ..planning.model import (
    WEEKDAYS,
    AccessRule,
    Catalogue,
    Interval,
    Launch,
    MonthlyClosure,
    OpeningHours,
    Region,
    RolloutRule,
    SeasonalHours,
    Site,
    Source,
    Texts,
    TourSlots,
    Transfer,
    YearlyClosure,
)


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def with_texts(out: dict[str, Any], **fields: Texts) -> dict[str, Any]:
    """`out` with each non-empty translation as {lang: text}; records without any keep their old shape
    (and their ETags)."""
    for name, value in fields.items():
        if value:
            out[name] = dict(value)
    return out


def sources_json(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    out = []
    for source in sources:
        item: dict[str, Any] = {"title": source.title, "confidence": source.confidence}
        if source.url:
            item["url"] = source.url
        if source.publication:
            item["publication"] = source.publication
        if source.date:
            item["date"] = source.date
        if source.about:
            item["about"] = list(source.about)
        out.append(item)
    return out


def interval_json(interval: Interval) -> dict[str, str]:
    item = {"open": hhmm(interval.start), "close": hhmm(interval.end)}
    if interval.last_admission is not None:
        item["last_admission"] = hhmm(interval.last_admission)
    return item


def hours_json(hours: OpeningHours) -> dict[str, Any]:
    out: dict[str, Any] = {"weekly": week_json(hours.weekly)}
    if hours.by_appointment:
        out["by_appointment"] = True
    if hours.monthly_closures:
        out["monthly_closures"] = [with_texts({"week": m.week, "weekday": WEEKDAYS[m.weekday], "reason": m.reason},
                                              reason_i18n=m.reason_i18n) for m in hours.monthly_closures]
    if hours.slots:
        out["slots"] = {"every_minutes": hours.slots.every_minutes, "capacity": hours.slots.capacity,
                        "duration_minutes": hours.slots.duration_minutes}
    if hours.notes:
        out["notes"] = hours.notes
    if hours.placeholder:
        out["placeholder"] = True
    if hours.seasons:
        out["seasons"] = [season_json(s) for s in hours.seasons]
    return out


def week_json(weekly: tuple[tuple[Interval, ...], ...]) -> dict[str, list[dict[str, str]]]:
    return {WEEKDAYS[day]: [interval_json(i) for i in intervals] for day, intervals in enumerate(weekly) if intervals}


def season_json(season: SeasonalHours) -> dict[str, Any]:
    out: dict[str, Any] = {"start": f"{season.start_month:02d}-{season.start_day:02d}",
                           "end": f"{season.end_month:02d}-{season.end_day:02d}", "weekly": week_json(season.weekly)}
    if season.name:
        out["name"] = season.name
    return out


def _week_from_json(raw: dict[str, Any]) -> tuple[tuple[Interval, ...], ...]:
    return tuple(tuple(Interval(time.fromisoformat(i["open"]), time.fromisoformat(i["close"]),
                                time.fromisoformat(i["last_admission"]) if i.get("last_admission") else None)
                       for i in raw.get(day, ())) for day in WEEKDAYS)


def season_from_json(raw: dict[str, Any]) -> SeasonalHours:
    """The stored (already validated) seed shape back: the store keeps seasons as this JSON."""
    sm, sd = (int(x) for x in raw["start"].split("-"))
    em, ed = (int(x) for x in raw["end"].split("-"))
    return SeasonalHours(sm, sd, em, ed, _week_from_json(raw["weekly"]), name=raw.get("name", ""))


def hours_from_json(raw: dict[str, Any]) -> OpeningHours:
    """A record's `hours` (seed shape, already validated) as OpeningHours: what the operator pages put
    in words. Raises KeyError/ValueError/TypeError on a shape the validator would refuse."""
    slots = raw.get("slots")
    return OpeningHours(
        weekly=_week_from_json(raw["weekly"]), by_appointment=bool(raw.get("by_appointment")),
        monthly_closures=tuple(MonthlyClosure(WEEKDAYS.index(m["weekday"]), m["week"], m["reason"])
                               for m in raw.get("monthly_closures", ())),
        slots=TourSlots(slots["every_minutes"], slots["capacity"], slots["duration_minutes"]) if slots else None,
        notes=raw.get("notes", ""), placeholder=bool(raw.get("placeholder")),
        seasons=tuple(season_from_json(s) for s in raw.get("seasons", ())))


def site_json(site: Site) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": site.id, "name": site.name, "name_ru": site.name_ru, "name_kk": site.name_kk, "kind": site.kind,
        "region": site.region, "country": site.country, "lat": site.lat, "lon": site.lon,
        "coordinates_confidence": site.coordinates_confidence, "timezone": site.timezone,
        "visit_minutes": site.visit_minutes, "description": site.description, "address": site.address,
        "what_to_bring": site.what_to_bring, "hours": hours_json(site.hours),
        "closures": [with_texts({"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": c.reason},
                                reason_i18n=c.reason_i18n) for c in site.closures],
        "notes": site.notes, "sources": sources_json(site.sources),
    }
    with_texts(out, description_i18n=site.description_i18n)
    if site.yearly_closures:
        out["yearly_closures"] = [yearly_closure_json(y) for y in site.yearly_closures]
    if site.point:
        out["point"] = site.point
    if site.retired:
        out["retired"] = True
    if site.ll2_pad_id is not None:
        out["ll2_pad_id"] = site.ll2_pad_id
    return out


def yearly_closure_json(rule: YearlyClosure) -> dict[str, Any]:
    out: dict[str, Any] = {"start": f"{rule.start_month:02d}-{rule.start_day:02d}",
                           "end": f"{rule.end_month:02d}-{rule.end_day:02d}", "reason": rule.reason,
                           "sources": sources_json(rule.sources)}
    with_texts(out, reason_i18n=rule.reason_i18n)
    if rule.from_year is not None:
        out["from_year"] = rule.from_year
    if rule.notes:
        out["notes"] = rule.notes
    return out


def launch_json(launch: Launch) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": launch.id, "mission": launch.mission, "vehicle": launch.vehicle, "pad": launch.pad,
        "net": instant(launch.net), "status": launch.status.value, "precision": launch.precision.value,
        "crewed": launch.crewed, "rollout_days_before": launch.rollout_days_before,
        "rollout_local_time": hhmm(launch.rollout_local_time), "last_updated": instant(launch.last_updated),
        "notes": launch.notes, "sources": sources_json(launch.sources),
    }
    if launch.window_start is not None:
        out["window_start"] = instant(launch.window_start)
    if launch.window_end is not None:
        out["window_end"] = instant(launch.window_end)
    if launch.ll2_id:
        out["ll2_id"] = launch.ll2_id
    return out


def rule_json(rule: AccessRule) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rule.id, "kind": rule.kind, "title": rule.title}
    if rule.site is not None:
        out["site"] = rule.site
    if rule.region is not None:
        out["region"] = rule.region
    if rule.lead_days:
        out["lead_days"] = dict(rule.lead_days)
    out.update(passport_required=rule.passport_required, guided_only=rule.guided_only)
    for name in ("min_age", "group_min", "group_max"):
        if getattr(rule, name) is not None:
            out[name] = getattr(rule, name)
    if rule.allowed_nationalities:
        out["allowed_nationalities"] = list(rule.allowed_nationalities)
    if rule.documents:
        out["documents"] = list(rule.documents)
    out.update(photography=rule.photography, notes=rule.notes, sources=sources_json(rule.sources))
    return with_texts(out, title_i18n=rule.title_i18n, notes_i18n=rule.notes_i18n)


def _region_json(region: Region) -> dict[str, Any]:
    out: dict[str, Any] = {"id": region.id, "name": region.name, "timezone": region.timezone, "lat": region.lat,
                           "lon": region.lon, "lodging": region.lodging, "gateway": region.gateway,
                           "notes": region.notes, "sources": sources_json(region.sources)}
    travel = {k: v for k, v in (("road_factor", region.road_factor), ("speed_kmh", region.speed_kmh)) if v is not None}
    if travel:
        out["travel"] = travel
    return out


def _transfer_json(t: Transfer) -> dict[str, Any]:
    return {"id": t.id, "origin": t.origin, "destination": t.destination, "mode": t.mode,
            "duration_minutes": t.duration_minutes, "depart_earliest": hhmm(t.depart_earliest),
            "depart_latest": hhmm(t.depart_latest), "description": t.description,
            "sources": sources_json(t.sources)}


def _rollout_json(rule: RolloutRule) -> dict[str, Any]:
    out: dict[str, Any] = {"days_before": rule.days_before, "local_time": hhmm(rule.local_time),
                           "notes": rule.notes, "sources": sources_json(rule.sources)}
    for name in ("vehicle", "pad", "crewed"):
        if getattr(rule, name) is not None:
            out[name] = getattr(rule, name)
    return out


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    """The whole catalogue as a seed document (gateway region first: the checker starts there)."""
    regions = sorted(catalogue.regions, key=lambda r: not r.gateway)
    return {
        "version": 1,
        "travel": {"road_factor": catalogue.travel.road_factor, "speed_kmh": catalogue.travel.speed_kmh,
                   "minimum_minutes": catalogue.travel.minimum_minutes},
        "regions": [_region_json(r) for r in regions],
        "sites": [site_json(s) for s in catalogue.sites],
        "access_rules": [rule_json(r) for r in catalogue.access_rules],
        "transfers": [_transfer_json(t) for t in catalogue.transfers],
        "rollout_rules": [_rollout_json(r) for r in catalogue.rollout_rules],
        "launches": [launch_json(x) for x in catalogue.launches],
    }
