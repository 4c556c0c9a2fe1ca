"""Operator JSON API: the back office for an operator's own systems, with bearer tokens.

`Authorization: Bearer TOKEN` (made on /operator/tokens or by `tourplanner operator token EMAIL`);
no or a dead token: 401, a role without the right: 403. A GET answers an `ETag`; a PATCH whose
`If-Match` is not the record's current ETag gets 412 and changes nothing. Every write answers
`affected_trips`, the number of saved trips it marks for re-planning. Same rules, same audit log and
same re-planning as the operator pages.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, g, jsonify, request
from werkzeug.wrappers import Response

from .. import services
from ..planning.model import Catalogue
from ..services import history as history_service
from ..services.catalogue_changes import Applied
from ..services.edits import Conflict, EditErrors, NotFound, etag
from ..services.launch_edits import NeedsConfirmation, apply_launch
from ..services.launch_edits import launch_record as current_launch
from ..services.operators import Operator
from ..services.site_edits import apply_site
from ..services.site_edits import site_record as current_site
from ..services.tokens import operator_for_token
from ..store.times import utcnow
from .catalogue_json import launch_json, site_json
from .operator_shapes import ShapeError, launch_record, site_record
from .state import state

bp = Blueprint("operator_api", __name__, url_prefix="/api/operator")
F = TypeVar("F", bound=Callable[..., Any])
MALFORMED = "unknown or malformed fields; nothing was saved"
Record = dict[str, Any]
Out = Callable[[str], tuple[Record, str]]  # a record's id -> (its JSON answer, its ETag)
Save = Callable[[Record, str | None], Applied]  # (record, the ETag it was made from) -> the change


def _error(status: int, message: str, errors: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"error": {401: "Unauthorized", 403: "Forbidden", 409: "Conflict", 412:
                                      "Precondition Failed", 422: "Unprocessable Entity"}.get(status, "Error"),
                            "message": message}
    if errors is not None:
        body["errors"] = [{"field": k or "$", "message": v} for k, v in errors.items()]
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tourplanner operator API"'
    return response


def token_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        operator = operator_for_token(state().engine, token.strip()) if scheme.lower() == "bearer" else None
        if operator is None:
            return _error(401, "send a live operator API token: Authorization: Bearer TOKEN")
        g.api_operator = operator
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _me() -> Operator:
    operator: Operator = g.api_operator
    return operator


def _admin() -> Response | None:
    return None if _me().is_admin else _error(403, "only an admin may create sites")


def _body() -> dict[str, Any]:
    """The JSON object of the request, bounded like every API body (depth, NUL, length: web/bounds.py)."""
    from . import bounds

    data, problems = bounds.read_json()
    if problems:
        abort(_error(422, "the body is not an acceptable JSON object; nothing was saved",
                     {p["field"]: p["message"] for p in problems}))
    if not isinstance(data, dict):
        abort(_error(422, "the body must be a JSON object (Content-Type: application/json)", {"": "not an object"}))
    return data


def _note(body: dict[str, Any]) -> str:
    note = body.get("note", "")
    if not isinstance(note, str) or len(note) > 300:
        abort(_error(422, "note: a text of at most 300 characters", {"note": "a text of at most 300 characters"}))
    return note


def _tagged(payload: dict[str, Any], tag: str, status: int = 200) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.headers["ETag"] = f'"{tag}"'
    return response


def _if_match() -> str | None:
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    return raw.strip().removeprefix("W/").strip('"')


def _written(applied: Applied, payload: dict[str, Any], tag: str, status: int = 200) -> Response:
    if applied.change_id is not None:
        from ..background import kick

        kick(current_app)
    return _tagged({**payload, "affected_trips": applied.affected, "change_id": applied.change_id}, tag, status)


def _stale(noun: str) -> Response:
    return _error(412, f"the {noun} changed since that ETag: GET it again and re-apply your change")


def _patch_record(record_id: str, *, noun: str, missing: str, current_of: Callable[[Catalogue, str], Record],
                  shape: Callable[[Record], Record], save: Save, out: Out) -> Response:
    """The one PATCH flow for sites, launches and rules, so the 404/412/422/409 answers cannot drift apart:
    the record as it is, the If-Match check (a stale ETag saves nothing), the body over it, the save."""
    try:
        current = current_of(services.load_catalogue(state().engine), record_id)
    except NotFound:
        return _error(404, missing)
    base = _if_match()
    if base is not None and base != etag(current):
        return _stale(noun)
    return _save_record(noun, lambda: shape(current), save, base or etag(current), out)


def _save_record(noun: str, shape: Callable[[], Record], save: Save, base: str | None, out: Out,
                 status: int = 200) -> Response:
    """Shape the body (422 naming the fields), save (412 when the record moved on meanwhile, 422 for the
    catalogue's rules, 409 for a launch move to confirm), answer the saved record with its new ETag."""
    try:
        record = shape()
    except ShapeError as error:
        return _error(422, MALFORMED, error.errors)
    try:
        applied = save(record, base)
    except Conflict:
        return _stale(noun)
    except EditErrors as error:
        return _error(422, f"the {noun} breaks the catalogue's rules; nothing was saved", error.errors)
    except NeedsConfirmation as error:
        return _error(409, f"{error}: send \"confirm\": true to apply it anyway", {"confirm": str(error)})
    payload, tag = out(record["id"])
    return _written(applied, payload, tag, status)


# --- sites ---------------------------------------------------------------------------------------


def _site_out(site_id: str) -> tuple[dict[str, Any], str]:
    catalogue = services.load_catalogue(state().engine)
    try:
        record = current_site(catalogue, site_id)
    except NotFound:
        abort(_error(404, f"no site {site_id!r}"))
    return site_json(catalogue.site(site_id), catalogue), etag(record)


@bp.get("/sites")
@token_required
def sites() -> Response:
    catalogue = services.load_catalogue(state().engine)
    return jsonify([site_json(s, catalogue) for s in catalogue.sites])


@bp.get("/sites/<site_id>")
@token_required
def site(site_id: str) -> Response:
    payload, tag = _site_out(site_id)
    return _tagged(payload, tag)


def _save_site(site_id: str | None, body: dict[str, Any]) -> Save:
    """The save of this request's site (its note read only once the body's shape passed)."""

    def save(record: Record, base: str | None) -> Applied:
        return apply_site(state().engine, site_id, record, base=base, actor_id=_me().id, source="operator",
                          note=_note(body), today=utcnow().date())

    return save


@bp.patch("/sites/<site_id>")
@token_required
def patch_site(site_id: str) -> Response:
    body = _body()
    return _patch_record(site_id, noun="site", missing=f"no site {site_id!r}", current_of=current_site,
                         shape=lambda current: site_record(current, body), save=_save_site(site_id, body),
                         out=_site_out)


@bp.post("/sites")
@token_required
def create_site() -> Response:
    refused = _admin()
    if refused is not None:
        return refused
    body = _body()
    site_id = body.get("id")
    if not isinstance(site_id, str) or not site_id:
        return _error(422, "a new site needs an id", {"id": "required: lower-case words joined by -"})
    new = {"id": site_id, "hours": {"weekly": {}}, "sources": []}
    return _save_record("site", lambda: site_record(new, body), _save_site(None, body), None, _site_out, 201)


# --- launches ------------------------------------------------------------------------------------


def _launch_out(launch_id: str) -> tuple[dict[str, Any], str]:
    catalogue = services.load_catalogue(state().engine)
    try:
        record = current_launch(catalogue, launch_id)
    except NotFound:
        abort(_error(404, f"no launch {launch_id!r}"))
    launch = next(x for x in catalogue.launches if x.id == launch_id)
    return launch_json(launch, catalogue), etag(record)


def _pad_zones() -> dict[str, str]:
    return {s.id: s.timezone for s in services.load_catalogue(state().engine).sites}


def _save_launch(launch_id: str | None, body: dict[str, Any]) -> Save:
    """The save of this request's launch; `"confirm": true` lets a move into the past or by over a year through."""

    def save(record: Record, base: str | None) -> Applied:
        return apply_launch(state().engine, launch_id, record, base=base, actor_id=_me().id, source="operator",
                            note=_note(body), confirmed=body.get("confirm") is True)

    return save


def _launch_fields(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "confirm"}


@bp.get("/launches")
@token_required
def launches() -> Response:
    catalogue = services.load_catalogue(state().engine)
    return jsonify([launch_json(x, catalogue) for x in catalogue.launches])


@bp.get("/launches/<launch_id>")
@token_required
def launch(launch_id: str) -> Response:
    payload, tag = _launch_out(launch_id)
    return _tagged(payload, tag)


@bp.patch("/launches/<launch_id>")
@token_required
def patch_launch(launch_id: str) -> Response:
    body = _body()
    return _patch_record(launch_id, noun="launch", missing=f"no launch {launch_id!r}", current_of=current_launch,
                         shape=lambda current: launch_record(current, _launch_fields(body), _pad_zones(), utcnow()),
                         save=_save_launch(launch_id, body), out=_launch_out)


@bp.post("/launches")
@token_required
def create_launch() -> Response:
    from ..store.seed import mission_slug

    body = _body()
    mission = body.get("mission")
    if not isinstance(mission, str) or not mission.strip():
        return _error(422, "a new launch needs a mission", {"mission": "required, like Soyuz MS-32"})
    return _save_record("launch", lambda: launch_record({"id": mission_slug(mission)}, _launch_fields(body),
                                                         _pad_zones(), utcnow()),
                        _save_launch(None, body), None, _launch_out, 201)


# --- history -------------------------------------------------------------------------------------


@bp.get("/history")
@token_required
def history() -> Response:
    record = request.args.get("record") or None
    entries = history_service.history(state().engine, record)
    return jsonify([{"id": e.id, "at": e.at.isoformat().replace("+00:00", "Z"), "by": e.by, "source": e.source,
                     "record": e.record, "change": e.summary, "note": e.note, "before": e.before,
                     "after": e.after, "affected_trips": e.affected} for e in entries])


@bp.post("/changes/<int:change_id>/undo")
@token_required
def undo(change_id: int) -> Response:
    """A new change putting the record back as it was before `change_id`; answers the record."""
    body = request.get_json(silent=True) or {}
    note = _note(body) if isinstance(body, dict) else ""
    try:
        applied = history_service.undo(state().engine, change_id, actor_id=_me().id, note=note,
                                       today=utcnow().date())
    except NotFound:
        return _error(404, f"no change {change_id}")
    except EditErrors as error:
        return _error(422, "this change cannot be undone", error.errors)
    kind, _, record_id = applied.record.partition(":")
    if kind == "rule":
        payload, tag = _rules._rule_out(record_id)
    else:
        payload, tag = _site_out(record_id) if kind == "site" else _launch_out(record_id)
    return _written(applied, payload, tag)


from . import operator_api_rules as _rules  # last: its routes join this blueprint
