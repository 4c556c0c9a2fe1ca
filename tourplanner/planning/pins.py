"""What the day layout (days.py) must respect: booked legs and the regions of pinned visits.

A booked transfer (or, in an automatic re-plan after the launch left the trip's dates, a leg of the
previous plan: the trip's skeleton) fixes the day a stay begins or ends and the leg's exact times. A
pinned visit fixes where the party is that day. Legs are hard rules; pinned visit days are preferred
(a layout that cannot honour them still keeps the visit, and the planner warns).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class LegPin:
    origin: str  # region ids
    destination: str
    depart: datetime  # aware
    arrive: datetime
    key: str = ""  # the traveller's fixed item key; "" for a skeleton leg kept from the previous plan
    title: str = ""
    mode: str = ""

    @property
    def day(self) -> date:
        return self.depart.date()


@dataclass(frozen=True)
class LayoutPins:
    legs: tuple[LegPin, ...] = ()
    regions_on: tuple[tuple[date, str], ...] = ()  # (day, region) of pinned visits

    def __bool__(self) -> bool:
        return bool(self.legs or self.regions_on)

    def leg_on(self, origin: str, destination: str, day: date) -> LegPin | None:
        return next((p for p in self.legs if (p.origin, p.destination, p.day) == (origin, destination, day)), None)

    def out_day(self, region: str, home: str) -> date | None:
        return min((p.day for p in self.legs if p.origin == home and p.destination == region), default=None)

    def back_day(self, region: str, home: str) -> date | None:
        out = self.out_day(region, home)
        return min((p.day for p in self.legs if p.origin == region and p.destination == home
                    and (out is None or p.day > out)), default=None)

    def regions(self, home: str) -> list[str]:
        """Regions the pins send the trip to, besides the gateway, in a fixed order."""
        named = {r for p in self.legs for r in (p.origin, p.destination)} | {r for _, r in self.regions_on}
        return sorted(named - {home})

    def prefers(self, region: str, days_there: set[date]) -> bool:
        """A stay in `region` on `days_there` keeps every pinned visit in its region's days."""
        return all((day in days_there) == (r == region) for day, r in self.regions_on
                   if r == region or day in days_there)
