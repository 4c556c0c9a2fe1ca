"""Reads from the per-revision catalogue cache (services/catalogue_cache.py), wired to requests.

A request takes one snapshot (flask.g) and uses it throughout; answers built from it are kept as bytes
per snapshot and carry an ETag, so a client that already has them gets `304 Not Modified`. Operator
writes in this process make the next request ask for the revision at once; other processes notice
within `check_seconds` (1 s; 0 under testing, where every request asks: one small query).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from flask import Flask, current_app, g, jsonify, request
from werkzeug.wrappers import Response

from ..planning.model import Catalogue
from ..services.catalogue_cache import CHECK_SECONDS, Body, CatalogueCache, Snapshot
from ..services.trip_cache import TripCache
from ..services.trips import TripView
from .overhead import http_date_now
from .state import state

EXTENSION = "tourplanner.catalogue_cache"
TRIPS = "tourplanner.trip_cache"
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = CatalogueCache(0.0 if app.testing else CHECK_SECONDS)
    app.extensions[TRIPS] = TripCache(0.0 if app.testing else CHECK_SECONDS)
    app.after_request(_after_write)


def cache() -> CatalogueCache:
    value: CatalogueCache = current_app.extensions[EXTENSION]
    return value


def snapshot() -> Snapshot:
    """This request's snapshot: taken once, so the request never mixes two revisions."""
    found: Snapshot | None = g.get("catalogue_snapshot")
    if found is None:
        found = g.catalogue_snapshot = cache().snapshot(state().engine)
    return found


def trip_view(token: str, version: int | None = None, *, feed: bool = False) -> TripView:
    """The trip a link opens, from this process's trip cache (services/trip_cache.py: at most
    `check_seconds` behind another process's change, never behind this process's own)."""
    trips: TripCache = current_app.extensions[TRIPS]
    return trips.view(state().engine, token, version, feed=feed)


def catalogue() -> Catalogue:
    return snapshot().catalogue


def body(key: Hashable, make: Callable[[], bytes]) -> Body:
    return snapshot().body(key, make)


# Request headers that can make an answer 304, 412 or 206: without any, make_conditional only adds Date.
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE",
               "HTTP_IF_RANGE", "HTTP_RANGE")


def conditional(made: Body, mimetype: str, **headers: str) -> Response:
    """The cached bytes as an answer with their ETag; 304 when the client's copy is the same. Headers are
    given whole (no search to replace), and a request with no conditional header skips werkzeug's
    parsing of them: the answer is the same, Date included."""
    fields = {"ETag": f'"{made.etag}"', "Cache-Control": "no-cache"}  # may keep, must revalidate
    fields.update((name.replace("_", "-"), value) for name, value in headers.items())
    response = Response(made.data, mimetype=mimetype, headers=list(fields.items()))
    environ = request.environ
    if environ["REQUEST_METHOD"] in ("GET", "HEAD") and not any(name in environ for name in CONDITIONAL):
        response.headers.add("Date", http_date_now())
        return response
    return response.make_conditional(request)


def cached_json(key: Hashable, make: Callable[[], Any]) -> Response:
    """A JSON answer built once per catalogue revision (the same bytes jsonify writes)."""
    made = body(("json", key), lambda: jsonify(make()).get_data())
    return conditional(made, "application/json")


def view_key(view: Any) -> tuple[object, ...]:
    """What identifies a trip view besides its JSON: token, version, access and every other plain field
    of the dataclass (a pending background update, say), for keys of cached pages. Kept on the view
    (views come from the trip cache and are asked for their key on every read)."""
    from dataclasses import fields

    found: tuple[object, ...] | None = view.__dict__.get("_view_key")
    if found is None:
        found = tuple((f.name, getattr(view, f.name)) for f in fields(view)
                      if isinstance(getattr(view, f.name), (str, int, float, bool, type(None), date)))
        view.__dict__["_view_key"] = found  # frozen dataclasses allow this: the key is derived, never a field
    return found


def link_base() -> object:
    """What the absolute links of an answer are made from (exports_views.public_url), for cache keys:
    TOURPLANNER_PUBLIC_URL, else the request's scheme, host and script root as the WSGI server gave
    them (read from the environ: request.url_root would rebuild and re-check the URL on every hit)."""
    base = state().settings.public_url
    if base:
        return base
    environ = request.environ
    return (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME"))


def _after_write(response: Response) -> Response:
    if request.method in WRITES and "operator" in request.path and response.status_code < 400:
        cache().changed()
    return response
