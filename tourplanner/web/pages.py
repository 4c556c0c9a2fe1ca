"""HTML pages for travellers: the catalogue, site pages, trips and their exports.

One blueprint (`pages`, registered by app.py) and every traveller URL on it, listed at the bottom:
the trip builder and trip pages live in trips.py, the map and calendar endpoints in exports_views.py.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from .. import services
from ..store.times import utcnow
from . import exports_views, reads, trip_edits, trip_manage, trips
from .limits import limiter, plans_limit, trips_limit
from .mailing import mail_limit
from .state import state

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    from . import present
    from .exports_views import catalogue_map_parts, public_url, webcal

    catalogue = reads.catalogue()
    now = utcnow()
    upcoming = [present.launch_view(x, catalogue, now) for x in services.upcoming_launches(catalogue, now)]
    upcoming.sort(key=lambda v: v.local_date)
    feed = public_url("pages.launches_feed")
    return render_template("catalogue.html", catalogue=catalogue, regions=present.region_order(catalogue),
                           upcoming=upcoming, today=now.date(),
                           map=catalogue_map_parts(catalogue), launches_feed=feed, launches_webcal=webcal(feed))


@bp.get("/sites")
def sites() -> str:
    """The catalogue: every site by region, with its map."""
    from . import present
    from .exports_views import catalogue_map_parts

    catalogue = services.load_catalogue(state().engine)
    return render_template("sites.html", catalogue=catalogue, regions=present.region_order(catalogue),
                           today=utcnow().date(), map=catalogue_map_parts(catalogue))


@bp.get("/launches")
def launches() -> str:
    """The launch schedule: upcoming soonest first; past ones newest first, folded away."""
    from ..services.launch_edits import slips_by_launch
    from . import present
    from .exports_views import public_url, webcal

    catalogue = services.load_catalogue(state().engine)
    now = utcnow()
    moves = slips_by_launch(state().engine)
    views = [present.launch_view(x, catalogue, now, history=True, slips=moves.get(x.id, ()))
             for x in catalogue.launches]
    upcoming = sorted((v for v in views if v.upcoming), key=lambda v: v.local_date)
    past = sorted((v for v in views if not v.upcoming), key=lambda v: v.local_date, reverse=True)
    feed = public_url("pages.launches_feed")
    return render_template("launches.html", upcoming=upcoming, past=past, launches_feed=feed,
                           launches_webcal=webcal(feed))


@bp.get("/sites/<site_id>")
def site(site_id: str) -> str:
    from . import present
    from .exports_views import catalogue_map_parts

    catalogue = reads.catalogue()
    match = [s for s in catalogue.sites if s.id == site_id]
    if not match:
        abort(404, description=_("There is no site with that name in the catalogue."))
    site = match[0]
    now = utcnow()
    from ..services.history import history

    changes = history(state().engine, f"site:{site.id}", limit=5)  # what and the public note; never who
    return render_template("site.html", site=site, rules=catalogue.rules_for(site), changes=changes,
                           region=catalogue.region(site.region), week=present.week_hours(site, now),
                           today=now.date(), map=catalogue_map_parts(catalogue, only=site.id))


@bp.get("/launches/<launch_id>")
def launch(launch_id: str) -> str:
    """One launch and how its date moved (every NET change; never who made it)."""
    from ..services.launch_edits import slips
    from . import present

    catalogue = services.load_catalogue(state().engine)
    found = next((x for x in catalogue.launches if x.id == launch_id), None)
    if found is None:
        abort(404, description=_("There is no launch with that name in the catalogue."))
    return render_template("launch.html", launch=present.launch_view(found, catalogue, utcnow()),
                           slips=slips(state().engine, launch_id))


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int, dict[str, str]]:
    """For the container health check and load balancers: the database answers AND takes a write
    (a read-only or full database serves pages but loses every trip: that is not healthy).
    The write is a no-op update of alembic_version's one row, committed: no table of our own needed."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from ..store.faults import classify

    try:
        with state().engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
    except SQLAlchemyError as error:
        fault = classify(error)
        status = f"database {fault.value.replace('_', ' ')}" if fault else "database error"
        return {"status": status}, 503, {"Retry-After": "30"}
    return {"status": "ok"}, 200, {}


# The builder form creates trips like POST /api/trips: one budget per address for both.
_creates_trip = limiter.shared_limit(trips_limit, scope="trips", methods=["POST"],
                                     exempt_when=lambda: request.form.get("action") == "add_companion")
bp.add_url_rule("/plan", view_func=_creates_trip(trips.plan), methods=["GET", "POST"])
bp.add_url_rule("/trips/<token>", view_func=trips.trip)
bp.add_url_rule("/trips/<token>/replan", view_func=limiter.limit(plans_limit)(trips.replan), methods=["POST"])
bp.add_url_rule("/trips/<token>/map", view_func=exports_views.trip_map)
bp.add_url_rule("/trips/<token>/pack", view_func=exports_views.trip_pack)
bp.add_url_rule("/trips/<token>.ics", view_func=exports_views.trip_ics)
bp.add_url_rule("/trips/<token>/feed.ics", view_func=exports_views.trip_feed)
bp.add_url_rule("/launches.ics", view_func=exports_views.launches_feed)
bp.add_url_rule("/trips/<token>/edit", "trip_edit", limiter.limit(plans_limit)(trip_edits.edit), methods=["POST"])
bp.add_url_rule("/trips/<token>/choose", "trip_choose", limiter.limit(plans_limit)(trip_edits.choose), methods=["POST"])
bp.add_url_rule("/trips/<token>/versions", "trip_versions", trip_manage.versions_page)
bp.add_url_rule("/trips/<token>/versions/<int:number>/restore", view_func=limiter.limit(plans_limit)(trip_manage.restore),
                methods=["POST"])
bp.add_url_rule("/trips/<token>/feed-link", view_func=trip_manage.feed_link, methods=["POST"])
_sends_mail = limiter.shared_limit(mail_limit, scope="mail", methods=["POST"])
bp.add_url_rule("/trips/<token>/notify", view_func=_sends_mail(trip_manage.notify_address), methods=["POST"])
bp.add_url_rule("/notify/<key>/confirm", view_func=trip_manage.confirm, methods=["GET", "POST"])
bp.add_url_rule("/notify/<key>/unsubscribe", view_func=trip_manage.unsubscribe, methods=["GET", "POST"])
bp.add_url_rule("/my-trips", view_func=_sends_mail(trip_manage.my_trips), methods=["GET", "POST"])
