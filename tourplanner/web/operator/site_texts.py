"""The site form's fields for texts in other languages: the description, and the dated closures' reasons
("2027-05-01..2027-05-09: причина", one a line, matched to the English list by their dates).

Monthly and yearly closures have no such fields: their translations are kept while their English
reason stays the same, and dropped when it changes (a stale translation would say something else).
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext

LANGS = ("ru", "kk")
_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|–|-{1,2}>?|to)\s*(\d{4}-\d{2}-\d{2})\s*:\s*(.+)$")


def form_fields(record: dict[str, Any]) -> dict[str, str]:
    """description_ru/_kk and closures_ru/_kk as the form shows them."""
    out: dict[str, str] = {}
    description = record.get("description_i18n") or {}
    for lang in LANGS:
        out[f"description_{lang}"] = description.get(lang, "")
        out[f"closures_{lang}"] = "\n".join(f"{c['start']}..{c['end']}: {c['reason_i18n'][lang]}"
                                            for c in record.get("closures", [])
                                            if (c.get("reason_i18n") or {}).get(lang))
    return out


def _set(item: dict[str, Any], key: str, table: dict[str, str]) -> None:
    table = {lang: text for lang, text in table.items() if text}
    if table:
        item[key] = table
    else:
        item.pop(key, None)


def apply(form: dict[str, str], record: dict[str, Any], base: dict[str, Any], errors: dict[str, str]) -> None:
    """Put the form's translations into `record` (already parsed from the English fields)."""
    _set(record, "description_i18n", {lang: form.get(f"description_{lang}", "").strip() for lang in LANGS})
    by_dates = {(c["start"], c["end"]): c for c in record.get("closures", [])}
    given: dict[tuple[str, str], dict[str, str]] = {}
    for lang in LANGS:
        for line in filter(None, (x.strip() for x in form.get(f"closures_{lang}", "").splitlines())):
            match = _LINE.match(line)
            if not match:
                errors[f"closures_{lang}"] = gettext("Write one reason a line as 2027-05-01..2027-05-09: the reason; "
                                                     "could not read %(line)s.", line=repr(line))
                break
            if (match[1], match[2]) not in by_dates:
                errors[f"closures_{lang}"] = gettext("No closure from %(start)s to %(end)s in the list of closures: "
                                                     "add it there first.", start=match[1], end=match[2])
                break
            given.setdefault((match[1], match[2]), {})[lang] = match[3].strip()
    for dates, closure in by_dates.items():
        _set(closure, "reason_i18n", given.get(dates, {}))
    _keep(record.get("hours", {}).get("monthly_closures", []),
          base.get("hours", {}).get("monthly_closures", []), ("week", "weekday"))
    _keep(record.get("yearly_closures", []), base.get("yearly_closures", []), ("start", "end"))


def _keep(items: list[dict[str, Any]], before: list[dict[str, Any]], key: tuple[str, ...]) -> None:
    """Keep each item's translations from before while its English reason is unchanged."""
    old = {tuple(b.get(k) for k in key): b for b in before}
    for item in items:
        was = old.get(tuple(item.get(k) for k in key))
        if was is not None and was.get("reason") == item.get("reason") and was.get("reason_i18n"):
            item["reason_i18n"] = dict(was["reason_i18n"])
        else:
            item.pop("reason_i18n", None)
