"""Periodic tasks: a registry other parts add to, run by every worker's scheduler thread.

A task runs at most once per period across all worker processes when the queue is on Redis (a
short-lived Redis key elects the runner), and in the one serving process otherwise. Register from a
module that `tourplanner.background.tasks` imports, e.g. an LL2 sync that is off by default:

    register("ll2-sync", every_seconds=3600, run=sync_launches, enabled=lambda s: bool(s.extra.get(...)))
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Settings
    from .runtime import Runtime


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every_seconds: Callable[[Settings], float]
    run: Callable[[Runtime], None]  # gets the runtime: .engine, .settings, .kick(), .sweep()
    enabled: Callable[[Settings], bool]


_TASKS: dict[str, PeriodicTask] = {}


def register(name: str, every_seconds: float | Callable[[Settings], float], run: Callable[[Runtime], None],
             enabled: Callable[[Settings], bool] | None = None) -> PeriodicTask:
    """Add (or replace, by name) a periodic task; `every_seconds` may read the settings."""
    period = every_seconds if callable(every_seconds) else (lambda _settings, value=every_seconds: float(value))
    task = PeriodicTask(name=name, every_seconds=period, run=run, enabled=enabled or (lambda _settings: True))
    _TASKS[name] = task
    return task


def tasks() -> list[PeriodicTask]:
    return list(_TASKS.values())
