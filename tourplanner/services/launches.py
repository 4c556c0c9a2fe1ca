"""Launch use cases: an operator moves a launch; the trips built around it are marked for an update.

The move, its log entry, its slip and the marks commit in one short transaction (through the one edit
path, services/launch_edits.py); workers re-plan the trips afterwards (tourplanner.background), so the
operator's request answers at once whatever the number of trips.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..planning.model import LaunchStatus, Precision
from ..store.seed_json import instant
from ..store.tables import TripRow
from ..store.times import utcnow


@dataclass(frozen=True)
class ChangeResult:
    change_id: int | None  # None: nothing changed, nothing recorded
    affected: int  # trips marked for an update


def move_launch(engine: Engine, launch_id: str, *, net: datetime, status: str | None = None,
                precision: str | None = None, actor: str = "", actor_id: int | None = None,
                source: str = "operator", note: str = "") -> ChangeResult:
    """Move a launch (NET, status, precision) and mark every trip that depends on it.

    Validated by the seed's rules, recorded with its slip, trips marked, in one transaction. Saving the
    launch as it is records nothing and marks nothing; two moves of one launch at once are serialised on
    its row. Who acted is `actor_id` (an operator) or `source`; `actor` (words naming who) is not stored.
    """
    from .catalogue import load_catalogue
    from .edits import NotFound
    from .launch_edits import apply_launch, launch_record

    try:
        current = launch_record(load_catalogue(engine), launch_id)
    except NotFound as error:
        raise LookupError(f"unknown launch {launch_id!r}") from error
    record = dict(current, net=instant(net))
    if status is not None:
        record["status"] = LaunchStatus(status).value
    if precision is not None:
        record["precision"] = Precision(precision).value
    if record != current:
        record["last_updated"] = instant(utcnow())
    applied = apply_launch(engine, launch_id, record, base=None, actor_id=actor_id, source=source, note=note,
                           confirmed=True)
    return ChangeResult(applied.change_id, applied.affected)


def count_trips_for_launch(engine: Engine, launch_id: str) -> int:
    with Session(engine) as session:
        return len(session.exec(select(TripRow.id).where(TripRow.launch_id == launch_id)).all())
