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
    """One version of a trip as the link that opened it may see it.

    `token` is always the edit key (calendar UIDs and caches build on it); the web layer shows it only
    when `access` is "edit". `access` is "view" for the share link and "feed" for the calendar feed link.
    """

    token: str
    version: int
    request: dict[str, Any]
    itinerary: dict[str, Any]
    revisions: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    reason: str = ""  # why this version exists: created, changed by traveller, launch moved, ...
    share_token: str = ""
    feed_token: str | None = None
    access: str = "edit"
    latest: int = 0  # the newest version (the same as `version` unless an older one was asked for)
    version_created_at: datetime | None = None
    by_traveller: bool = True
    lang: str = "en"
    notify_email: str | None = None  # only ever shown to the edit link
    notify_confirmed: bool = False
    pending: bool = False  # a background update is queued for this trip

    @property
    def editable(self) -> bool:
        return self.access == "edit" and self.version == self.latest

    @property
    def link(self) -> str:
        """The token of the link that opened this view (what the pages may print)."""
        if self.access == "edit":
            return self.token
        return (self.feed_token or "") if self.access == "feed" else self.share_token


class TripNotFound(LookupError):
    pass


class TripForbidden(PermissionError):
    """A view-only or feed link was used where only the edit link may act."""


class VersionConflict(RuntimeError):
    """The trip changed since the version the caller saw (If-Match)."""

    def __init__(self, latest: int) -> None:
        super().__init__(f"the trip is at version {latest}")
        self.latest = latest


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


def _view(trip: TripRow, version: TripVersionRow, access: str = "edit") -> TripView:
    return TripView(token=trip.token, version=version.version, request=version.request,
                    itinerary=version.itinerary, revisions=version.revisions,
                    created_at=trip.created_at, updated_at=trip.updated_at, reason=version.reason,
                    share_token=trip.share_token or "", feed_token=trip.feed_token, access=access,
                    latest=trip.version, version_created_at=version.created_at,
                    by_traveller=version.by_traveller, lang=trip.lang, notify_email=trip.notify_email,
                    notify_confirmed=trip.notify_confirmed_at is not None,
                    pending=getattr(trip, "stale_change_id", None) is not None)


def create_trip(engine: Engine, data: object, today: date) -> TripView:
    """Plan and save a trip. Beside the plan request, `data` may carry `notify_email` and `lang`; an
    address is stored unconfirmed (services.notify sends it the confirmation)."""
    from ..planning import serialize
    from ..planning.serialize import RequestError
    from .trip_options import trip_options

    catalogue = load_catalogue(engine)
    options, errors = trip_options(data)
    try:
        request, itinerary = plan(catalogue, data, today)
    except RequestError as error:
        raise RequestError(error.errors + errors) from None
    if errors:
        raise RequestError(errors)
    now = utcnow()
    with transaction(engine) as session:
        trip = TripRow(token=new_token(), share_token=new_token(), feed_token=new_token(), lang=options.lang,
                       notify_email=options.notify_email, notify_key=new_token() if options.notify_email else None,
                       launch_id=request.launch, version=1, created_at=now, updated_at=now)
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
    """The trip of an EDIT token and its newest version."""
    trip = session.exec(select(TripRow).where(TripRow.token == token)).first()
    if trip is None:
        raise TripNotFound(token)
    return trip, _version(session, trip, trip.version)


def _version(session: Session, trip: TripRow, number: int) -> TripVersionRow:
    version = session.exec(
        select(TripVersionRow).where(TripVersionRow.trip_id == trip.id, TripVersionRow.version == number)
    ).first()
    if version is None:
        raise TripNotFound(f"version {number}")
    return version


def find_trip(session: Session, token: str, *, feed: bool = False) -> tuple[TripRow, str]:
    """The trip a link opens and what it may do: "edit" (edit key), "view" (share link), and with
    `feed=True` also "feed" (the calendar feed link, which opens nothing else)."""
    if not token:
        raise TripNotFound(token)
    trip = session.exec(select(TripRow).where(TripRow.token == token)).first()
    if trip is not None:
        return trip, "edit"
    trip = session.exec(select(TripRow).where(TripRow.share_token == token)).first()
    if trip is not None:
        return trip, "view"
    if feed:
        trip = session.exec(select(TripRow).where(TripRow.feed_token == token)).first()
        if trip is not None:
            return trip, "feed"
    raise TripNotFound(token)


def editable_trip(session: Session, token: str) -> TripRow:
    """The trip of an edit link; a share link is refused (TripForbidden), anything else is not found."""
    trip, access = find_trip(session, token)
    if access != "edit":
        raise TripForbidden("this link shows the trip but cannot change it")
    return trip


def get_trip(engine: Engine, token: str, version: int | None = None, *, feed: bool = False) -> TripView:
    """The newest version (or `version`) of the trip any of its links opens."""
    with Session(engine) as session:
        trip, access = find_trip(session, token, feed=feed)
        return _view(trip, _version(session, trip, trip.version if version is None else version), access)


def _replan_locked(session: Session, catalogue: Catalogue, trip: TripRow, previous: TripVersionRow,
                   data: object, today: date, reason: str, *, by_traveller: bool = True) -> TripVersionRow:
    from ..planning import serialize

    request, itinerary = plan(catalogue, data, today)
    now = utcnow()
    trip.version += 1
    trip.launch_id = request.launch
    trip.updated_at = now
    assert trip.id is not None
    version = TripVersionRow(trip_id=trip.id, version=trip.version, reason=reason, by_traveller=by_traveller,
                             request=serialize.request_to_json(request),
                             itinerary=serialize.itinerary_to_json(itinerary),
                             revisions=_revisions(previous.revisions, itinerary, catalogue, now), created_at=now)
    session.add(trip)
    session.add(version)
    return version


def replan_trip(engine: Engine, token: str, data: object, today: date, reason: str = "changed by traveller",
                *, expected_version: int | None = None) -> TripView:
    """A new version of the trip (edit link only); every link keeps pointing at the newest one.

    `expected_version` (If-Match): the version the traveller saw; VersionConflict when it is not the newest.
    """
    catalogue = load_catalogue(engine)
    with transaction(engine) as session:
        trip = editable_trip(session, token)
        session.refresh(trip, with_for_update=True)
        if expected_version is not None and expected_version != trip.version:
            raise VersionConflict(trip.version)
        previous = _version(session, trip, trip.version)
        version = _replan_locked(session, catalogue, trip, previous, data, today, reason)
        return _view(trip, version)
