"""HTML pages for travellers: the catalogue, site pages, trips and their exports."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from .. import services
from ..planning.describe import describe_closure, describe_hours, describe_net, describe_rule
from ..planning.launch_times import net_local
from ..planning.tz import zone
from ..store.times import utcnow
from .catalogue_json import launch_json
from .state import state

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    catalogue = services.load_catalogue(state().engine)
    now = utcnow()
    upcoming = [dict(launch_json(x, catalogue), net_words=describe_net(x, net_local(x, zone(catalogue.site(x.pad).timezone))))
                for x in services.upcoming_launches(catalogue, now)]
    return render_template("catalogue.html", catalogue=catalogue, upcoming=upcoming,
                           describe_hours=describe_hours, describe_rule=describe_rule,
                           describe_closure=describe_closure, today=now.date())


@bp.get("/sites/<site_id>")
def site(site_id: str) -> str:
    catalogue = services.load_catalogue(state().engine)
    match = [s for s in catalogue.sites if s.id == site_id]
    if not match:
        abort(404, description="There is no site with that name in the catalogue.")
    site = match[0]
    return render_template("site.html", site=site, rules=catalogue.rules_for(site),
                           region=catalogue.region(site.region), describe_hours=describe_hours,
                           describe_rule=describe_rule, describe_closure=describe_closure,
                           today=utcnow().date())


@bp.get("/trips/<token>")
def trip(token: str) -> str:
    try:
        view = services.get_trip(state().engine, token)
    except services.TripNotFound:
        abort(404, description="No trip has that link. Check that it was copied whole.")
    return render_template("trip.html", trip=view)


@bp.get("/trips/<token>/map")
def trip_map(token: str) -> str:
    abort(404)


@bp.get("/trips/<token>.ics")
def trip_ics(token: str) -> str:
    abort(404)


@bp.get("/trips/<token>/feed.ics")
def trip_feed(token: str) -> str:
    abort(404)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """For the container health check and load balancers: the database answers."""
    from sqlalchemy import text

    try:
        with state().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return {"status": "database unavailable"}, 503
    return {"status": "ok"}, 200
