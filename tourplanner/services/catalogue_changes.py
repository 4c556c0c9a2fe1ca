"""How every catalogue edit reaches saved trips: one audit record plus marks, in the edit's transaction.

`commit_change` is the single path for operator edits, the API, undo and the LL2 sync: it records the
change in `catalogue_change` (who, when, before/after, public summary and note; services/replan.py
bumps the catalogue revision) and marks the affected trips for the background re-planning. After the
transaction commits, the caller kicks the queue (`tourplanner.background.kick`); the periodic sweep
picks the marks up anyway.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from ..store.tables import TripRow, TripVersionRow
from .edits import AffectedTrip
from .replan import mark_affected, record_change


@dataclass(frozen=True)
class Applied:
    change_id: int | None  # None: the record was already like that, nothing written
    affected: tuple[int, ...]  # trip ids marked for re-planning
    record: str


def affected_trips(session: Session, touched: Mapping[int, list[date]]) -> list[AffectedTrip]:
    """The preview's list: each trip's dates and launch, and the days the change touches."""
    if not touched:
        return []
    ids = sorted(touched)
    trips = {t.id: t for t in session.exec(select(TripRow).where(col(TripRow.id).in_(ids))).all()}
    out = []
    for trip_id in ids:
        trip = trips.get(trip_id)
        if trip is None:
            continue
        version = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip_id,
                                                            TripVersionRow.version == trip.version)).first()
        request: dict[str, Any] = version.request if version else {}
        out.append(AffectedTrip(trip_id=trip_id, start_date=str(request.get("start_date", "")),
                                end_date=str(request.get("end_date", "")), launch=trip.launch_id,
                                days=tuple(d.isoformat() for d in touched[trip_id])))
    return out


def commit_change(session: Session, *, actor_id: int | None, source: str, record: str, summary: str, note: str,
                  before: dict[str, Any] | None, after: dict[str, Any] | None,
                  touched: Mapping[int, list[date]]) -> Applied:
    """Record the change and mark its trips, inside the caller's transaction."""
    change = record_change(session, actor_id=actor_id, source=source, record=record, summary=summary,
                           note=note.strip(), before=before, after=after)
    ids = sorted(touched)
    mark_affected(session, change, ids)
    return Applied(change_id=change.id, affected=tuple(ids), record=record)
