"""A launch as fixed events in the pad's time: roll-out viewing, launch viewing, and the nights around.

The roll-out starts when the rocket leaves the hangar (`rollout_days_before` days before the local launch
date, at `rollout_local_time`); the launch item starts at lift-off (T-0). Viewers are at the viewing
point earlier (security, buses), so each event reserves time before its start. A lift-off in the small
hours belongs to the night before: that evening's day holds it and the next day is for the return.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .i18n import _
from .launch_times import net_local, rollout_start
from .model import Launch, LaunchStatus, Precision, Site

NIGHT_ENDS = time(6, 0)  # lift-off before this is part of the previous evening's outing
ROLLOUT_EARLY = timedelta(minutes=30)
ROLLOUT_LENGTH = timedelta(minutes=90)  # from the hangar to the rocket raised on the pad
LAUNCH_EARLY = timedelta(minutes=60)
LAUNCH_LENGTH = timedelta(minutes=20)  # lift-off until the rocket is out of sight
SURE_PRECISIONS = (Precision.SECOND, Precision.MINUTE)
SURE_STATUSES = (LaunchStatus.GO, LaunchStatus.SUCCESS, LaunchStatus.FAILURE)


@dataclass(frozen=True)
class Event:
    kind: str  # rollout, launch
    key: str  # stable item key: rollout:<launch id>, launch:<launch id>
    title: str
    day: date  # the trip day whose outing holds the event
    arrive: datetime  # be at the viewing point by then (local)
    start: datetime  # hangar doors / T-0 (local)
    end: datetime


@dataclass(frozen=True)
class LaunchEvents:
    launch: Launch
    pad: Site
    liftoff: datetime  # local at the pad
    rollout: Event
    viewing: Event

    @property
    def night(self) -> date:
        """The trip day whose evening (and night) holds the lift-off."""
        return self.viewing.day

    @property
    def return_day(self) -> date:
        """Stay the launch night, go back the day after it."""
        return self.night + timedelta(days=1)

    @property
    def events(self) -> tuple[Event, Event]:
        return (self.rollout, self.viewing)

    @property
    def certain(self) -> bool:
        return self.launch.precision in SURE_PRECISIONS and self.launch.status in SURE_STATUSES


def launch_events(launch: Launch, pad: Site, zone: ZoneInfo) -> LaunchEvents:
    liftoff = net_local(launch, zone)
    rollout_at = rollout_start(launch, zone)  # the same instant the catalogue pages show
    rollout_day = rollout_at.date()
    night = liftoff.date() - timedelta(days=1) if liftoff.time() < NIGHT_ENDS else liftoff.date()
    rollout = Event(kind="rollout", key=f"rollout:{launch.id}", title=_("%(mission)s roll-out", mission=launch.mission),
                    day=rollout_day, arrive=rollout_at - ROLLOUT_EARLY, start=rollout_at,
                    end=rollout_at + ROLLOUT_LENGTH)
    viewing = Event(kind="launch", key=f"launch:{launch.id}",
                    title=_("%(mission)s launch (%(vehicle)s)", mission=launch.mission, vehicle=launch.vehicle), day=night,
                    arrive=liftoff - LAUNCH_EARLY, start=liftoff, end=liftoff + LAUNCH_LENGTH)
    return LaunchEvents(launch=launch, pad=pad, liftoff=liftoff, rollout=rollout, viewing=viewing)
