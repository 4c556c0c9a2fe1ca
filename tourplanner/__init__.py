"""tourplanner: plans space-heritage trips in Russia and Kazakhstan."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask app factory; `config` overrides settings (tests pass a database URL and testing=True)."""
    from .web.app import build_app

    return build_app(config)
