"""Launch edits (create, move, scrub, roll-out override) and the slip history of every NET change.

Same path as site edits: the record in the seed's shape, checked by the seed's rules, written with its
audit record and the marks on the trips built around the launch, in one transaction. A NET change from
anyone (operator, API, LL2 sync, undo) also adds a `launch_slip` row: old NET, new NET, status, source.
Moving a launch into the past or by more than a year needs an explicit confirmation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..messages import Msg as _l
from ..planning.model import Catalogue, Launch
from ..store import catalogue as store_catalogue
from ..store.db import transaction
from ..store.seed_json import launch_json
from ..store.tables import LaunchRow, LaunchSlipRow
from ..store.times import utcnow
from .catalogue_changes import NOTHING, Applied, Touched, affected_trips, commit_change
from .edits import Conflict, EditErrors, NotFound, Proposal, changed_fields, etag, validate
from .replan import launch_condition

PLANNING_FIELDS = ("net", "window_start", "window_end", "status", "precision", "pad", "rollout_days_before",
                   "rollout_local_time", "crewed", "vehicle")
FAR = timedelta(days=366)


class NeedsConfirmation(ValueError):
    """The edit is valid but unusual (into the past, more than a year): the operator must confirm it."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True)
class Slip:
    old_net: datetime | None
    new_net: datetime
    status: str
    source: str
    at: datetime


def launch_record(catalogue: Catalogue, launch_id: str) -> dict[str, Any]:
    launch = next((x for x in catalogue.launches if x.id == launch_id), None)
    if launch is None:
        raise NotFound(f"no launch {launch_id!r}")
    return launch_json(launch)


def _day(value: datetime) -> str:
    return f"{value:%d %B %Y %H:%M} UTC".lstrip("0")


def summary(before: Launch | None, after: Launch) -> str:
    """What changed, in travellers' words: a move names both dates; never who."""
    if before is None:
        return f"{after.mission}: new launch, NET {_day(after.net)}"
    parts = []
    if before.net != after.net:
        parts.append(f"moved from {_day(before.net)} to {_day(after.net)}")
    if before.status != after.status:
        parts.append(f"status now {after.status.value}")
    if (before.window_start, before.window_end) != (after.window_start, after.window_end):
        parts.append("launch window changed")
    if (before.rollout_days_before, before.rollout_local_time) != (after.rollout_days_before,
                                                                   after.rollout_local_time):
        parts.append("roll-out changed")
    if before.pad != after.pad:
        parts.append("pad changed")
    return f"{after.mission}: {', '.join(parts) or 'details changed'}"


def confirmations(before: Launch | None, after: Launch, now: datetime) -> list[str]:
    """Reasons an edit needs a second look: a NET in the past, or a move of more than a year."""
    reasons: list[str] = []
    if after.net < now and (before is None or before.net != after.net):
        reasons.append(_l("the new NET ({net}) is in the past", net=_day(after.net)))
    if before is not None and abs(after.net - before.net) > FAR:
        reasons.append(_l("the launch moves by {days} days (more than a year)", days=abs(after.net - before.net).days))
    return reasons


def _check(catalogue: Catalogue, launch_id: str | None, record: dict[str, Any]) -> tuple[Launch | None, Launch]:
    if launch_id is not None and record.get("id") != launch_id:
        raise EditErrors({"id": _l("a launch's id cannot change")})
    before = next((x for x in catalogue.launches if x.id == record.get("id")), None)
    if launch_id is None and before is not None:
        raise EditErrors({"mission": _l("a launch {id!r} exists already", id=record["id"])})
    checked = validate(catalogue, "launches", record)
    return before, next(x for x in checked.launches if x.id == record["id"])


def _touched(before: Launch | None, after: Launch) -> Touched:
    """The trips built around the launch (the trip.launch_id index), when a planning field changed."""
    if before is None or launch_json(before) == launch_json(after):
        return NOTHING
    if not any(launch_json(before).get(f) != launch_json(after).get(f) for f in PLANNING_FIELDS):
        return NOTHING
    return Touched(launch_condition(after.id))


def propose_launch(engine: Engine, launch_id: str | None, record: dict[str, Any]) -> Proposal:
    with Session(engine) as session:
        catalogue = store_catalogue.to_domain(session)
        before, after = _check(catalogue, launch_id, record)
        before_record = launch_json(before) if before else None
        after_record = launch_json(after)
        count, trips = affected_trips(session, _touched(before, after))
    return Proposal(record=f"launch:{after.id}", before=before_record, after=after_record,
                    summary=summary(before, after), affected=tuple(trips), affected_count=count,
                    confirm=tuple(confirmations(before, after, utcnow())),
                    changed=changed_fields(before_record, after_record))


def apply_launch(engine: Engine, launch_id: str | None, record: dict[str, Any], *, base: str | None,
                 actor_id: int | None, source: str, note: str, confirmed: bool = False,
                 origin: str = "operator") -> Applied:
    """Save the launch if it is still as the editor saw it; raises Conflict, EditErrors, NeedsConfirmation."""
    with transaction(engine) as session:
        # First statement: hold the launch's row until commit (two moves of one launch are serialised).
        session.execute(update(LaunchRow).where(col(LaunchRow.id) == record.get("id"))
                        .values(revision=LaunchRow.revision))
        catalogue = store_catalogue.to_domain(session)
        current = next((launch_json(x) for x in catalogue.launches if x.id == record.get("id")), None)
        if base is not None and etag(current) != base:
            raise Conflict(f"launch:{record.get('id')}", current)
        before, after = _check(catalogue, launch_id, record)
        if current == launch_json(after):
            return Applied(change_id=None, affected=0, record=f"launch:{after.id}")
        reasons = confirmations(before, after, utcnow())
        if reasons and not confirmed:
            raise NeedsConfirmation(reasons)
        store_catalogue.write_launch(session, after, origin=origin)
        if before is None or before.net != after.net:
            session.add(LaunchSlipRow(launch_id=after.id, old_net=before.net if before else None, new_net=after.net,
                                      status=after.status.value, source=source, at=utcnow()))
        return commit_change(session, actor_id=actor_id, source=source, record=f"launch:{after.id}",
                             summary=summary(before, after), note=note, before=current,
                             after=launch_json(after), touched=_touched(before, after))


def slips(engine: Engine, launch_id: str) -> list[Slip]:
    """Every NET change of the launch, oldest first (public: no one's name)."""
    with Session(engine) as session:
        rows = session.exec(select(LaunchSlipRow).where(LaunchSlipRow.launch_id == launch_id)
                            .order_by(col(LaunchSlipRow.at), col(LaunchSlipRow.id))).all()
        return [Slip(old_net=r.old_net, new_net=r.new_net, status=r.status, source=r.source, at=r.at) for r in rows]


def slips_by_launch(engine: Engine) -> dict[str, list[Slip]]:
    """Every launch's NET changes, oldest first, in one query (the schedule page shows them all)."""
    out: dict[str, list[Slip]] = {}
    with Session(engine) as session:
        rows = session.exec(select(LaunchSlipRow).order_by(col(LaunchSlipRow.at), col(LaunchSlipRow.id))).all()
        for r in rows:
            out.setdefault(r.launch_id, []).append(
                Slip(old_net=r.old_net, new_net=r.new_net, status=r.status, source=r.source, at=r.at))
    return out
