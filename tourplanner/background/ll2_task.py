"""The Launch Library 2 sync as a periodic task: off unless TOURPLANNER_LL2_SYNC_URL is set.

Every TOURPLANNER_LL2_SYNC_MINUTES (default 60; LL2's free tier allows 15 requests an hour, one page
per run stays far below) one worker fetches the URL's first page and upserts through the same change
path as `tourplanner launches sync`; the marks it leaves are queued at once.
"""
from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from .periodic import register

if TYPE_CHECKING:
    from ..config import Settings
    from .runtime import Runtime

log = logging.getLogger(__name__)
MIN_MINUTES = 5.0


def sync_url() -> str:
    return os.environ.get("TOURPLANNER_LL2_SYNC_URL", "").strip()


def every_seconds(_settings: Settings) -> float:
    raw = os.environ.get("TOURPLANNER_LL2_SYNC_MINUTES", "").strip()
    try:
        minutes = float(raw) if raw else 60.0
    except ValueError:
        minutes = 60.0
    return max(minutes, MIN_MINUTES) * 60.0


def run(runtime: Runtime) -> None:
    from ..services.ll2 import LL2FormatError
    from ..services.ll2_sync import fetch, sync

    try:
        report = sync(runtime.engine, fetch(sync_url()))
    except LL2FormatError as error:
        log.warning("LL2 sync: %s", error)
        return
    log.info("LL2 sync: %s", "; ".join(report.lines()))
    if report.affected_trips:
        runtime.kick()


register("ll2-sync", every_seconds=every_seconds, run=run, enabled=lambda _settings: bool(sync_url()))
