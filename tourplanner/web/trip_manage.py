"""A trip's versions (list, compare, restore), its links (feed revoke / re-issue) and notifications
(address, confirmation, unsubscribe, "e-mail me my trips"): the pages around the trip page.

Every change is a POST with a CSRF token; links in mails open a page with a button, so a mail scanner
that follows links confirms or unsubscribes nothing.
"""
from __future__ import annotations

from typing import NoReturn

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import services
from ..services import notify, trip_links, versions
from . import reads
from .exports_views import load_trip
from .mailing import links, mailer
from .present import trip_title
from .state import state
from .trips import editable


def _forbidden() -> NoReturn:
    abort(403, description=_("This link shows the trip but cannot change it. Use the edit link."))


def versions_page(token: str) -> str:
    view = editable(token)
    catalogue = reads.catalogue()
    rows = versions.list_versions(state().engine, token)
    old = _int(request.args.get("from"), max(view.latest - 1, 1))
    new = _int(request.args.get("to"), view.latest)
    try:
        changes = versions.compare_versions(state().engine, token, old, new) if old != new else None
    except services.TripNotFound:
        abort(404, description=_("That trip has no such version."))
    return render_template("trip_versions.html", trip=view, title=trip_title(view.request, catalogue, view.itinerary),
                           rows=rows, old=old, new=new, changes=changes)


def _int(raw: str | None, default: int) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else default


def restore(token: str, number: int) -> Response:
    from ..planning.serialize import RequestError

    editable(token)
    try:
        versions.restore_version(state().engine, token, number)
    except services.TripNotFound:
        abort(404, description=_("That trip has no such version."))
    except RequestError:
        abort(422, description=_("That version was saved under rules that no longer apply; it cannot be restored."))
    flash(_("Version %(n)s restored as the newest version, planned against today's catalogue.", n=number))
    return redirect(url_for("pages.trip", token=token, _anchor="top"), code=303)


def feed_link(token: str) -> Response:
    editable(token)
    if request.form.get("action") == "revoke":
        trip_links.revoke_feed(state().engine, token)
        flash(_("The calendar feed link no longer works. Issue a new one to subscribe again."))
    else:
        trip_links.reissue_feed(state().engine, token)
        flash(_("A new calendar feed link is below; the old one no longer works."))
    return redirect(url_for("pages.trip", token=token, _anchor="links"), code=303)


def notify_address(token: str) -> Response | tuple[str, int]:
    view = editable(token)
    email = request.form.get("email", "")
    try:
        notify.set_email(state().engine, token, email)
    except notify.EmailError as error:
        flash(_("E-mail address: %(problem)s", problem=str(error)))
        return redirect(url_for("pages.trip", token=view.token, _anchor="notify"), code=303)
    if email.strip():
        notify.send_confirmation(state().engine, token, mailer(), links())
        flash(_("We sent a link to that address. Open it to confirm; until then we send nothing else."))
    else:
        flash(_("No more e-mail about this trip."))
    return redirect(url_for("pages.trip", token=token, _anchor="notify"), code=303)


def confirm(key: str) -> str | Response:
    if request.method == "POST":
        try:
            token = notify.confirm(state().engine, key)
        except services.TripNotFound:
            abort(404, description=_("This link is no longer valid: the address was changed or removed."))
        flash(_("Address confirmed: we will write when the trip changes without you."))
        return redirect(url_for("pages.trip", token=token, _anchor="notify"), code=303)
    return render_template("notify.html", title=_("Confirm your address"), action="confirm", key=key)


def unsubscribe(key: str) -> str | Response:
    if request.method == "POST":
        try:
            notify.unsubscribe(state().engine, key)
        except services.TripNotFound:
            pass  # already unsubscribed: the answer is the same
        return render_template("notify.html", title=_("Unsubscribed"), action="done", key=key)
    return render_template("notify.html", title=_("Stop e-mail about this trip"), action="unsubscribe", key=key)


def my_trips() -> str | tuple[str, int]:
    sent = False
    error = ""
    email = request.form.get("email", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            notify.send_my_trips(state().engine, email, mailer(), links())
            sent = True
        except notify.EmailError as problem:
            error = str(problem)
    return render_template("my_trips.html", title=_("E-mail me my trips"), sent=sent, error=error,
                           email=email), (422 if error else 200)


__all__ = ["confirm", "feed_link", "load_trip", "my_trips", "notify_address", "restore", "unsubscribe",
           "versions_page"]
