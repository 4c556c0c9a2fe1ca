"""Catalogue texts (site names and descriptions, closure reasons, visitor rules' titles and notes) in the
reader's language, falling back to English, and saying so, when a translation is missing.

The catalogue keeps English in the field itself (`name`, `description`, `reason`, `title`, `notes`)
and the other languages beside it (`name_ru`, `name_kk`; `<field>_i18n` = {"ru": ..., "kk": ...}).
A page never shows a blank where English exists: the English text is marked `lang="en"` with a short
"(in English)" note in the page's language, so a reader and a screen reader both know.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from flask import Flask
from flask_babel import gettext
from markupsafe import Markup, escape

from ..services.change_words import change_words
from .i18n import DEFAULT, current_language

#: Free texts the catalogue has no translations for (hours' and yearly closures' notes, address, what to bring).
ENGLISH_ONLY = ("notes", "address", "what_to_bring")


def translations(item: Any, field: str) -> dict[str, str]:
    """{lang: text} of a field's translations, from a domain object or a JSON record."""
    if field == "name":
        pairs = {"ru": _get(item, "name_ru"), "kk": _get(item, "name_kk")}
        return {k: v for k, v in pairs.items() if isinstance(v, str) and v.strip()}
    raw = _get(item, f"{field}_i18n") or {}
    table = dict(raw) if not isinstance(raw, dict) else raw
    return {k: v for k, v in table.items() if isinstance(v, str) and v.strip()}


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def pick(item: Any, field: str, lang: str | None = None) -> tuple[str, str]:
    """(text, language it is in): the reader's language when there is a text in it, else English."""
    lang = lang or current_language()
    english = _get(item, field) or ""
    if lang != DEFAULT:
        text = translations(item, field).get(lang)
        if text:
            return text, lang
    return str(english), DEFAULT


def local_name(item: Any) -> str:
    """Plain text (for <option>, <title>, attributes): the name in the reader's language, else English."""
    return pick(item, "name")[0]


def local_text(item: Any, field: str = "name") -> str:
    return pick(item, field)[0]


def localized(item: Any, field: str = "name", words: Callable[[str], str] | None = None) -> Markup:
    """HTML: the text in the reader's language; English marked lang="en" and "(in English)" when the
    reader's language has none. `words` rewrites the text first (e.g. plain_words)."""
    text, lang = pick(item, field)
    text = words(text) if words and text else text
    if lang == current_language() or not text:
        return escape(text)
    note = escape(gettext("(in English)"))
    return Markup('<span lang="en">{}</span> <small class="in-english">{}</small>').format(text, note)


def english_only(text: str) -> Markup:
    """HTML: a free text the catalogue keeps in English only (an address, what to bring), marked lang="en"
    with the "(in English)" note on a Russian or Kazakh page."""
    if current_language() == DEFAULT or not text:
        return escape(text)
    note = escape(gettext("(in English)"))
    return Markup('<span lang="en">{}</span> <small class="in-english">{}</small>').format(text, note)


def in_language(item: Any) -> Any:
    """A copy of a catalogue object (site, closure, rule) whose texts are in the reader's language, for
    code that words them into sentences (describe_*): a text left in English ends with "(in English)".
    Nested closures and the hours' monthly closures are translated too."""
    if not is_dataclass(item) or isinstance(item, type):
        return item
    changes: dict[str, Any] = {}
    names = {f.name for f in fields(item)}
    for name in names:
        value = getattr(item, name)
        if f"{name}_i18n" in names and isinstance(value, str) and value:
            text, lang = pick(item, name)
            changes[name] = text if lang == current_language() else f"{text} {gettext('(in English)')}"
        elif name in ENGLISH_ONLY and isinstance(value, str) and value and current_language() != DEFAULT:
            changes[name] = f"{value} {gettext('(in English)')}"
        elif name in ("closures", "yearly_closures", "monthly_closures") and isinstance(value, tuple):
            changes[name] = tuple(in_language(x) for x in value)
        elif name == "hours" and is_dataclass(value):
            changes[name] = in_language(value)
    return replace(item, **changes) if changes else item


def localized_json(item: Any, fields: tuple[str, ...], lang: str | None = None) -> dict[str, Any]:
    """The API's `localized` object: each field in the request's language, and which language it is in
    (`<field>_lang`: "en" when it fell back)."""
    lang = lang or current_language()
    out: dict[str, Any] = {"lang": lang}
    for field in fields:
        text, used = pick(item, field, lang)
        out[field] = text
        out[f"{field}_lang"] = used
    return out


def change_summary(change: Any) -> str:
    """A catalogue change's public summary (a history entry, a dashboard row, a preview) in the reader's
    language; the stored English for English readers."""
    return change_words(change.record, getattr(change, "before", None), getattr(change, "after", None),
                        change.summary)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(local_name=local_name, local_text=local_text, localized=localized,
                                 in_language=in_language, change_summary=change_summary,
                                 english_only=english_only)
