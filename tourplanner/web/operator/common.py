"""What the operator editors share: the preview page, the conflict page, the kick after a commit,
history pages and undo."""
from __future__ import annotations

import json
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from werkzeug.wrappers import Response

from ...planning.describe import describe_hours
from ...services import history as history_service
from ...services.catalogue_changes import Applied
from ...services.edits import Conflict, EditErrors, NotFound, Proposal
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
