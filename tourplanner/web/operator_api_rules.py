"""Visitor (access) rules through the operator JSON API, as /api/operator/sites does for sites.

`GET /api/operator/rules[/<id>]` (the shape of a site's `access` items, with an ETag),
`PATCH /api/operator/rules/<id>` (any subset of the fields; a stale If-Match gets 412) and
`POST /api/operator/rules` (admins: a new rule can close a whole region to some travellers). Every
write goes through the one edit path (services/rule_edits.py): the seed's validator, the audit log,
the marks on every future visit to the sites the rule covers, and answers `affected_trips`.
"""
from __future__ import annotations

from typing import Any

from flask import abort, jsonify
from werkzeug.wrappers import Response

from .. import services
from ..services.catalogue_changes import Applied
from ..services.edits import NotFound, etag
from ..services.rule_edits import apply_rule
from ..services.rule_edits import rule_record as current_rule
from ..store.times import utcnow
from .catalogue_json import rule_json
from .operator_api import (
    Record,
    Save,
    _body,
    _error,
    _me,
    _note,
    _patch_record,
    _save_record,
    _tagged,
    bp,
    token_required,
)
from .operator_shapes import rule_record
from .state import state


def _rule_out(rule_id: str) -> tuple[dict[str, Any], str]:
    catalogue = services.load_catalogue(state().engine)
    try:
        record = current_rule(catalogue, rule_id)
    except NotFound:
        abort(_error(404, f"no visitor rule {rule_id!r}"))
    return rule_json(next(r for r in catalogue.access_rules if r.id == rule_id)), etag(record)


def _save(rule_id: str | None, body: dict[str, Any]) -> Save:
    """The save of this request's rule (its note read only once the body's shape passed)."""

    def save(record: Record, base: str | None) -> Applied:
        return apply_rule(state().engine, rule_id, record, base=base, actor_id=_me().id, source="operator",
                          note=_note(body), today=utcnow().date())

    return save


@bp.get("/rules")
@token_required
def rules() -> Response:
    return jsonify([rule_json(r) for r in services.load_catalogue(state().engine).access_rules])


@bp.get("/rules/<rule_id>")
@token_required
def rule(rule_id: str) -> Response:
    payload, tag = _rule_out(rule_id)
    return _tagged(payload, tag)


@bp.patch("/rules/<rule_id>")
@token_required
def patch_rule(rule_id: str) -> Response:
    body = _body()
    return _patch_record(rule_id, noun="rule", missing=f"no visitor rule {rule_id!r}", current_of=current_rule,
                         shape=lambda current: rule_record(current, body), save=_save(rule_id, body), out=_rule_out)


@bp.post("/rules")
@token_required
def create_rule() -> Response:
    if not _me().is_admin:
        return _error(403, "only an admin may add visitor rules")
    body = _body()
    rule_id = body.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        return _error(422, "a new rule needs an id", {"id": "required: lower-case words joined by -"})
    return _save_record("rule", lambda: rule_record({"id": rule_id}, body), _save(None, body), None, _rule_out, 201)
