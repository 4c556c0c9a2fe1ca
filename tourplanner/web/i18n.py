"""Languages of the interface: English, Russian and Kazakh, through Flask-Babel's gettext catalogues.

The language comes from an explicit choice (`?lang=`, remembered in a cookie), else from
Accept-Language, else English. A trip page may pass its own language (the trip remembers the one
it was made in) through `use_language`, which wins over the browser but not over an explicit choice.
"""
from __future__ import annotations

from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, Response, g, has_request_context, request
from flask_babel import Babel, get_locale

from ..planning import i18n as planning_i18n
from ..planning.describe import status_words
from ..resources import TRANSLATIONS_DIR

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DEFAULT = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def normalise(code: str | None) -> str | None:
    """'ru-RU' -> 'ru'; None for languages we do not speak."""
    if not code:
        return None
    short = code.strip().lower().replace("_", "-").split("-")[0]
    return short if short in LANGUAGES else None


def explicit_choice() -> str | None:
    """The visitor's own choice: this request's ?lang=, else the cookie set by an earlier one."""
    cookie = COOKIE in request.environ.get("HTTP_COOKIE", "")
    return asked_language() or (normalise(request.cookies.get(COOKIE)) if cookie else None)


def asked_language() -> str | None:
    """This request's ?lang= (most requests name none: a query string that cannot hold it is not parsed)."""
    query = request.environ.get("QUERY_STRING", "")
    return normalise(request.args.get("lang")) if "lang" in query or "%" in query else None


def select_locale() -> str:
    chosen = explicit_choice()
    if chosen:
        return chosen
    preferred = getattr(g, "preferred_language", None)
    if preferred:
        return str(preferred)
    return _best_match(request.headers.get("Accept-Language", ""))


@lru_cache(maxsize=256)
def _best_match(header: str) -> str:
    """Our language an Accept-Language header prefers (browsers send a handful of distinct headers:
    each is parsed once per process)."""
    from werkzeug.datastructures import LanguageAccept
    from werkzeug.http import parse_accept_header

    return parse_accept_header(header, LanguageAccept).best_match(list(LANGUAGES), default=DEFAULT) or DEFAULT


def use_language(code: str | None) -> None:
    """A page's own default language (a trip's), used when the visitor chose none explicitly."""
    g.preferred_language = normalise(code)


def current_language() -> str:
    return str(get_locale() or DEFAULT)


def switch_url(code: str) -> str:
    """This page in another language: the same path and query, with ?lang= replaced."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    args.append(("lang", code))
    return f"{request.path}?{urlencode(args)}"


def _remember_choice(response: Response) -> Response:
    chosen = asked_language()
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    if "Vary" not in response.headers:  # most answers: set it at once rather than parse and rebuild it
        response.headers["Vary"] = "Accept-Language, Cookie"
        return response
    if "Accept-Language" not in response.vary:
        response.vary.add("Accept-Language")
    if "Cookie" not in response.vary:
        response.vary.add("Cookie")
    return response


def _request_language() -> str | None:
    """The planner's and exports' language inside a request: the page's. The JSON API keeps English
    (its messages are a contract) unless a service names a trip's language with `using()`."""
    if not has_request_context() or request.path.startswith("/api/"):
        return None
    return current_language()


@cache
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def _selected_locale() -> Any:
    """select_locale's choice as a parsed Locale (Flask-Babel takes one as it is), parsed once per
    language rather than once per request."""
    return _parsed(select_locale())


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=_selected_locale, default_translation_directories=str(TRANSLATIONS_DIR))
    planning_i18n.set_fallback(_request_language)
    app.after_request(_remember_choice)
    app.jinja_env.globals.update(languages=LANGUAGES, current_language=current_language,
                                 language_switch_url=switch_url, short_day=planning_i18n.day_short,
                                 launch_status=status_words)
