"""Operator pages for launches: move (NET, window, status, precision, pad, roll-out), scrub, create.

The form takes the pad's local time (`net_local`, as Roscosmos and the pad crews give it); saving goes
through a preview (trips built around the launch, the slip) with an Apply button, and moves into the
past or by more than a year need the preview's Confirm.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import partial
from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.wrappers import Response

from ... import services
from ...planning.model import Catalogue, LaunchStatus, Precision
from ...planning.tz import zone
from ...services.catalogue_changes import Applied
from ...services.edits import NotFound, etag
from ...services.launch_edits import apply_launch, launch_record, propose_launch, slips
from ...store.seed import mission_slug
from ...store.seed_json import instant
from ...store.times import utcnow
from .. import bounds
from ..auth import login_required
from ..catalogue_text import local_name
from ..state import state
from . import bp
from .common import apply_preview, me, preview_or_form, started_from
from .words import precision_name, say, status_name

LOCAL = "%Y-%m-%dT%H:%M"
FIELDS = ("net_local", "window_start_local", "window_end_local", "status", "precision", "pad",
          "rollout_days_before", "rollout_local_time", "notes", "mission", "vehicle", "crewed", "note")


def _pads(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [(s.id, local_name(s)) for s in catalogue.sites if s.kind == "launch-pad" and not s.retired]


def _local(value: str | None, timezone: str) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(zone(timezone)).strftime(LOCAL)


def form_from_record(record: dict[str, Any], catalogue: Catalogue) -> dict[str, str]:
    tz = catalogue.site(record["pad"]).timezone
    return {"net_local": _local(record["net"], tz), "window_start_local": _local(record.get("window_start"), tz),
            "window_end_local": _local(record.get("window_end"), tz), "status": record["status"],
            "precision": record["precision"], "pad": record["pad"],
            "rollout_days_before": str(record.get("rollout_days_before", "")),
            "rollout_local_time": record.get("rollout_local_time", ""), "notes": record.get("notes", ""),
            "mission": record["mission"], "vehicle": record["vehicle"], "crewed": "1" if record["crewed"] else ""}


def _utc(raw: str, timezone: str) -> str:
    """The operator's pad-local time as the record's UTC instant; ValueError when unreadable."""
    naive = datetime.strptime(raw.strip(), LOCAL)
    if not bounds.in_range(naive.date()):  # 0001-01-01 or 9999-12-31 overflow once moved to UTC
        raise ValueError("out of range")
    return instant(naive.replace(tzinfo=zone(timezone)).astimezone(UTC))


def record_from_form(form: dict[str, str], base: dict[str, Any], catalogue: Catalogue
                     ) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    record = dict(base)
    record["pad"] = form.get("pad") or base.get("pad", "")
    if not base:
        record["mission"] = form.get("mission", "").strip()
        record["id"] = mission_slug(record["mission"])
        record["vehicle"] = form.get("vehicle", "").strip()
        record["crewed"] = bool(form.get("crewed"))
        record["sources"] = [{"title": "Operator", "confidence": "M"}]
        if not record["mission"]:
            errors["mission"] = gettext("Name the mission, like Soyuz MS-31.")
    pad = next((s for s in catalogue.sites if s.id == record["pad"]), None)
    if pad is None:
        errors["pad"] = gettext("Pick one of the pads in the list.")
        return record, errors
    for name, key, words in (("net_local", "net", lazy_gettext("NET")),
                             ("window_start_local", "window_start", lazy_gettext("window opening")),
                             ("window_end_local", "window_end", lazy_gettext("window closing"))):
        raw = form.get(name, "").strip()
        if key != "net":
            record.pop(key, None)
            if not raw:
                continue
        try:
            record[key] = _utc(raw, pad.timezone)
        except ValueError:
            errors[name] = gettext("Give the %(what)s at the pad (%(zone)s) like 2027-03-18T15:44.", what=str(words),
                                   zone=pad.timezone)
    record["status"] = form.get("status", "")
    record["precision"] = form.get("precision", "")
    if record["status"] not in {s.value for s in LaunchStatus}:
        errors["status"] = gettext("Pick one of the statuses in the list.")
    if record["precision"] not in {p.value for p in Precision}:
        errors["precision"] = gettext("Pick one of the precisions in the list.")
    days = form.get("rollout_days_before", "").strip()
    record.pop("rollout_days_before", None)
    if days:
        if days.isdigit():
            record["rollout_days_before"] = int(days)
        else:
            errors["rollout_days_before"] = gettext("Roll-out days before launch: a whole number (0 to 10).")
    rollout_time = form.get("rollout_local_time", "").strip()
    record.pop("rollout_local_time", None)
    if rollout_time:
        record["rollout_local_time"] = rollout_time
    record["notes"] = form.get("notes", "").strip()
    record["last_updated"] = instant(utcnow())
    return record, errors


def _page(catalogue: Catalogue, launch_id: str | None, form: dict[str, str], errors: dict[str, str],
          base: str, base_record: str) -> str:
    record = json.loads(base_record) if base_record else None
    pad = catalogue.site(record["pad"]) if record else None
    return render_template("operator/launch.html", launch_id=launch_id, record=record, pad=pad, form=form,
                           errors=errors, base=base, base_record=base_record, pads=_pads(catalogue),
                           statuses=[(s.value, status_name(s)) for s in LaunchStatus],
                           precisions=[(p.value, precision_name(p)) for p in Precision],
                           trips=services.count_trips_for_launch(state().engine, launch_id) if launch_id else 0,
                           slips=slips(state().engine, launch_id) if launch_id else [], operator=me())


def _catalogue_and_record(launch_id: str) -> tuple[Catalogue, dict[str, Any]]:
    catalogue = services.load_catalogue(state().engine)
    try:
        return catalogue, launch_record(catalogue, launch_id)
    except NotFound:
        abort(404, description=gettext("No launch %(id)s.", id=repr(launch_id)))


@bp.get("/launches/<launch_id>")
@login_required
def edit_launch(launch_id: str) -> str:
    catalogue, record = _catalogue_and_record(launch_id)
    return _page(catalogue, launch_id, form_from_record(record, catalogue), {}, etag(record), json.dumps(record))


@bp.get("/launches/new")
@login_required
def new_launch() -> str:
    catalogue = services.load_catalogue(state().engine)
    return _page(catalogue, None, {"status": "TBD", "precision": "day"}, {}, "", "")


def _preview(launch_id: str | None) -> str | tuple[str, int]:
    catalogue = services.load_catalogue(state().engine)
    form = {k: request.form.get(k, "") for k in FIELDS}
    base, base_record = started_from(partial(launch_record, catalogue, launch_id) if launch_id else None)
    record, errors = record_from_form(form, json.loads(base_record) if base_record else {}, catalogue)
    return preview_or_form("launch", launch_id, errors,
                           propose=lambda: propose_launch(state().engine, launch_id, record),
                           fields=lambda errors: {_field(k): say(v) for k, v in errors.items()},
                           form_page=lambda errors: _page(catalogue, launch_id, form, errors, base, base_record),
                           base=base, base_record=base_record, note=form["note"])


def _field(path: str) -> str:
    head = path.split(".", 1)[0].split("[", 1)[0]
    return {"net": "net_local", "window_start": "window_start_local", "window_end": "window_end_local",
            "id": "mission"}.get(head, head)


@bp.post("/launches/<launch_id>")
@login_required
def preview_launch(launch_id: str) -> str | tuple[str, int]:
    _catalogue_and_record(launch_id)
    return _preview(launch_id)


@bp.post("/launches/new")
@login_required
def preview_new_launch() -> str | tuple[str, int]:
    return _preview(None)


def _apply(launch_id: str | None) -> str | Response | tuple[str, int]:
    def save(record: dict[str, Any], base: str | None, note: str) -> Applied:
        return apply_launch(state().engine, launch_id, record, base=base, actor_id=me().id, source="operator",
                            note=note, confirmed=request.form.get("confirmed") == "1")

    return apply_preview("launch", launch_id, save)


@bp.post("/launches/<launch_id>/apply")
@login_required
def apply_launch_edit(launch_id: str) -> str | Response | tuple[str, int]:
    _catalogue_and_record(launch_id)
    return _apply(launch_id)


@bp.post("/launches/new/apply")
@login_required
def create_launch() -> str | Response | tuple[str, int]:
    return _apply(None)

