"""JSON API: the catalogue (read-only), stateless planning, and saved trips."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from werkzeug.wrappers import Response

from .. import services
from ..planning.model import Catalogue
from ..store.times import utcnow
from .catalogue_json import iso_utc, launch_json, site_json
from .exports_views import public_url
from .limits import limiter, plans_limit, trips_limit
from .state import state

bp = Blueprint("api", __name__, url_prefix="/api")

LAUNCH_FILTERS = ("upcoming", "past", "pad", "status")


def _catalogue() -> Catalogue:
    return services.load_catalogue(state().engine)


@bp.get("/sites")
def sites() -> Response:
    catalogue = _catalogue()
    return jsonify([site_json(site, catalogue) for site in catalogue.sites])


@bp.get("/sites/<site_id>")
def site(site_id: str) -> Response:
    catalogue = _catalogue()
    for candidate in catalogue.sites:
        if candidate.id == site_id:
            return jsonify(site_json(candidate, catalogue))
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
    return jsonify([launch_json(x, catalogue) for x in selected])


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
        "pending": view.pending,  # a catalogue change reached the trip; its update is queued
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
