"""Closure use cases: an operator closes a site for some dates; trips that visit it then are marked.

A closure is a site edit (services/site_edits.py): validated by the seed's rules, recorded, the trips
visiting the site on those days (the trip_visit index) marked, in one transaction.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from ..messages import Msg as _l
from ..store.times import utcnow
from .launches import ChangeResult
from .operators import OperatorError


def add_closure(engine: Engine, site_id: str, start: date, end: date, reason: str, *, actor: str = "",
                actor_id: int | None = None, source: str = "operator", note: str = "") -> ChangeResult:
    """Close a site for some dates; the trips visiting it then are marked for an update."""
    from .catalogue import load_catalogue
    from .edits import EditErrors, NotFound
    from .site_edits import apply_site, site_record

    if end < start:
        raise OperatorError(_l("the closure ends before it starts"))
    if not reason.strip():
        raise OperatorError(_l("say why the site is closed: travellers see the reason"))
    try:
        record = site_record(load_catalogue(engine), site_id)
    except NotFound as error:
        raise LookupError(f"unknown site {site_id!r}") from error
    closure = {"start": start.isoformat(), "end": end.isoformat(), "reason": reason.strip()}
    record["closures"] = [*record.get("closures", []), closure]
    try:
        applied = apply_site(engine, site_id, record, base=None, actor_id=actor_id, source=source, note=note,
                             today=min(start, utcnow().date()))
    except EditErrors as error:
        raise OperatorError(str(error)) from error
    return ChangeResult(applied.change_id, applied.affected)
