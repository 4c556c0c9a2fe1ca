"""How every catalogue edit reaches saved trips: one audit record plus marks, in the edit's transaction.

`commit_change` is the single path for operator edits, the API, undo and the LL2 sync: it records the
change in `catalogue_change` (who, when, before/after, public summary and note; services/replan.py
bumps the catalogue revision) and marks the affected trips for the background re-planning. The trips
are named by a SQL condition (`Touched`), never listed: marking is one statement and the edit's
transaction stays short whatever the number of trips. After the transaction commits, the caller kicks
the queue (`tourplanner.background.kick`); the periodic sweep picks the marks up anyway.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import Session, col, select

from ..store.tables import TripRow, TripVersionRow, TripVisitRow
from .edits import AffectedTrip
from .replan import mark_where, record_change

PREVIEW_LIMIT = 100  # trips the preview lists by name; it counts them all


@dataclass(frozen=True)
class Applied:
    change_id: int | None  # None: the record was already like that, nothing written
    affected: int  # trips marked for re-planning
    record: str


@dataclass(frozen=True)
class Touched:
    """The trips an edit changes: `condition` on TripRow (None: none). For the preview's "visits on"
    list, the sites whose visits it touches, from `since` on, only on `days` when given."""

    condition: ColumnElement[bool] | None = None
    sites: tuple[str, ...] = ()
    since: date = date.min
    days: frozenset[date] | None = None


NOTHING = Touched()


def visiting(sites: Collection[str], since: date, days: Collection[date] | None = None) -> Touched:
    """The trips whose newest version visits one of `sites` from `since` on (on `days` only, if given)."""
    query = select(TripVisitRow.trip_id).where(col(TripVisitRow.site_id).in_(sorted(sites)),
                                               col(TripVisitRow.day) >= since)
    if days is not None:
        if not days:
            return NOTHING
        query = query.where(col(TripVisitRow.day).in_(sorted(days)))
    return Touched(col(TripRow.id).in_(query), tuple(sorted(sites)), since,
                   frozenset(days) if days is not None else None)


def affected_trips(session: Session, touched: Touched, limit: int | None = None) -> tuple[int, list[AffectedTrip]]:
    """The preview's count of affected trips and the first `limit` (PREVIEW_LIMIT) of them: dates, launch,
    touched days.

    Three queries whatever the number of trips (a launch with 10,000 trips previews in milliseconds).
    """
    if touched.condition is None:
        return 0, []
    count = int(session.exec(select(func.count()).select_from(TripRow).where(touched.condition)).one())
    rows = session.exec(select(TripRow.id, TripRow.launch_id, TripVersionRow.request)
                        .join(TripVersionRow, and_(col(TripVersionRow.trip_id) == col(TripRow.id),
                                                   col(TripVersionRow.version) == col(TripRow.version)))
                        .where(touched.condition).order_by(col(TripRow.id)).limit(PREVIEW_LIMIT if limit is None else limit)).all()
    days: dict[int, list[str]] = {}
    if touched.sites and rows:
        query = (select(col(TripVisitRow.trip_id), col(TripVisitRow.day))
                 .where(col(TripVisitRow.trip_id).in_([r[0] for r in rows]),
                        col(TripVisitRow.site_id).in_(touched.sites), col(TripVisitRow.day) >= touched.since)
                 .distinct().order_by(col(TripVisitRow.trip_id), col(TripVisitRow.day)))
        for visitor, day in session.exec(query).all():
            if touched.days is None or day in touched.days:
                days.setdefault(visitor, []).append(day.isoformat())
    out = []
    for trip_id, launch_id, request in rows:
        assert trip_id is not None
        data = dict(request or {})
        out.append(AffectedTrip(trip_id=trip_id, start_date=str(data.get("start_date", "")),
                                end_date=str(data.get("end_date", "")), launch=launch_id,
                                days=tuple(days.get(trip_id, ()))))
    return count, out


def commit_change(session: Session, *, actor_id: int | None, source: str, record: str, summary: str, note: str,
                  before: dict[str, Any] | None, after: dict[str, Any] | None, touched: Touched) -> Applied:
    """Record the change and mark its trips (one INSERT ... SELECT), inside the caller's transaction."""
    change = record_change(session, actor_id=actor_id, source=source, record=record, summary=summary,
                           note=note.strip(), before=before, after=after)
    marked = mark_where(session, change, touched.condition) if touched.condition is not None else 0
    return Applied(change_id=change.id, affected=marked, record=record)
