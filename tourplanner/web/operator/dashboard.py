"""The operator's start page: launches, sites and the latest changes, each a link to its editor."""
from __future__ import annotations

from flask import render_template

from ... import services
from ...planning.launch_times import net_local
from ...planning.tz import zone
from ...store.times import utcnow
from ..auth import current_operator, login_required
from ..catalogue_json import iso_utc, launch_json
from ..state import state
from . import bp
from .words import local_datetime


@bp.get("/")
@login_required
def dashboard() -> str:
    catalogue = services.load_catalogue(state().engine)
    launches = [dict(launch_json(x, catalogue),
                     net_words=local_datetime(net_local(x, zone(catalogue.site(x.pad).timezone))))
                for x in reversed(catalogue.launches)]
    now = utcnow()
    upcoming = [x for x in launches if x["net"] >= iso_utc(now)][::-1]  # soonest first
    past = [x for x in launches if x["net"] < iso_utc(now)]
    return render_template("operator/dashboard.html", upcoming=upcoming, past=past,
                           sites=[s for s in catalogue.sites if not s.retired],
                           changes=services.recent_changes(state().engine), operator=current_operator())
