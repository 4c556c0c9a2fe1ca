"""A trip's map and calendars, and the public launches feed: the exports modules wired to URLs.

Feeds are fetched by calendar servers, not browsers: they get absolute URLs (TOURPLANNER_PUBLIC_URL
when set, else the request's host), `text/calendar; charset=utf-8`, an ETag, and `no-transform` so
no proxy compresses or rewrites them (some calendar clients choke on gzip).
"""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import abort, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import services
from ..exports.map_cache import MapCache, trip_map_key
from ..planning.i18n import language, using
from ..planning.model import Catalogue, Itinerary
from ..services.catalogue_cache import Body
from ..store.times import utcnow
from . import reads
from .present import trip_title
from .state import state

if TYPE_CHECKING:
    from ..exports.maps import MapParts

MAP_CACHE_SIZE = 64
STATIC = Path(__file__).resolve().parent.parent / "static"


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL for links that leave the browser (feeds, share links)."""
    base = state().settings.public_url
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def webcal(url: str) -> str:
    """The same feed for calendar apps that subscribe on a click: `webcal://` instead of http(s)://."""
    return "webcal://" + url.split("://", 1)[1]


def load_trip(token: str, version: int | None = None, *, feed: bool = False) -> services.TripView:
    """The trip an edit or share link opens (with `feed`, only its feed link or edit link)."""
    try:
        if request.method in ("GET", "HEAD"):  # reads only: a write works on what the database holds now
            view = reads.trip_view(token, version, feed=feed)
        else:
            view = services.get_trip(state().engine, token, version, feed=feed)
    except services.TripNotFound:
        abort(404, description=_("No trip has that link (or that version). Check that it was copied whole."))
    if feed and view.access == "view":
        abort(404, description=_("This is the trip's page link, not its calendar feed link."))
    from .i18n import use_language

    use_language(view.lang)  # the trip's pages default to its language, unless the visitor chose one
    return view


def itinerary_of(view: services.TripView) -> Itinerary:
    from ..planning.serialize import itinerary_from_json

    return itinerary_from_json(view.itinerary)


# --- maps ---------------------------------------------------------------------------------------


_maps: MapCache[MapParts] = MapCache(MAP_CACHE_SIZE)


def _static_prefix() -> str:
    return url_for("static", filename="").rstrip("/")


def trip_map_parts(view: services.TripView, catalogue: Catalogue) -> MapParts:
    """head/html/script of the trip's map (maps.MapParts), from the cache keyed by token and version."""
    from ..exports import maps

    settings = state().settings
    key = trip_map_key(view.token, view.version, settings.tiles, _static_prefix(), reads.snapshot().revision,
                       language())

    def make() -> MapParts:
        return maps.render_parts(maps.itinerary_map(itinerary_of(view), catalogue, tiles=settings.tiles,
                                                    attribution=settings.tiles_attribution,
                                                    static_prefix=_static_prefix()))

    return _maps.get_or_render(key, make)


_prints: MapCache[list[str]] = MapCache(MAP_CACHE_SIZE)


def trip_print_maps(view: services.TripView, catalogue: Catalogue) -> list[str]:
    """Each day's map as inline SVG for the print view (exports/print_maps.py), in day order, cached
    like the trip's map (by token, version and catalogue revision)."""
    from flask_babel import gettext

    from ..exports import print_maps
    from .i18n import current_language

    def label(number: int) -> str:
        return str(gettext("Map of day %(number)s", number=number))

    key = ("print", view.token, view.version, reads.snapshot().revision, current_language())
    return _prints.get_or_render(
        key, lambda: list(print_maps.day_svgs(itinerary_of(view), catalogue, label).values()))


def catalogue_map_parts(catalogue: Catalogue, only: str | None = None) -> MapParts:
    """The catalogue map (every site), or one site's location map with `only`."""
    from dataclasses import replace

    from ..exports import maps

    settings = state().settings
    shown = replace(catalogue, sites=tuple(s for s in catalogue.sites if s.id == only)) if only else catalogue
    key = ("catalogue", only, settings.tiles, _static_prefix(), reads.snapshot().revision, language())

    def make() -> MapParts:
        return maps.render_parts(maps.catalogue_map(shown, tiles=settings.tiles,
                                                    attribution=settings.tiles_attribution,
                                                    static_prefix=_static_prefix()))

    return _maps.get_or_render(key, make)


def trip_map(token: str) -> Response:
    """The trip's map page, rendered once per trip version, catalogue revision, language and URL."""
    from .assets import with_fresh_nonce
    from .i18n import current_language

    view = load_trip(token)
    catalogue = reads.catalogue()

    def page() -> str:
        return render_template("trip_map.html", trip=view, title=trip_title(view.request, catalogue, view.itinerary),
                               map=trip_map_parts(view, catalogue))

    if session.get("_flashes"):  # messages waiting for this session: shown once, to it
        return Response(page(), mimetype="text/html")
    key = ("trip-map", reads.view_key(view), current_language(), request.full_path, reads.link_base())
    return Response(with_fresh_nonce(lambda: reads.body(key, lambda: page().encode()).data), mimetype="text/html")


# --- calendars ----------------------------------------------------------------------------------


def _calendar_response(body: bytes | Body, *, filename: str | None) -> Response:
    made = body if isinstance(body, Body) else Body(body, hashlib.sha256(body).hexdigest()[:32])
    disposition = f'attachment; filename="{filename}"' if filename else "inline"
    # revalidate with the ETag; never gzip
    # text/calendar; charset=utf-8 (werkzeug adds the charset to text types)
    return reads.conditional(made, "text/calendar", Cache_Control="no-cache, no-transform",
                             Content_Disposition=disposition)


def _trip_ics(view: services.TripView, *, feed: bool) -> Body:
    """The trip's calendar, built once per trip version, catalogue revision, language and address the
    links are made from (kept as bytes: a hit builds no title and no URL). It is written in the trip's
    language, whoever fetches it."""
    with using(view.lang):
        return _trip_ics_body(view, feed=feed)


def _trip_ics_body(view: services.TripView, *, feed: bool) -> Body:
    from ..exports import ical, revisions

    catalogue = reads.catalogue()

    def make() -> bytes:
        # The calendar shows the share link: a forwarded event never hands out the key that changes the trip.
        info = ical.TripInfo(token=view.token, version=view.version,
                             page_url=public_url("pages.trip", token=view.share_token),
                             name=trip_title(view.request, catalogue, view.itinerary), is_feed=feed,
                             feed_url=public_url("pages.trip_feed", token=view.feed_token)
                             if feed and view.feed_token else None,
                             change_note=view.reason if view.version > 1 else "")
        # Every event has a revision, so DTSTAMP comes from it and the bytes of a version never change.
        return ical.itinerary_to_ics(itinerary_of(view), catalogue, trip=info,
                                     revisions=revisions.revisions_from_json(view.revisions), now=utcnow())

    return reads.body(("ics", reads.view_key(view), feed, view.lang, reads.link_base()), make)


def ics_filename(view_request: dict[str, Any]) -> str:
    start = str(view_request.get("start_date", ""))
    try:
        return f"tourplanner-trip-{date.fromisoformat(start).isoformat()}.ics"
    except ValueError:
        return "tourplanner-trip.ics"


def trip_ics(token: str) -> Response:
    view = load_trip(token)
    return _calendar_response(_trip_ics(view, feed=False), filename=ics_filename(view.request))


def trip_feed(token: str) -> Response:
    """The feed link (revocable), or the edit link: feeds subscribed before there were three links used it."""
    return _calendar_response(_trip_ics(load_trip(token, feed=True), feed=True), filename=None)


def launches_feed() -> Response:
    from ..exports import ical

    catalogue = reads.catalogue()
    now = utcnow()
    body = ical.launches_to_ics(ical.feed_launches(catalogue, now), catalogue,
                                feed_url=public_url("pages.launches_feed"), now=now)
    return _calendar_response(body, filename=None)


# --- the trip pack ------------------------------------------------------------------------------


def trip_pack(token: str) -> Response:
    """The trip as one HTML file that works from disk with no network: itinerary, deadlines, rules,
    and each day's map with everything it needs inline (exports/pack.py)."""
    import re

    from ..exports import pack
    from . import present

    view = load_trip(token)
    catalogue = services.load_catalogue(state().engine)
    today = utcnow().date()
    itinerary = itinerary_of(view)
    day_maps = pack.day_maps(itinerary, catalogue)
    styles = "\n".join(m for parts in day_maps for m in re.findall(r"<style>.*?</style>", parts.head, re.DOTALL))
    visited = list(dict.fromkeys(i.site for d in itinerary.days for i in d.items if i.type == "visit" and i.site))
    sites = [s for s in (next((x for x in catalogue.sites if x.id == v), None) for v in visited) if s is not None]
    app_css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    body = render_template(
        "trip_pack.html", trip=view, title=trip_title(view.request, catalogue),
        days=present.days_view(view.itinerary, catalogue), maps=day_maps, map_styles=styles,
        print_maps=trip_print_maps(view, catalogue), assets=pack.assets_head(), app_css=app_css,
        deadlines=present.deadlines_view(view.itinerary, catalogue, today),
        unscheduled=present.unscheduled_view(view.itinerary, catalogue),
        warnings=present.warnings_view(view.itinerary), notices=present.past_notices(view.request, catalogue, today),
        sites=[(s, catalogue.rules_for(s)) for s in sites], today=today,
        share_url=public_url("pages.trip", token=view.share_token))  # never the edit link
    response = Response(body, mimetype="text/html")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{ics_filename(view.request).removesuffix(".ics")}.html"')
    return response
