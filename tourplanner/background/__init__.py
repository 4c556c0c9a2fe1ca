"""Background work: catalogue changes reach saved trips through a job queue (see runtime.py).

Services mark what must be re-planned; after the change commits, `kick(app)` queues a sweep that
queues one job per marked trip. The web app never re-plans in a request.
"""
from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from .runtime import Runtime

log = logging.getLogger(__name__)
_KEY = "tourplanner.background"
_lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Start the in-process workers lazily on the first request (gunicorn), never under tests."""
    app.extensions[_KEY] = None
    if app.testing:
        return

    @app.before_request
    def _ensure_started() -> None:
        if app.extensions.get(_KEY) is None:
            get_runtime(app, start=True)


def get_runtime(app: Flask, *, start: bool = False) -> Runtime:
    """This process's runtime; with `start`, its workers run here (in-process mode only: with a queue
    URL the workers are `tourplanner worker` processes and the app only sends)."""
    from .runtime import Runtime

    with _lock:
        current: Runtime | None = app.extensions.get(_KEY)
        if current is None:
            state = app.extensions["tourplanner"]
            current = Runtime(state.engine, state.settings)
            app.extensions[_KEY] = current
        if start and current.embedded and current.worker is None and not _reloader_parent(app):
            current.start()
    return current


def _reloader_parent(app: Flask) -> bool:
    """Flask's debug reloader runs the app in a child; its parent must not run jobs as well."""
    return bool(app.debug) and os.environ.get("WERKZEUG_RUN_MAIN") != "true"


def kick(app: Flask) -> None:
    """After a catalogue change committed: get its trips queued. Never raises: if the broker cannot be
    reached, the trips stay marked and the periodic sweep queues them later."""
    try:
        get_runtime(app, start=not app.testing).kick()
    except Exception:
        log.exception("could not queue the sweep; the periodic sweep will")


def stop(app: Flask) -> None:
    current: Runtime | None = app.extensions.get(_KEY)
    if current is not None:
        current.stop()
        app.extensions[_KEY] = None
