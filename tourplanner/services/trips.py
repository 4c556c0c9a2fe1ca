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
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..planning.i18n import _, using
from ..planning.model import Catalogue, Itinerary, PlanRequest
from ..store.db import transaction
from ..store.tables import CatalogueChangeRow, TripMarkRow, TripRow, TripVersionRow, TripVisitRow
from ..store.times import utcnow
from .catalogue import current_catalogue

ATTEMPTS = 20  # a writer that lost the race re-plans on the newer version; 8 racing threads need < 8
# Writers of one trip inside one process take turns (striped locks, so memory stays fixed): without
# them 8 threads re-planning one trip wasted most plans on lost races, and an unlucky one could lose
# ATTEMPTS times in a row (409). Across processes the compare-and-set in save_version still decides.
_WRITER_STRIPES = tuple(threading.Lock() for _ in range(64))


def _writer_turn(token: str) -> threading.Lock:
    return _WRITER_STRIPES[zlib.crc32(token.encode()) % len(_WRITER_STRIPES)]


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
    pending: bool = False  # a catalogue change reached the trip and its update is not saved yet
    pending_reason: str = ""  # the change's public summary (what changed, never who)

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
    """The trip changed since the version the caller saw (If-Match), or kept changing while we re-planned."""

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
                 itinerary: Itinerary, catalogue: Catalogue, catalogue_revision: int, reason: str,
                 by_traveller: bool = True) -> Saved:
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
        latest = session.exec(select(TripRow.version).where(TripRow.id == trip_id)).first()
        raise VersionConflict(latest if latest is not None else expected_version)
    trip = session.exec(select(TripRow).where(TripRow.id == trip_id)
                        .execution_options(populate_existing=True)).one()
    request_json = _plain(serialize.request_to_json(request))
    itinerary_json = _plain(serialize.itinerary_to_json(itinerary))
    previous = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip_id,
                                                         TripVersionRow.version == expected_version)).first()
    now = utcnow()
    if previous is not None and previous.itinerary == itinerary_json and previous.request == request_json:
        return Saved(previous, changed=False, cleared_change=_clear_mark(session, trip, catalogue_revision))
    version = TripVersionRow(trip_id=trip_id, version=expected_version + 1, reason=reason, by_traveller=by_traveller,
                             request=request_json, itinerary=itinerary_json, created_at=now,
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
    """Clear the trip's mark when the plan saw the change that set it (the trip's row is locked here;
    the DELETE names the change, so a re-mark for a newer change committed meanwhile is kept)."""
    mark = session.exec(select(TripMarkRow.change_id, CatalogueChangeRow.revision)
                        .join(CatalogueChangeRow, col(CatalogueChangeRow.id) == col(TripMarkRow.change_id))
                        .where(TripMarkRow.trip_id == trip.id)).first()
    if mark is None:
        return None
    change_id, change_revision = mark
    if change_revision > catalogue_revision:
        return None  # a newer change arrived while we planned: the trip stays marked for it
    cleared = session.execute(delete(TripMarkRow).where(col(TripMarkRow.trip_id) == trip.id,
                                                        col(TripMarkRow.change_id) == change_id))
    if getattr(cleared, "rowcount", 1) != 1:
        return None
    session.execute(update(CatalogueChangeRow).where(col(CatalogueChangeRow.id) == change_id)
                    .values(done=CatalogueChangeRow.done + 1))
    return change_id


def _pending_reason(session: Session, trip: TripRow) -> str | None:
    """None when the trip is up to date; else the public words of the change its update waits for."""
    found = session.exec(select(CatalogueChangeRow)
                         .join(TripMarkRow, col(TripMarkRow.change_id) == col(CatalogueChangeRow.id))
                         .where(TripMarkRow.trip_id == trip.id)).first()
    if found is None:
        return None
    from .change_words import change_words
    from .replan import public_words

    words = change_words(found.record, found.before, found.after, found.summary)  # in the reader's language
    return public_words(words, found.note) or "the catalogue changed"


def _view(trip: TripRow, version: TripVersionRow, access: str = "edit", pending_reason: str | None = None
          ) -> TripView:
    return TripView(token=trip.token, version=version.version, request=version.request,
                    itinerary=version.itinerary, revisions=version.revisions,
                    created_at=trip.created_at, updated_at=trip.updated_at, reason=version.reason,
                    share_token=trip.share_token or "", feed_token=trip.feed_token, access=access,
                    latest=trip.version, version_created_at=version.created_at,
                    by_traveller=version.by_traveller, lang=trip.lang, notify_email=trip.notify_email,
                    notify_confirmed=trip.notify_confirmed_at is not None,
                    pending=pending_reason is not None, pending_reason=pending_reason or "")


def create_trip(engine: Engine, data: object, today: date) -> TripView:
    """Plan and save a trip. Beside the plan request, `data` may carry `notify_email` and `lang`; an
    address is stored unconfirmed (services.notify sends it the confirmation)."""
    from ..planning.serialize import RequestError
    from .trip_options import trip_options

    revision, catalogue = current_catalogue(engine)
    options, errors = trip_options(data)
    try:
        with using(options.lang):  # the planner's words in the trip's language (stored with the version)
            request, itinerary = plan(catalogue, data, today)
    except RequestError as error:
        raise RequestError(error.errors + errors) from None
    if errors:
        raise RequestError(errors)
    with using(options.lang):
        created = _("created")  # the first version's reason, in the trip's language
    now = utcnow()
    with transaction(engine) as session:
        trip = TripRow(token=new_token(), share_token=new_token(), feed_token=new_token(), lang=options.lang,
                       notify_email=options.notify_email, notify_key=new_token() if options.notify_email else None,
                       launch_id=request.launch, version=0, created_at=now, updated_at=now)
        session.add(trip)
        session.flush()
        assert trip.id is not None
        saved = save_version(session, trip.id, expected_version=0, request=request, itinerary=itinerary,
                             catalogue=catalogue, catalogue_revision=revision, reason=created)
        return _view(trip, saved.version)


def _latest(session: Session, token: str) -> tuple[TripRow, TripVersionRow]:
    """The trip of an EDIT token and its newest version."""
    trip = session.exec(select(TripRow).where(TripRow.token == token)).first()
    if trip is None:
        raise TripNotFound(token)
    return trip, _version(session, trip, trip.version)


def _version(session: Session, trip: TripRow, number: int) -> TripVersionRow:
    if not 1 <= number <= trip.version:  # also keeps numbers too large for the database out of the query
        raise TripNotFound(f"version {number}")
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


def load_view(session: Session, token: str, version: int | None = None, *, feed: bool = False
              ) -> tuple[TripRow, TripView]:
    """The trip's row and the view `get_trip` answers (services/trip_cache.py keeps the view with the
    row's fields it was built from)."""
    trip, access = find_trip(session, token, feed=feed)
    return trip, _view(trip, _version(session, trip, trip.version if version is None else version), access,
                       _pending_reason(session, trip))


def get_trip(engine: Engine, token: str, version: int | None = None, *, feed: bool = False) -> TripView:
    """The newest version (or `version`) of the trip any of its links opens."""
    with Session(engine) as session:
        return load_view(session, token, version, feed=feed)[1]


def save_replanned(engine: Engine, token: str, source: Callable[[Session, TripRow], tuple[object, date]],
                   reason: str, *, expected_version: int | None = None, by_traveller: bool = True) -> TripView:
    """Plan the request `source` gives for the trip's newest version and save it through save_version.

    With `expected_version` (If-Match) a trip that is not at that version raises VersionConflict; without,
    a writer that lost the race plans again on the winner's version (a few times, then VersionConflict).
    """
    with _writer_turn(token):
        return _save_replanned(engine, token, source, reason, expected_version=expected_version,
                               by_traveller=by_traveller)


def _save_replanned(engine: Engine, token: str, source: Callable[[Session, TripRow], tuple[object, date]],
                    reason: str, *, expected_version: int | None, by_traveller: bool) -> TripView:
    for attempt in range(ATTEMPTS):
        with Session(engine) as session:
            trip = editable_trip(session, token)
            if expected_version is not None and expected_version != trip.version:
                raise VersionConflict(trip.version)
            data, today = source(session, trip)
            trip_id, expected, lang = trip.id, trip.version, trip.lang
        assert trip_id is not None
        revision, catalogue = current_catalogue(engine)
        with using(lang):
            request, itinerary = plan(catalogue, data, today)
        try:
            with transaction(engine) as session:
                saved = save_version(session, trip_id, expected_version=expected, request=request,
                                     itinerary=itinerary, catalogue=catalogue, catalogue_revision=revision,
                                     reason=reason, by_traveller=by_traveller)
                fresh = session.exec(select(TripRow).where(TripRow.id == trip_id)).one()
                return _view(fresh, saved.version, "edit", _pending_reason(session, fresh))
        except VersionConflict as conflict:
            if expected_version is not None or attempt == ATTEMPTS - 1:
                raise VersionConflict(conflict.latest) from None
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))  # let the winner commit; spread the losers
    raise AssertionError("unreachable")


def replan_trip(engine: Engine, token: str, data: object, today: date, reason: str = "changed by traveller",
                *, expected_version: int | None = None) -> TripView:
    """A new version of the trip (edit link only); every link keeps pointing at the newest one.

    `expected_version` (If-Match): the version the traveller saw; VersionConflict when it is not the newest.
    A re-plan equal to the newest version adds nothing and answers that version.
    """
    return save_replanned(engine, token, lambda _session, _trip: (data, today), reason,
                          expected_version=expected_version)
