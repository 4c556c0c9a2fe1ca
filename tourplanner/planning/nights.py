"""Items after midnight belong to the night they are part of, said plainly.

A lift-off at 05:00 on Monday 1 March is the end of Sunday's outing: the planner lists it under Sunday
28 February (the evening's day, where a traveller looks for "tonight"), and pages say "night of 28
February to 1 March, lift-off 05:00 Monday". The next day's card points back to it. Items keep their
start and end (the JSON contract): this module only adds words and the dates around them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .explain import DAY_NAMES, night_phrase
from .model import Day, Item, Itinerary

VERBS = {"launch": "lift-off", "rollout": "roll-out", "travel": "leave", "transfer": "departure"}


@dataclass(frozen=True)
class NightItem:
    key: str
    title: str
    night_of: date  # the evening's date (the day the item is listed under)
    text: str  # "night of 28 February to 1 March, lift-off 05:00 Monday"


def night_of(item: Item, day: Day) -> NightItem | None:
    """The item as part of the night after `day`, when it starts after midnight (its own local time)."""
    if item.start.date() <= day.date:
        return None
    verb = VERBS.get(item.type, "from")
    when = f"{verb} {item.start:%H:%M} {DAY_NAMES[item.start.weekday()]}"
    return NightItem(key=item.key, title=item.title, night_of=day.date, text=f"{night_phrase(day.date)}, {when}")


def night_items(itinerary: Itinerary) -> dict[str, NightItem]:
    """Every after-midnight item, by key."""
    return {n.key: n for day in itinerary.days for item in day.items if (n := night_of(item, day)) is not None}


def from_the_night_before(itinerary: Itinerary, day: Day) -> tuple[NightItem, ...]:
    """What the night before `day` holds after midnight (listed under the previous day): the card of `day`
    mentions it, so a traveller looking at Monday finds Monday's 05:00 lift-off."""
    before = next((d for d in itinerary.days if d.date == day.date - timedelta(days=1)), None)
    if before is None:
        return ()
    return tuple(n for item in before.items if (n := night_of(item, before)) is not None and item.type != "travel")
