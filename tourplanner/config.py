"""Settings: documented defaults, overridden by TOURPLANNER_* environment variables.

Nothing happens at import time; `load_config` is called by the app factory and the CLI.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_SECRET_KEY = "dev-only-insecure-key"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


class ConfigError(ValueError):
    """A setting is missing or unsafe; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str = DEFAULT_SECRET_KEY
    tiles: str | None = OSM_TILES  # None = no tile layer (tests, offline)
    tiles_attribution: str = OSM_ATTRIBUTION
    public_url: str = ""  # absolute base for links in feeds; empty = derive from the (trusted) request
    trusted_hosts: tuple[str, ...] = ()  # Host names served besides public_url's (TOURPLANNER_TRUSTED_HOSTS)
    testing: bool = False
    debug: bool = False
    smtp_url: str = ""  # smtp://user:pass@host:587?starttls=1, smtps://...; empty = mail goes to the log
    mail_from: str = "tourplanner <tourplanner@localhost>"
    extra: Mapping[str, Any] = field(default_factory=dict)


def default_database_url(instance_path: Path) -> str:
    return f"sqlite:///{instance_path / 'tourplanner.sqlite'}"


def load_config(
    instance_path: Path, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults <- environment <- explicit overrides (tests pass a dict)."""
    env = os.environ if environ is None else environ
    tiles_env = env.get("TOURPLANNER_TILES", OSM_TILES).strip()
    settings = Settings(
        database_url=env.get("TOURPLANNER_DATABASE_URL") or default_database_url(instance_path),
        secret_key=env.get("TOURPLANNER_SECRET_KEY") or DEFAULT_SECRET_KEY,
        tiles=None if tiles_env.lower() in ("", "none") else tiles_env,
        tiles_attribution=env.get("TOURPLANNER_TILES_ATTRIBUTION", OSM_ATTRIBUTION),
        public_url=env.get("TOURPLANNER_PUBLIC_URL", "").rstrip("/"),
        trusted_hosts=tuple(h.strip().lower() for h in env.get("TOURPLANNER_TRUSTED_HOSTS", "").split(",")
                            if h.strip()),
        debug=env.get("FLASK_DEBUG", "") in ("1", "true"),
        smtp_url=env.get("TOURPLANNER_SMTP_URL", "").strip(),
        mail_from=env.get("TOURPLANNER_MAIL_FROM", "").strip() or Settings.mail_from,
    )
    overrides = dict(overrides or {})
    if "tiles" in overrides and isinstance(overrides["tiles"], str) and overrides["tiles"].lower() == "none":
        overrides["tiles"] = None
    known = {k: v for k, v in overrides.items() if k in Settings.__dataclass_fields__ and k != "extra"}
    extra = {k: v for k, v in overrides.items() if k not in known}
    return replace(settings, **known, extra=extra)


def check_serving(settings: Settings) -> None:
    """Refuse the default secret, and links built from whatever Host a client sends, where the web app
    serves real users."""
    if settings.debug or settings.testing:
        return
    if settings.secret_key == DEFAULT_SECRET_KEY:
        raise ConfigError(
            "TOURPLANNER_SECRET_KEY is unset: set it to a long random value "
            '(python -c "import secrets; print(secrets.token_hex(32))") before serving'
        )
    if not settings.public_url and not settings.trusted_hosts:
        raise ConfigError(
            "TOURPLANNER_PUBLIC_URL is unset: set it to the address travellers use (https://trips.example) "
            "so shared links and calendar feeds point there, not to whatever Host a request names "
            "(or list the served host names in TOURPLANNER_TRUSTED_HOSTS)"
        )
