"""Launch use cases: an operator moves a launch; the trips built around it follow."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..store.db import transaction
from ..store.tables import TripRow
from ..store.times import utcnow
from .replan import _replan_all


def move_launch(engine: Engine, launch_id: str, *, net: datetime, status: str | None = None,
                precision: str | None = None, actor: str) -> list[str]:
    """An operator moves a launch: the launch and every trip that depends on it change together.

    Returns the tokens of the re-planned trips.
    """
    from ..planning.model import LaunchStatus, Precision
    from ..store.tables import LaunchRow

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
        # Travellers read the reason (pages, mail): what changed, never who changed it.
        when = net.astimezone(UTC).strftime("%d %B %Y").lstrip("0")
        return _replan_all(session, list(trips), reason=f"{row.mission} moved to {when}")


def trips_for_launch(engine: Engine, launch_id: str) -> int:
    with Session(engine) as session:
        return len(session.exec(select(TripRow.id).where(TripRow.launch_id == launch_id)).all())
