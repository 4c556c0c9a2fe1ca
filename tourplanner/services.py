"""Use cases that own their transaction, shared by the web layer and the CLI.

Each takes the engine and plain values (the acting operator is an argument, never read from a
request), opens one transaction and either completes or leaves the database as it was.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from .planning.model import Catalogue, Itinerary, Launch, PlanRequest
from .store import catalogue as store_catalogue
from .store.db import transaction
from .store.migrate import upgrade
from .store.tables import TripRow, TripVersionRow
from .store.times import utcnow


def init_database(engine: Engine, seed_file: Path) -> store_catalogue.UpsertReport:
    """Validate the seed first (nothing touched if it is bad), then migrate and upsert in one go."""
    from .store.seed import parse_seed

    parsed = parse_seed(seed_file)
    upgrade(engine)
    with transaction(engine) as session:
        return store_catalogue.upsert_catalogue(session, parsed)


def load_catalogue(engine: Engine) -> Catalogue:
    with Session(engine) as session:
        return store_catalogue.to_domain(session)


def upcoming_launches(catalogue: Catalogue, now: datetime) -> list[Launch]:
    return [launch for launch in catalogue.launches if launch.net >= now]


# --- trips ---------------------------------------------------------------------------------------


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


def plan(catalogue: Catalogue, data: object, today: date) -> tuple[PlanRequest, Itinerary]:
    """Validate a JSON plan request and plan it. Raises planning.serialize.RequestError on bad input."""
    from .planning import planner, serialize

    request = serialize.request_from_json(
        data, today=today, known_sites={s.id for s in catalogue.sites},
        known_launches={x.id for x in catalogue.launches},
    )
    return request, planner.plan(request, catalogue)


def _revisions(previous: dict[str, Any], itinerary: Itinerary, catalogue: Catalogue, now: datetime
               ) -> dict[str, Any]:
    """Calendar SEQUENCE bookkeeping per item: it grows only for items whose calendar view changed."""
    from .exports import revisions

    old = revisions.revisions_from_json(previous)
    return revisions.revisions_to_json(revisions.revise(old, itinerary, now, catalogue=catalogue))


def _view(trip: TripRow, version: TripVersionRow) -> TripView:
    return TripView(token=trip.token, version=trip.version, request=version.request,
                    itinerary=version.itinerary, revisions=version.revisions,
                    created_at=trip.created_at, updated_at=trip.updated_at, reason=version.reason)


def create_trip(engine: Engine, data: object, today: date) -> TripView:
    from .planning import serialize

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
    from .planning import serialize

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


def move_launch(engine: Engine, launch_id: str, *, net: datetime, status: str | None = None,
                precision: str | None = None, actor: str) -> list[str]:
    """An operator moves a launch: the launch and every trip that depends on it change together.

    Returns the tokens of the re-planned trips.
    """
    from .planning.model import LaunchStatus, Precision
    from .store.tables import LaunchRow

    now = utcnow()
    with transaction(engine) as session:
        row = session.get(LaunchRow, launch_id)
        if row is None:
            raise LookupError(f"unknown launch {launch_id!r}")
        row.net = net
        if status is not None:
            row.status = LaunchStatus(status).value
        if precision is not None:
            row.precision = Precision(precision).value
        row.last_updated = now
        row.revision += 1
        row.origin = "operator"
        session.add(row)
        trips = session.exec(select(TripRow).where(TripRow.launch_id == launch_id).order_by(col(TripRow.id))).all()
        return _replan_all(session, list(trips), reason=f"launch {launch_id} moved by {actor}")


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
        _replan_locked(session, catalogue, trip, previous, previous.request, booking, reason=reason)
        replanned.append(trip.token)
    return replanned


def add_closure(engine: Engine, site_id: str, start: date, end: date, reason: str, *, actor: str) -> list[str]:
    """An operator closes a site for some dates; trips that planned a visit then are re-planned."""
    from .store.tables import ClosureRow, SiteRow

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
        return _replan_all(session, affected, reason=f"{site.name} closed {start}..{end} ({actor})")


def _visits_site_between(session: Session, trip: TripRow, site_id: str, start: date, end: date) -> bool:
    _, version = _latest(session, trip.token)
    return any(item.get("site") == site_id and start <= date.fromisoformat(day["date"]) <= end
               for day in version.itinerary.get("days", []) for item in day.get("items", []))


# --- operators -----------------------------------------------------------------------------------


class OperatorError(ValueError):
    pass


def create_operator(engine: Engine, email: str, password: str) -> None:
    """Passwords are stored as salted scrypt hashes (werkzeug), never in clear."""
    from werkzeug.security import generate_password_hash

    from .store.tables import OperatorRow

    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise OperatorError(f"not an e-mail address: {email!r}")
    if len(password) < 12:
        raise OperatorError("the password must have at least 12 characters")
    with transaction(engine) as session:
        if session.exec(select(OperatorRow).where(OperatorRow.email == email)).first():
            raise OperatorError(f"an operator {email} exists already")
        session.add(OperatorRow(email=email, password_hash=generate_password_hash(password), created_at=utcnow()))


def authenticate(engine: Engine, email: str, password: str) -> int | None:
    """The operator's id when the password matches an active account; None otherwise (same time either way)."""
    from werkzeug.security import check_password_hash

    from .store.tables import OperatorRow

    with Session(engine) as session:
        row = session.exec(select(OperatorRow).where(OperatorRow.email == email.strip().lower())).first()
    if row is None:
        check_password_hash(_DUMMY_HASH, password)  # spend the same time: no account enumeration by timing
        return None
    if not (check_password_hash(row.password_hash, password) and row.active):
        return None
    return row.id


_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummysa$" + "0" * 128


def operator_email(engine: Engine, operator_id: int) -> str | None:
    from .store.tables import OperatorRow

    with Session(engine) as session:
        row = session.get(OperatorRow, operator_id)
        return row.email if row is not None and row.active else None


def trips_for_launch(engine: Engine, launch_id: str) -> int:
    with Session(engine) as session:
        return len(session.exec(select(TripRow.id).where(TripRow.launch_id == launch_id)).all())
