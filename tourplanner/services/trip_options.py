"""What a trip carries beside its plan request: the address for notifications and the language."""
from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES = ("en", "ru", "kk")
# Deliberately loose (one @, a dot in the domain, no spaces): the confirmation mail is the real check.
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
MAX_EMAIL = 254


@dataclass(frozen=True)
class TripOptions:
    notify_email: str | None = None
    lang: str = "en"


def email_error(value: object, field: str = "notify_email") -> dict[str, str] | None:
    if not isinstance(value, str) or len(value) > MAX_EMAIL or not _EMAIL.match(value.strip()):
        return {"field": field, "message": f"not an e-mail address: {value!r}"}
    return None


def normal_email(value: str) -> str:
    """Addresses compare without case in the domain; people type the local part as they like, so compare
    it the way almost every provider does: without case too."""
    return value.strip().lower()


def trip_options(data: object) -> tuple[TripOptions, list[dict[str, str]]]:
    """`notify_email` (optional, null or "" = none) and `lang` (en, ru, kk; default en) of a trip body."""
    if not isinstance(data, dict):
        return TripOptions(), []
    errors: list[dict[str, str]] = []
    email = data.get("notify_email")
    if email in (None, ""):
        email = None
    elif (error := email_error(email)) is not None:
        errors.append(error)
        email = None
    else:
        email = normal_email(str(email))
    lang = data.get("lang", "en")
    if lang is None:
        lang = "en"
    if lang not in LANGUAGES:
        errors.append({"field": "lang", "message": f"must be one of {', '.join(LANGUAGES)}, not {lang!r}"})
        lang = "en"
    return TripOptions(notify_email=email, lang=str(lang)), errors
