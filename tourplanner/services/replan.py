"""Catalogue changes reach saved trips: record the change, mark the trips it affects, re-plan them.

A change commits in one short transaction together with a mark on each affected trip (found through
indexes: trip.launch_id, trip_visit). Workers then bring each marked trip up to date, one idempotent job
per trip (`bring_up_to_date`): run twice, killed half-way or racing a traveller, the trip ends with
exactly the versions it should have and the mark is cleared by the save that saw the change.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, DateTime, func, literal, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from ..planning.i18n import using
from ..store import revision as store_revision
from ..store.db import transaction
from ..store.tables import CatalogueChangeRow, TripMarkRow, TripRow, TripVersionRow, TripVisitRow
from ..store.times import utcnow
from .catalogue import current_catalogue
from .change_words import change_words
from .trips import VersionConflict, plan, save_version

log = logging.getLogger(__name__)
CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit
SOURCES = ("operator", "ll2", "cli", "seed")


def record_change(session: Session, *, actor_id: int | None, source: str, record: str, summary: str,
                  note: str = "", before: dict[str, Any] | None = None, after: dict[str, Any] | None = None
                  ) -> CatalogueChangeRow:
    """Log a catalogue change and bump the catalogue revision, in the caller's transaction."""
    if source not in SOURCES:
        raise ValueError(f"unknown change source {source!r}")
    change = CatalogueChangeRow(at=utcnow(), revision=store_revision.bump(session), actor_id=actor_id,
                                source=source, record=record, summary=summary, note=note,
                                before=before, after=after)
    session.add(change)
    session.flush()
    return change


def public_words(summary: str, note: str) -> str:
    """What travellers read about a change: what changed and the operator's public note, never who."""
    note = note.strip().rstrip(".")
    return f"{summary} — {note}" if summary and note else summary or note


def trips_for_launch(session: Session, launch_id: str) -> list[int]:
    return list(session.exec(select(TripRow.id).where(TripRow.launch_id == launch_id)
                             .order_by(col(TripRow.id))).all())  # type: ignore[arg-type]


def trips_visiting(session: Session, site_id: str, start: date, end: date) -> list[int]:
    """Trips whose newest version visits the site on a day in [start, end] (the trip_visit index)."""
    query = (select(TripVisitRow.trip_id).where(TripVisitRow.site_id == site_id, col(TripVisitRow.day) >= start,
                                                col(TripVisitRow.day) <= end)
             .distinct().order_by(col(TripVisitRow.trip_id)))
    return list(session.exec(query).all())


def trips_visiting_from(session: Session, site_id: str, start: date) -> list[int]:
    """Trips visiting the site on any day from `start` on (a change of its hours or rules)."""
    return trips_visiting(session, site_id, start, date.max)


def mark_affected(session: Session, change: CatalogueChangeRow, trip_ids: list[int]) -> int:
    """`mark_where` for a list of trip ids (a few at a time: tests, small edits)."""
    marked = 0
    for start in range(0, len(trip_ids), CHUNK):
        marked += mark_where(session, change, col(TripRow.id).in_(trip_ids[start:start + CHUNK]))
    return marked


def mark_where(session: Session, change: CatalogueChangeRow, condition: ColumnElement[bool]) -> int:
    """Mark the trips a SQL condition selects (e.g. `launch_condition(X)`) as needing an update for
    `change`, in the change's transaction; answers how many. One INSERT ... SELECT ... ON CONFLICT into
    trip_mark, whatever the number of trips (the trips' own rows are not written).

    A trip still marked for an older change is taken over by this one (its re-plan will include both):
    the upsert keeps that change's id in `prev_change_id` and reads it back, under the mark's row lock,
    so the older change counts exactly the trips it lost as done and its progress can finish.
    """
    assert change.id is not None
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = TripMarkRow.__table__  # type: ignore[attr-defined]
    chosen = select(TripRow.id, literal(change.id), literal(utcnow(), DateTime(timezone=True))).where(condition)
    upsert = insert(table).from_select(["trip_id", "change_id", "since"], chosen)
    upsert = upsert.on_conflict_do_update(index_elements=[table.c.trip_id], set_={
        "prev_change_id": table.c.change_id, "change_id": upsert.excluded.change_id,
        "queued_at": None, "error": None})
    previous = session.execute(upsert.returning(table.c.prev_change_id)).scalars().all()
    count = len(previous)
    if not count:
        return 0
    session.execute(update(CatalogueChangeRow).where(col(CatalogueChangeRow.id) == change.id)
                    .values(affected=CatalogueChangeRow.affected + count)
                    .execution_options(synchronize_session=False))
    for old, taken in sorted(Counter(m for m in previous if m is not None and m != change.id).items()):
        session.execute(update(CatalogueChangeRow).where(col(CatalogueChangeRow.id) == old)
                        .values(done=CatalogueChangeRow.done + taken).execution_options(synchronize_session=False))
    set_committed_value(change, "affected", change.affected + count)  # what the UPDATE made it
    return count


def launch_condition(launch_id: str) -> ColumnElement[bool]:
    """The trips built around a launch (the trip.launch_id index)."""
    return col(TripRow.launch_id) == launch_id


def visit_condition(site_id: str, start: date, end: date) -> ColumnElement[bool]:
    """The trips whose newest version visits the site on a day in [start, end] (the trip_visit index)."""
    return col(TripRow.id).in_(select(TripVisitRow.trip_id).where(
        TripVisitRow.site_id == site_id, col(TripVisitRow.day) >= start, col(TripVisitRow.day) <= end))


def claim_marked(engine: Engine, *, lease: timedelta, limit: int = 1000, ignore_leases: bool = False) -> list[int]:
    """Marked trips that no job holds (never queued, or queued longer than `lease` ago), now held.

    The sweep queues exactly these; a trip whose job died is therefore queued again after the lease.
    """
    now = utcnow()
    with transaction(engine) as session:
        query = select(TripMarkRow.trip_id).where(col(TripMarkRow.error).is_(None))
        if not ignore_leases:
            query = query.where((col(TripMarkRow.queued_at).is_(None)) | (col(TripMarkRow.queued_at) < now - lease))
        ids = list(session.exec(query.order_by(col(TripMarkRow.since), col(TripMarkRow.trip_id)).limit(limit)).all())
        for start in range(0, len(ids), CHUNK):
            session.execute(update(TripMarkRow).where(col(TripMarkRow.trip_id).in_(ids[start:start + CHUNK]))
                            .values(queued_at=now))
    return ids


def release_leases(engine: Engine) -> int:
    """Forget which trips are held: an in-process queue died with its process, so nothing holds them."""
    with transaction(engine) as session:
        result = session.execute(update(TripMarkRow).where(col(TripMarkRow.queued_at).is_not(None))
                                 .values(queued_at=None))
        return int(getattr(result, "rowcount", 0) or 0)


def mark_of(session: Session, trip_id: int) -> TripMarkRow | None:
    return session.get(TripMarkRow, trip_id)


@dataclass(frozen=True)
class Outcome:
    trip_id: int
    result: str  # "updated" | "unchanged" | "up to date" | "failed" | "gone"
    detail: str = ""


class PermanentFailure(RuntimeError):
    """Re-planning cannot succeed by retrying (the saved request is no longer valid)."""


def bring_up_to_date(engine: Engine, trip_id: int, attempts: int = 5) -> Outcome:
    """The job: re-plan a marked trip with its saved request and booking date on the current catalogue.

    Idempotent: a trip that is no longer marked is left alone. Keeping the booking date means a slip
    never turns a permit deadline that was met into a missed one. Raises VersionConflict after
    `attempts` lost races (the queue retries later) and records a failure for a request that no longer
    plans (RequestError), which retrying would not fix.
    """
    from ..planning.serialize import RequestError

    for _ in range(attempts):
        with Session(engine) as session:
            trip = session.get(TripRow, trip_id)
            mark = session.get(TripMarkRow, trip_id)
            if trip is None:
                if mark is not None:
                    session.delete(mark)
                    session.commit()
                return Outcome(trip_id, "gone")
            if mark is None:
                return Outcome(trip_id, "up to date")
            change_id, expected, lang = mark.change_id, trip.version, trip.lang
            previous = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip_id,
                                                                 TripVersionRow.version == expected)).one()
            change = session.exec(select(CatalogueChangeRow).where(CatalogueChangeRow.id == change_id)).one()
            with using(lang):  # the version's reason in the trip's language (English: the stored words)
                summary = public_words(change_words(change.record, change.before, change.after, change.summary),
                                       change.note)
        revision, catalogue = current_catalogue(engine)
        try:
            booking = date.fromisoformat(previous.request["booking_date"])
            with using(lang):  # the trip's language, as when it was first planned
                request, itinerary = plan(catalogue, previous.request, booking, previous=previous.itinerary)
        except (RequestError, KeyError, ValueError) as error:
            detail = f"the saved request no longer plans: {_describe(error)}"
            record_failure(engine, trip_id, change_id, detail)
            return Outcome(trip_id, "failed", detail)
        try:
            with transaction(engine) as session:
                saved = save_version(session, trip_id, expected_version=expected, request=request,
                                     itinerary=itinerary, catalogue=catalogue, catalogue_revision=revision,
                                     reason=summary or "the catalogue changed", by_traveller=False)
        except VersionConflict:
            continue  # a traveller (or another job) saved first: plan again on their version
        return Outcome(trip_id, "updated" if saved.changed else "unchanged")
    raise VersionConflict(expected)  # kept changing while it was re-planned: the queue retries later


def _describe(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if errors:
        return "; ".join(f"{e.get('field')}: {e.get('message')}" for e in errors)
    return str(error) or type(error).__name__


def record_failure(engine: Engine, trip_id: int, change_id: int, detail: str) -> None:
    """The trip keeps its mark (and its last good version); the change counts one failure and says why."""
    with transaction(engine) as session:
        marked = session.execute(update(TripMarkRow).where(col(TripMarkRow.trip_id) == trip_id,
                                                           col(TripMarkRow.change_id) == change_id,
                                                           col(TripMarkRow.error).is_(None))
                                 .values(error=detail[:1000]))
        if getattr(marked, "rowcount", 0) == 1:
            session.execute(update(CatalogueChangeRow).where(col(CatalogueChangeRow.id) == change_id)
                            .values(failed=CatalogueChangeRow.failed + 1, last_error=detail[:1000]))
    log.warning("trip %s: re-plan failed for change %s: %s", trip_id, change_id, detail)


@dataclass(frozen=True)
class ChangeProgress:
    id: int
    at: datetime
    record: str
    summary: str
    source: str
    affected: int
    done: int
    failed: int
    pending: int
    last_error: str
    before: dict[str, Any] | None = None  # the record before and after: the summary re-worded per reader
    after: dict[str, Any] | None = None


def recent_changes(engine: Engine, limit: int = 20) -> list[ChangeProgress]:
    """The newest changes with their fan-out progress (the operator's dashboard)."""
    with Session(engine) as session:
        changes = session.exec(select(CatalogueChangeRow).order_by(col(CatalogueChangeRow.id).desc())
                               .limit(limit)).all()
        ids = [c.id for c in changes]
        pending = dict(session.exec(select(TripMarkRow.change_id, func.count())
                                    .where(col(TripMarkRow.change_id).in_(ids), col(TripMarkRow.error).is_(None))
                                    .group_by(col(TripMarkRow.change_id))).all()) if ids else {}
        return [ChangeProgress(id=c.id or 0, at=c.at, record=c.record, summary=c.summary, source=c.source,
                               affected=c.affected, done=c.done, failed=c.failed,
                               pending=int(pending.get(c.id or 0, 0)), last_error=c.last_error,
                               before=c.before, after=c.after) for c in changes]


def marked_count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(TripMarkRow)).one())
