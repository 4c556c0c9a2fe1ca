"""Editing a trip on its page: one small form per change (pin, unpin, remove, add, move, note, own item,
flight, hotel), all posting to `/trips/<edit token>/edit`. Each makes a new version (services.trip_edits).

The forms work without JavaScript; drag and drop (static/js/app.js) fills and submits the same move form.
A bad field answers the page again with 422 and the field named; nothing is saved.
"""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from .. import services
from ..planning.serialize import RequestError
from ..services.trip_edits import Edit, EditError, edit_trip
from ..store.times import utcnow
from .state import state
from .trips import editable, render_trip

LABELS = {"key": _l("Item"), "site": _l("Site"), "day": _l("Day"), "time": _l("Time"), "end_day": _l("Arrival day"),
          "end_time": _l("End time"), "text": _l("Name"), "origin": _l("From"), "destination": _l("To"),
          "region": _l("Region"), "lat": _l("Position"), "action": _l("Change")}


def edit(token: str) -> Response | tuple[str, int]:
    view = editable(token)
    form = request.form
    change = Edit(action=form.get("action", ""), key=form.get("key", ""), site=form.get("site", ""),
                  day=form.get("day", ""), time=form.get("time", ""), end_day=form.get("end_day", ""),
                  end_time=form.get("end_time", ""), text=form.get("text", ""), origin=form.get("origin", ""),
                  destination=form.get("destination", ""), region=form.get("region", ""),
                  place={"name": form.get("place_name", ""), "lat": form.get("lat", ""),
                         "lon": form.get("lon", ""), "address": form.get("address", "")})
    seen = form.get("version", "")
    try:
        edit_trip(state().engine, token, change, utcnow().date(),
                  seen_version=int(seen) if seen.isdigit() else None)
    except EditError as error:
        return render_trip(view, status=422, message=f"{LABELS.get(error.field, error.field)}: {error.message}")
    except RequestError as error:
        words = "; ".join(f"{e['field']}: {e['message']}" for e in error.errors)
        return render_trip(view, status=422, message=_("That change cannot be planned: %(why)s", why=words))
    except services.VersionConflict:
        return render_trip(services.get_trip(state().engine, token), status=409,
                           message=_("The trip changed since this page was loaded (see below); nothing was "
                                     "changed. Make your change again on this version."))
    anchor = "day-" + change.day if change.action == "move" and change.day else "days-h"
    return redirect(url_for("pages.trip", token=token, _anchor=anchor), code=303)


def choose(token: str) -> Response | tuple[str, int]:
    """Apply one of the trip's choices (shift / extend / keep / move) with one click: a new version."""
    from ..services.trip_choices import ChoiceGone, choice_request

    view = editable(token)
    seen = request.form.get("version", "")
    if seen.isdigit() and int(seen) != view.version:
        return render_trip(view, status=409, message=_("The trip changed since this page was loaded (see below); "
                                                       "nothing was changed. Pick again on this version."))
    catalogue = services.load_catalogue(state().engine)
    try:
        wanted, words = choice_request(state().engine, catalogue, view, request.form.get("kind", ""),
                                       _index(request.form.get("choice", "")))
        services.replan_trip(state().engine, token, wanted, utcnow().date(), reason=_("you chose: %(choice)s", choice=words),
                             expected_version=view.version)
    except ChoiceGone:
        return render_trip(view, status=409, message=_("That choice is no longer offered: the trip or the launch "
                                                       "changed. The choices below are today's."))
    except services.VersionConflict:
        return render_trip(services.get_trip(state().engine, token), status=409,
                           message=_("The trip changed since this page was loaded; nothing was changed."))
    except RequestError as error:
        words = "; ".join(f"{e['field']}: {e['message']}" for e in error.errors)
        return render_trip(view, status=422, message=_("That choice cannot be planned: %(why)s", why=words))
    return redirect(url_for("pages.trip", token=token, _anchor="top"), code=303)


def _index(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None
