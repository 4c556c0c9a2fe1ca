"""SQLModel tables. Instants are aware datetimes, kept in UTC by sqlmodel's UTCDateTime type.

Catalogue rows carry `origin`: "seed" rows are refreshed by `tourplanner init`, "operator" rows were
edited by an operator and are left alone by later seed loads, so a deploy never undoes a launch slip.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class RegionRow(SQLModel, table=True):
    __tablename__ = "region"
    id: str = Field(primary_key=True, max_length=64)
    name: str
    timezone: str = Field(max_length=64)
    lat: float
    lon: float
    lodging: str = ""
    road_factor: float | None = None
    speed_kmh: float | None = None
    gateway: bool = False
    notes: str = ""
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    origin: str = Field(default="seed", max_length=16)


class SiteRow(SQLModel, table=True):
    __tablename__ = "site"
    id: str = Field(primary_key=True, max_length=64)
    name: str
    name_ru: str = ""
    name_kk: str = ""
    kind: str = Field(max_length=32)
    region_id: str = Field(foreign_key="region.id", index=True, max_length=64)
    country: str = Field(max_length=2)
    lat: float
    lon: float
    timezone: str = Field(max_length=64)
    visit_minutes: int
    description: str = ""
    address: str = ""
    coordinates_confidence: str = Field(default="M", max_length=16)
    what_to_bring: str = ""
    notes: str = ""
    by_appointment: bool = False
    hours_notes: str = ""
    hours_placeholder: bool = False  # the weekly hours are a stand-in, not published ones
    point: str = ""  # what lat/lon mark (entrance, viewing point, building)
    slot_every_minutes: int | None = None
    slot_capacity: int | None = None
    slot_duration_minutes: int | None = None
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    origin: str = Field(default="seed", max_length=16)
    retired: bool = False  # kept for the trips that refer to it, offered to nobody
    ll2_pad_id: int | None = None  # Launch Library 2's pad id: how a sync finds this pad
    # seasonal hours in the seed's shape ([{name, start, end, weekly}]): read whole, never queried
    hours_seasons: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    description_i18n: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OpeningIntervalRow(SQLModel, table=True):
    __tablename__ = "opening_interval"
    id: int | None = Field(default=None, primary_key=True)
    site_id: str = Field(foreign_key="site.id", index=True, max_length=64)
    weekday: int  # 0 = Monday
    start: time
    end: time
    last_admission: time | None = None


class MonthlyClosureRow(SQLModel, table=True):
    __tablename__ = "monthly_closure"
    id: int | None = Field(default=None, primary_key=True)
    site_id: str = Field(foreign_key="site.id", index=True, max_length=64)
    weekday: int
    week: int
    reason: str
    reason_i18n: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ClosureRow(SQLModel, table=True):
    __tablename__ = "closure"
    id: int | None = Field(default=None, primary_key=True)
    site_id: str = Field(foreign_key="site.id", index=True, max_length=64)
    start: date
    end: date
    reason: str
    reason_i18n: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class YearlyClosureRow(SQLModel, table=True):
    """An expected closure on about the same dates every year (month/day), not confirmed for any year."""

    __tablename__ = "yearly_closure"
    id: int | None = Field(default=None, primary_key=True)
    site_id: str = Field(foreign_key="site.id", index=True, max_length=64)
    start_month: int
    start_day: int
    end_month: int
    end_day: int
    reason: str
    from_year: int | None = None
    notes: str = ""
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reason_i18n: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AccessRuleRow(SQLModel, table=True):
    __tablename__ = "access_rule"
    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=32)
    title: str
    site_id: str | None = Field(default=None, foreign_key="site.id", index=True, max_length=64)
    region_id: str | None = Field(default=None, foreign_key="region.id", index=True, max_length=64)
    lead_days: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    passport_required: bool = False
    guided_only: bool = False
    min_age: int | None = None
    group_min: int | None = None
    group_max: int | None = None
    allowed_nationalities: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    photography: str = ""
    documents: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str = ""
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    origin: str = Field(default="seed", max_length=16)
    title_i18n: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    notes_i18n: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class TransferRow(SQLModel, table=True):
    __tablename__ = "transfer"
    id: str = Field(primary_key=True, max_length=64)
    origin_region: str = Field(foreign_key="region.id", max_length=64)
    destination_region: str = Field(foreign_key="region.id", max_length=64)
    mode: str = Field(max_length=32)
    duration_minutes: int
    depart_earliest: time
    depart_latest: time
    description: str = ""
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    origin: str = Field(default="seed", max_length=16)


class LaunchRow(SQLModel, table=True):
    __tablename__ = "launch"
    id: str = Field(primary_key=True, max_length=64)
    mission: str
    vehicle: str = Field(max_length=64)
    pad_id: str = Field(foreign_key="site.id", index=True, max_length=64)
    net: datetime = Field(index=True)
    window_start: datetime | None = None
    window_end: datetime | None = None
    status: str = Field(max_length=16, index=True)
    precision: str = Field(max_length=16)
    last_updated: datetime
    crewed: bool = False
    rollout_days_before: int = 2
    rollout_local_time: time = time(7, 0)
    notes: str = ""
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    revision: int = 0
    origin: str = Field(default="seed", max_length=16)
    ll2_id: str | None = Field(default=None, index=True, max_length=64)  # Launch Library 2 UUID, once matched


class LaunchSlipRow(SQLModel, table=True):
    """Every NET change of a launch (operator, LL2 sync, CLI): travellers see how a launch slipped."""

    __tablename__ = "launch_slip"
    id: int | None = Field(default=None, primary_key=True)
    launch_id: str = Field(foreign_key="launch.id", index=True, max_length=64)
    old_net: datetime | None = None  # None: the launch was created
    new_net: datetime
    status: str = Field(max_length=16)
    source: str = Field(max_length=16)  # operator | ll2 | cli | seed
    at: datetime


class CatalogueSettingRow(SQLModel, table=True):
    """Small key/value settings of the catalogue: the default travel model, the roll-out rules."""

    __tablename__ = "catalogue_setting"
    key: str = Field(primary_key=True, max_length=64)
    value: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class CatalogueRevisionRow(SQLModel, table=True):
    """One row (id 1): a counter every catalogue write increments; caches and re-plans key on it."""

    __tablename__ = "catalogue_revision"
    id: int = Field(default=1, primary_key=True)
    value: int = 0


class CatalogueChangeRow(SQLModel, table=True):
    """A change of the catalogue: the audit log and the progress of its fan-out to saved trips.

    `summary` and `note` are public (travellers read them); `actor_id` says who and is never shown to them.
    """

    __tablename__ = "catalogue_change"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    revision: int = 0  # the catalogue revision this change produced
    actor_id: int | None = Field(default=None, foreign_key="operator.id")
    source: str = Field(max_length=16)  # operator | ll2 | cli | seed
    record: str = Field(index=True, max_length=128)  # launch:<id> | site:<id> | rule:<id> ...
    summary: str = ""
    note: str = ""
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    affected: int = 0
    done: int = 0
    failed: int = 0
    last_error: str = ""


class TripRow(SQLModel, table=True):
    __tablename__ = "trip"
    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(unique=True, index=True, max_length=64)
    launch_id: str | None = Field(default=None, index=True, max_length=64)  # re-planned when it slips
    version: int = 1
    created_at: datetime
    updated_at: datetime
    # Three links: `token` edits (the link handed out before there were three), `share_token` only shows,
    # `feed_token` only feeds calendars and can be revoked (NULL) and issued anew.
    share_token: str | None = Field(default=None, unique=True, index=True, max_length=64)
    feed_token: str | None = Field(default=None, unique=True, index=True, max_length=64)
    lang: str = Field(default="en", max_length=8)
    # Notifications: an address is used only once confirmed through the mail that carries `notify_key`,
    # which also unsubscribes. `notified_version`: the newest version a mail was sent about (or skipped).
    notify_email: str | None = Field(default=None, index=True, max_length=254)
    notify_key: str | None = Field(default=None, unique=True, index=True, max_length=64)
    notify_confirmed_at: datetime | None = None
    notified_version: int = 0


class TripMarkRow(SQLModel, table=True):
    """A trip that must be brought up to date with a catalogue change (no row: up to date).

    A table of its own, narrow and without foreign keys, so that marking ten thousand trips is one
    INSERT ... SELECT of small rows: updating the trips themselves rewrote every index of the trip table
    and ran a foreign-key check per row (about a second for 10,000 trips on PostgreSQL). Trips are never
    deleted; a job for a trip that is gone drops its mark.
    """

    __tablename__ = "trip_mark"
    trip_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    # The latest change the trip must be brought up to date with. Not indexed: the table holds only what
    # is pending and is read by trip (its key) or whole, and an index here would make every re-mark of
    # a marked trip rewrite it (no HOT update).
    change_id: int
    prev_change_id: int | None = None  # the change a re-mark took over (the marking reads it back)
    since: datetime
    queued_at: datetime | None = None  # a job holds the trip since then (the sweep skips it a while)
    error: str | None = None  # the last job gave up: shown to operators, not retried by the sweep


class TripVisitRow(SQLModel, table=True):
    """Which sites a trip's newest version visits on which day: the index closures and hours look up."""

    __tablename__ = "trip_visit"
    __table_args__ = (UniqueConstraint("trip_id", "site_id", "day"),
                      Index("ix_trip_visit_site_id_day", "site_id", "day"))
    id: int | None = Field(default=None, primary_key=True)
    trip_id: int = Field(foreign_key="trip.id")
    site_id: str = Field(max_length=64)
    day: date


class TripVersionRow(SQLModel, table=True):
    __tablename__ = "trip_version"
    __table_args__ = (UniqueConstraint("trip_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    trip_id: int = Field(foreign_key="trip.id", index=True)
    version: int
    reason: str = ""  # created, replanned by traveller, launch moved, ...
    by_traveller: bool = True  # False: made by a catalogue change (slip, closure, operator edit): mailed
    request: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    itinerary: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    revisions: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime


class OperatorRow(SQLModel, table=True):
    __tablename__ = "operator"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    password_hash: str
    active: bool = True
    created_at: datetime
    role: str = Field(default="editor", max_length=16)  # admin | editor
    session_epoch: int = 0  # sessions carry it; bumped on logout / password change: every session ends


class ApiTokenRow(SQLModel, table=True):
    """An operator's bearer token; only its SHA-256 is stored (the token is shown once)."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    operator_id: int = Field(foreign_key="operator.id", index=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    label: str = ""
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
