"""Operator sign-in: a signed-cookie session holding the operator's id; CSRF on every form."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .. import services
from .state import state

bp = Blueprint("auth", __name__, url_prefix="/operator")
F = TypeVar("F", bound=Callable[..., Any])


def current_operator() -> str | None:
    """The signed-in operator's e-mail, checked against the database on every request."""
    if "operator" not in g:
        operator_id = session.get("operator_id")
        g.operator = services.operator_email(state().engine, operator_id) if isinstance(operator_id, int) else None
    value: str | None = g.operator
    return value


def login_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_operator() is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link borrow our login page."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("operator.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        operator_id = services.authenticate(state().engine, email, request.form.get("password", ""))
        if operator_id is not None:
            session.clear()
            session["operator_id"] = operator_id
            return redirect(_safe_next(request.args.get("next")), code=303)
        error = "That e-mail and password do not match an operator account."
    page = render_template("operator/login.html", error=error, email=email)
    return (page, 401) if error else page


@bp.post("/logout")
def logout() -> Response:
    session.clear()
    return redirect(url_for("pages.index"), code=303)
