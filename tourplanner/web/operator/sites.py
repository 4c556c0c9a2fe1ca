"""Operator pages for sites: edit, create, retire; hours, closures, access rules."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ... import services
from .. import bounds
from ..auth import current_operator, login_required
from ..state import state
from . import bp
from .changes import reported


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
    operator = current_operator()
    try:
        result = services.add_closure(state().engine, site_id, start, end, request.form.get("reason", ""),
                                      actor_id=operator.id if operator else None)
    except LookupError:
        abort(404, description=f"no site {site_id!r}")
    except services.OperatorError as error:
        flash(str(error), "error")
        return redirect(url_for("operator.dashboard"), code=303)
    flash(reported("Closure", result))
    return redirect(url_for("operator.dashboard"), code=303)
