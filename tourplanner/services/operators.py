"""Operator accounts: creation, roles, sign-in, deactivation, passwords. Salted scrypt hashes.

Every account has a `session_epoch`; a browser session remembers the epoch it was made in and is
honoured only while the account still has it. Logging out, changing or resetting the password and
deactivating all bump it, so every session of that account ends at once (cookies are signed, not
stored: this is how a copied cookie stops working).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from ..messages import Msg as _l
from ..store.db import transaction
from ..store.tables import ApiTokenRow, OperatorRow
from ..store.times import utcnow

ROLES = ("admin", "editor")
MIN_PASSWORD = 12


class OperatorError(ValueError):
    pass


@dataclass(frozen=True)
class Operator:
    id: int
    email: str
    role: str
    active: bool
    epoch: int

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _operator(row: OperatorRow) -> Operator:
    assert row.id is not None
    return Operator(id=row.id, email=row.email, role=row.role, active=row.active, epoch=row.session_epoch)


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise OperatorError(_l("not an e-mail address: {email!r}", email=email))
    return email


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise OperatorError(_l("the password must have at least {count} characters", count=MIN_PASSWORD))


def _hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password)


def _by_email(session: Session, email: str) -> OperatorRow:
    row = session.exec(select(OperatorRow).where(OperatorRow.email == email.strip().lower())).first()
    if row is None:
        raise OperatorError(_l("no operator {email}", email=email.strip().lower()))
    return row


def create_operator(engine: Engine, email: str, password: str | None, *, role: str = "editor") -> Operator:
    """A new account; `password=None` makes one nobody can sign in to until it is set (an invitation)."""
    email = _clean_email(email)
    if role not in ROLES:
        raise OperatorError(_l("role must be one of {roles}, not {role!r}", roles=", ".join(ROLES), role=role))
    if password is not None:
        _check_password(password)
    secret = password if password is not None else secrets.token_urlsafe(32)  # unknown to anyone
    with transaction(engine) as session:
        if session.exec(select(OperatorRow).where(OperatorRow.email == email)).first():
            raise OperatorError(_l("an operator {email} exists already", email=email))
        row = OperatorRow(email=email, password_hash=_hash(secret), created_at=utcnow(), role=role)
        session.add(row)
        session.flush()
        return _operator(row)


def authenticate(engine: Engine, email: str, password: str) -> Operator | None:
    """The operator when the password matches an active account; None otherwise (same time either way)."""
    from werkzeug.security import check_password_hash

    with Session(engine) as session:
        row = session.exec(select(OperatorRow).where(OperatorRow.email == email.strip().lower())).first()
    if row is None:
        check_password_hash(_DUMMY_HASH, password)  # spend the same time: no account enumeration by timing
        return None
    if not (check_password_hash(row.password_hash, password) and row.active):
        return None
    return _operator(row)


_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummysa$" + "0" * 128


def get_operator(engine: Engine, operator_id: int) -> Operator | None:
    """The account if it exists and is active."""
    with Session(engine) as session:
        row = session.get(OperatorRow, operator_id)
        return _operator(row) if row is not None and row.active else None


def operator_email(engine: Engine, operator_id: int) -> str | None:
    found = get_operator(engine, operator_id)
    return found.email if found else None


def list_operators(engine: Engine) -> list[Operator]:
    with Session(engine) as session:
        return [_operator(r) for r in session.exec(select(OperatorRow).order_by(col(OperatorRow.email)))]


def end_sessions(engine: Engine, operator_id: int) -> None:
    """Every browser session of this account stops working (logout does this)."""
    with transaction(engine) as session:
        row = session.get(OperatorRow, operator_id)
        if row is not None:
            row.session_epoch += 1
            session.add(row)


def set_password(engine: Engine, email: str, password: str) -> Operator:
    """A new password ends every session of the account (a stolen cookie dies with the old password)."""
    _check_password(password)
    with transaction(engine) as session:
        row = _by_email(session, email)
        row.password_hash = _hash(password)
        row.session_epoch += 1
        session.add(row)
        return _operator(row)


def set_password_by_id(engine: Engine, operator_id: int, epoch: int, password: str) -> Operator:
    """Set a password from a reset link made for `epoch`: a used or outdated link is refused."""
    _check_password(password)
    with transaction(engine) as session:
        row = session.get(OperatorRow, operator_id)
        if row is None or not row.active or row.session_epoch != epoch:
            raise OperatorError(_l("this link has been used or has expired: ask an admin for a new one"))
        row.password_hash = _hash(password)
        row.session_epoch += 1
        session.add(row)
        return _operator(row)


def set_active(engine: Engine, email: str, active: bool) -> Operator:
    """Deactivating ends the account's sessions and revokes its API tokens; nothing is deleted."""
    with transaction(engine) as session:
        row = _by_email(session, email)
        row.active = active
        row.session_epoch += 1
        session.add(row)
        if not active:
            session.exec(update(ApiTokenRow).where(col(ApiTokenRow.operator_id) == row.id,
                                                   col(ApiTokenRow.revoked_at).is_(None))
                         .values(revoked_at=utcnow()))
        return _operator(row)


def set_role(engine: Engine, email: str, role: str) -> Operator:
    if role not in ROLES:
        raise OperatorError(_l("role must be one of {roles}, not {role!r}", roles=", ".join(ROLES), role=role))
    with transaction(engine) as session:
        row = _by_email(session, email)
        row.role = role
        session.add(row)
        return _operator(row)


def find_operator(engine: Engine, email: str) -> Operator:
    with Session(engine) as session:
        return _operator(_by_email(session, email))
