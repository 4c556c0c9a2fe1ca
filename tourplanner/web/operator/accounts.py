"""Operator accounts in the browser: admins invite, deactivate and reset; everyone changes their own
password and keeps their API tokens.

There is no mail here: an invitation or a reset is a one-time link the admin passes on. The link is
signed with the app's secret and names the account's session epoch, so using it (which sets a password
and bumps the epoch) or any later sign-out spends it; it also expires after three days.
"""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from ... import services
from ...services.operators import ROLES, Operator, OperatorError, set_password_by_id
from ...services.tokens import create_token, list_tokens, revoke_token
from ..auth import admin_required, current_operator, login_required
from ..state import state
from . import bp
from .words import say_error

RESET_MAX_AGE = 3 * 24 * 3600


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="operator-password-link")


def password_link(operator: Operator) -> str:
    token = _signer().dumps({"id": operator.id, "epoch": operator.epoch})
    return url_for("operator.set_password_from_link", token=token, _external=True)


def _me() -> Operator:
    operator = current_operator()
    assert operator is not None  # login_required ran
    return operator


@bp.get("/accounts")
@admin_required
def accounts() -> str:
    return render_template("operator/accounts.html", operators=services.list_operators(state().engine),
                           roles=ROLES, operator=_me(), form={"email": "", "role": "editor"}, errors={})


@bp.post("/accounts")
@admin_required
def invite() -> str | tuple[str, int]:
    """A new account without a password, and the one-time link that sets it."""
    form = {"email": request.form.get("email", ""), "role": request.form.get("role", "editor")}
    try:
        created = services.create_operator(state().engine, form["email"], None, role=form["role"])
    except OperatorError as error:
        field = "role" if "role" in str(error) else "email"
        page = render_template("operator/accounts.html", operators=services.list_operators(state().engine),
                               roles=ROLES, operator=_me(), form=form, errors={field: say_error(error)})
        return page, 422
    return render_template("operator/link.html", operator=_me(), account=created, link=password_link(created),
                           what="invitation")


def _account(email: str) -> Operator:
    try:
        return services.find_operator(state().engine, email)
    except OperatorError:
        abort(404, description=gettext("No operator %(email)s.", email=email))


@bp.post("/accounts/<email>/reset")
@admin_required
def reset(email: str) -> str:
    """Ends the account's sessions and makes a link to set a new password."""
    account = _account(email)
    services.end_sessions(state().engine, account.id)
    account = _account(email)
    return render_template("operator/link.html", operator=_me(), account=account, link=password_link(account),
                           what="password reset")


@bp.post("/accounts/<email>/active")
@admin_required
def set_active(email: str) -> Response:
    account = _account(email)
    active = request.form.get("active") == "1"
    if account.id == _me().id and not active:
        flash(gettext("You cannot deactivate your own account."), "error")
    else:
        services.set_active(state().engine, email, active)
        flash(gettext("%(email)s reactivated.", email=email) if active else
              gettext("%(email)s deactivated: its sessions and API tokens stopped working.", email=email))
    return redirect(url_for("operator.accounts"), code=303)


@bp.post("/accounts/<email>/role")
@admin_required
def set_role(email: str) -> Response:
    _account(email)
    try:
        services.set_role(state().engine, email, request.form.get("role", ""))
    except OperatorError as error:
        flash(say_error(error), "error")
    return redirect(url_for("operator.accounts"), code=303)


@bp.route("/password/<token>", methods=["GET", "POST"])
def set_password_from_link(token: str) -> str | Response | tuple[str, int]:
    """The invitation / reset link: choose a password (no sign-in needed, the link is the key)."""
    try:
        data: Any = _signer().loads(token, max_age=RESET_MAX_AGE)
        operator_id, epoch = int(data["id"]), int(data["epoch"])
    except (BadSignature, KeyError, TypeError, ValueError):
        abort(404, description=gettext("This link is not valid (or has expired): ask an admin for a new one."))
    errors: dict[str, str] = {}
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("password2", ""):
            errors["password2"] = gettext("The two passwords differ.")
        else:
            try:
                set_password_by_id(state().engine, operator_id, epoch, password)
            except OperatorError as error:
                errors["password"] = say_error(error)
        if not errors:
            flash(gettext("Password set: sign in with it."))
            return redirect(url_for("auth.login"), code=303)
    page = render_template("operator/password.html", errors=errors, need_current=False, operator=None)
    return (page, 422) if errors else page


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response | tuple[str, int]:
    """Changing the password signs out every session of the account, this one included."""
    me = _me()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if services.authenticate(state().engine, me.email, request.form.get("current", "")) is None:
            errors["current"] = gettext("That is not your current password.")
        elif request.form.get("password", "") != request.form.get("password2", ""):
            errors["password2"] = gettext("The two passwords differ.")
        else:
            try:
                services.set_password(state().engine, me.email, request.form.get("password", ""))
            except OperatorError as error:
                errors["password"] = say_error(error)
        if not errors:
            flash(gettext("Password changed; every session of your account has ended: sign in again."))
            return redirect(url_for("auth.login"), code=303)
    page = render_template("operator/password.html", errors=errors, need_current=True, operator=me)
    return (page, 422) if errors else page


@bp.get("/tokens")
@login_required
def tokens() -> str:
    return render_template("operator/tokens.html", operator=_me(), tokens=list_tokens(state().engine, _me().id),
                           new_token=None)


@bp.post("/tokens")
@login_required
def new_token() -> str:
    """The token is shown on this page once; only its digest is kept."""
    token = create_token(state().engine, _me().id, request.form.get("label", ""))
    return render_template("operator/tokens.html", operator=_me(), tokens=list_tokens(state().engine, _me().id),
                           new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Response:
    if revoke_token(state().engine, _me().id, token_id):
        flash(gettext("Token revoked: systems using it now get 401."))
    else:
        flash(gettext("No such live token of yours."), "error")
    return redirect(url_for("operator.tokens"), code=303)
