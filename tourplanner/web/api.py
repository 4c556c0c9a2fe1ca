"""JSON API: the catalogue (read-only), stateless planning, and saved trips."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from werkzeug.wrappers import Response

from .. import services
from ..planning.model import Catalogue
from ..store.times import utcnow
from . import reads
from .catalogue_json import launch_json, site_json
from .exports_views import public_url
from .limits import limiter, plans_limit, trips_limit
from .state import state

bp = Blueprint("api", __name__, url_prefix="/api")

LAUNCH_FILTERS = ("upcoming", "past", "pad", "status")


def _catalogue() -> Catalogue:
    return reads.catalogue()


@bp.get("/sites")
def sites() -> Response:
    catalogue = _catalogue()
    return reads.cached_json("sites", lambda: [site_json(site, catalogue) for site in catalogue.sites])


@bp.get("/sites/<site_id>")
def site(site_id: str) -> Response:
    catalogue = _catalogue()
    for candidate in catalogue.sites:
        if candidate.id == site_id:
            return reads.cached_json(("site", site_id), lambda: site_json(candidate, catalogue))  # noqa: B023
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


# --- planning and trips --------------------------------------------------------------------------


def _unprocessable(errors: list[dict[str, str]]) -> Response:
    response = jsonify({"error": "Unprocessable Entity", "errors": errors})
    response.status_code = 422
    return response


def _today() -> date:
    return utcnow().date()


def _plan_input() -> object:
    data = request.get_json(silent=True)
    if data is None:  # not JSON at all, or JSON null
        abort(_unprocessable([{"field": "$", "message": "the body must be a JSON object "
                               "(Content-Type: application/json)"}]))
    return data


def trip_payload(view: services.TripView) -> dict[str, Any]:
    token = view.token
    return {
        "token": token,
        "version": view.version,
        "urls": {
            "page": public_url("pages.trip", token=token),
            "map": public_url("pages.trip_map", token=token),
            "ics": public_url("pages.trip_ics", token=token),
            "feed": public_url("pages.trip_feed", token=token),
        },
        "request": view.request,
        "itinerary": view.itinerary,
    }


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


@bp.post("/trips")
@limiter.shared_limit(trips_limit, scope="trips")
def create_trip() -> Response | tuple[Response, int]:
    from ..planning.serialize import RequestError

    data = _plan_input()
    try:
        view = services.create_trip(state().engine, data, _today())
    except RequestError as error:
        return _unprocessable(error.errors)
    response = jsonify(trip_payload(view))
    response.headers["Location"] = url_for("api.get_trip", token=view.token)
    return response, 201


@bp.get("/trips/<token>")
def get_trip(token: str) -> Response:
    try:
        view = services.get_trip(state().engine, token)
    except services.TripNotFound:
        abort(404, description="no trip with that link")
    return jsonify(trip_payload(view))
