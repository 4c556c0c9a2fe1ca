"""Closure use cases: an operator closes a site for some dates; trips that visit it then follow."""
from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..store.db import transaction
from ..store.tables import TripRow
from .operators import OperatorError
from .replan import _replan_all
from .trips import _latest


def add_closure(engine: Engine, site_id: str, start: date, end: date, reason: str, *, actor: str) -> list[str]:
    """An operator closes a site for some dates; trips that planned a visit then are re-planned."""
    from ..store.tables import ClosureRow, SiteRow

    if end < start:
        raise OperatorError("the closure ends before it starts")
    if not reason.strip():
        raise OperatorError("say why the site is closed: travellers see the reason")
    with transaction(engine) as session:
        site = session.get(SiteRow, site_id)
        if site is None:
            raise LookupError(f"unknown site {site_id!r}")
        session.add(ClosureRow(site_id=site_id, start=start, end=end, reason=reason.strip()))
        site.origin = "operator"
        session.add(site)
        affected = [trip for trip in session.exec(select(TripRow).order_by(col(TripRow.id))).all()
                    if _visits_site_between(session, trip, site_id, start, end)]
        return _replan_all(session, affected, reason=f"{site.name} is closed {start}..{end}")


def _visits_site_between(session: Session, trip: TripRow, site_id: str, start: date, end: date) -> bool:
    _, version = _latest(session, trip.token)
    return any(item.get("site") == site_id and start <= date.fromisoformat(day["date"]) <= end
               for day in version.itinerary.get("days", []) for item in day.get("items", []))
