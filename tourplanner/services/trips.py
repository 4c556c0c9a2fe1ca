"""Traveller use cases: plan, save, read and re-plan a trip (each version kept)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..planning.model import Catalogue, Itinerary, PlanRequest
from ..store.db import transaction
from ..store.tables import TripRow, TripVersionRow
from ..store.times import utcnow
from .catalogue import load_catalogue


@dataclass(frozen=True)


class TripView:
    token: str
    version: int
    request: dict[str, Any]
    itinerary: dict[str, Any]
    revisions: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    reason: str = ""  # why this version exists: created, changed by traveller, launch moved, ...


class TripNotFound(LookupError):
    pass


def new_token() -> str:
    """128 random bits, URL-safe: a share link is the only key to a trip, so it must be unguessable."""
    return secrets.token_urlsafe(16)


def plan(catalogue: Catalogue, data: object, today: date, previous: dict[str, Any] | None = None
         ) -> tuple[PlanRequest, Itinerary]:
    """Validate a JSON plan request and plan it, with the earliest dates that would schedule what is
    missing (`suggestions`). Raises planning.serialize.RequestError on bad input.

    `previous`: the trip's current itinerary JSON, for automatic re-plans: when the launch has left the
    trip's dates, the trip keeps its days and transfers (planner.plan's `previous`).
    """
    from ..planning import serialize, suggest

    request = serialize.parse_request(data, today=today, catalogue=catalogue)
    before = serialize.itinerary_from_json(previous) if previous is not None else None
    return request, suggest.with_suggestions(request, catalogue, before)


def _revisions(previous: dict[str, Any], itinerary: Itinerary, catalogue: Catalogue, now: datetime
               ) -> dict[str, Any]:
    """Calendar SEQUENCE bookkeeping per item: it grows only for items whose calendar view changed."""
    from ..exports import revisions

    old = revisions.revisions_from_json(previous)
    return revisions.revisions_to_json(revisions.revise(old, itinerary, now, catalogue=catalogue))


def _view(trip: TripRow, version: TripVersionRow) -> TripView:
    return TripView(token=trip.token, version=trip.version, request=version.request,
                    itinerary=version.itinerary, revisions=version.revisions,
                    created_at=trip.created_at, updated_at=trip.updated_at, reason=version.reason)


def create_trip(engine: Engine, data: object, today: date) -> TripView:
    from ..planning import serialize

    catalogue = load_catalogue(engine)
    request, itinerary = plan(catalogue, data, today)
    now = utcnow()
    with transaction(engine) as session:
        trip = TripRow(token=new_token(), launch_id=request.launch, version=1, created_at=now, updated_at=now)
        session.add(trip)
        session.flush()
        assert trip.id is not None
        version = TripVersionRow(trip_id=trip.id, version=1, reason="created",
                                 request=serialize.request_to_json(request),
                                 itinerary=serialize.itinerary_to_json(itinerary),
                                 revisions=_revisions({}, itinerary, catalogue, now), created_at=now)
        session.add(version)
        return _view(trip, version)


def _latest(session: Session, token: str) -> tuple[TripRow, TripVersionRow]:
    trip = session.exec(select(TripRow).where(TripRow.token == token)).first()
    if trip is None:
        raise TripNotFound(token)
    version = session.exec(
        select(TripVersionRow).where(TripVersionRow.trip_id == trip.id, TripVersionRow.version == trip.version)
    ).one()
    return trip, version


def get_trip(engine: Engine, token: str) -> TripView:
    with Session(engine) as session:
        return _view(*_latest(session, token))


def _replan_locked(session: Session, catalogue: Catalogue, trip: TripRow, previous: TripVersionRow,
                   data: object, today: date, reason: str) -> TripVersionRow:
    from ..planning import serialize

    request, itinerary = plan(catalogue, data, today)
    now = utcnow()
    trip.version += 1
    trip.launch_id = request.launch
    trip.updated_at = now
    assert trip.id is not None
    version = TripVersionRow(trip_id=trip.id, version=trip.version, reason=reason,
                             request=serialize.request_to_json(request),
                             itinerary=serialize.itinerary_to_json(itinerary),
                             revisions=_revisions(previous.revisions, itinerary, catalogue, now), created_at=now)
    session.add(trip)
    session.add(version)
    return version


def replan_trip(engine: Engine, token: str, data: object, today: date, reason: str = "changed by traveller"
                ) -> TripView:
    """A new version of the trip; the share link keeps pointing at the newest one."""
    catalogue = load_catalogue(engine)
    with transaction(engine) as session:
        trip, previous = _latest(session, token)
        version = _replan_locked(session, catalogue, trip, previous, data, today, reason)
        return _view(trip, version)
