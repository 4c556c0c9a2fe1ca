"""Builds the Flask app: settings, the engine, CSRF, blueprints, error pages, security headers."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer

from ..config import load_config
from ..planning.availability import expected_closures_ahead
from ..planning.describe import describe_closure, describe_hours, describe_rule, long_date, plain_words
from ..planning.tz import pin_tzdata
from ..resources import STATIC_DIR, TEMPLATES_DIR
from ..store.db import make_engine
from . import assets, overhead
from .state import AppState


def build_app(config: Mapping[str, Any] | None = None) -> Flask:
    pin_tzdata()  # libraries that build their own ZoneInfo (icalendar) read the same tz data as we do
    app = overhead.App("tourplanner", template_folder=str(TEMPLATES_DIR), static_folder=str(STATIC_DIR),
                instance_relative_config=True)
    settings = load_config(Path(app.instance_path), config)
    if settings.database_url.startswith("sqlite:///") and not settings.database_url.startswith("sqlite:///:"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        JSON_SORT_KEYS=False,
    )
    app.config.update(settings.extra)
    app.extensions["tourplanner"] = AppState(settings=settings, engine=make_engine(settings.database_url))
    app.session_interface = HttpsAwareSessionInterface()

    from .. import background
    from . import (
        api,
        auth,
        bounds,
        catalogue_text,
        errors,
        hosts,
        i18n,
        limits,
        openapi,
        operator,
        operator_api,
        pages,
        reads,
    )

    i18n.init_app(app)
    catalogue_text.init_app(app)
    reads.init_app(app)

    csrf = CSRFProtect(app)
    overhead.init_app(app)
    csrf.exempt(api.bp)  # JSON only: a cross-site form cannot send application/json without CORS
    csrf.exempt(operator_api.bp)  # bearer tokens, never cookies: nothing a cross-site form could borrow
    app.register_blueprint(api.bp)
    app.register_blueprint(operator_api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(operator.bp)
    limits.init_app(app)
    errors.init_app(app)
    bounds.init_app(app)
    hosts.init_app(app)
    assets.init_app(app)
    background.init_app(app)
    app.jinja_env.globals.update(describe_hours=describe_hours, describe_rule=describe_rule,
                                 describe_closure=describe_closure, long_date=long_date,
                                 expected_closures=expected_closures_ahead, plain_words=plain_words)
    app.after_request(_security_headers)
    return app


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (or TOURPLANNER_PUBLIC_URL is
    https://), so it is never sent back over plain HTTP; plain-HTTP development still works."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """No cookie, no session to read: an empty one without building the signer (most reads)."""
        raw = request.environ.get("HTTP_COOKIE", "")
        name = self.get_cookie_name(app)  # not even in the raw header: no need to parse it
        if app.secret_key and (name not in raw or not request.cookies.get(name)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """An empty session nobody changed (most reads) sets no cookie: only `Vary: Cookie` if it was
        looked at, without re-parsing a Vary that already names Cookie (i18n sets it on every answer)."""
        if session or session.modified:
            super().save_session(app, session, response)
        elif session.accessed:
            named = {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}
            if "cookie" not in named:
                response.vary.add("Cookie")

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, kept per key (overhead.py: built once, no zlib on a one-token session)."""
        if not app.secret_key:
            return None
        keys = (*(app.config.get("SECRET_KEY_FALLBACKS") or ()), app.secret_key)
        return overhead.serializer(keys, self.salt, serializer=self.serializer,
                                   signer_kwargs={"key_derivation": self.key_derivation,
                                                  "digest_method": self.digest_method})

    def get_cookie_secure(self, app: Flask) -> bool:
        settings = app.extensions["tourplanner"].settings
        return bool(app.config.get("SESSION_COOKIE_SECURE") or request.is_secure
                    or settings.public_url.startswith("https://"))


SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer",  # share tokens never leak via Referer
                    "X-Frame-Options": "SAMEORIGIN"}


def _security_headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    if "content-security-policy" not in present:  # absent: add, without set()'s search to replace
        headers.add("Content-Security-Policy", assets.policy_for_response())
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    return response
