"""The trip builder (`/plan`), a trip's page at its share link, and re-planning it.

A plain HTML form that works without JavaScript: the planner validates, its field paths come back
next to the fields, and whatever was typed is shown again. A created trip answers 303 to its page
(so reloading does not plan twice); every version keeps the same unguessable link.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import services
from ..planning.countries import countries, country_name
from ..planning.i18n import day_short
from ..planning.model import Catalogue
from ..store.times import utcnow
from . import bounds, present, reads
from .exports_views import load_trip, public_url, trip_map_parts, trip_print_maps, webcal
from .forms import (
    MAX_COMPANION_ROWS,
    Errors,
    PlanForm,
    changes,
    errors_from,
    form_from_post,
    form_from_request,
    to_request,
    with_launch_dates,
)
from .i18n import current_language, use_language
from .state import state


def _today() -> date:
    return utcnow().date()


def _wants_past(catalogue: Catalogue, form: PlanForm | None) -> bool:
    """Past launches are listed on request (`past=1`), or when the form already holds one."""
    if request.values.get("past") == "1":
        return True
    launch = next((x for x in catalogue.launches if form is not None and x.id == form.launch), None)
    return launch is not None and launch.net < utcnow()


def builder_context(catalogue: Catalogue, form: PlanForm | None = None) -> dict[str, Any]:
    """What the form needs from the catalogue: sites by region with their rules, launches, countries."""
    from ..exports.maps import restrictions
    from ..planning.describe import describe_rule

    regions = []
    for region in present.region_order(catalogue):
        sites = [(site, [describe_rule(r) for r in catalogue.rules_for(site)],
                  [words for _, words in restrictions(catalogue, site)])
                 for site in catalogue.sites if site.region == region.id and not site.retired]
        if sites:
            regions.append((region, sites))
    past = _wants_past(catalogue, form)
    return {"regions": regions, "launch_groups": present.launch_groups(catalogue, utcnow(), past=past),
            "show_past": past, "countries": countries(), "country_name": country_name}


def _launch_day(catalogue: Catalogue, launch_id: str) -> date | None:
    launch = next((x for x in catalogue.launches if x.id == launch_id), None)
    return present.launch_view(launch, catalogue, utcnow()).local_date if launch else None


def suggested_sites(catalogue: Catalogue, launch_id: str) -> tuple[str, ...]:
    """For "plan a trip around this launch": the launch pad and the sites of the region the fastest
    transfer to the pad's region leaves from (Moscow for Baikonur)."""
    launch = next((x for x in catalogue.launches if x.id == launch_id), None)
    if launch is None:
        return ()
    pad_region = catalogue.site(launch.pad).region
    legs = sorted((t for t in catalogue.transfers if t.destination == pad_region and t.origin != pad_region),
                  key=lambda t: (t.duration_minutes, t.id))
    home = legs[0].origin if legs else pad_region
    return (*(s.id for s in catalogue.sites if s.region == home), launch.pad)


def _say_changes(form: PlanForm) -> None:
    """Whatever the form changed in the input is said on the next page (flashed: it follows the redirect)."""
    for words in changes(form):
        flash(words, "changed")


def _extra_rows(form: PlanForm) -> int:
    """Blank companion rows after "add another companion": one more than were shown."""
    shown = min(len(request.form.getlist("companion_nationality")), MAX_COMPANION_ROWS)
    return min(max(shown - len(form.companions), 0) + 1, MAX_COMPANION_ROWS - len(form.companions))


def _past_url() -> str:
    """The builder again, listing launches that already flew; what was asked for (site, launch) kept."""
    kept: dict[str, Any] = {k: v for k, v in request.args.items() if k in ("site", "launch")}
    return url_for("pages.plan", past=1, **kept)


def _render_builder(catalogue: Catalogue, form: PlanForm, errors: Errors, status: int = 200,
                    extra_rows: int = 1) -> tuple[str, int]:
    return render_template("plan.html", form=form, errors=errors, extra_rows=extra_rows,
                           past_url=_past_url(),
                           notices=present.past_notices(to_request(form, _today())[0], catalogue, _today())
                           if request.method == "POST" else [],
                           **builder_context(catalogue, form)), status


def plan() -> tuple[str, int] | Response:
    catalogue = reads.catalogue()
    today = _today()
    if request.method == "GET":
        launch = request.args.get("launch", "")
        site = request.args.get("site", "")
        # From a site's page ("Plan a trip"): that site ticked.
        picked = (site,) if any(s.id == site for s in catalogue.sites) else ()
        form = PlanForm(booking_date=today.isoformat(), sites=picked)
        if _launch_day(catalogue, launch) is not None:
            form = with_launch_dates(PlanForm(launch=launch, booking_date=today.isoformat(),
                                              sites=suggested_sites(catalogue, launch)),
                                     _launch_day(catalogue, launch))
        return _render_builder(catalogue, form, Errors())
    form = form_from_post(request.form)
    if request.form.get("action") == "add_companion":  # the no-JavaScript way to get one more row
        return _render_builder(catalogue, form, Errors(), extra_rows=_extra_rows(form))
    form = with_launch_dates(form, _launch_day(catalogue, form.launch))
    data, rows = to_request(form, today)
    from ..planning.serialize import RequestError

    if problems := bounds.request_problems(data):
        return _render_builder(catalogue, form, errors_from(problems, rows, form), status=422)
    try:
        view = services.create_trip(state().engine, {**data, "lang": current_language()}, today)
    except RequestError as error:
        return _render_builder(catalogue, form, errors_from(error.errors, rows, form), status=422)
    _say_changes(form)
    return redirect(url_for("pages.trip", token=view.token), code=303)


def render_trip(view: services.TripView, form: PlanForm | None = None, errors: Errors | None = None,
                status: int = 200, extra_rows: int = 1, message: str = "", **extra: Any) -> tuple[str, int]:
    from ..services.trip_choices import trip_extras

    use_language(view.lang)  # the trip's language, unless the visitor chose one
    catalogue = reads.catalogue()
    today = _today()
    edit = view.access == "edit"
    feed = public_url("pages.trip_feed", token=view.feed_token) if edit and view.feed_token else ""
    return render_template(
        "trip.html", trip=view, title=present.trip_title(view.request, catalogue, view.itinerary), edit=edit,
        editable=view.editable, message=message, extras=trip_extras(state().engine, catalogue, view),
        edit_url=public_url("pages.trip", token=view.token) if edit else "",
        days=present.days_view(view.itinerary, catalogue),
        deadlines=present.deadlines_view(view.itinerary, catalogue, today),
        unscheduled=present.unscheduled_view(view.itinerary, catalogue),
        warnings=present.warnings_view(view.itinerary), spare=present.spare_view(view.request, view.itinerary),
        reason=getattr(view, "reason", ""), map=trip_map_parts(view, catalogue),
        print_maps=trip_print_maps(view, catalogue),
        share_url=public_url("pages.trip", token=view.share_token), feed_url=feed,
        webcal_url=webcal(feed) if feed else "",
        launch=next((present.launch_view(x, catalogue, utcnow()) for x in catalogue.launches
                     if x.id == view.request.get("launch")), None),
        form=form or form_from_request(view.request), errors=errors or Errors(),
        replan_open=errors is not None or request.args.get("past") == "1",
        past_url=url_for("pages.trip", token=view.token, past=1, _anchor="replan"),
        notices=present.past_notices(view.request, catalogue, today),
        extra_rows=extra_rows, today=today, long_date_iso=_long_date_iso, **edit_context(view, catalogue),
        **builder_context(catalogue, form or form_from_request(view.request)), **extra,
    ), status


def _long_date_iso(value: object) -> str:
    from ..planning.describe import long_date

    try:
        return long_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def edit_context(view: services.TripView, catalogue: Catalogue) -> dict[str, Any]:
    """What the editing forms offer: the trip's days, the sites not in it yet, the regions."""
    from datetime import timedelta

    try:
        start, end = date.fromisoformat(view.request["start_date"]), date.fromisoformat(view.request["end_date"])
    except (KeyError, TypeError, ValueError):
        return {"trip_days": [], "addable_sites": [], "region_choices": []}
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    chosen = set(view.request.get("sites") or ())
    return {
        "trip_days": [(d.isoformat(), f"{_('Day %(n)s', n=n)} · {day_short(d)}")
                      for n, d in enumerate(days, start=1)],
        "addable_sites": [(s.id, s.name) for s in catalogue.sites if s.id not in chosen],
        "region_choices": [(r.id, present.region_name(catalogue, r.id)) for r in present.region_order(catalogue)],
    }


def _version_arg() -> int | None:
    raw = request.args.get("version", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


CSRF_SLOT = "csrf-token-slot-4f1c9a"  # stands for this session's CSRF token in the cached page


def trip(token: str) -> Response | tuple[str, int]:
    """The trip's page, rendered once per trip version, catalogue revision, day, language and URL; the
    session's CSRF token is put in per request, so the cached bytes hold nobody's token. A session with
    messages waiting (flash) gets its own rendering: they are shown once, to it."""
    from flask import session

    from .assets import with_fresh_nonce
    from .overhead import csrf_token

    view = load_trip(token, _version_arg())
    if session.get("_flashes"):
        return render_trip(view)
    use_language(view.lang)  # as render_trip does: the key must name the language the page is in
    key = ("trip-page", reads.view_key(view), _today(), current_language(), request.full_path, reads.link_base())
    data = with_fresh_nonce(
        lambda: reads.body(key, lambda: render_trip(view, csrf_token=lambda: CSRF_SLOT)[0].encode()).data,
        {CSRF_SLOT: csrf_token})
    return Response(data, mimetype="text/html")


def editable(token: str) -> services.TripView:
    """The newest version through the edit link; the share link gets 403 (it only shows the trip)."""
    view = load_trip(token)
    if view.access != "edit":
        abort(403, description=_("This link shows the trip but cannot change it. Use the edit link."))
    return view


def replan(token: str) -> tuple[str, int] | Response:
    view = editable(token)
    catalogue = reads.catalogue()
    form = form_from_post(request.form)
    if request.form.get("action") == "add_companion":
        return render_trip(view, form, Errors(), extra_rows=_extra_rows(form))
    form = with_launch_dates(form, _launch_day(catalogue, form.launch))
    today = _today()
    data, rows = to_request(form, today)
    reason = form.reason or present.change_reason(view.request, data, catalogue)
    from ..planning.serialize import RequestError

    if problems := bounds.request_problems(data):
        return render_trip(view, form, errors_from(problems, rows, form), status=422)
    try:
        services.replan_trip(state().engine, token, data, today, reason=reason)
    except RequestError as error:
        return render_trip(view, form, errors_from(error.errors, rows, form), status=422)
    _say_changes(form)
    return redirect(url_for("pages.trip", token=token, _anchor="top"), code=303)
