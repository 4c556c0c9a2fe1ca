"""A trip's versions: list them, compare two, restore one as the newest (re-planned against today's
catalogue, so a restore never brings back a launch time that is no longer true)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..store.tables import TripRow, TripVersionRow
from .changes import Changes, compare
from .trips import TripView, _version, editable_trip, save_replanned


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
    against today's catalogue and saved as a new version (through save_version: one writer per trip)."""

    def source(session: Session, trip: TripRow) -> tuple[object, date]:
        old = _version(session, trip, number)
        return old.request, date.fromisoformat(str(old.request.get("booking_date")))

    return save_replanned(engine, token, source, f"version {number} was restored",
                          expected_version=expected_version)
