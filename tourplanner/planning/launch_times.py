"""When a launch's public events happen, in the pad's own time."""
from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from .model import Launch


def net_local(launch: Launch, zone: tzinfo) -> datetime:
    return launch.net.astimezone(zone)


def rollout_start(launch: Launch, zone: tzinfo) -> datetime:
    """The rocket leaves the hangar `rollout_days_before` days before lift-off (local date), in the morning."""
    launch_day = net_local(launch, zone).date()
    day = launch_day - timedelta(days=launch.rollout_days_before)
    return datetime.combine(day, launch.rollout_local_time, tzinfo=zone)
