"""Operator pages: keep launch dates and closures true; dependent trips are re-planned at once."""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from .. import services
from ..planning.describe import local_when
from ..planning.launch_times import net_local
from ..planning.model import LaunchStatus, Precision
from ..planning.tz import zone
from . import bounds
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
                           operator=current_operator())


def _parse_local(raw: str, timezone: str) -> datetime:
    """The operator types the pad's local time (as Roscosmos and the pad crews do)."""
    naive = datetime.strptime(raw.strip(), "%Y-%m-%dT%H:%M")
    if not bounds.in_range(naive.date()):  # 0001-01-01 or 9999-12-31 overflow once moved to UTC
        raise ValueError("out of range")
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
            replanned = services.move_launch(engine, launch_id, net=net, status=form["status"],
                                             precision=form["precision"], actor=current_operator() or "?")
            flash(f"{launch.mission} saved; {len(replanned)} trip(s) re-planned.")
            return redirect(url_for("operator.dashboard"), code=303)
    page = render_template("operator/launch.html", launch=launch, pad=pad, form=form, errors=errors,
                           statuses=[s.value for s in LaunchStatus], precisions=[p.value for p in Precision],
                           trips=services.trips_for_launch(engine, launch_id), operator=current_operator())
    return (page, 422) if errors else page


@bp.post("/closures")
@login_required
def add_closure() -> Response:
    site_id = request.form.get("site", "")
    try:
        start = date.fromisoformat(request.form.get("start", ""))
        end = date.fromisoformat(request.form.get("end", ""))
        if not (bounds.in_range(start) and bounds.in_range(end)):
            raise ValueError("out of range")
    except ValueError:
        flash("A closure needs a start and an end date.", "error")
        return redirect(url_for("operator.dashboard"), code=303)
    try:
        replanned = services.add_closure(state().engine, site_id, start, end, request.form.get("reason", ""),
                                         actor=current_operator() or "?")
    except LookupError:
        abort(404, description=f"no site {site_id!r}")
    except services.OperatorError as error:
        flash(str(error), "error")
        return redirect(url_for("operator.dashboard"), code=303)
    flash(f"Closure saved; {len(replanned)} trip(s) re-planned.")
    return redirect(url_for("operator.dashboard"), code=303)
