"""Operator pages for launches: move, scrub, create; dependent trips are marked and workers update them."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ... import services
from ...planning.model import LaunchStatus, Precision
from ...planning.tz import zone
from .. import bounds
from ..auth import current_operator, login_required
from ..state import state
from . import bp
from .changes import operator_id, reported


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
            result = services.move_launch(engine, launch_id, net=net, status=form["status"],
                                          precision=form["precision"], actor_id=operator_id())
            flash(reported(launch.mission, result))
            return redirect(url_for("operator.dashboard"), code=303)
    page = render_template("operator/launch.html", launch=launch, pad=pad, form=form, errors=errors,
                           statuses=[s.value for s in LaunchStatus], precisions=[p.value for p in Precision],
                           trips=services.count_trips_for_launch(engine, launch_id), operator=current_operator())
    return (page, 422) if errors else page

