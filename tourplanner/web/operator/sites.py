"""Operator pages for sites: edit (details, position, hours, closures), create, retire; closures.

Editing is two steps: the form (errors per field, input kept) -> a preview naming the saved trips the
change will re-plan -> Apply. The preview carries the record as JSON and the ETag the editor started
from; a save against a site that changed meanwhile shows the conflict page instead of overwriting.
"""
from __future__ import annotations

import json
from datetime import date
from functools import partial
from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext
from werkzeug.wrappers import Response

from ... import services
from ...planning.model import WEEKDAYS
from ...services.catalogue_changes import Applied
from ...services.edits import NotFound, etag
from ...services.site_edits import apply_site, propose_site, site_record
from ...store.times import utcnow
from ..auth import admin_required, login_required
from ..state import state
from . import bp
from .common import apply_preview, me, posted_form, preview_or_form, started_from
from .site_form import DAY_NAMES, KINDS, form_errors, form_from_record, record_from_form
from .words import site_kind_name


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
    form = posted_form()
    base, base_record = started_from(partial(_record, site_id) if site_id else None)
    record, errors = record_from_form(form, json.loads(base_record) if base_record else {}, _regions())
    return preview_or_form("site", site_id, errors,
                           propose=lambda: propose_site(state().engine, site_id, record, today=_today()),
                           fields=form_errors, form_page=lambda errors: _form_page(site_id, form, errors, base, base_record),
                           base=base, base_record=base_record, note=form.get("note", ""))


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
    def save(record: dict[str, Any], base: str | None, note: str) -> Applied:
        return apply_site(state().engine, site_id, record, base=base if site_id else None, actor_id=me().id,
                          source="operator", note=note, today=_today())

    return apply_preview("site", site_id, save)


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
    base, base_record = etag(record), json.dumps(record)
    return preview_or_form("site", site_id, errors,
                           propose=lambda: propose_site(state().engine, site_id, parsed, today=_today()),
                           fields=form_errors, form_page=lambda errors: _form_page(site_id, form, errors, base, base_record),
                           base=base, base_record=base_record, note=form["note"])
