"""The operator pages' words for the catalogue's codes (roles, statuses, precisions, sources) and the
display-time translation of messages the services and the validator hand back (`messages.Msg`).

Codes stay codes in forms, JSON and the database; only what a person reads goes through gettext.
"""
from __future__ import annotations

from typing import Any

from babel.dates import format_datetime, get_day_names
from flask_babel import gettext, lazy_gettext

from ...messages import Msg
from ..i18n import current_language

_ROLES = {"admin": lazy_gettext("admin"), "editor": lazy_gettext("editor")}
_STATUSES = {"Go": lazy_gettext("Go"), "TBD": lazy_gettext("TBD: date to be decided"),
             "TBC": lazy_gettext("TBC: date to be confirmed"), "Hold": lazy_gettext("Hold"),
             "Success": lazy_gettext("Success"), "Failure": lazy_gettext("Failure"),
             "Scrubbed": lazy_gettext("Scrubbed")}
_PRECISIONS = {"second": lazy_gettext("to the second"), "minute": lazy_gettext("to the minute"),
               "hour": lazy_gettext("to the hour"), "day": lazy_gettext("to the day"),
               "month": lazy_gettext("to the month")}
_SOURCES = {"operator": lazy_gettext("operator page"), "api": lazy_gettext("operator API"),
            "undo": lazy_gettext("undo"), "ll2": lazy_gettext("Launch Library 2"),
            "ll2-sync": lazy_gettext("Launch Library 2"), "cli": lazy_gettext("command line"),
            "seed": lazy_gettext("seed catalogue")}
_RULE_KINDS = {"permit": lazy_gettext("permit (applied for ahead)"),
               "pre_registration": lazy_gettext("pre-registration (passport data ahead)"),
               "info": lazy_gettext("information only")}
_PHOTO = {"": lazy_gettext("not said"), "allowed": lazy_gettext("allowed"), "restricted": lazy_gettext("restricted"),
          "forbidden": lazy_gettext("forbidden"), "permit": lazy_gettext("with a photo permit")}
_SITE_KINDS = {"museum": lazy_gettext("museum"), "memorial": lazy_gettext("memorial"),
               "launch-pad": lazy_gettext("launch pad"), "ruin": lazy_gettext("ruin"), "school": lazy_gettext("school"),
               "park": lazy_gettext("park"), "training-centre": lazy_gettext("training centre")}
DAY_NAMES = (lazy_gettext("Monday"), lazy_gettext("Tuesday"), lazy_gettext("Wednesday"), lazy_gettext("Thursday"),
             lazy_gettext("Friday"), lazy_gettext("Saturday"), lazy_gettext("Sunday"))


def _named(table: dict[str, Any], code: object) -> str:
    value = table.get(str(code))
    return str(value) if value is not None else str(code)


def role_name(code: object) -> str:
    return _named(_ROLES, code)


def status_name(code: object) -> str:
    return _named(_STATUSES, getattr(code, "value", code))


def precision_name(code: object) -> str:
    return _named(_PRECISIONS, getattr(code, "value", code))


def source_name(code: object) -> str:
    return _named(_SOURCES, code)


def rule_kind_name(code: object) -> str:
    return _named(_RULE_KINDS, code)


def site_kind_name(code: object) -> str:
    return _named(_SITE_KINDS, code)


def rule_kinds() -> list[tuple[str, str]]:
    return [(code, str(words)) for code, words in _RULE_KINDS.items()]


def photo_choices() -> list[tuple[str, str]]:
    return [(code, str(words)) for code, words in _PHOTO.items()]


def say(message: object) -> str:
    """A message in the reader's language: a Msg through the catalogue (its parameters too), any other
    text as it is. A translation whose fields do not fit its template falls back to the English."""
    if not isinstance(message, Msg):
        return "" if message is None else str(message)
    params = {key: say(value) if isinstance(value, Msg) else value for key, value in message.params.items()}
    try:
        text: str = gettext(message.template)
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        return str(message)


def say_error(error: BaseException) -> str:
    """An exception's message in the reader's language (str() of an exception drops the Msg)."""
    first = error.args[0] if error.args else ""
    return say(first) if isinstance(first, Msg) else str(error)


def say_errors(error: BaseException) -> str:
    """Every problem of a refused edit (EditErrors: by field; NeedsConfirmation: reasons), translated."""
    errors = getattr(error, "errors", None)
    if isinstance(errors, dict):
        return "; ".join(f"{key}: {say(value)}" if key else say(value) for key, value in errors.items())
    reasons = getattr(error, "reasons", None)
    if isinstance(reasons, list):
        return "; ".join(say(reason) for reason in reasons)
    return say_error(error)


def hours_summary(hours: Any) -> str:
    """A site's weekly hours in a line, days named in the page's language ("пн: закрыто; вт–вс: 10:00–18:00");
    days with the same hours run together."""
    names = get_day_names("abbreviated", locale=current_language())  # 0 = Monday
    spans: list[tuple[int, int, str]] = []
    for day, intervals in enumerate(hours.weekly):
        words = ", ".join(f"{i.start:%H:%M}–{i.end:%H:%M}" for i in intervals) or gettext("closed")
        if spans and spans[-1][2] == words and spans[-1][1] == day - 1:
            spans[-1] = (spans[-1][0], day, words)
        else:
            spans.append((day, day, words))
    text = "; ".join(f"{names[a]}{'–' + names[b] if b != a else ''}: {words}" for a, b, words in spans)
    if hours.by_appointment:
        text = gettext("by appointment") + "; " + text
    if hours.placeholder:
        text += " " + gettext("(placeholder hours)")
    return text


def local_datetime(value: Any) -> str:
    """An aware datetime in its own zone, worded in the page's language (“18 мар. 2027 г., 15:44”)."""
    return format_datetime(value, "medium", tzinfo=value.tzinfo, locale=current_language())


def init_app(app: Any) -> None:
    app.add_template_filter(say, "say")
    app.jinja_env.globals.update(role_name=role_name, status_name=status_name, precision_name=precision_name,
                                 source_name=source_name, rule_kind_name=rule_kind_name,
                                 hours_summary=hours_summary)
