"""Operator pages for sites: edit (details, position, hours, closures), create, retire; closures.

Editing is two steps: the form (errors per field, input kept) -> a preview naming the saved trips the
change will re-plan -> Apply. The preview carries the record as JSON and the ETag the editor started
from; a save against a site that changed meanwhile shows the conflict page instead of overwriting.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from ... import services
from ...planning.model import WEEKDAYS
from ...services.edits import Conflict, EditErrors, NotFound, etag
from ...services.site_edits import apply_site, propose_site, site_record
from ...store.times import utcnow
from ..auth import admin_required, login_required
from ..state import state
from . import bp
from .common import after_commit, conflict_page, me, preview_page
from .site_form import DAY_NAMES, KINDS, form_errors, form_from_record, record_from_form
from .words import say_errors, site_kind_name


def _today() -> date:
    return utcnow().date()


def _regions() -> dict[str, str]:
    return {r.id: r.timezone for r in services.load_catalogue(state().engine).regions}


def _form_page(site_id: str | None, form: dict[str, str], errors: dict[str, str], base: str,
               base_record: str) -> str:
    catalogue = services.load_catalogue(state().engine)
    return render_template("operator/site.html", site_id=site_id, form=form, errors=errors, base=base,
                           base_record=base_record, kinds=[(k, site_kind_name(k)) for k in KINDS],
                           regions=[(r.id, f"{r.name} ({r.timezone})") for r in catalogue.regions],
                           tiles=state().settings.tiles,
                           days=[(d, str(n)) for d, n in zip(WEEKDAYS, DAY_NAMES, strict=True)], operator=me())


@bp.get("/sites")
@login_required
def sites() -> str:
    catalogue = services.load_catalogue(state().engine)
    return render_template("operator/sites.html", sites=catalogue.sites, operator=me())


def _record(site_id: str) -> dict[str, Any]:
    try:
        return site_record(services.load_catalogue(state().engine), site_id)
    except NotFound:
        abort(404, description=gettext("No site %(id)s.", id=repr(site_id)))


@bp.get("/sites/<site_id>")
@login_required
def edit_site(site_id: str) -> str:
    record = _record(site_id)
    return _form_page(site_id, form_from_record(record), {}, etag(record), json.dumps(record))


@bp.get("/sites/new")
@admin_required
def new_site() -> str:
    return _form_page(None, {"coordinates_confidence": "M", "visit_minutes": "60"}, {}, "", "")


def _preview(site_id: str | None) -> str | tuple[str, int]:
    """The form posted: parse, validate, and show what applying would do (or the form with errors)."""
    form = {k: v for k, v in request.form.items() if k != "csrf_token"}
    base, base_record = form.pop("base", ""), form.pop("base_record", "")
    note = form.get("note", "")
    if site_id and not base_record:  # a form posted without the editor's hidden fields: start from now
        current = _record(site_id)
        base, base_record = etag(current), json.dumps(current)
    start = json.loads(base_record) if base_record else {}
    record, errors = record_from_form(form, start, _regions())
    if not errors:
        try:
            proposal = propose_site(state().engine, site_id, record, today=_today())
        except EditErrors as error:
            errors = form_errors(error.errors)
    if errors:
        return _form_page(site_id, form, errors, base, base_record), 422
    action = url_for("operator.apply_site_edit", site_id=site_id) if site_id else url_for("operator.create_site")
    return preview_page(proposal, action=action, base=base, base_record=base_record, note=note,
                        back=url_for("operator.edit_site", site_id=site_id) if site_id
                        else url_for("operator.new_site"))


@bp.post("/sites/<site_id>")
@login_required
def preview_site(site_id: str) -> str | tuple[str, int]:
    _record(site_id)
    return _preview(site_id)


@bp.post("/sites/new")
@admin_required
def preview_new_site() -> str | tuple[str, int]:
    return _preview(None)


def _apply(site_id: str | None) -> str | Response | tuple[str, int]:
    try:
        record = json.loads(request.form.get("record", ""))
    except ValueError:
        abort(400, description=gettext("The preview form was damaged; open the editor again."))
    base, note = request.form.get("base") or None, request.form.get("note", "")
    try:
        applied = apply_site(state().engine, site_id, record, base=base if site_id else None,
                             actor_id=me().id, source="operator", note=note, today=_today())
    except Conflict as conflict:
        return conflict_page(conflict, mine=record, base_record=request.form.get("base_record", ""),
                             editor=url_for("operator.edit_site", site_id=site_id))
    except EditErrors as error:
        flash(gettext("Nothing was saved: %(problems)s", problems=say_errors(error)), "error")
        return redirect(url_for("operator.edit_site", site_id=site_id) if site_id
                        else url_for("operator.new_site"), code=303)
    after_commit(applied)
    return redirect(url_for("operator.record_history", record=applied.record), code=303)


@bp.post("/sites/<site_id>/apply")
@login_required
def apply_site_edit(site_id: str) -> str | Response | tuple[str, int]:
    _record(site_id)
    return _apply(site_id)


@bp.post("/sites/new/apply")
@admin_required
def create_site() -> str | Response | tuple[str, int]:
    return _apply(None)


@bp.post("/closures")
@login_required
def add_closure() -> str | Response | tuple[str, int]:
    """The dashboard's quick closure: opens the site's preview with the closure added."""
    site_id = request.form.get("site", "")
    record = _record(site_id)
    line = f"{request.form.get('start', '')}..{request.form.get('end', '')}: {request.form.get('reason', '')}"
    form = form_from_record(record)
    form["closures"] = "\n".join(filter(None, [form["closures"], line]))
    form["note"] = request.form.get("reason", "")
    parsed, errors = record_from_form(form, record, _regions())
    if not errors:
        try:
            proposal = propose_site(state().engine, site_id, parsed, today=_today())
        except EditErrors as error:
            errors = form_errors(error.errors)
    if errors:
        return _form_page(site_id, form, errors, etag(record), json.dumps(record)), 422
    return preview_page(proposal, action=url_for("operator.apply_site_edit", site_id=site_id), base=etag(record),
                        base_record=json.dumps(record), note=form["note"],
                        back=url_for("operator.edit_site", site_id=site_id))

