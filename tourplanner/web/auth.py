"""Operator sign-in: a signed-cookie session holding the operator's id and session epoch; CSRF on forms.

The cookie is signed, not stored, so it cannot be deleted server-side; instead it carries the
account's `session_epoch`, and logging out or changing the password bumps that: every cookie of the
account, including copies, stops opening the operator pages. The API uses bearer tokens instead.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from .. import services
from ..services.operators import Operator
from .state import state

bp = Blueprint("auth", __name__, url_prefix="/operator")
F = TypeVar("F", bound=Callable[..., Any])


def current_operator() -> Operator | None:
    """The signed-in operator, checked against the database (active, same epoch) on every request."""
    if "operator" not in g:
        operator_id, epoch = session.get("operator_id"), session.get("epoch")
        found = services.get_operator(state().engine, operator_id) if isinstance(operator_id, int) else None
        g.operator = found if found is not None and found.epoch == epoch else None
    value: Operator | None = g.operator
    return value


def login_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_operator() is None:
            session.pop("operator_id", None)  # a dead session: forget it (the CSRF token stays)
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        operator = current_operator()
        if operator is None:
            return redirect(url_for("auth.login", next=request.path))
        if not operator.is_admin:
            abort(403, description=gettext("Only an admin may manage operator accounts."))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link borrow our login page."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("operator.dashboard")


def sign_in_key() -> str:
    """The throttling key of a sign-in attempt: the account typed (any spelling of it)."""
    return "signin:" + request.form.get("email", "").strip().lower()


def _failed(response: Response) -> bool:
    return response.status_code == 401  # only wrong passwords count against the limits


def _login() -> str | Response | tuple[str, int]:
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        operator = services.authenticate(state().engine, email, request.form.get("password", ""))
        if operator is not None:
            session.clear()
            session["operator_id"] = operator.id
            session["epoch"] = operator.epoch
            return redirect(_safe_next(request.args.get("next")), code=303)
        error = gettext("That e-mail and password do not match an operator account.")
    page = render_template("operator/login.html", error=error, email=email)
    return (page, 401) if error else page


def _throttled(view: Callable[[], Any]) -> Callable[[], Any]:
    """Per account and per address (web/limits.py: Redis when configured); only failures count."""
    from .limits import limiter

    per_account = limiter.limit("10 per 15 minutes", key_func=sign_in_key, methods=["POST"], deduct_when=_failed,
                                error_message=lambda: gettext("Too many failed sign-ins for this account; wait a few minutes."))
    per_address = limiter.limit("30 per 15 minutes", methods=["POST"], deduct_when=_failed,
                                error_message=lambda: gettext("Too many failed sign-ins from this address; wait a few minutes."))
    return per_account(per_address(view))


login = bp.route("/login", methods=["GET", "POST"], endpoint="login")(_throttled(_login))


@bp.post("/logout")
def logout() -> Response:
    """Ends this session and every other session of the account (copies of the cookie included)."""
    operator = current_operator()
    if operator is not None:
        services.end_sessions(state().engine, operator.id)
    session.clear()
    return redirect(url_for("pages.index"), code=303)
