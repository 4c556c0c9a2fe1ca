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
from ..planning.model import AccessRule
from ..services.catalogue_changes import Applied
from ..services.edits import Conflict, EditErrors, NotFound, etag
from ..services.rule_edits import apply_rule
from ..services.rule_edits import rule_record as current_rule
from ..store.times import utcnow
from .catalogue_json import rule_json
from .operator_api import _body, _error, _if_match, _me, _note, _tagged, _written, bp, token_required
from .operator_shapes import ShapeError, rule_record
from .state import state

STALE = "the rule changed since that ETag: GET it again and re-apply your change"


def _rule(rule_id: str) -> AccessRule:
    catalogue = services.load_catalogue(state().engine)
    rule = next((r for r in catalogue.access_rules if r.id == rule_id), None)
    if rule is None:
        abort(_error(404, f"no visitor rule {rule_id!r}"))
    return rule


def _rule_out(rule_id: str) -> tuple[dict[str, Any], str]:
    catalogue = services.load_catalogue(state().engine)
    try:
        record = current_rule(catalogue, rule_id)
    except NotFound:
        abort(_error(404, f"no visitor rule {rule_id!r}"))
    return rule_json(_rule(rule_id)), etag(record)


def _save(rule_id: str | None, record: dict[str, Any], base: str | None, note: str) -> Applied | Response:
    try:
        return apply_rule(state().engine, rule_id, record, base=base, actor_id=_me().id, source="operator",
                          note=note, today=utcnow().date())
    except Conflict:
        return _error(412, STALE)
    except EditErrors as error:
        return _error(422, "the rule breaks the catalogue's rules; nothing was saved", error.errors)


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
    try:
        current = current_rule(services.load_catalogue(state().engine), rule_id)
    except NotFound:
        return _error(404, f"no visitor rule {rule_id!r}")
    base = _if_match()
    if base is not None and base != etag(current):
        return _error(412, STALE)
    try:
        record = rule_record(current, body)
    except ShapeError as error:
        return _error(422, "unknown or malformed fields; nothing was saved", error.errors)
    applied = _save(rule_id, record, base or etag(current), _note(body))
    if isinstance(applied, Response):
        return applied
    payload, tag = _rule_out(rule_id)
    return _written(applied, payload, tag)


@bp.post("/rules")
@token_required
def create_rule() -> Response:
    if not _me().is_admin:
        return _error(403, "only an admin may add visitor rules")
    body = _body()
    rule_id = body.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        return _error(422, "a new rule needs an id", {"id": "required: lower-case words joined by -"})
    try:
        record = rule_record({"id": rule_id}, body)
    except ShapeError as error:
        return _error(422, "unknown or malformed fields; nothing was saved", error.errors)
    applied = _save(None, record, None, _note(body))
    if isinstance(applied, Response):
        return applied
    payload, tag = _rule_out(rule_id)
    return _written(applied, payload, tag, 201)
