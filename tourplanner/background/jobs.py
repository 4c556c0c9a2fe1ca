"""The jobs as plain functions (the queue's actors call these; tests and `worker --drain` too)."""
from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..services import replan
from ..store.tables import TripMarkRow

log = logging.getLogger(__name__)


def run_job(engine: Engine, trip_id: int, *, final: bool) -> replan.Outcome:
    """Bring one trip up to date. An error is raised for the queue to retry, unless this was the last
    try: then the trip keeps its mark and last good version, and its change counts a failure."""
    try:
        return replan.bring_up_to_date(engine, trip_id)
    except Exception as error:
        if not final:
            raise
        detail = f"{type(error).__name__}: {error}"
        with Session(engine) as session:
            mark = session.get(TripMarkRow, trip_id)
            change_id = mark.change_id if mark is not None else None
        if change_id is not None:
            replan.record_failure(engine, trip_id, change_id, detail)
        return replan.Outcome(trip_id, "failed", detail)


def drain(engine: Engine, *, passes: int = 20) -> Counter[str]:
    """Bring every marked trip up to date here and now, without a queue (tests, `worker --drain`)."""
    outcomes: Counter[str] = Counter()
    for _ in range(passes):
        ids = replan.claim_marked(engine, lease=timedelta(0), ignore_leases=True, limit=500)
        if not ids:
            break
        for trip_id in ids:
            outcomes[run_job(engine, trip_id, final=True).result] += 1
    return outcomes
