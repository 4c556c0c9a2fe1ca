"""The OpenAPI 3.1 document of the JSON API (`/api/openapi.json`) and its docs page (`/api/docs`).

Built, never hand-written: paths come from the app's URL map (the rule of each endpoint below),
request and answer schemas from the pydantic models in api_models.py that also validate the
requests. tests/web/test_openapi.py fails when an /api URL exists that this table does not describe.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema
from werkzeug.wrappers import Response

from . import api_models as m

bp = Blueprint("openapi", __name__, url_prefix="/api")

REF = "#/components/schemas/{model}"
FLAG = {"type": "string", "enum": ["", "1", "true", "yes", "0", "false", "no"]}
VERSION_NUMBER = {"type": "string", "pattern": "^[0-9]+$"}


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # "query" | "path" | "header"
    schema: dict[str, Any]
    description: str = ""


@dataclass(frozen=True)
class Operation:
    endpoint: str
    method: str
    summary: str
    ok: int = 200
    answer: Any = None  # a model, a list[model], or None (no body)
    body: type[BaseModel] | None = None
    params: tuple[Param, ...] = ()
    errors: tuple[int, ...] = ()
    tags: tuple[str, ...] = ("travellers",)
    headers: dict[str, str] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)


TOKEN = Param("token", "path", {"type": "string", "maxLength": 200},
              "the trip's edit key or share token (from POST /api/trips)")
ETAG = {"ETag": 'the version, e.g. "3" (send it back in If-Match)'}
GET_ETAG = {"ETag": 'the version and a digest of the answer, e.g. "3-9f2c41d07a6b58e3": If-None-Match gets '
                    '304 while the answer is the same; If-Match takes it as version 3'}

OPERATOR = ("operators",)
OP_ETAG = {"ETag": "the record's version tag (send it back in If-Match)"}
SITE_ID = Param("site_id", "path", {"type": "string", "maxLength": 200})
LAUNCH_ID = Param("launch_id", "path", {"type": "string", "maxLength": 200})
RULE_ID = Param("rule_id", "path", {"type": "string", "maxLength": 200})
IF_MATCH = Param("If-Match", "header", {"type": "string"}, "the ETag you saw: 412 when the record changed since")

OPERATIONS: tuple[Operation, ...] = (
    Operation("api.sites", "get", "Every site of the catalogue", answer=list[m.Site], tags=("catalogue",)),
    Operation("api.site", "get", "One site", answer=m.Site, tags=("catalogue",), errors=(404,),
              params=(Param("site_id", "path", {"type": "string", "maxLength": 200}),)),
    Operation("api.launches", "get", "Launches, optionally filtered", answer=list[m.Launch], tags=("catalogue",),
              errors=(422,), params=(Param("upcoming", "query", FLAG, "only launches still to come"),
                                     Param("past", "query", FLAG, "only launches that have happened"),
                                     Param("pad", "query", {"type": "string"}, "a pad's site id"),
                                     Param("status", "query", {"type": "string"}, "e.g. Go, TBD"))),
    Operation("api.plan", "post", "Plan a trip without saving it", answer=m.Itinerary, body=m.PlanRequest,
              errors=(413, 422, 429)),
    Operation("api.create_trip", "post", "Plan and save a trip: its links and first version", ok=201,
              body=m.TripRequest, errors=(413, 422, 429), answer=m.Trip, headers=ETAG,
              links={name: {"operationId": name, "parameters": {"token": "$response.body#/token"}}
                     for name in ("get_trip", "replan_trip", "trip_versions", "compare_versions", "reissue_feed")}),
    Operation("api.get_trip", "get", "A trip's newest version (or ?version=N)", errors=(404, 422),
              params=(TOKEN, Param("version", "query", VERSION_NUMBER)), answer=m.Trip, headers=GET_ETAG),
    Operation("api.replan_trip", "put", "Re-plan a trip with a new plan request (edit key only)",
              body=m.TripRequest, params=(TOKEN, Param("If-Match", "header", {"type": "string"},
                                                       'the version you saw, e.g. "3": 412 when older')),
              errors=(403, 404, 412, 413, 422, 429), answer=m.Trip, headers=ETAG),
    Operation("api.trip_versions", "get", "A trip's versions (edit key only)", answer=list[m.Version],
              params=(TOKEN,), errors=(403, 404)),
    Operation("api.compare_versions", "get", "What changed between two versions", answer=m.Comparison,
              params=(TOKEN, Param("from", "query", VERSION_NUMBER), Param("to", "query", VERSION_NUMBER)),
              errors=(403, 404, 422)),
    Operation("api.restore_version", "post", "Make an old version the newest (edit key only)",
              params=(TOKEN, Param("number", "path", {"type": "integer", "minimum": 0}),
                      Param("If-Match", "header", {"type": "string"})),
              errors=(403, 404, 412, 422, 429), answer=m.Trip, headers=ETAG),
    Operation("api.reissue_feed", "post", "A new calendar feed link (the old one stops working)",
              answer=m.FeedLink, params=(TOKEN,), errors=(403, 404)),
    Operation("api.revoke_feed", "delete", "Turn the calendar feed link off", ok=204, params=(TOKEN,),
              errors=(403, 404)),
    Operation("api.launch", "get", "One launch with `history`: every NET change (old, new, status, source, at;"
              " never who)", answer=m.Launch, tags=("catalogue",), errors=(404,), params=(LAUNCH_ID,)),
    # The operators' API (Authorization: Bearer TOKEN from `tourplanner operator token EMAIL`).
    *(Operation(f"operator_api.{name}", "get", summary, answer=answer, tags=OPERATOR, errors=(401, 404),
                params=params, headers=OP_ETAG if not name.endswith("s") else {})
      for name, summary, answer, params in (
          ("sites", "Every site, as operators edit them", list[m.OperatorRecord], ()),
          ("site", "One site and its ETag", m.OperatorRecord, (SITE_ID,)),
          ("launches", "Every launch", list[m.OperatorRecord], ()),
          ("launch", "One launch and its ETag", m.OperatorRecord, (LAUNCH_ID,)))),
    *(Operation(f"operator_api.{name}", method, summary, ok=ok, answer=m.OperatorRecord, body=m.OperatorWrite,
                tags=OPERATOR, errors=(401, 403, 404, 409, 412, 413, 422), params=params, headers=OP_ETAG)
      for name, method, ok, summary, params in (
          ("patch_site", "patch", 200, "Change a site (If-Match: its ETag, else 412)", (SITE_ID, IF_MATCH)),
          ("create_site", "post", 201, "Create a site (admins)", ()),
          ("patch_launch", "patch", 200, "Move, scrub or correct a launch (If-Match: its ETag)", (LAUNCH_ID, IF_MATCH)),
          ("create_launch", "post", 201, "Add a launch", ()))),
    Operation("operator_api.rules", "get", "Every visitor (access) rule", answer=list[m.VisitorRule], tags=OPERATOR,
              errors=(401,)),
    Operation("operator_api.rule", "get", "One visitor rule and its ETag", answer=m.VisitorRule, tags=OPERATOR,
              errors=(401, 404), params=(RULE_ID,), headers=OP_ETAG),
    *(Operation(f"operator_api.{name}", method, summary, ok=ok, answer=m.VisitorRule, body=m.VisitorRuleWrite,
                tags=OPERATOR, errors=(401, 403, 404, 412, 413, 422), params=params, headers=OP_ETAG)
      for name, method, ok, summary, params in (
          ("patch_rule", "patch", 200, "Change a visitor rule (If-Match: its ETag, else 412)", (RULE_ID, IF_MATCH)),
          ("create_rule", "post", 201, "Add a visitor rule for a site or a region (admins)", ()))),
    Operation("operator_api.history", "get", "Changes to the catalogue, newest first", answer=list[m.Change],
              tags=OPERATOR, errors=(401, 422), params=(Param("record", "query", {"type": "string"},
                                                         "site:<id>, launch:<id> or rule:<id>"),)),
    Operation("operator_api.undo", "post", "Undo a change (as a new change)", answer=m.OperatorRecord,
              tags=OPERATOR, errors=(401, 403, 404, 409, 412, 413, 422), headers=OP_ETAG,
              params=(Param("change_id", "path", {"type": "integer", "minimum": 0}),)),
)

# Every operation may also meet these: a NUL in the address (400), a body too large (413, on those
# with a body), the rate limit (429, listed per operation) and the database unavailable (503).
_COMMON = (400, 503)
_REASONS = {400: "Bad request", 401: "No live operator token (Authorization: Bearer TOKEN)",
            403: "Not allowed with this link or role", 404: "Not found", 409: "Conflicts with a record that exists",
            412: "The trip changed since that version", 413: "The body is too large (256 KB at most)",
            422: "Unprocessable: `errors` names each field at fault", 429: "Too many requests from this address",
            503: "The database is unavailable for a moment; nothing was saved"}
_RETRY = {"Retry-After": {"description": "seconds to wait", "required": True, "schema": {"type": "string"}}}


def _path(rule: str) -> str:
    """Flask's `/trips/<token>/versions/<int:number>` -> OpenAPI's `/trips/{token}/versions/{number}`."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def _schema(answer: Any) -> dict[str, Any]:
    if isinstance(answer, type) and issubclass(answer, BaseModel):
        return {"$ref": REF.format(model=answer.__name__)}
    schema: dict[str, Any] = TypeAdapter(answer).json_schema(ref_template=REF)
    return schema


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    ok: dict[str, Any] = {"description": "OK" if op.ok != 201 else "Created"}
    if op.answer is not None:
        ok["content"] = _json(_schema(op.answer))
    if op.headers:
        ok["headers"] = {name: {"description": text, "schema": {"type": "string"}} for name, text in op.headers.items()}
    if op.links:
        ok["links"] = op.links
    responses[str(op.ok)] = ok
    for code in sorted({*op.errors, *_COMMON}):
        answer: dict[str, Any] = {"description": _REASONS[code], "content": _json(_schema(m.Problem))}
        if code in (429, 503):
            answer["headers"] = _RETRY
        if code == 401:
            answer["headers"] = {"WWW-Authenticate": {"description": "Bearer", "required": True,
                                                      "schema": {"type": "string"}}}
        responses[str(code)] = answer
    out: dict[str, Any] = {"operationId": operation_id(op.endpoint), "summary": op.summary,
                           "tags": list(op.tags), "responses": responses}
    if op.tags == OPERATOR:
        out["security"] = [{"bearer": []}]
    if op.params:
        out["parameters"] = [{"name": p.name, "in": p.where, "required": p.where == "path", "schema": p.schema,
                              **({"description": p.description} if p.description else {})} for p in op.params]
    if op.body is not None:
        out["requestBody"] = {"required": True, "content": _json(_schema(op.body))}
    return out


def operation_id(endpoint: str) -> str:
    """`api.get_trip` -> `get_trip`; other blueprints keep theirs: `operator_api.sites` -> `operator_api_sites`."""
    blueprint, _, name = endpoint.partition(".")
    return name if blueprint == "api" else f"{blueprint}_{name}"


def _components() -> dict[str, Any]:
    models: list[type[BaseModel]] = [m.PlanRequest, m.TripRequest, m.Problem, m.Site, m.Launch, m.Itinerary,
                                     m.Trip, m.Version, m.Comparison, m.FeedLink, m.OperatorWrite,
                                     m.OperatorRecord, m.Change, m.VisitorRule, m.VisitorRuleWrite]
    _, defs = models_json_schema([(model, "validation") for model in models], ref_template=REF)
    schemas: dict[str, Any] = defs.get("$defs", {})
    return schemas


@cache
def _document(rules: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    by_endpoint = dict(rules)
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        if op.endpoint not in by_endpoint:
            continue  # an optional part of the API not in this app
        paths.setdefault(_path(by_endpoint[op.endpoint]), {})[op.method] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "tourplanner API", "version": "1",
                 "description": "Plan space-heritage trips: the catalogue, planning, and saved trips. "
                                "Errors answer `{\"error\", \"message\"}` or, for bad input, "
                                "`{\"error\", \"errors\": [{\"field\", \"message\"}]}`."},
        "paths": paths,
        "components": {"schemas": _components(),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "`tourplanner operator token EMAIL`"}}},
    }


def document() -> dict[str, Any]:
    """The document for the current app (its URL map gives the paths)."""
    rules = tuple(sorted((rule.endpoint, rule.rule) for rule in current_app.url_map.iter_rules()))
    return _document(rules)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(document())


@bp.get("/docs")
def docs() -> str:
    """The document as a page: no JavaScript, nothing from another host."""
    import json

    doc = document()
    operations = [(path, method, spec) for path, methods in doc["paths"].items() for method, spec in methods.items()]
    schemas = {name: json.dumps(schema, indent=2) for name, schema in doc["components"]["schemas"].items()}
    return render_template("api_docs.html", doc=doc, operations=operations, schemas=schemas,
                           dumps=lambda value: json.dumps(value, indent=2))
