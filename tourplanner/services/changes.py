"""What changed between two versions of a trip: items that moved, appeared or went, in words.

Works on the stored itinerary JSON (items carry a stable `key`), so any two versions compare, however
old. Only what a traveller plans around is compared: visits, launches, roll-outs, transfers, their own
items and hotels; the travel legs and lunches in between follow from those.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..planning.describe import local_when
from ..planning.i18n import _, english

COMPARED = ("visit", "launch", "rollout", "transfer", "own", "lodging")


@dataclass(frozen=True)
class Moved:
    key: str
    title: str
    before: str  # "Mon 1 March 2027, 05:00 (UTC+5)"
    after: str


@dataclass(frozen=True)
class Changes:
    moved: tuple[Moved, ...] = ()
    appeared: tuple[tuple[str, str], ...] = ()  # (title, when)
    went: tuple[tuple[str, str], ...] = ()  # (title, when it was)
    newly_unscheduled: tuple[str, ...] = ()  # what is now "not in the plan" (site or launch ids)

    @property
    def empty(self) -> bool:
        return not (self.moved or self.appeared or self.went or self.newly_unscheduled)

    def lines(self) -> list[str]:
        """Plain sentences, as the versions page and the notification mail say them."""
        out = [_("Moved: %(item)s, from %(before)s to %(after)s.", item=m.title, before=m.before, after=m.after)
               for m in self.moved]
        out += [_("New: %(item)s, %(when)s.", item=title, when=when) for title, when in self.appeared]
        out += [_("No longer in the plan: %(item)s (was %(when)s).", item=title, when=when)
                for title, when in self.went]
        return out


def _items(itinerary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for day in itinerary.get("days") or ():
        for item in day.get("items") or ():
            if item.get("type") in COMPARED:
                key = str(item.get("key") or f"{item.get('type')}:{item.get('site') or item.get('title')}")
                found.setdefault(key, item)
    return found


def _title(item: dict[str, Any]) -> str:
    title = str(item.get("title") or item.get("site") or item.get("type"))
    kind = item.get("type")
    if not english():  # the planner's titles in other languages already say what they are
        return title[:1].upper() + title[1:]
    if kind == "launch" and not title.lower().startswith(("launch", "lift")):
        return f"Launch: {title}"
    if kind == "rollout" and "roll" not in title.lower():
        return f"Roll-out: {title}"
    return title


def when(value: object) -> str:
    try:
        return local_when(datetime.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def compare(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    before, after = _items(old), _items(new)
    moved = tuple(Moved(key, _title(after[key]), when(before[key].get("start")), when(after[key].get("start")))
                  for key in after if key in before and before[key].get("start") != after[key].get("start"))
    appeared = tuple((_title(item), when(item.get("start"))) for key, item in after.items() if key not in before)
    went = tuple((_title(item), when(item.get("start"))) for key, item in before.items() if key not in after)
    was_out = {str(u.get("launch") or u.get("site")) for u in old.get("unscheduled") or ()}
    now_out = tuple(str(u.get("launch") or u.get("site")) for u in new.get("unscheduled") or ()
                    if str(u.get("launch") or u.get("site")) not in was_out)
    return Changes(moved=moved, appeared=appeared, went=went, newly_unscheduled=now_out)
