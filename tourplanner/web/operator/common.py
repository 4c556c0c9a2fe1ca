"""What the operator editors share: the preview page, the Apply step, the conflict page, the kick after a
commit, history pages and undo."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from werkzeug.wrappers import Response

from ...planning.describe import describe_hours
from ...services import history as history_service
from ...services.catalogue_changes import Applied
from ...services.edits import Conflict, EditErrors, NotFound, Proposal, etag
from ...services.launch_edits import NeedsConfirmation
from ...services.operators import Operator
from ...store.seed_json import hours_from_json
from ...store.times import utcnow
from ..auth import current_operator, login_required
from ..state import state
from . import bp
from .words import say_errors


def me() -> Operator:
    operator = current_operator()
    assert operator is not None  # login_required ran
    return operator


def after_commit(applied: Applied) -> None:
    """Queue the re-planning of the marked trips (never fails the request: the sweep catches up)."""
    if applied.change_id is None:
        flash(gettext("Nothing changed: the record already looked like that."))
        return
    from ...background import kick

    kick(current_app)
    flash(ngettext("Saved; %(num)d saved trip will be re-planned.", "Saved; %(num)d saved trips will be re-planned.",
                   applied.affected))


Cell = str | list[str]  # compact JSON, or lines of words (hours)


def diff_rows(before: dict[str, Any] | None, after: dict[str, Any] | None, prefix: str = ""
              ) -> list[tuple[str, Cell, Cell]]:
    """(field path, before, after) for the fields that differ, nested objects opened up
    ("closures", "sources"), values as compact JSON; a site's hours as the site page's lines of words."""
    before, after = before or {}, after or {}

    def show(value: Any) -> str:
        return "—" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    rows: list[tuple[str, Cell, Cell]] = []
    for key in sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)):
        old, new = before.get(key), after.get(key)
        if prefix == "" and key == "hours":  # a site's hours: in words, as the public site page says them
            rows.append(("hours", hours_words(old), hours_words(new)))
        elif isinstance(old, dict) and isinstance(new, dict):
            rows += diff_rows(old, new, f"{prefix}{key}.")
        else:
            rows.append((prefix + key, show(old), show(new)))
    return rows


def hours_words(hours: Any) -> Cell:
    """A record's hours as the public site page words them ("Mon–Fri: 10:00–18:00 (last entry 17:30)"),
    one line each; the compact JSON when they cannot be read (an edit the validator has not passed)."""
    if hours is None:
        return "—"
    try:
        return describe_hours(hours_from_json(hours))
    except (KeyError, ValueError, TypeError, AttributeError):
        return json.dumps(hours, ensure_ascii=False, sort_keys=True)


def preview_page(proposal: Proposal, *, action: str, base: str, base_record: str, note: str, back: str) -> str:
    return render_template("operator/preview.html", proposal=proposal, action=action, base=base,
                           base_record=base_record, note=note, back=back,
                           rows=diff_rows(proposal.before, proposal.after),
                           record_json=json.dumps(proposal.after, ensure_ascii=False), operator=me())


def editor_url(kind: str, record_id: str | None) -> str:
    """The editor's form: `operator.edit_<kind>` for a record, `operator.new_<kind>` for a new one."""
    return _record_url(kind, record_id, f"operator.edit_{kind}", f"operator.new_{kind}")


def apply_url(kind: str, record_id: str | None) -> str:
    """Where the preview's Apply posts: `operator.apply_<kind>_edit`, or `operator.create_<kind>`."""
    return _record_url(kind, record_id, f"operator.apply_{kind}_edit", f"operator.create_{kind}")


def _record_url(kind: str, record_id: str | None, existing: str, new: str) -> str:
    values: dict[str, Any] = {f"{kind}_id": record_id}
    return url_for(existing, **values) if record_id else url_for(new)


def posted_form() -> dict[str, str]:
    """The editor's fields as posted: without the CSRF token and the hidden fields `started_from` reads."""
    return {k: v for k, v in request.form.items() if k not in ("csrf_token", "base", "base_record")}


def started_from(current: Callable[[], dict[str, Any]] | None) -> tuple[str, str]:
    """The ETag and the record (JSON) the editor started from, as its hidden fields carry them; a form posted
    without them (`current` given: an existing record) starts from the record as it is now."""
    base, base_record = request.form.get("base", ""), request.form.get("base_record", "")
    if current is not None and not base_record:
        record = current()
        base, base_record = etag(record), json.dumps(record)
    return base, base_record


def preview_or_form(kind: str, record_id: str | None, errors: dict[str, str], propose: Callable[[], Proposal],
                    fields: Callable[[dict[str, str]], dict[str, str]], form_page: Callable[[dict[str, str]], str],
                    *, base: str, base_record: str, note: str) -> str | tuple[str, int]:
    """What applying the posted edit would do, or the form again (422) with the form's errors or, when it
    parsed, the validator's (`fields` maps its paths to the form's fields)."""
    proposal: Proposal | None = None
    if not errors:
        try:
            proposal = propose()
        except EditErrors as error:
            errors = fields(error.errors)
    if proposal is None:
        return form_page(errors), 422
    return preview_page(proposal, action=apply_url(kind, record_id), base=base, base_record=base_record, note=note,
                        back=editor_url(kind, record_id))


def apply_preview(kind: str, record_id: str | None, save: Callable[[dict[str, Any], str | None, str], Applied]
                  ) -> str | Response | tuple[str, int]:
    """The preview's Apply: `save(record, base ETag, note)` the record the preview carried. A record changed
    since the editor opened it shows the conflict page; a refused one goes back to the editor, nothing saved."""
    try:
        record = json.loads(request.form.get("record", ""))
    except ValueError:
        abort(400, description=gettext("The preview form was damaged; open the editor again."))
    editor = editor_url(kind, record_id)
    try:
        applied = save(record, request.form.get("base") or None, request.form.get("note", ""))
    except Conflict as conflict:
        return conflict_page(conflict, mine=record, base_record=request.form.get("base_record", ""), editor=editor)
    except (EditErrors, NeedsConfirmation) as error:
        flash(gettext("Nothing was saved: %(problems)s", problems=say_errors(error)), "error")
        return redirect(editor, code=303)
    after_commit(applied)
    return redirect(url_for("operator.record_history", record=applied.record), code=303)


def conflict_page(conflict: Conflict, *, mine: dict[str, Any], base_record: str, editor: str) -> tuple[str, int]:
    """409: what changed since the editor opened the record, and what this save would have set."""
    base = json.loads(base_record) if base_record else None
    meanwhile = diff_rows(base, conflict.current)
    yours = diff_rows(conflict.current, mine)
    entries = history_service.history(state().engine, conflict.record, limit=5)
    page = render_template("operator/conflict.html", conflict=conflict, meanwhile=meanwhile, yours=yours,
                           entries=entries, editor=editor, operator=me())
    return page, 409


@bp.get("/changes")
@login_required
def history() -> str:
    return render_template("operator/history.html", entries=history_service.history(state().engine),
                           record=None, operator=me())


@bp.get("/history/<record>")
@login_required
def record_history(record: str) -> str:
    kind, _, record_id = record.partition(":")
    editors = {"site": "operator.edit_site", "launch": "operator.edit_launch", "rule": "operator.edit_rule"}
    if kind not in editors or not record_id:
        abort(404, description=gettext("No history for %(record)s.", record=repr(record)))
    values: dict[str, Any] = {f"{kind}_id": record_id}
    editor = url_for(editors[kind], **values)
    return render_template("operator/history.html", entries=history_service.history(state().engine, record),
                           record=record, editor=editor, operator=me(),
                           diff=lambda e: diff_rows(e.before, e.after))


@bp.post("/changes/<int:change_id>/undo")
@login_required
def undo(change_id: int) -> Response:
    """A new change that puts the record back as it was before `change_id`."""
    try:
        entry = history_service.change(state().engine, change_id)
        applied = history_service.undo(state().engine, change_id, actor_id=me().id,
                                       note=request.form.get("note", ""), today=utcnow().date())
    except NotFound:
        abort(404, description=gettext("No change %(id)s.", id=change_id))
    except EditErrors as error:
        flash(gettext("Cannot undo: %(problems)s", problems=say_errors(error)), "error")
        return redirect(url_for("operator.history"), code=303)
    after_commit(applied)
    return redirect(url_for("operator.record_history", record=entry.record), code=303)
