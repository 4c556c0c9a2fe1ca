"""Seasonal hours in the site form: one season a line, plain text that works without JavaScript.

    summer 05-01..09-30: mon-fri 10:00-19:00 last 18:30; sat-sun 10:00-17:00

The name is optional; the dates are MM-DD (a season may run past 31 December: 10-01..04-30); day
groups are separated by ";", each a day ("sat"), a range ("mon-fri") or a list ("sat,sun") followed
by its intervals in the weekly fields' syntax. Days a season does not name are closed in that season.
Parsing only shapes the record; the seed validator judges it (overlaps, real dates, times in order).
"""
from __future__ import annotations

import re
from typing import Any

from ...planning.model import WEEKDAYS

_SEASON = re.compile(r"^(?:(?P<name>.*?)\s+)?(?P<start>\d{2}-\d{2})\s*(?:\.\.|–|to)\s*(?P<end>\d{2}-\d{2})\s*:\s*"
                     r"(?P<days>.+)$")
_GROUP = re.compile(r"^(?P<days>[a-z]{3}(?:\s*[-–,]\s*[a-z]{3})*)\s+(?P<intervals>.+)$")
_INTERVAL = re.compile(r"^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})(?:\s*\(?\s*last\s+(\d{1,2}:\d{2})\s*\)?)?$")
HOW = ("Write one season a line as summer 05-01..09-30: mon-fri 10:00-19:00 last 18:30; sat-sun 10:00-17:00")


def _pad(t: str) -> str:
    return t if len(t) == 5 else "0" + t


def _days(spec: str) -> list[str] | None:
    out: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        ends = [x.strip() for x in re.split(r"[-–]", part)]
        if any(e not in WEEKDAYS for e in ends) or len(ends) > 2:
            return None
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        if last < first:
            return None
        out += WEEKDAYS[first:last + 1]
    return out


def _intervals(text: str) -> list[dict[str, str]] | None:
    items = []
    for part in (p.strip() for p in text.split(",")):
        match = _INTERVAL.match(part)
        if not match:
            return None
        item = {"open": _pad(match[1]), "close": _pad(match[2])}
        if match[3]:
            item["last_admission"] = _pad(match[3])
        items.append(item)
    return items


def parse_seasons(text: str, errors: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for line in filter(None, (x.strip() for x in text.splitlines())):
        match = _SEASON.match(line)
        weekly: dict[str, list[dict[str, str]]] = {}
        groups = [g.strip() for g in match["days"].split(";") if g.strip()] if match else []
        for group in groups:
            parts = _GROUP.match(group.lower())
            days = _days(parts["days"]) if parts else None
            intervals = _intervals(parts["intervals"]) if parts else None
            if days is None or intervals is None:
                weekly = {}
                break
            for day in days:
                weekly[day] = intervals
        if match is None or not weekly:
            errors["seasons"] = f"{HOW}; could not read {line!r}."
            break
        season: dict[str, Any] = {"start": match["start"], "end": match["end"],
                                  "weekly": {d: weekly[d] for d in WEEKDAYS if d in weekly}}
        if match["name"]:
            season["name"] = match["name"].strip()
        out.append(season)
    return out


def _interval_text(item: dict[str, str]) -> str:
    text = f"{item['open']}-{item['close']}"
    return text + (f" last {item['last_admission']}" if item.get("last_admission") else "")


def seasons_text(seasons: list[dict[str, Any]]) -> str:
    """The form's text for the record's seasons: consecutive days with the same hours grouped."""
    lines = []
    for season in seasons:
        weekly = season.get("weekly", {})
        groups: list[str] = []
        day = 0
        while day < 7:
            items = weekly.get(WEEKDAYS[day], [])
            end = day
            while end + 1 < 7 and weekly.get(WEEKDAYS[end + 1], []) == items:
                end += 1
            if items:
                label = WEEKDAYS[day] if end == day else f"{WEEKDAYS[day]}-{WEEKDAYS[end]}"
                groups.append(f"{label} {', '.join(_interval_text(i) for i in items)}")
            day = end + 1
        name = f"{season['name']} " if season.get("name") else ""
        lines.append(f"{name}{season['start']}..{season['end']}: {'; '.join(groups)}")
    return "\n".join(lines)
