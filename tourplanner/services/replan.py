"""Re-planning saved trips after a catalogue change, each with its original booking date."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ..store import catalogue as store_catalogue
from ..store.tables import TripRow
from .trips import _latest, _replan_locked


def _replan_all(session: Session, trips: list[TripRow], reason: str) -> list[str]:
    """Re-plan trips inside the caller's transaction, each with its original booking date.

    Keeping the booking date means a slip never turns a permit deadline that was met into a missed one.
    """
    session.flush()
    catalogue = store_catalogue.to_domain(session)
    replanned = []
    for trip in trips:
        _, previous = _latest(session, trip.token)
        booking = date.fromisoformat(previous.request["booking_date"])
        _replan_locked(session, catalogue, trip, previous, previous.request, booking, reason=reason,
                       by_traveller=False)
        replanned.append(trip.token)
    return replanned
