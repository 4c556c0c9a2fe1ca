"""The built-in periodic tasks (import other branches' registrations here so every worker has them)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .periodic import register

if TYPE_CHECKING:
    from .runtime import Runtime


def _sweep(runtime: Runtime) -> None:
    runtime.sweep()


register("sweep", every_seconds=lambda settings: settings.sweep_seconds, run=_sweep)


def _notify(runtime: Runtime) -> None:
    """Backstop for mail a job could not send (SMTP down, a worker killed between save and send)."""
    from ..services.notify import send_pending_from_settings

    send_pending_from_settings(runtime.engine, runtime.settings)


register("notify", every_seconds=60, run=_notify)

from . import ll2_task  # noqa: F401  (registers the LL2 sync, off by default)
