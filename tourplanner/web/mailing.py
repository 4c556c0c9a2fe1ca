"""The web layer's mailer and mail links, from the settings (TOURPLANNER_SMTP_URL, _PUBLIC_URL)."""
from __future__ import annotations

from flask import current_app, has_request_context, request

from ..mail import Mailer
from ..services.notify import Links
from .state import state

MAIL_DEFAULT = "5/hour"  # mails asked for per client address: confirmations and "e-mail me my trips"


def mail_limit() -> str:
    """Mail is sent to addresses someone typed: a small budget per client keeps us from being a spam cannon."""
    return str(current_app.config.get("RATELIMIT_MAIL", MAIL_DEFAULT))


def mailer() -> Mailer:
    settings = state().settings
    found = current_app.extensions.get("tourplanner.mailer")
    if not isinstance(found, Mailer):
        found = Mailer(settings.smtp_url, settings.mail_from)
        current_app.extensions["tourplanner.mailer"] = found
    return found


def links() -> Links:
    base = state().settings.public_url
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return Links(base or "http://localhost:5000")
