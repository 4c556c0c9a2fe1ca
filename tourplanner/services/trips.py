"""Traveller use cases: plan, save, read and re-plan a trip (each version kept).

Every trip version is written by `save_version`, which serialises writers per trip with a
compare-and-set on `trip.version`: the planning (the slow part) happens outside any transaction, and
the short write transaction only succeeds if nobody saved the trip meanwhile; the loser re-reads and
plans again. A traveller's re-plan and a worker's re-plan of one trip therefore never clash.
"""
from __future__ import annotations

import json
import random
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..planning.model import Catalogue, Itinerary, PlanRequest
from ..store.db import transaction
from ..store.tables import CatalogueChangeRow, TripRow, TripVersionRow, TripVisitRow
from ..store.times import utcnow
from .catalogue import current_catalogue

ATTEMPTS = 20  # a writer that lost the race re-plans on the newer version; 8 racing threads need < 8


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
    pending: bool = False  # a catalogue change reached the trip and its update is not saved yet
    pending_reason: str = ""  # the change's public summary (what changed, never who)


class TripNotFound(LookupError):
    pass


class VersionConflict(RuntimeError):
    """The trip was saved by someone else since it was read (and retrying did not help or was not wanted)."""


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


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    """The JSON the database gives back (lists, not tuples), so equal itineraries compare equal."""
    result: dict[str, Any] = json.loads(json.dumps(value))
    return result


def visits(itinerary: dict[str, Any]) -> set[tuple[str, date]]:
    """(site, day) of every visit: the rows of the trip_visit index."""
    return {(item["site"], date.fromisoformat(day["date"]))
            for day in itinerary.get("days", []) for item in day.get("items", [])
            if item.get("type") == "visit" and item.get("site")}


@dataclass(frozen=True)
class Saved:
    version: TripVersionRow
    changed: bool  # False: the itinerary and request were those of the newest version; nothing added
    cleared_change: int | None  # the catalogue change whose mark this save cleared


def save_version(session: Session, trip_id: int, *, expected_version: int, request: PlanRequest,
                 itinerary: Itinerary, catalogue: Catalogue, catalogue_revision: int, reason: str) -> Saved:
    """Write the trip's next version, if and only if its newest version is still `expected_version`.

    The first statement takes the trip's row (PostgreSQL) or the database's write lock (SQLite) and
    checks the version in one go: raises VersionConflict when another writer saved first. A plan equal
    to the newest version adds nothing. A mark of a change that this catalogue (`catalogue_revision`)
    already includes is cleared in the same transaction, and the change counts the trip as done.
    """
    from ..planning import serialize

    locked = session.execute(update(TripRow).where(col(TripRow.id) == trip_id,
                                                   col(TripRow.version) == expected_version)
                             .values(version=TripRow.version))
    if getattr(locked, "rowcount", 1) != 1:
        raise VersionConflict(f"trip {trip_id} is no longer at version {expected_version}")
    trip = session.exec(select(TripRow).where(TripRow.id == trip_id)
                        .execution_options(populate_existing=True)).one()
    request_json = _plain(serialize.request_to_json(request))
    itinerary_json = _plain(serialize.itinerary_to_json(itinerary))
    previous = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip_id,
                                                         TripVersionRow.version == expected_version)).first()
    now = utcnow()
    if previous is not None and previous.itinerary == itinerary_json and previous.request == request_json:
        return Saved(previous, changed=False, cleared_change=_clear_mark(session, trip, catalogue_revision))
    version = TripVersionRow(trip_id=trip_id, version=expected_version + 1, reason=reason, request=request_json,
                             itinerary=itinerary_json, created_at=now,
                             revisions=_revisions(previous.revisions if previous else {}, itinerary, catalogue, now))
    trip.version = expected_version + 1
    trip.launch_id = request.launch
    trip.updated_at = now
    session.add(version)
    session.add(trip)
    session.execute(delete(TripVisitRow).where(col(TripVisitRow.trip_id) == trip_id))
    session.add_all(TripVisitRow(trip_id=trip_id, site_id=site, day=day) for site, day in sorted(visits(itinerary_json)))
    cleared = _clear_mark(session, trip, catalogue_revision)
    session.flush()
    return Saved(version, changed=True, cleared_change=cleared)


def _clear_mark(session: Session, trip: TripRow, catalogue_revision: int) -> int | None:
    """Clear the trip's mark when the plan saw the change that set it (the trip's row is locked here)."""
    change_id = trip.stale_change_id
    if change_id is None:
        return None
    change_revision = session.exec(select(CatalogueChangeRow.revision)
                                   .where(CatalogueChangeRow.id == change_id)).one()
    if change_revision > catalogue_revision:
        return None  # a newer change arrived while we planned: the trip stays marked for it
    trip.stale_change_id = None
    trip.stale_since = trip.stale_queued_at = None
    trip.stale_error = None
    session.add(trip)
    session.execute(update(CatalogueChangeRow).where(col(CatalogueChangeRow.id) == change_id)
                    .values(done=CatalogueChangeRow.done + 1))
    return change_id


def _view(session: Session, trip: TripRow, version: TripVersionRow) -> TripView:
    summary = ""
    if trip.stale_change_id is not None:
        from .replan import public_words

        found = session.exec(select(CatalogueChangeRow.summary, CatalogueChangeRow.note)
                             .where(CatalogueChangeRow.id == trip.stale_change_id)).first()
        summary = public_words(*found) if found else ""
    return TripView(token=trip.token, version=trip.version, request=version.request,
                    itinerary=version.itinerary, revisions=version.revisions,
                    created_at=trip.created_at, updated_at=trip.updated_at, reason=version.reason,
                    pending=trip.stale_change_id is not None, pending_reason=summary)


def create_trip(engine: Engine, data: object, today: date) -> TripView:
    revision, catalogue = current_catalogue(engine)
    request, itinerary = plan(catalogue, data, today)
    now = utcnow()
    with transaction(engine) as session:
        trip = TripRow(token=new_token(), launch_id=request.launch, version=0, created_at=now, updated_at=now)
        session.add(trip)
        session.flush()
        assert trip.id is not None
        saved = save_version(session, trip.id, expected_version=0, request=request, itinerary=itinerary,
                             catalogue=catalogue, catalogue_revision=revision, reason="created")
        return _view(session, trip, saved.version)


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
        return _view(session, *_latest(session, token))


def replan_trip(engine: Engine, token: str, data: object, today: date, reason: str = "changed by traveller",
                expected_version: int | None = None) -> TripView:
    """A new version of the trip; the share link keeps pointing at the newest one.

    With `expected_version` (an If-Match), a trip saved by someone else since raises VersionConflict;
    without, the re-plan is simply done again on the newer version.
    """
    for attempt in range(ATTEMPTS):
        with Session(engine) as session:
            trip, _ = _latest(session, token)
        if expected_version is not None and trip.version != expected_version:
            raise VersionConflict(f"the trip is at version {trip.version}, not {expected_version}")
        revision, catalogue = current_catalogue(engine)
        request, itinerary = plan(catalogue, data, today)
        assert trip.id is not None
        try:
            with transaction(engine) as session:
                saved = save_version(session, trip.id, expected_version=trip.version, request=request,
                                     itinerary=itinerary, catalogue=catalogue, catalogue_revision=revision,
                                     reason=reason)
                fresh = session.exec(select(TripRow).where(TripRow.id == trip.id)).one()
                return _view(session, fresh, saved.version)
        except VersionConflict:
            if expected_version is not None:
                raise
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))  # let the winner commit; spread the losers
    raise VersionConflict("the trip kept changing while we re-planned it; try again")

