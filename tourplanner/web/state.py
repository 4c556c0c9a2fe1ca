"""What the app keeps per process: settings and the engine. Nothing else (several workers share a DB)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.engine import Engine

from ..config import Settings


@dataclass(frozen=True)
class AppState:
    settings: Settings
    engine: Engine


def state() -> AppState:
    value: AppState = current_app.extensions["tourplanner"]
    return value
