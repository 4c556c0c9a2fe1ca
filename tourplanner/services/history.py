"""The audit log read back: a record's changes (who, when, before/after, note) and undo.

Undo never rewrites history: it is a new change that puts the record back as it was before the
chosen change (through the same path as any edit: validated, recorded, trips re-planned).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..messages import Msg as _l
from ..store.tables import CatalogueChangeRow, OperatorRow
from .catalogue_changes import Applied
from .edits import EditErrors, NotFound, etag


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    by: str  # the operator's e-mail, or the source (ll2, cli, seed): operators only, never travellers
    source: str
    record: str
    summary: str
    note: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    affected: int
    done: int
    failed: int


def _entries(session: Session, rows: list[CatalogueChangeRow]) -> list[Entry]:
    ids = {r.actor_id for r in rows if r.actor_id is not None}
    emails = dict(session.exec(select(OperatorRow.id, OperatorRow.email)
                               .where(col(OperatorRow.id).in_(ids))).all()) if ids else {}
    return [Entry(id=r.id or 0, at=r.at, by=emails.get(r.actor_id, r.source) if r.actor_id else r.source,
                  source=r.source, record=r.record, summary=r.summary, note=r.note, before=r.before, after=r.after,
                  affected=r.affected, done=r.done, failed=r.failed) for r in rows]


def history(engine: Engine, record: str | None = None, limit: int = 200) -> list[Entry]:
    """Newest first; `record` ("site:star-city") narrows to one record."""
    with Session(engine) as session:
        query = select(CatalogueChangeRow)
        if record:
            query = query.where(CatalogueChangeRow.record == record)
        rows = list(session.exec(query.order_by(col(CatalogueChangeRow.id).desc()).limit(limit)).all())
        return _entries(session, rows)


MAX_ID = 2**63 - 1  # larger ids cannot exist (and SQLite cannot even be asked for them)


def change(engine: Engine, change_id: int) -> Entry:
    if not 0 < change_id <= MAX_ID:
        raise NotFound(f"no change {change_id}")
    with Session(engine) as session:
        row = session.get(CatalogueChangeRow, change_id)
        if row is None:
            raise NotFound(f"no change {change_id}")
        return _entries(session, [row])[0]


def undo(engine: Engine, change_id: int, *, actor_id: int | None, note: str, today: date) -> Applied:
    """Put the record back as it was before change `change_id`, as a new change."""
    from .launch_edits import apply_launch
    from .site_edits import apply_site

    entry = change(engine, change_id)
    kind, _, record_id = entry.record.partition(":")
    if entry.before is None:
        raise EditErrors({"": _l("this change created the record: retire it instead of undoing")})
    if kind == "site":
        return apply_site(engine, record_id, entry.before, base=None, actor_id=actor_id, source="operator",
                          note=note, today=today)
    if kind == "rule":
        from .rule_edits import apply_rule

        return apply_rule(engine, record_id, entry.before, base=None, actor_id=actor_id, source="operator",
                          note=note, today=today)
    if kind == "launch":
        return apply_launch(engine, record_id, entry.before, base=None, actor_id=actor_id, source="operator",
                            note=note, confirmed=True)
    raise EditErrors({"": _l("changes of {kind} records cannot be undone here", kind=kind)})


__all__ = ["Entry", "change", "etag", "history", "undo"]
