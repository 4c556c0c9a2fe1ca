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
    queue_url: str = ""  # redis://... : jobs go through Redis to `tourplanner worker`; empty: threads in-process
    queue_namespace: str = "tourplanner"  # Redis key prefix (tests use one per test)
    worker_threads: int = 2  # job threads per worker process (and in-process when no queue is set)
    sweep_seconds: float = 30.0  # how often marked trips that no job holds are queued again
    job_lease_seconds: float = 900.0  # a queued trip is held this long before the sweep queues it again
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
        queue_url=env.get("TOURPLANNER_QUEUE_URL", "").strip(),
        queue_namespace=env.get("TOURPLANNER_QUEUE_NAMESPACE", "").strip() or "tourplanner",
        worker_threads=_number(env, "TOURPLANNER_WORKER_THREADS", 2, int),
        sweep_seconds=_number(env, "TOURPLANNER_SWEEP_SECONDS", 30.0, float),
        job_lease_seconds=_number(env, "TOURPLANNER_JOB_LEASE_SECONDS", 900.0, float),
        smtp_url=env.get("TOURPLANNER_SMTP_URL", "").strip(),
        mail_from=env.get("TOURPLANNER_MAIL_FROM", "").strip() or Settings.mail_from,
    )
    overrides = dict(overrides or {})
    if "tiles" in overrides and isinstance(overrides["tiles"], str) and overrides["tiles"].lower() == "none":
        overrides["tiles"] = None
    known = {k: v for k, v in overrides.items() if k in Settings.__dataclass_fields__ and k != "extra"}
    extra = {k: v for k, v in overrides.items() if k not in known}
    return replace(settings, **known, extra=extra)


def _number(env: Mapping[str, str], name: str, default: float, kind: type) -> Any:
    raw = env.get(name, "").strip()
    if not raw:
        return kind(default)
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0, not {raw!r}")
    return value


def check_queue(settings: Settings) -> None:
    if settings.queue_url and not settings.queue_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"TOURPLANNER_QUEUE_URL must be a redis:// URL, not {settings.queue_url!r}")


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
