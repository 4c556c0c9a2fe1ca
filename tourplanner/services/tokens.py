"""Operator API tokens: `Authorization: Bearer TOKEN` for an operator's own systems.

A token is 256 random bits shown once; only its SHA-256 is stored, so a copy of the database does
not hand out working tokens. Tokens act as their operator (same role) until revoked or the account
is deactivated.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..messages import Msg as _l
from ..store.db import transaction
from ..store.tables import ApiTokenRow, OperatorRow
from ..store.times import utcnow
from .operators import Operator, OperatorError, _operator

PREFIX = "tpo_"  # recognisable in logs and by secret scanners


@dataclass(frozen=True)
class TokenInfo:
    id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(engine: Engine, operator_id: int, label: str = "") -> str:
    """A new token for an active operator; the plain token is returned once and never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction(engine) as session:
        row = session.get(OperatorRow, operator_id)
        if row is None or not row.active:
            raise OperatorError(_l("tokens are only made for active operators"))
        session.add(ApiTokenRow(operator_id=operator_id, token_hash=_digest(token), label=label.strip()[:100],
                                created_at=utcnow()))
    return token


def operator_for_token(engine: Engine, token: str) -> Operator | None:
    """The active operator a live token belongs to, else None."""
    if not token.startswith(PREFIX):
        return None
    with transaction(engine) as session:
        found = session.exec(select(ApiTokenRow).where(ApiTokenRow.token_hash == _digest(token))).first()
        if found is None or found.revoked_at is not None:
            return None
        owner = session.get(OperatorRow, found.operator_id)
        if owner is None or not owner.active:
            return None
        found.last_used_at = utcnow()
        session.add(found)
        return _operator(owner)


def list_tokens(engine: Engine, operator_id: int) -> list[TokenInfo]:
    with Session(engine) as session:
        rows = session.exec(select(ApiTokenRow).where(ApiTokenRow.operator_id == operator_id)
                            .order_by(col(ApiTokenRow.id))).all()
        return [TokenInfo(id=r.id or 0, label=r.label, created_at=r.created_at, last_used_at=r.last_used_at,
                          revoked=r.revoked_at is not None) for r in rows]


def revoke_token(engine: Engine, operator_id: int, token_id: int) -> bool:
    """Revoke one of the operator's own tokens; False when there is no such live token."""
    if not 0 < token_id <= 2**63 - 1:
        return False
    with transaction(engine) as session:
        row = session.get(ApiTokenRow, token_id)
        if row is None or row.operator_id != operator_id or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
        session.add(row)
        return True
