"""Access rule edits (permits, pre-registration, passport data, guided only, age, group size,
photography, lead days by nationality) for a site or a whole region, through the one edit path.

A rule change touches every future visit to the sites it covers (before or after the edit): their
trips are listed in the preview and marked for re-planning when it is applied.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from ..messages import Msg as _l
from ..planning.model import AccessRule, Catalogue
from ..store import catalogue as store_catalogue
from ..store.db import transaction
from ..store.seed_json import rule_json
from ..store.tables import AccessRuleRow
from .catalogue_changes import NOTHING, Applied, Touched, affected_trips, commit_change, visiting
from .edits import Conflict, EditErrors, NotFound, Proposal, changed_fields, etag, validate


def rule_record(catalogue: Catalogue, rule_id: str) -> dict[str, Any]:
    rule = next((r for r in catalogue.access_rules if r.id == rule_id), None)
    if rule is None:
        raise NotFound(f"no access rule {rule_id!r}")
    return rule_json(rule)


def _sites(catalogue: Catalogue, rule: AccessRule | None) -> set[str]:
    if rule is None:
        return set()
    if rule.site is not None:
        return {rule.site}
    return {s.id for s in catalogue.sites if s.region == rule.region}


def _touched(catalogue: Catalogue, before: AccessRule | None, after: AccessRule, today: date) -> Touched:
    """Every future visit to the sites the rule covers, before or after the edit."""
    sites = _sites(catalogue, before) | _sites(catalogue, after)
    if not sites or (before is not None and rule_json(before) == rule_json(after)):
        return NOTHING
    return visiting(sites, today)


def summary(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    if before is None:
        return f"{after['title']}: new visitor rule"
    return f"{after['title']}: visitor rule changed ({', '.join(changed_fields(before, after))})"


def _check(catalogue: Catalogue, rule_id: str | None, record: dict[str, Any]
           ) -> tuple[AccessRule | None, AccessRule, Catalogue]:
    if rule_id is not None and record.get("id") != rule_id:
        raise EditErrors({"id": _l("a rule's id cannot change")})
    before = next((r for r in catalogue.access_rules if r.id == record.get("id")), None)
    if rule_id is None and before is not None:
        raise EditErrors({"id": _l("a rule {id!r} exists already", id=record["id"])})
    checked = validate(catalogue, "access_rules", record)
    return before, next(r for r in checked.access_rules if r.id == record["id"]), checked


def propose_rule(engine: Engine, rule_id: str | None, record: dict[str, Any], *, today: date) -> Proposal:
    with Session(engine) as session:
        catalogue = store_catalogue.to_domain(session)
        before, after, checked = _check(catalogue, rule_id, record)
        before_record = rule_json(before) if before else None
        count, trips = affected_trips(session, _touched(checked, before, after, today))
    after_record = rule_json(after)
    return Proposal(record=f"rule:{after.id}", before=before_record, after=after_record,
                    summary=summary(before_record, after_record), affected=tuple(trips), affected_count=count,
                    changed=changed_fields(before_record, after_record))


def apply_rule(engine: Engine, rule_id: str | None, record: dict[str, Any], *, base: str | None,
               actor_id: int | None, source: str, note: str, today: date) -> Applied:
    with transaction(engine) as session:
        session.execute(update(AccessRuleRow).where(col(AccessRuleRow.id) == record.get("id"))
                        .values(origin=AccessRuleRow.origin))  # hold the row: saves are serialised
        catalogue = store_catalogue.to_domain(session)
        current = next((rule_json(r) for r in catalogue.access_rules if r.id == record.get("id")), None)
        if base is not None and etag(current) != base:
            raise Conflict(f"rule:{record.get('id')}", current)
        before, after, checked = _check(catalogue, rule_id, record)
        after_record = rule_json(after)
        if current == after_record:
            return Applied(change_id=None, affected=0, record=f"rule:{after.id}")
        store_catalogue.write_rule(session, after)
        return commit_change(session, actor_id=actor_id, source=source, record=f"rule:{after.id}",
                             summary=summary(current, after_record), note=note, before=current,
                             after=after_record, touched=_touched(checked, before, after, today))
