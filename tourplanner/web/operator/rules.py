"""Operator pages for access rules (a site's or a region's): edit or add, preview, apply.

Lead days are one line per nationality group ("RU: 45", "*: 60"); every rule is the seed validator's.
"""
from __future__ import annotations

import json
from functools import partial
from typing import Any

from flask import abort, render_template
from flask_babel import gettext, lazy_gettext
from werkzeug.wrappers import Response

from ... import services
from ...services.catalogue_changes import Applied
from ...services.edits import NotFound, etag
from ...services.rule_edits import apply_rule, propose_rule, rule_record
from ...store.times import utcnow
from ..auth import admin_required, login_required
from ..catalogue_text import local_name
from ..state import state
from . import bp
from .common import apply_preview, me, posted_form, preview_or_form, started_from
from .site_form import _sources
from .words import photo_choices, rule_kinds

KINDS = (("permit", "permit (applied for ahead)"), ("pre_registration", "pre-registration (passport data ahead)"),
         ("info", "information only"))
PHOTO = (("", "not said"), ("allowed", "allowed"), ("restricted", "restricted"), ("forbidden", "forbidden"),
         ("permit", "with a photo permit"))
TEXTS = ("title", "notes")  # with Russian and Kazakh fields beside the English
LANGS = ("ru", "kk")
NUMBERS = (("min_age", lazy_gettext("minimum age")), ("group_min", lazy_gettext("smallest group")),
           ("group_max", lazy_gettext("largest group")))


def form_from_record(record: dict[str, Any]) -> dict[str, str]:
    scope = f"site:{record['site']}" if record.get("site") else f"region:{record.get('region', '')}"
    form = {"id": record.get("id", ""), "kind": record.get("kind", "info"), "title": record.get("title", ""),
            "scope": scope, "photography": record.get("photography", ""), "notes": record.get("notes", ""),
            "passport_required": "1" if record.get("passport_required") else "",
            "guided_only": "1" if record.get("guided_only") else "",
            "lead_days": "\n".join(f"{k}: {v}" for k, v in sorted(record.get("lead_days", {}).items())),
            "allowed_nationalities": ", ".join(record.get("allowed_nationalities", [])),
            "documents": "\n".join(record.get("documents", [])),
            "sources": "\n".join(" | ".join(x for x in (s["title"], s.get("url") or "", s.get("confidence", "M")))
                                 for s in record.get("sources", []))}
    form.update({name: str(record[name]) if record.get(name) is not None else "" for name, _ in NUMBERS})
    for field in TEXTS:
        form.update({f"{field}_{lang}": (record.get(f"{field}_i18n") or {}).get(lang, "") for lang in LANGS})
    return form


def record_from_form(form: dict[str, str], base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    record: dict[str, Any] = {"id": form.get("id", "").strip(), "kind": form.get("kind", ""),
                              "title": form.get("title", "").strip(), "photography": form.get("photography", ""),
                              "notes": form.get("notes", "").strip(),
                              "passport_required": bool(form.get("passport_required")),
                              "guided_only": bool(form.get("guided_only"))}
    kind, _, target = form.get("scope", "").partition(":")
    if kind not in ("site", "region") or not target:
        errors["scope"] = gettext("Pick the site or region the rule is for.")
    else:
        record[kind] = target
    lead: dict[str, int] = {}
    for line in filter(None, (x.strip() for x in form.get("lead_days", "").splitlines())):
        group, _, days = line.partition(":")
        if not days.strip().isdigit():
            errors["lead_days"] = gettext("Write one nationality a line as RU: 45 (\"*\" for everyone else); "
                                          "could not read %(line)s.", line=repr(line))
            break
        lead[group.strip().upper()] = int(days)
    if lead:
        record["lead_days"] = lead
    for name, words in NUMBERS:
        raw = form.get(name, "").strip()
        if raw:
            if raw.isdigit():
                record[name] = int(raw)
            else:
                errors[name] = gettext("Give the %(what)s as a whole number.", what=str(words))
    nationalities = [c.strip().upper() for c in form.get("allowed_nationalities", "").split(",") if c.strip()]
    if nationalities:
        record["allowed_nationalities"] = nationalities
    documents = [d.strip() for d in form.get("documents", "").splitlines() if d.strip()]
    if documents:
        record["documents"] = documents
    record["sources"] = _sources(form.get("sources", ""), errors, base.get("sources", []))
    for field in TEXTS:
        table = {lang: form.get(f"{field}_{lang}", "").strip() for lang in LANGS}
        if any(table.values()):
            record[f"{field}_i18n"] = {lang: text for lang, text in table.items() if text}
    return record, errors


def _page(rule_id: str | None, form: dict[str, str], errors: dict[str, str], base: str, base_record: str) -> str:
    catalogue = services.load_catalogue(state().engine)
    scopes = [(f"site:{s.id}", local_name(s)) for s in catalogue.sites] + [
        (f"region:{r.id}", gettext("All of %(region)s", region=r.name)) for r in catalogue.regions]
    return render_template("operator/rule.html", rule_id=rule_id, form=form, errors=errors, base=base,
                           base_record=base_record, kinds=rule_kinds(), photo=photo_choices(), scopes=scopes, operator=me())


def _current(rule_id: str) -> dict[str, Any]:
    try:
        return rule_record(services.load_catalogue(state().engine), rule_id)
    except NotFound:
        abort(404, description=gettext("No visitor rule %(id)s.", id=repr(rule_id)))


@bp.get("/rules")
@login_required
def rules() -> str:
    catalogue = services.load_catalogue(state().engine)
    return render_template("operator/rules.html", rules=catalogue.access_rules, operator=me())


@bp.get("/rules/<rule_id>")
@login_required
def edit_rule(rule_id: str) -> str:
    record = _current(rule_id)
    return _page(rule_id, form_from_record(record), {}, etag(record), json.dumps(record))


@bp.get("/rules/new")
@admin_required
def new_rule() -> str:
    return _page(None, {"kind": "permit", "lead_days": "*: 30"}, {}, "", "")


def _fields(errors: dict[str, str]) -> dict[str, str]:
    """The validator's paths as the form's fields ("site"/"region" are the scope picker)."""
    def field(path: str) -> str:
        head = path.split(".")[0]
        return "scope" if head in ("site", "region") else head.split("[")[0]

    return {field(path): message for path, message in errors.items()}


def _preview(rule_id: str | None) -> str | tuple[str, int]:
    form = posted_form()
    base, base_record = started_from(partial(_current, rule_id) if rule_id else None)
    if rule_id:
        form["id"] = rule_id
    record, errors = record_from_form(form, json.loads(base_record) if base_record else {})
    return preview_or_form("rule", rule_id, errors,
                           propose=lambda: propose_rule(state().engine, rule_id, record, today=utcnow().date()),
                           fields=_fields, form_page=lambda errors: _page(rule_id, form, errors, base, base_record),
                           base=base, base_record=base_record, note=form.get("note", ""))


@bp.post("/rules/<rule_id>")
@login_required
def preview_rule(rule_id: str) -> str | tuple[str, int]:
    _current(rule_id)
    return _preview(rule_id)


@bp.post("/rules/new")
@admin_required
def preview_new_rule() -> str | tuple[str, int]:
    return _preview(None)


def _apply(rule_id: str | None) -> str | Response | tuple[str, int]:
    def save(record: dict[str, Any], base: str | None, note: str) -> Applied:
        return apply_rule(state().engine, rule_id, record, base=base, actor_id=me().id, source="operator",
                          note=note, today=utcnow().date())

    return apply_preview("rule", rule_id, save)


@bp.post("/rules/<rule_id>/apply")
@login_required
def apply_rule_edit(rule_id: str) -> str | Response | tuple[str, int]:
    _current(rule_id)
    return _apply(rule_id)


@bp.post("/rules/new/apply")
@admin_required
def create_rule() -> str | Response | tuple[str, int]:
    return _apply(None)
