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
    """Under gunicorn, start the in-process workers as the app is built in each worker process (so a
    restart resumes the marked trips before anyone visits); elsewhere on the first request. Never
    under tests (they start a runtime themselves and stop it with `stop`)."""
    app.extensions[_KEY] = None
    if app.testing:
        return
    if serving_under_gunicorn():
        get_runtime(app, start=True)

    @app.before_request
    def _ensure_started() -> None:
        current: Runtime | None = app.extensions.get(_KEY)
        if current is None or current.pid != os.getpid():  # none yet, or built before a fork (--preload)
            get_runtime(app, start=True)


def serving_under_gunicorn() -> bool:
    """Gunicorn's arbiter sets SERVER_SOFTWARE before it forks the workers that build the app."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn")


def get_runtime(app: Flask, *, start: bool = False) -> Runtime:
    """This process's runtime; with `start`, its workers run here (in-process mode only: with a queue
    URL the workers are `tourplanner worker` processes and the app only sends)."""
    from .runtime import Runtime

    with _lock:
        current: Runtime | None = app.extensions.get(_KEY)
        if current is None or current.pid != os.getpid():  # a runtime's threads do not survive a fork
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


def stop_all() -> None:
    """Stop the workers of every runtime in this process (tests: before their database is dropped)."""
    from .runtime import stop_all as stop_runtimes

    stop_runtimes()


def stop(app: Flask) -> None:
    current: Runtime | None = app.extensions.get(_KEY)
    if current is not None:
        current.stop()
        app.extensions[_KEY] = None
