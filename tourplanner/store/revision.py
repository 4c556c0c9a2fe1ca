"""The catalogue revision: one counter that every catalogue write increments in its own transaction.

Caches (the catalogue for re-plans, issue 12's per-revision caches) key on it. `bump` is an atomic
increment in the database, and it holds the counter's row until the caller commits: catalogue changes
therefore commit in revision order, so a reader that reads `current` first and the catalogue after sees
at least everything up to that revision.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session


def current(session: Session) -> int:
    value = session.execute(text("SELECT value FROM catalogue_revision WHERE id = 1")).scalar()
    return int(value or 0)


def bump(session: Session) -> int:
    """Increment the revision inside the caller's transaction and answer the new value."""
    result = session.execute(text("UPDATE catalogue_revision SET value = value + 1 WHERE id = 1"))
    if getattr(result, "rowcount", 1) == 0:  # a database made before the counter existed
        session.execute(text("INSERT INTO catalogue_revision (id, value) VALUES (1, 1)"))
    return current(session)
