"""Trusted hosts: outside debug and testing, a request whose Host is not ours gets 400, so no link
(share URL, webcal, .ics, mail) can ever be built from a Host header an attacker chose.

Ours: the host of TOURPLANNER_PUBLIC_URL, the names in TOURPLANNER_TRUSTED_HOSTS (a leading dot
accepts subdomains), and localhost/127.0.0.1 for health checks and local runs. Links use
TOURPLANNER_PUBLIC_URL when it is set (exports_views.public_url), the request's (trusted) host otherwise.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from ..config import Settings

LOCAL = ("localhost", "127.0.0.1", "[::1]")


def trusted_hosts(settings: Settings) -> list[str] | None:
    """Flask's TRUSTED_HOSTS for these settings (None: any host, in debug and testing only)."""
    if settings.debug or settings.testing:
        return None
    hosts = list(settings.trusted_hosts)
    if settings.public_url and (name := urlsplit(settings.public_url).hostname):
        hosts.append(name)
    return [*dict.fromkeys([*hosts, *LOCAL])]


def init_app(app: Flask) -> None:
    if app.config.get("TRUSTED_HOSTS") is None:  # a test may set its own list
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.extensions["tourplanner"].settings)
