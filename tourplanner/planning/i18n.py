"""The language the planner, the maps and the calendars write in, without Flask.

The planning core is pure, so it cannot ask Flask-Babel which language a request wants. Instead a
ContextVar holds the language for the current piece of work: services set it to the trip's language
(a background re-plan, a trip's .ics), and the web layer installs a fallback that names the request's
language. The catalogues are the same compiled gettext files Flask-Babel reads. English is the source
language: its texts (and the golden files) come out exactly as written.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.dates import format_date
from babel.support import Translations

LANGUAGES = ("en", "ru", "kk")
DEFAULT = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

_language: ContextVar[str | None] = ContextVar("tourplanner_language", default=None)
_fallback: list[Callable[[], str | None]] = []


def set_fallback(resolver: Callable[[], str | None]) -> None:
    """Where the language comes from when no `using()` is in force (the web layer: the request's)."""
    _fallback[:] = [resolver]


def language() -> str:
    chosen = _language.get()
    if chosen is None and _fallback:
        chosen = _fallback[0]()
    return chosen if chosen in LANGUAGES else DEFAULT


@contextmanager
def using(code: str | None) -> Iterator[str]:
    """Write in `code` (en, ru, kk; anything else: English) inside the block."""
    token = _language.set(code if code in LANGUAGES else DEFAULT)
    try:
        yield language()
    finally:
        _language.reset(token)


@cache
def _translations(code: str) -> NullTranslations:
    if code == DEFAULT:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [code])


def gettext(message: str, **values: object) -> str:
    """`message` in the current language, `%(name)s` filled from `values`."""
    text = _translations(language()).gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The CLDR plural form for `n` (ru: one/few/many; kk: one/other); `%(num)d` is `n`."""
    text = _translations(language()).ngettext(singular, plural, n)
    return text % {"num": n, **values}


_ = gettext


def _l(message: str) -> str:
    """Marks a message for extraction where it is defined; translate it with `_()` where it is used."""
    return message


def english() -> bool:
    return language() == DEFAULT


def day_month_year(value: date) -> str:
    """'3 June 2017', '3 июня 2017', '2017 ж. 3 маусым': CLDR's names, Russian months in the genitive."""
    if english():
        return f"{value.day} {value.strftime('%B %Y')}"
    # Russian without CLDR's "г.", which would end a sentence in two dots; Kazakh in its CLDR order
    return format_date(value, format="d MMMM y" if language() == "ru" else "long", locale=language())


def day_month(value: date) -> str:
    """'3 June', '3 июня', '3 маусым'."""
    if english():
        return f"{value.day} {value.strftime('%B')}"
    return format_date(value, format="d MMMM", locale=language())


def month_year(value: date) -> str:
    """'March 2027', 'март 2027 г.' (the standalone month: no day to decline it)."""
    if english():
        return value.strftime("%B %Y")
    return format_date(value, format="LLLL y", locale=language())


def weekday_short(value: date) -> str:
    """'Fri', 'пт', 'жм'."""
    if english():
        return value.strftime("%a")
    return format_date(value, format="EEE", locale=language())


def day_short(value: date) -> str:
    """'Fri 21 Jul', 'пт, 21 июл.'."""
    if english():
        return f"{value.strftime('%a')} {value.day} {value.strftime('%b')}"
    return format_date(value, format="EEE d MMM", locale=language())


def day_month_short(value: date, *, year: bool = False) -> str:
    """'21 Jul', '21 июл.' (with the year: '21 июл. 2017 г.')."""
    if english():
        text = f"{value.day} {value.strftime('%b')}"
        return f"{text} {value.year}" if year else text
    return format_date(value, format="d MMM y" if year else "d MMM", locale=language())


def weekday_long_date(value: date) -> str:
    """'Sat 22 July 2017', 'сб, 22 июля 2017 г.'."""
    if english():
        return f"{value.strftime('%a')} {day_month_year(value)}"
    return f"{weekday_short(value)}, {day_month_year(value)}"


def local_datetime(value: datetime) -> str:
    """Date and clock in the current language (the UTC offset is added by the caller)."""
    return f"{weekday_long_date(value.date())}, {value.strftime('%H:%M')}"

