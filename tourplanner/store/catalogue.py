"""Catalogue <-> rows: the seed upsert and to_domain(), the only place that knows both shapes."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import time
from typing import Any

from sqlmodel import Session, col, delete, select

from ..planning.model import (
    AccessRule,
    Catalogue,
    Closure,
    Interval,
    Launch,
    LaunchStatus,
    MonthlyClosure,
    OpeningHours,
    Precision,
    Region,
    RolloutRule,
    Site,
    Source,
    TourSlots,
    Transfer,
    TravelModel,
    YearlyClosure,
    texts,
)
from .seed_json import season_from_json, season_json
from .tables import (
    AccessRuleRow,
    CatalogueSettingRow,
    ClosureRow,
    LaunchRow,
    MonthlyClosureRow,
    OpeningIntervalRow,
    RegionRow,
    SiteRow,
    TransferRow,
    YearlyClosureRow,
)


@dataclass
class UpsertReport:
    """What a seed load did, per kind of record, so `init` can say it and tests can check it."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept_operator_edits: list[str] = field(default_factory=list)

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        parts = [f"{n} {k} created" for k, n in sorted(self.created.items())]
        parts += [f"{n} {k} updated" for k, n in sorted(self.updated.items())]
        if self.kept_operator_edits:
            parts.append(f"{len(self.kept_operator_edits)} operator edits kept")
        return ", ".join(parts) or "nothing changed"


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:  # JSON without empty keys
    return [{k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(s).items() if v not in (None, ())}
            for s in sources]


def _sources_back(rows: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(Source(**{**row, "about": tuple(row.get("about", ()))}) for row in rows)


# --- domain -> rows ------------------------------------------------------------------------------


def _region_row(region: Region) -> RegionRow:
    return RegionRow(id=region.id, name=region.name, timezone=region.timezone, lat=region.lat,
                     lon=region.lon, lodging=region.lodging, road_factor=region.road_factor,
                     speed_kmh=region.speed_kmh, gateway=region.gateway, notes=region.notes,
                     sources=_sources(region.sources))


def _site_rows(site: Site) -> tuple[SiteRow, list[Any]]:
    hours = site.hours
    row = SiteRow(
        id=site.id, name=site.name, name_ru=site.name_ru, name_kk=site.name_kk, kind=site.kind,
        region_id=site.region, retired=site.retired, ll2_pad_id=site.ll2_pad_id,
        country=site.country, lat=site.lat, lon=site.lon, timezone=site.timezone,
        visit_minutes=site.visit_minutes, description=site.description, address=site.address,
        coordinates_confidence=site.coordinates_confidence, what_to_bring=site.what_to_bring,
        notes=site.notes, by_appointment=hours.by_appointment, hours_notes=hours.notes,
        hours_placeholder=hours.placeholder, point=site.point,
        slot_every_minutes=hours.slots.every_minutes if hours.slots else None,
        slot_capacity=hours.slots.capacity if hours.slots else None,
        slot_duration_minutes=hours.slots.duration_minutes if hours.slots else None,
        sources=_sources(site.sources), hours_seasons=[season_json(s) for s in hours.seasons],
        description_i18n=dict(site.description_i18n),
    )
    children: list[Any] = [
        OpeningIntervalRow(site_id=site.id, weekday=day, start=i.start, end=i.end, last_admission=i.last_admission)
        for day, intervals in enumerate(hours.weekly)
        for i in intervals
    ]
    children += [MonthlyClosureRow(site_id=site.id, weekday=m.weekday, week=m.week, reason=m.reason,
                                   reason_i18n=dict(m.reason_i18n))
                 for m in hours.monthly_closures]
    children += [ClosureRow(site_id=site.id, start=c.start, end=c.end, reason=c.reason,
                            reason_i18n=dict(c.reason_i18n)) for c in site.closures]
    children += [YearlyClosureRow(site_id=site.id, start_month=y.start_month, start_day=y.start_day,
                                  end_month=y.end_month, end_day=y.end_day, reason=y.reason,
                                  from_year=y.from_year, notes=y.notes, sources=_sources(y.sources),
                                  reason_i18n=dict(y.reason_i18n))
                 for y in site.yearly_closures]
    return row, children


def _rule_row(rule: AccessRule) -> AccessRuleRow:
    return AccessRuleRow(
        id=rule.id, kind=rule.kind, title=rule.title, site_id=rule.site, region_id=rule.region,
        lead_days=dict(rule.lead_days), passport_required=rule.passport_required,
        guided_only=rule.guided_only, min_age=rule.min_age, group_min=rule.group_min,
        group_max=rule.group_max, allowed_nationalities=list(rule.allowed_nationalities),
        photography=rule.photography, documents=list(rule.documents), notes=rule.notes,
        sources=_sources(rule.sources),
        title_i18n=dict(rule.title_i18n), notes_i18n=dict(rule.notes_i18n),
    )


def _transfer_row(t: Transfer) -> TransferRow:
    return TransferRow(
        id=t.id, origin_region=t.origin, destination_region=t.destination, mode=t.mode,
        duration_minutes=t.duration_minutes, depart_earliest=t.depart_earliest,
        depart_latest=t.depart_latest, description=t.description, sources=_sources(t.sources),
    )


def launch_row(launch: Launch) -> LaunchRow:
    return LaunchRow(
        id=launch.id, mission=launch.mission, vehicle=launch.vehicle, pad_id=launch.pad,
        net=launch.net,
        window_start=launch.window_start,
        window_end=launch.window_end,
        status=launch.status.value, precision=launch.precision.value,
        last_updated=launch.last_updated, crewed=launch.crewed,
        rollout_days_before=launch.rollout_days_before, rollout_local_time=launch.rollout_local_time,
        notes=launch.notes, sources=_sources(launch.sources), ll2_id=launch.ll2_id,
    )


# --- rows -> domain ------------------------------------------------------------------------------


def region_from_row(row: RegionRow) -> Region:
    return Region(id=row.id, name=row.name, timezone=row.timezone, lat=row.lat, lon=row.lon, lodging=row.lodging,
                  road_factor=row.road_factor, speed_kmh=row.speed_kmh, gateway=row.gateway, notes=row.notes,
                  sources=_sources_back(row.sources))


def site_from_rows(row: SiteRow, intervals: list[OpeningIntervalRow], monthly: list[MonthlyClosureRow],
                   closures: list[ClosureRow], yearly: list[YearlyClosureRow] | None = None) -> Site:
    weekly: list[list[Interval]] = [[] for _ in range(7)]
    for i in sorted(intervals, key=lambda r: (r.weekday, r.start)):
        weekly[i.weekday].append(Interval(start=i.start, end=i.end, last_admission=i.last_admission))
    slots = (TourSlots(row.slot_every_minutes, row.slot_capacity or 0, row.slot_duration_minutes or 0)
             if row.slot_every_minutes else None)
    hours = OpeningHours(
        weekly=tuple(tuple(day) for day in weekly), by_appointment=row.by_appointment,
        monthly_closures=tuple(MonthlyClosure(m.weekday, m.week, m.reason, texts(m.reason_i18n))
                               for m in sorted(monthly, key=lambda m: (m.week, m.weekday))),
        slots=slots, notes=row.hours_notes, placeholder=row.hours_placeholder,
        seasons=tuple(season_from_json(s) for s in row.hours_seasons or ()),
    )
    return Site(
        id=row.id, name=row.name, name_ru=row.name_ru, kind=row.kind, region=row.region_id,
        country=row.country, lat=row.lat, lon=row.lon, timezone=row.timezone,
        visit_minutes=row.visit_minutes, description=row.description, address=row.address, hours=hours,
        closures=tuple(Closure(c.start, c.end, c.reason, texts(c.reason_i18n)) for c in sorted(closures, key=lambda c: c.start)),
        sources=_sources_back(row.sources), coordinates_confidence=row.coordinates_confidence,
        what_to_bring=row.what_to_bring, notes=row.notes, name_kk=row.name_kk, retired=row.retired,
        ll2_pad_id=row.ll2_pad_id, point=row.point, description_i18n=texts(row.description_i18n),
        yearly_closures=tuple(
            YearlyClosure(y.start_month, y.start_day, y.end_month, y.end_day, y.reason, y.from_year, y.notes,
                          _sources_back(y.sources), texts(y.reason_i18n))
            for y in sorted(yearly or (), key=lambda y: (y.start_month, y.start_day, y.id or 0))),
    )


def rule_from_row(row: AccessRuleRow) -> AccessRule:
    return AccessRule(
        id=row.id, kind=row.kind, title=row.title, site=row.site_id, region=row.region_id,
        lead_days=tuple(sorted(row.lead_days.items())), passport_required=row.passport_required,
        guided_only=row.guided_only, min_age=row.min_age, group_min=row.group_min, group_max=row.group_max,
        allowed_nationalities=tuple(row.allowed_nationalities), photography=row.photography,
        documents=tuple(row.documents or ()), notes=row.notes, sources=_sources_back(row.sources),
        title_i18n=texts(row.title_i18n), notes_i18n=texts(row.notes_i18n),
    )


def transfer_from_row(row: TransferRow) -> Transfer:
    return Transfer(
        id=row.id, origin=row.origin_region, destination=row.destination_region, mode=row.mode,
        duration_minutes=row.duration_minutes, depart_earliest=row.depart_earliest,
        depart_latest=row.depart_latest, description=row.description, sources=_sources_back(row.sources),
    )


def launch_from_row(row: LaunchRow) -> Launch:
    return Launch(
        id=row.id, mission=row.mission, vehicle=row.vehicle, pad=row.pad_id, net=row.net,
        status=LaunchStatus(row.status), precision=Precision(row.precision),
        last_updated=row.last_updated,
        window_start=row.window_start,
        window_end=row.window_end,
        crewed=row.crewed, rollout_days_before=row.rollout_days_before,
        rollout_local_time=row.rollout_local_time, notes=row.notes, sources=_sources_back(row.sources),
        revision=row.revision, ll2_id=row.ll2_id,
    )


def _travel_model(session: Session) -> TravelModel:
    row = session.get(CatalogueSettingRow, "travel_model")
    return TravelModel(**row.value) if row else TravelModel()


def _rule_to_json(rule: RolloutRule) -> dict[str, Any]:
    return {"days_before": rule.days_before, "local_time": rule.local_time.isoformat("minutes"),
            "vehicle": rule.vehicle, "pad": rule.pad, "crewed": rule.crewed, "notes": rule.notes,
            "sources": _sources(rule.sources)}


def _rollout_rules(session: Session) -> tuple[RolloutRule, ...]:
    row = session.get(CatalogueSettingRow, "rollout_rules")
    if row is None:
        return ()
    return tuple(
        RolloutRule(days_before=r["days_before"], local_time=time.fromisoformat(r["local_time"]),
                    vehicle=r["vehicle"], pad=r["pad"], crewed=r["crewed"], notes=r["notes"],
                    sources=_sources_back(r["sources"]))
        for r in row.value["rules"]
    )


def to_domain(session: Session) -> Catalogue:
    """The whole catalogue as domain objects (it is small: a few dozen rows)."""
    by_site: dict[str, tuple[list[OpeningIntervalRow], list[MonthlyClosureRow], list[ClosureRow],
                             list[YearlyClosureRow]]] = {}
    for site_row in session.exec(select(SiteRow)).all():
        by_site[site_row.id] = ([], [], [], [])
    for i in session.exec(select(OpeningIntervalRow)).all():
        by_site[i.site_id][0].append(i)
    for m in session.exec(select(MonthlyClosureRow)).all():
        by_site[m.site_id][1].append(m)
    for c in session.exec(select(ClosureRow)).all():
        by_site[c.site_id][2].append(c)
    for y in session.exec(select(YearlyClosureRow)).all():
        by_site[y.site_id][3].append(y)
    sites = tuple(site_from_rows(row, *by_site[row.id])
                  for row in session.exec(select(SiteRow).order_by(col(SiteRow.id))).all())
    return Catalogue(
        sites=sites,
        regions=tuple(region_from_row(r) for r in session.exec(select(RegionRow).order_by(col(RegionRow.id)))),
        access_rules=tuple(rule_from_row(r) for r in
                           session.exec(select(AccessRuleRow).order_by(col(AccessRuleRow.id)))),
        transfers=tuple(transfer_from_row(r) for r in
                        session.exec(select(TransferRow).order_by(col(TransferRow.id)))),
        launches=tuple(launch_from_row(r) for r in
                       session.exec(select(LaunchRow).order_by(col(LaunchRow.net), col(LaunchRow.id)))),
        travel=_travel_model(session),
        rollout_rules=_rollout_rules(session),
    )


# --- the upsert ----------------------------------------------------------------------------------


BOOKKEEPING = ("origin", "revision")


def _same(row: Any, new: Any) -> bool:
    return all(getattr(row, name) == getattr(new, name) for name in type(new).model_fields
               if name not in BOOKKEEPING)


def _upsert_row(session: Session, report: UpsertReport, kind: str, new: Any) -> bool:
    """Insert or refresh a seed row; True when it was written. Operator-edited rows are kept."""
    existing = session.get(type(new), new.id)
    if existing is None:
        session.add(new)
        report.count(report.created, kind)
        return True
    if existing.origin == "operator":
        report.kept_operator_edits.append(f"{kind} {new.id}")
        return False
    if _same(existing, new):
        return False
    for name in type(new).model_fields:
        if name not in BOOKKEEPING:
            setattr(existing, name, getattr(new, name))
    if hasattr(existing, "revision"):
        existing.revision += 1
    report.count(report.updated, kind)
    return True


SITE_CHILD_TABLES = (OpeningIntervalRow, MonthlyClosureRow, ClosureRow, YearlyClosureRow)


def _site_children(session: Session, site_id: str) -> list[Any]:
    rows: list[Any] = []
    for table in SITE_CHILD_TABLES:
        site_column: Any = table.site_id
        rows += session.exec(select(table).where(site_column == site_id)).all()
    return rows


def _child_key(row: Any) -> tuple[Any, ...]:
    fields = [n for n in type(row).model_fields if n != "id"]
    return (type(row).__name__, *(getattr(row, n) for n in fields))


def upsert_catalogue(session: Session, catalogue: Catalogue) -> UpsertReport:
    """Bring the seed into the database; a second run with the same seed writes nothing."""
    report = UpsertReport()
    for region in catalogue.regions:
        _upsert_row(session, report, "regions", _region_row(region))
    session.flush()
    for site in catalogue.sites:
        row, children = _site_rows(site)
        existing = session.get(SiteRow, site.id)
        if existing is not None and existing.origin == "operator":
            report.kept_operator_edits.append(f"sites {site.id}")
            continue
        wrote = _upsert_row(session, report, "sites", row)
        session.flush()
        old = _site_children(session, site.id)
        if sorted(map(_child_key, old), key=repr) != sorted(map(_child_key, children), key=repr):
            for table in SITE_CHILD_TABLES:
                site_column: Any = table.site_id
                session.exec(delete(table).where(site_column == site.id))
            session.add_all(children)
            if not wrote and existing is not None:
                report.count(report.updated, "sites")
    session.flush()
    for rule in catalogue.access_rules:
        _upsert_row(session, report, "access rules", _rule_row(rule))
    for transfer in catalogue.transfers:
        _upsert_row(session, report, "transfers", _transfer_row(transfer))
    for launch in catalogue.launches:
        _upsert_row(session, report, "launches", launch_row(launch))
    _upsert_setting(session, report, "travel_model", asdict(catalogue.travel))
    _upsert_setting(session, report, "rollout_rules", {"rules": [_rule_to_json(r) for r in catalogue.rollout_rules]})
    session.flush()
    return report


def _upsert_setting(session: Session, report: UpsertReport, key: str, value: dict[str, Any]) -> None:
    setting = session.get(CatalogueSettingRow, key)
    if setting is None:
        session.add(CatalogueSettingRow(key=key, value=value))
        report.count(report.created, "settings")
    elif setting.value != value:
        setting.value = value
        report.count(report.updated, "settings")




# --- single records (operator edits, LL2 sync) ------------------------------------------------------


def _upsert(session: Session, table: Any, row: Any, key: str, *, keep: Collection[str] = ()) -> Any:
    """Insert `row`, or copy its fields (but those in `keep`) onto the stored row with that key."""
    existing = session.get(table, key)
    if existing is None:
        session.add(row)
        session.flush()
        return row
    for name in table.model_fields:
        if name not in keep:
            setattr(existing, name, getattr(row, name))
    session.add(existing)
    session.flush()
    return existing


def write_site(session: Session, site: Site, *, origin: str = "operator") -> None:
    """Insert or replace one site and its hours/closures; `origin` keeps later seed loads off it."""
    row, children = _site_rows(site)
    row.origin = origin
    _upsert(session, SiteRow, row, site.id)
    for table in SITE_CHILD_TABLES:
        site_column: Any = table.site_id
        session.exec(delete(table).where(site_column == site.id))
    session.add_all(children)
    session.flush()


def write_launch(session: Session, launch: Launch, *, origin: str = "operator") -> LaunchRow:
    """Insert or replace one launch; its `revision` grows (the feeds' SEQUENCE)."""
    row = launch_row(launch)
    row.origin = origin
    saved: LaunchRow = _upsert(session, LaunchRow, row, launch.id, keep=BOOKKEEPING)
    if saved is not row:
        saved.origin = origin
        saved.revision += 1
        session.add(saved)
        session.flush()
    return saved


def write_rule(session: Session, rule: AccessRule, *, origin: str = "operator") -> None:
    """Insert or replace one access rule."""
    row = _rule_row(rule)
    row.origin = origin
    _upsert(session, AccessRuleRow, row, rule.id)
