"""Operator accounts: creation, sign-in, look-up. Passwords are salted scrypt hashes."""
from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..store.db import transaction
from ..store.times import utcnow


class OperatorError(ValueError):
    pass


def create_operator(engine: Engine, email: str, password: str) -> None:
    """Passwords are stored as salted scrypt hashes (werkzeug), never in clear."""
    from werkzeug.security import generate_password_hash

    from ..store.tables import OperatorRow

    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise OperatorError(f"not an e-mail address: {email!r}")
    if len(password) < 12:
        raise OperatorError("the password must have at least 12 characters")
    with transaction(engine) as session:
        if session.exec(select(OperatorRow).where(OperatorRow.email == email)).first():
            raise OperatorError(f"an operator {email} exists already")
        session.add(OperatorRow(email=email, password_hash=generate_password_hash(password), created_at=utcnow()))


def authenticate(engine: Engine, email: str, password: str) -> int | None:
    """The operator's id when the password matches an active account; None otherwise (same time either way)."""
    from werkzeug.security import check_password_hash

    from ..store.tables import OperatorRow

    with Session(engine) as session:
        row = session.exec(select(OperatorRow).where(OperatorRow.email == email.strip().lower())).first()
    if row is None:
        check_password_hash(_DUMMY_HASH, password)  # spend the same time: no account enumeration by timing
        return None
    if not (check_password_hash(row.password_hash, password) and row.active):
        return None
    return row.id


_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummysa$" + "0" * 128


def operator_email(engine: Engine, operator_id: int) -> str | None:
    from ..store.tables import OperatorRow

    with Session(engine) as session:
        row = session.get(OperatorRow, operator_id)
        return row.email if row is not None and row.active else None
