"""A trip's versions: list them, compare two, restore one as the newest (re-planned against today's
catalogue, so a restore never brings back a launch time that is no longer true)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..store.db import transaction
from ..store.tables import TripVersionRow
from .catalogue import load_catalogue
from .changes import Changes, compare
from .trips import TripView, VersionConflict, _replan_locked, _version, _view, editable_trip


@dataclass(frozen=True)
class VersionInfo:
    version: int
    created_at: datetime
    reason: str
    by_traveller: bool


def list_versions(engine: Engine, token: str) -> list[VersionInfo]:
    """Newest first; edit link only (TripForbidden for the share link)."""
    with Session(engine) as session:
        trip = editable_trip(session, token)
        rows = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip.id)
                            .order_by(col(TripVersionRow.version).desc())).all()
        return [VersionInfo(r.version, r.created_at, r.reason, r.by_traveller) for r in rows]


def compare_versions(engine: Engine, token: str, old: int, new: int) -> Changes:
    with Session(engine) as session:
        trip = editable_trip(session, token)
        return compare(_version(session, trip, old).itinerary, _version(session, trip, new).itinerary)


def restore_version(engine: Engine, token: str, number: int, *, expected_version: int | None = None
                    ) -> TripView:
    """Version `number`'s request (its sites, pins, own items, notes and booking date) planned again
    against today's catalogue and saved as a new version."""
    catalogue = load_catalogue(engine)
    with transaction(engine) as session:
        trip = editable_trip(session, token)
        session.refresh(trip, with_for_update=True)
        if expected_version is not None and expected_version != trip.version:
            raise VersionConflict(trip.version)
        old = _version(session, trip, number)
        previous = _version(session, trip, trip.version)
        booking = date.fromisoformat(str(old.request.get("booking_date")))
        version = _replan_locked(session, catalogue, trip, previous, old.request, booking,
                                 reason=f"version {number} was restored")
        return _view(trip, version)
