"""Launch use cases: an operator moves a launch; the trips built around it are marked for an update.

The move, its log entry and the marks commit in one short transaction; workers re-plan the trips
afterwards (tourplanner.background), so the operator's request answers at once whatever the number of
trips.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..store.db import transaction
from ..store.tables import LaunchRow, TripRow
from ..store.times import utcnow
from .replan import mark_affected, record_change, trips_for_launch


@dataclass(frozen=True)
class ChangeResult:
    change_id: int | None  # None: nothing changed, nothing recorded
    affected: int  # trips marked for an update


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def move_launch(engine: Engine, launch_id: str, *, net: datetime, status: str | None = None,
                precision: str | None = None, actor: str = "", actor_id: int | None = None,
                source: str = "operator", note: str = "") -> ChangeResult:
    """Move a launch (NET, status, precision) and mark every trip that depends on it.

    Saving the launch as it is records nothing and marks nothing. Two operators moving one launch at once
    are serialised on the launch's row: both moves are recorded, in order, and its revision grows by two.
    Who acted is `actor_id` (an operator) or `source`; it is logged, never shown to travellers
    (`actor`, words naming who, is accepted from older callers and not stored).
    """
    from ..planning.model import LaunchStatus, Precision

    new_status = LaunchStatus(status).value if status is not None else None
    new_precision = Precision(precision).value if precision is not None else None
    with transaction(engine) as session:
        # First statement: take the launch's row (PostgreSQL) / the write lock (SQLite), then read it.
        taken = session.execute(update(LaunchRow).where(col(LaunchRow.id) == launch_id)
                                .values(revision=LaunchRow.revision))
        if getattr(taken, "rowcount", 1) == 0:
            raise LookupError(f"unknown launch {launch_id!r}")
        row = session.exec(select(LaunchRow).where(LaunchRow.id == launch_id)
                           .execution_options(populate_existing=True)).one()
        before = {"net": row.net.astimezone(UTC).isoformat(), "status": row.status, "precision": row.precision}
        after = {"net": net.astimezone(UTC).isoformat(), "status": new_status or row.status,
                 "precision": new_precision or row.precision}
        if before == after:
            return ChangeResult(None, 0)
        row.net = net
        row.status, row.precision = after["status"], after["precision"]
        row.last_updated = utcnow()
        row.origin = "operator"
        session.add(row)
        session.flush()
        session.execute(update(LaunchRow).where(col(LaunchRow.id) == launch_id)
                        .values(revision=LaunchRow.revision + 1))  # atomic: the feed's SEQUENCE never repeats
        words = []
        if before["net"] != after["net"]:
            words.append(f"moved from {_when(datetime.fromisoformat(before['net']))} to {_when(net)}")
        if before["status"] != after["status"]:
            words.append(f"status {before['status']} → {after['status']}")
        if before["precision"] != after["precision"]:
            words.append(f"precision {before['precision']} → {after['precision']}")
        summary = f"{row.mission}: {', '.join(words)}"
        change = record_change(session, actor_id=actor_id, source=source, record=f"launch:{launch_id}",
                               summary=summary, note=note, before=before, after=after)
        affected = mark_affected(session, change, trips_for_launch(session, launch_id))
        return ChangeResult(change.id, affected)


def count_trips_for_launch(engine: Engine, launch_id: str) -> int:
    with Session(engine) as session:
        return len(session.exec(select(TripRow.id).where(TripRow.launch_id == launch_id)).all())
