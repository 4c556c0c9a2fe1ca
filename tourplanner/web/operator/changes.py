"""After an operator's change commits: queue its trips and say what happens next."""
from __future__ import annotations

from flask import current_app

from ... import background, services
from ..auth import current_operator


def operator_id() -> int | None:
    operator = current_operator()
    return operator.id if operator else None


def reported(what: str, result: services.ChangeResult) -> str:
    """Kick the queue (this request never waits for the re-plans) and word the flash message."""
    if result.change_id is None:
        return f"{what}: nothing changed."
    background.kick(current_app)
    return f"{what} saved; {result.affected} trip(s) will be updated in the background (progress below)."
