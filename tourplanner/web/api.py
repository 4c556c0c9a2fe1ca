"""JSON API: the catalogue (read-only), stateless planning, and saved trips."""
from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from flask import Blueprint, abort, jsonify, request, url_for
from werkzeug.wrappers import Response

from .. import services
from ..planning.model import Catalogue
from ..store.times import utcnow
from . import api_models, bounds, reads
from .catalogue_json import iso_utc, launch_json, site_json
from .exports_views import public_url
from .i18n import current_language
from .limits import limiter, plans_limit, trips_limit
from .mailing import links, mailer
from .state import state

bp = Blueprint("api", __name__, url_prefix="/api")

LAUNCH_FILTERS = ("upcoming", "past", "pad", "status")


def _catalogue() -> Catalogue:
    return reads.catalogue()


@bp.get("/sites")
def sites() -> Response:
    catalogue = _catalogue()
    return reads.cached_json(("sites", current_language()), lambda: [site_json(site, catalogue) for site in catalogue.sites])


@bp.get("/sites/<site_id>")
def site(site_id: str) -> Response:
    catalogue = _catalogue()
    for candidate in catalogue.sites:
        if candidate.id == site_id:
            return reads.cached_json(("site", site_id, current_language()), lambda: site_json(candidate, catalogue))  # noqa: B023
    abort(404, description=f"no site with id {site_id!r}")


def _flag(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw.lower() in ("1", "true", "yes", ""):
        return True
    if raw.lower() in ("0", "false", "no"):
        return False
    abort(422, description=f"query parameter {name!r} must be true or false, not {raw!r}")


@bp.get("/launches")
def launches() -> Response:
    catalogue = _catalogue()
    now = utcnow()
    selected = list(catalogue.launches)
    upcoming, past = _flag("upcoming"), _flag("past")
    if upcoming is not None:
        selected = [x for x in selected if (x.net >= now) == upcoming]
    if past is not None:
        selected = [x for x in selected if (x.net < now) == past]
    if pad := request.args.get("pad"):
        if pad not in {s.id for s in catalogue.sites}:
            abort(422, description=f"unknown pad {pad!r}")
        selected = [x for x in selected if x.pad == pad]
    if status := request.args.get("status"):
        selected = [x for x in selected if x.status.value.lower() == status.lower()]
    # The answer depends on the catalogue, the query and, for upcoming/past, which launches have flown.
    flown = sum(x.net < now for x in catalogue.launches) if upcoming is not None or past is not None else None
    key = ("launches", tuple(sorted(request.args.items(multi=True))), flown)
    return reads.cached_json(key, lambda: [launch_json(x, catalogue) for x in selected])


@bp.get("/launches/<launch_id>")
def launch(launch_id: str) -> Response:
    """One launch with `history`: every NET change (old, new, status, source, when), never who."""
    from ..services.launch_edits import slips

    catalogue = _catalogue()
    found = next((x for x in catalogue.launches if x.id == launch_id), None)
    if found is None:
        abort(404, description=f"no launch with id {launch_id!r}")
    history = [{"old_net": iso_utc(s.old_net) if s.old_net else None, "new_net": iso_utc(s.new_net),
                "status": s.status, "source": s.source, "at": iso_utc(s.at)}
               for s in slips(state().engine, launch_id)]
    return jsonify({**launch_json(found, catalogue), "history": history})


# --- planning and trips --------------------------------------------------------------------------


def _unprocessable(errors: list[dict[str, str]]) -> Response:
    """422 naming each field; messages clipped so no huge value is ever echoed back."""
    clipped = [{"field": str(e["field"])[:200], "message": str(e["message"])[:300]} for e in errors[:50]]
    response = jsonify({"error": "Unprocessable Entity", "errors": clipped})
    response.status_code = 422
    return response


def _today() -> date:
    return utcnow().date()


def _plan_input(model: type[api_models.PlanRequest] = api_models.PlanRequest) -> object:
    """The request's JSON, checked for size, depth, NULs, list lengths and date range, then against
    the model the OpenAPI document shows (422 otherwise, with the planner's own words beside it)."""
    data, problems = bounds.read_json()
    problems = problems or bounds.request_problems(data)
    if problems:
        abort(_unprocessable(problems))
    if shape := api_models.problems(model, data):
        abort(_unprocessable(_with_planner_errors(data, shape, trip=model is api_models.TripRequest)))
    return data


def _with_planner_errors(data: object, shape: list[dict[str, str]], *, trip: bool) -> list[dict[str, str]]:
    """Every problem at once: the planner's and the trip options' (in their words), and the model's on
    fields they did not name."""
    from ..planning.serialize import RequestError, parse_request
    from ..services.trip_options import trip_options

    try:
        parse_request(data, today=_today(), catalogue=_catalogue())
        planner: list[dict[str, str]] = []
    except RequestError as error:
        planner = error.errors
    if trip:
        planner += trip_options(data)[1]
    named = {e["field"] for e in planner}
    return planner + [e for e in shape if not any(e["field"] == f or e["field"].startswith(f + ".")
                                                  or e["field"].startswith(f + "[") for f in named)]


def trip_urls(view: services.TripView) -> dict[str, str | None]:
    """The trip's links. The edit key appears only for the edit link; map and calendar use the share
    link, so forwarding them never hands out the key that changes the trip."""
    share = view.share_token
    return {
        "page": public_url("pages.trip", token=view.token) if view.access == "edit" else None,
        "share": public_url("pages.trip", token=share),
        "map": public_url("pages.trip_map", token=share),
        "ics": public_url("pages.trip_ics", token=share),
        "feed": (public_url("pages.trip_feed", token=view.feed_token)
                 if view.feed_token and view.access == "edit" else None),
    }


def trip_payload(view: services.TripView) -> dict[str, Any]:
    from ..services.trip_choices import trip_extras

    edit = view.access == "edit"
    payload: dict[str, Any] = {
        "token": view.token if edit else None,
        "share_token": view.share_token,
        "version": view.version,
        "latest_version": view.latest,
        "reason": view.reason,
        "lang": view.lang,
        "pending": view.pending,  # a catalogue change reached the trip; its update is queued
        "urls": trip_urls(view),
        "request": view.request,
        "itinerary": view.itinerary,
    }
    payload.update(trip_extras(state().engine, _catalogue(), view))
    if edit:  # the address is the traveller's: never on what the share link shows
        payload["notify"] = {"email": view.notify_email, "confirmed": view.notify_confirmed}
    return payload


@bp.post("/plan")
@limiter.limit(plans_limit)
def plan() -> Response:
    from ..planning.serialize import RequestError, itinerary_to_json

    data = _plan_input()
    try:
        _, itinerary = services.plan(_catalogue(), data, _today())
    except RequestError as error:
        return _unprocessable(error.errors)
    return jsonify(itinerary_to_json(itinerary))


def _with_language(data: object) -> object:
    """A trip's language defaults to the request's (Accept-Language, ?lang=): its pages and mail use it."""
    from .i18n import current_language

    if isinstance(data, dict) and "lang" not in data:
        return {**data, "lang": current_language()}
    return data


def _trip_body() -> object:
    data = _plan_input(api_models.TripRequest)
    if not isinstance(data, dict):
        abort(_unprocessable([{"field": "$", "message": "must be a JSON object"}]))
    return data


@bp.post("/trips")
@limiter.shared_limit(trips_limit, scope="trips")
def create_trip() -> Response | tuple[Response, int]:
    from ..planning.serialize import RequestError
    from ..services import notify

    data = _trip_body()
    try:
        view = services.create_trip(state().engine, _with_language(data), _today())
    except RequestError as error:
        return _unprocessable(error.errors)
    if view.notify_email:
        notify.send_confirmation(state().engine, view.token, mailer(), links())
    response = jsonify(trip_payload(view))
    response.headers["Location"] = url_for("api.get_trip", token=view.token)
    response.headers["ETag"] = f'"{view.version}"'
    return response, 201


def _version_arg() -> int | None:
    raw = request.args.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        abort(_unprocessable([{"field": "version", "message": f"must be a version number (1, 2, ...), not {raw!r}"}]))
    return int(raw)


def _no_trip() -> NoReturn:
    abort(404, description="no trip with that link")


def _view_only() -> NoReturn:
    abort(403, description="this link shows the trip but cannot change it; use the edit link")


@bp.get("/trips/<token>")
def get_trip(token: str) -> Response:
    """The trip's JSON from the trip cache, built once per trip view (version, links, pending mark),
    catalogue revision, day (its choices), language and link base; ETag `"<version>-<digest>"`: the
    version first, so it still works in If-Match, and the bytes after it, so a 304 is never stale."""
    from ..planning.i18n import language

    number = _version_arg()
    try:
        view = reads.trip_view(token, number)
    except services.TripNotFound:
        if number is not None:
            abort(404, description=f"this trip has no version {number}")
        _no_trip()
    key = ("api-trip", reads.view_key(view), _today(), language(), reads.link_base())
    made = reads.body(key, lambda: jsonify(trip_payload(view)).get_data())
    return reads.conditional(made, "application/json", ETag=trip_etag(view.version, made.etag))


def trip_etag(version: int, digest: str) -> str:
    return f'"{version}-{digest[:16]}"'


def _if_match() -> int | None:
    """The version from `If-Match: "3"` or `"3-<digest>"` (weak tags and bare numbers too); `*` or
    none: no condition."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    tag = raw.strip().removeprefix("W/").strip('"').split("-", 1)[0]  # "3" or GET's "3-<digest>"
    if not tag.isdigit():
        abort(412, description=f'If-Match must name a version like "3", not {raw!r}')
    return int(tag)


@bp.put("/trips/<token>")
@limiter.limit(plans_limit)
def replan_trip(token: str) -> Response:
    from ..planning.serialize import RequestError

    data = _trip_body()
    expected = _if_match()
    try:
        view = services.replan_trip(state().engine, token, data, _today(), expected_version=expected)
    except services.TripNotFound:
        _no_trip()
    except services.TripForbidden:
        _view_only()
    except services.VersionConflict as conflict:
        abort(412, description=f"the trip changed since version {expected}: it is at version {conflict.latest}")
    except RequestError as error:
        return _unprocessable(error.errors)
    response = jsonify(trip_payload(view))
    response.headers["ETag"] = f'"{view.version}"'
    return response


@bp.get("/trips/<token>/versions")
def trip_versions(token: str) -> Response:
    from ..services.versions import list_versions

    try:
        rows = list_versions(state().engine, token)
    except services.TripNotFound:
        _no_trip()
    except services.TripForbidden:
        _view_only()
    return jsonify([{"version": r.version, "created_at": r.created_at.isoformat(timespec="seconds"),
                     "reason": r.reason, "by_traveller": r.by_traveller} for r in rows])


@bp.get("/trips/<token>/compare")
def compare_versions(token: str) -> Response:
    """`?from=1&to=3`: what moved, appeared and went between two versions (default: the newest and the
    one before it)."""
    from ..services.versions import compare_versions as compare

    try:
        latest = services.get_trip(state().engine, token).latest
        old, new = _int_arg("from", latest - 1), _int_arg("to", latest)
        changes = compare(state().engine, token, old, new)
    except services.TripNotFound:
        abort(404, description="no trip with that link, or no such version")
    except services.TripForbidden:
        _view_only()
    return jsonify({"from": old, "to": new, "moved": [m.__dict__ for m in changes.moved],
                    "appeared": [{"title": t, "when": w} for t, w in changes.appeared],
                    "went": [{"title": t, "when": w} for t, w in changes.went],
                    "newly_unscheduled": list(changes.newly_unscheduled), "summary": changes.lines()})


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return max(default, 1)
    if not raw.isdigit():
        abort(_unprocessable([{"field": name, "message": f"must be a version number, not {raw!r}"}]))
    return int(raw)


@bp.post("/trips/<token>/versions/<int:number>/restore")
@limiter.limit(plans_limit)
def restore_version(token: str, number: int) -> Response:
    from ..planning.serialize import RequestError
    from ..services.versions import restore_version as restore

    expected = _if_match()
    try:
        view = restore(state().engine, token, number, expected_version=expected)
    except services.TripNotFound:
        abort(404, description=f"no trip with that link, or it has no version {number}")
    except services.TripForbidden:
        _view_only()
    except services.VersionConflict as conflict:
        abort(412, description=f"the trip changed since version {expected}: it is at version {conflict.latest}")
    except RequestError as error:  # a version saved under older rules that no longer parse
        return _unprocessable(error.errors)
    response = jsonify(trip_payload(view))
    response.headers["ETag"] = f'"{view.version}"'
    return response


@bp.post("/trips/<token>/feed")
def reissue_feed(token: str) -> Response:
    """A new calendar feed link; the old one stops working."""
    from ..services.trip_links import reissue_feed as reissue

    try:
        feed = reissue(state().engine, token)
    except services.TripNotFound:
        _no_trip()
    except services.TripForbidden:
        _view_only()
    return jsonify({"feed": public_url("pages.trip_feed", token=feed)})


@bp.delete("/trips/<token>/feed")
def revoke_feed(token: str) -> tuple[str, int]:
    from ..services.trip_links import revoke_feed as revoke

    try:
        revoke(state().engine, token)
    except services.TripNotFound:
        _no_trip()
    except services.TripForbidden:
        _view_only()
    return "", 204
