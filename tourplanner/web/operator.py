"""Operator pages: keep launch dates and closures true; dependent trips are marked and re-planned by workers."""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .. import background, services
from ..planning.describe import local_when
from ..planning.launch_times import net_local
from ..planning.model import LaunchStatus, Precision
from ..planning.tz import zone
from .auth import current_operator, login_required
from .catalogue_json import launch_json
from .state import state

bp = Blueprint("operator", __name__, url_prefix="/operator")


@bp.get("/")
@login_required
def dashboard() -> str:
    catalogue = services.load_catalogue(state().engine)
    launches = [dict(launch_json(x, catalogue),
                     net_words=local_when(net_local(x, zone(catalogue.site(x.pad).timezone))))
                for x in reversed(catalogue.launches)]
    return render_template("operator/dashboard.html", launches=launches, sites=catalogue.sites,
                           changes=services.recent_changes(state().engine), operator=current_operator())


def _operator_id() -> int | None:
    value = session.get("operator_id")
    return value if isinstance(value, int) else None


def _reported(what: str, result: services.ChangeResult) -> str:
    if result.change_id is None:
        return f"{what}: nothing changed."
    background.kick(current_app)  # after the commit: the trips are queued; this request does not wait
    return (f"{what} saved; {result.affected} trip(s) will be updated in the background "
            "(progress below).")


def _parse_local(raw: str, timezone: str) -> datetime:
    """The operator types the pad's local time (as Roscosmos and the pad crews do)."""
    naive = datetime.strptime(raw.strip(), "%Y-%m-%dT%H:%M")
    return naive.replace(tzinfo=zone(timezone))


@bp.route("/launches/<launch_id>", methods=["GET", "POST"])
@login_required
def edit_launch(launch_id: str) -> str | Response | tuple[str, int]:
    engine = state().engine
    catalogue = services.load_catalogue(engine)
    try:
        launch = catalogue.launch(launch_id)
    except StopIteration:
        abort(404, description=f"no launch {launch_id!r}")
    pad = catalogue.site(launch.pad)
    errors: dict[str, str] = {}
    form = {"net_local": launch.net.astimezone(zone(pad.timezone)).strftime("%Y-%m-%dT%H:%M"),
            "status": launch.status.value, "precision": launch.precision.value}
    if request.method == "POST":
        form = {key: request.form.get(key, "") for key in form}
        try:
            net = _parse_local(form["net_local"], pad.timezone)
        except ValueError:
            errors["net_local"] = "Give the date and time at the pad, like 2027-03-18T15:44."
        if form["status"] not in {s.value for s in LaunchStatus}:
            errors["status"] = "Pick one of the statuses in the list."
        if form["precision"] not in {p.value for p in Precision}:
            errors["precision"] = "Pick one of the precisions in the list."
        if not errors:
            result = services.move_launch(engine, launch_id, net=net, status=form["status"],
                                          precision=form["precision"], actor_id=_operator_id())
            flash(_reported(launch.mission, result))
            return redirect(url_for("operator.dashboard"), code=303)
    page = render_template("operator/launch.html", launch=launch, pad=pad, form=form, errors=errors,
                           statuses=[s.value for s in LaunchStatus], precisions=[p.value for p in Precision],
                           trips=services.count_trips_for_launch(engine, launch_id), operator=current_operator())
    return (page, 422) if errors else page


@bp.post("/closures")
@login_required
def add_closure() -> Response:
    site_id = request.form.get("site", "")
    try:
        start = date.fromisoformat(request.form.get("start", ""))
        end = date.fromisoformat(request.form.get("end", ""))
    except ValueError:
        flash("A closure needs a start and an end date.", "error")
        return redirect(url_for("operator.dashboard"), code=303)
    try:
        result = services.add_closure(state().engine, site_id, start, end, request.form.get("reason", ""),
                                      actor_id=_operator_id())
    except LookupError:
        abort(404, description=f"no site {site_id!r}")
    except services.OperatorError as error:
        flash(str(error), "error")
        return redirect(url_for("operator.dashboard"), code=303)
    flash(_reported("Closure", result))
    return redirect(url_for("operator.dashboard"), code=303)
