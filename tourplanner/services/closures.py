"""Closure use cases: an operator closes a site for some dates; trips that visit it then are marked."""
from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from ..store.db import transaction
from ..store.tables import ClosureRow, SiteRow
from .launches import ChangeResult
from .operators import OperatorError
from .replan import mark_affected, record_change, trips_visiting


def add_closure(engine: Engine, site_id: str, start: date, end: date, reason: str, *, actor: str = "", actor_id: int | None = None, source: str = "operator", note: str = "") -> ChangeResult:
    """Close a site for some dates; the trips visiting it then (the trip_visit index) are marked."""
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
        after = {"closure": {"start": start.isoformat(), "end": end.isoformat(), "reason": reason.strip()}}
        change = record_change(session, actor_id=actor_id, source=source, record=f"site:{site_id}",
                               summary=f"{site.name} closed {start:%d %b %Y} – {end:%d %b %Y}: {reason.strip()}",
                               note=note, before=None, after=after)
        affected = mark_affected(session, change, trips_visiting(session, site_id, start, end))
        return ChangeResult(change.id, affected)
