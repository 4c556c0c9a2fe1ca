"""Rate limits (Flask-Limiter): one `limiter` that views decorate with `@limiter.limit(...)`.

Counters live where every worker sees them: `TOURPLANNER_RATELIMIT_STORAGE_URL`, else the Redis of
`TOURPLANNER_QUEUE_URL`, else this process's memory (one worker, tests). Under `testing` the limits
are off unless the app's config sets `RATELIMIT_ENABLED=True` (tests of the limits themselves; the
memory storage is new for every app, so counts never leak between tests). A refused request gets 429
with `Retry-After` (and the X-RateLimit-* headers).

One limiter per process: `init_app` of the newest app decides storage and on/off (one app per process
in production; tests build one app at a time).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Per client address: trips are created and plans computed anonymously, so the address is the key.
# Behind a proxy, the WSGI server must set REMOTE_ADDR from the proxy's header (gunicorn
# --forwarded-allow-ips), never the app from a header any client can forge.
# swallow_errors: a broken Redis must not take the site down with it (serve unlimited, log it).
limiter = Limiter(key_func=get_remote_address, headers_enabled=True, strategy="moving-window",
                  swallow_errors=True, key_prefix="tourplanner")

# Defaults, overridden by TOURPLANNER_RATELIMIT_TRIPS / _PLANS (Flask-Limiter's "N/period;M/period").
TRIPS_DEFAULT = "10/minute;60/hour"  # a traveller makes a few trips, a script makes thousands
PLANS_DEFAULT = "60/minute"  # each plan is up to ~0.3 s of a worker


def storage_url(environ: Mapping[str, str] | None = None) -> str:
    """TOURPLANNER_RATELIMIT_STORAGE_URL, else the redis:// of TOURPLANNER_QUEUE_URL, else memory://."""
    env = os.environ if environ is None else environ
    explicit = env.get("TOURPLANNER_RATELIMIT_STORAGE_URL", "").strip()
    if explicit:
        return explicit
    queue = env.get("TOURPLANNER_QUEUE_URL", "").strip()
    if queue.startswith(("redis://", "rediss://")):
        return queue
    return "memory://"


def trips_limit() -> str:
    """Anonymous trip creation per address (API and builder form share one budget)."""
    return str(current_app.config["RATELIMIT_TRIPS"])


def plans_limit() -> str:
    """Stateless plan requests per address."""
    return str(current_app.config["RATELIMIT_PLANS"])


UNLIMITED = "tourplanner.unlimited_endpoints"
SKIPPED = "limiter_skipped"  # flask.g: this request's check was skipped (so are its headers)
SAFE = ("GET", "HEAD")


@limiter.request_filter
def _nothing_to_count() -> bool:
    """A GET or HEAD of a view that no limit names (catalogue answers, trip pages and feeds) skips
    the limiter's per-request bookkeeping: there is nothing to count. Asked once per endpoint (the
    limiter's own resolution: decorated, blueprint, default and application limits), then kept."""
    if request.method not in SAFE or request.endpoint is None:
        return False
    known: dict[str, bool] = current_app.extensions.setdefault(UNLIMITED, {})
    found = known.get(request.endpoint)
    if found is None:
        found = known[request.endpoint] = _declares_no_limit(current_app, request.endpoint, request.blueprint)
    return found


def _declares_no_limit(app: Flask, endpoint: str, blueprint: str | None) -> bool:
    from flask_limiter.util import get_qualified_name

    view = app.view_functions.get(endpoint)
    name = get_qualified_name(view) if view is not None else ""
    manager = limiter.limit_manager
    if manager.has_hints(endpoint) or getattr(limiter, "_meta_limits", None):
        return False
    for in_middleware in (True, False):
        found = manager.resolve_limits(app, endpoint, blueprint, name, in_middleware, marked_for_limiting=False)
        if any(found):
            return False
    return True


def init_app(app: Flask) -> None:
    """Storage, limits and on/off from the app's config (tests may set RATELIMIT_*), then attach."""
    settings = app.extensions["tourplanner"].settings
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_url())
    app.config.setdefault("RATELIMIT_ENABLED", not settings.testing)
    app.config.setdefault("RATELIMIT_TRIPS", os.environ.get("TOURPLANNER_RATELIMIT_TRIPS") or TRIPS_DEFAULT)
    app.config.setdefault("RATELIMIT_PLANS", os.environ.get("TOURPLANNER_RATELIMIT_PLANS") or PLANS_DEFAULT)
    limiter.enabled = bool(app.config["RATELIMIT_ENABLED"])  # the newest app decides (see above)
    limiter.init_app(app)
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[:] = [_unless_nothing_to_count(hook) if hook == limiter._check_request_limit else hook for hook in hooks]
    after = app.after_request_funcs.setdefault(None, [])
    after[:] = [_headers_unless_nothing_to_count(hook) if _is_inject_headers(hook) else hook for hook in after]


def _is_inject_headers(hook: object) -> bool:
    """The limiter's after-request hook (a partial of its private __inject_headers)."""
    return isinstance(hook, partial) and hook.args == (limiter,) and hook.func.__name__.endswith("inject_headers")


def _headers_unless_nothing_to_count(inject: Callable[..., Any]) -> Callable[[Response], Response]:
    """The limiter's X-RateLimit headers and deductions, skipped with its check: a read no limit names
    was never counted, so there is nothing to report or deduct."""
    def guarded(response: Response) -> Response:
        if g.get(SKIPPED):
            return response
        answered: Response = inject(response)
        return answered
    return guarded


def _unless_nothing_to_count(check: Callable[[], None]) -> Callable[[], None]:
    """The limiter's before-request check, skipped whole for reads no limit names (its request filter
    alone still walks the meta limits and exemptions on every request)."""
    def guarded() -> None:
        if _nothing_to_count():
            g.setdefault(SKIPPED, True)
        else:
            check()
    return guarded
