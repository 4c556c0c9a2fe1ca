"""Opening hours in the seed's shape -> OpeningHours: weekly intervals, last admission, seasons, slots.

Seasons (date ranges every year, MM-DD, possibly running past 31 December) replace the weekly hours
on the days they cover; two seasons may not cover the same day, so which hours hold on a day is never
a matter of order.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import Any

from ..messages import Msg as _l
from ..planning.model import WEEKDAYS, Interval, MonthlyClosure, OpeningHours, SeasonalHours, TourSlots, texts
from .validate_base import Checks, _jp

Week = tuple[tuple[Interval, ...], ...]


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _days(season: SeasonalHours) -> set[tuple[int, int]]:
    """The (month, day) pairs a season covers, in a year without 29 February."""
    day, out = date(2001, 1, 1), set()
    while day.year == 2001:
        if season.covers(day):
            out.add((day.month, day.day))
        day += timedelta(days=1)
    return out


class HoursChecks(Checks):
    def hours(self, path: str, raw: Mapping[str, Any]) -> OpeningHours | None:
        before = len(self.problems)
        weekly = self.week(_jp(path, "weekly"), raw["weekly"])
        if not any(weekly) and len(self.problems) == before:
            self.add(_jp(path, "weekly"), _l("no opening hours on any day; by-appointment sites get the default "
                                             "bookable window mon-fri 10:00-17:00"))
        seasons = self.seasons(path, raw.get("seasons", ()))
        slots = raw.get("slots")
        monthly = tuple(MonthlyClosure(weekday=WEEKDAYS.index(m["weekday"]), week=m["week"], reason=m["reason"],
                                       reason_i18n=texts(m.get("reason_i18n")))
                        for m in raw.get("monthly_closures", ()))
        weeks = [weekly, *(s.weekly for s in seasons)]
        if slots and any(any(w) for w in weeks):
            longest = max((_minutes(i.end) - _minutes(i.start)) for w in weeks for day in w for i in day)
            if slots["duration_minutes"] > longest:
                self.add(_jp(path, "slots", "duration_minutes"),
                         _l("a {minutes}-minute tour does not fit in any opening interval",
                            minutes=slots["duration_minutes"]))
        if len(self.problems) > before:
            return None
        return OpeningHours(
            weekly=weekly, by_appointment=raw.get("by_appointment", False), monthly_closures=monthly,
            slots=TourSlots(slots["every_minutes"], slots["capacity"], slots["duration_minutes"]) if slots else None,
            notes=raw.get("notes", ""), placeholder=raw.get("placeholder", False), seasons=seasons,
        )

    def week(self, path: str, raw: Mapping[str, Any]) -> Week:
        weekly: list[tuple[Interval, ...]] = []
        for day in WEEKDAYS:
            intervals: list[Interval] = []
            for j, item in enumerate(raw.get(day, ())):
                ipath = _jp(path, day, j)
                interval = self.interval(ipath, item)
                if interval is None:
                    continue
                if intervals and interval.start < intervals[-1].end:
                    self.add(ipath, _l("{opens}-{closes} overlaps or precedes the interval before it (list a "
                                       "day's intervals in order, without overlap)",
                                       opens=f"{interval.start:%H:%M}", closes=f"{interval.end:%H:%M}"))
                intervals.append(interval)
            weekly.append(tuple(intervals))
        return tuple(weekly)

    def seasons(self, path: str, items: Any) -> tuple[SeasonalHours, ...]:
        out: list[tuple[str, SeasonalHours]] = []
        for j, raw in enumerate(items):
            spath = _jp(path, "seasons", j)
            before = len(self.problems)
            start = self.month_day(_jp(spath, "start"), raw["start"])
            end = self.month_day(_jp(spath, "end"), raw["end"])
            weekly = self.week(_jp(spath, "weekly"), raw["weekly"])
            if not any(weekly) and len(self.problems) == before:
                self.add(_jp(spath, "weekly"), _l("a season needs opening hours on at least one day "
                                                  "(a site closed for a season is a yearly closure)"))
            if start is None or end is None or len(self.problems) > before:
                continue
            season = SeasonalHours(start[0], start[1], end[0], end[1], weekly, name=raw.get("name", ""))
            for other_path, other in out:
                if _days(season) & _days(other):
                    self.add(_jp(spath, "start"), _l("{start}..{end} overlaps the season at {other}: a day has one "
                                                     "set of hours", start=raw["start"], end=raw["end"],
                                                     other=other_path))
                    break
            else:
                out.append((spath, season))
        return tuple(season for _, season in out)

    def interval(self, path: str, item: Any) -> Interval | None:
        if isinstance(item, list):
            opens, closes, last = item[0], item[1], None
            opath, cpath, lpath = _jp(path, 0), _jp(path, 1), path
        else:
            opens, closes, last = item["open"], item["close"], item.get("last_admission")
            opath, cpath, lpath = _jp(path, "open"), _jp(path, "close"), _jp(path, "last_admission")
        start, end = self.time(opath, opens), self.time(cpath, closes)
        admission = self.time(lpath, last) if last is not None else None
        if start is None or end is None or (last is not None and admission is None):
            return None
        if end <= start:
            self.add(cpath, _l("closes at {closes} but opens at {opens}: an interval must end after it starts "
                               "(intervals past midnight are not supported)", closes=closes, opens=opens))
            return None
        if admission is not None and not start <= admission <= end:
            self.add(lpath, _l("last admission {last} is outside {opens}-{closes}", last=last, opens=opens,
                                  closes=closes))
            return None
        return Interval(start=start, end=end, last_admission=admission)
