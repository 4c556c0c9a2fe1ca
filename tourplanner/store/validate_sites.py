"""Regions, sites and transfers in the seed's shape -> domain records (hours: validate_hours.py).

A site's zone must be its region's, and it must lie near the region (swapped lat/lon are caught);
every region must be reachable by transfers from the home region and back.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from ..messages import Msg as _l
from ..planning.model import Closure, Region, Site, Transfer, texts
from .validate_base import _jp
from .validate_hours import HoursChecks
from .validate_yearly import yearly_closures

#: A site further than this from its region's sleeping point is probably mistyped (swapped lat/lon).
MAX_KM_FROM_REGION = 250.0


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


class SiteChecks(HoursChecks):
    def region(self, path: str, raw: Mapping[str, Any]) -> Region | None:
        ok = self.timezone(_jp(path, "timezone"), raw["timezone"])
        travel = raw.get("travel", {})
        if not ok:
            return None
        return Region(id=raw["id"], name=raw["name"], timezone=raw["timezone"], lat=float(raw["lat"]),
                      lon=float(raw["lon"]), lodging=raw.get("lodging", ""),
                      road_factor=travel.get("road_factor"), speed_kmh=travel.get("speed_kmh"),
                      notes=raw.get("notes", ""), sources=self.sources(raw.get("sources", ())),
                      gateway=bool(raw.get("gateway", False)))

    def site(self, path: str, raw: Mapping[str, Any], regions: Mapping[str, Mapping[str, Any]]) -> Site | None:
        before = len(self.problems)
        tz_ok = self.timezone(_jp(path, "timezone"), raw["timezone"])
        region = regions.get(raw["region"])
        if region is None:
            self.add(_jp(path, "region"), _l("unknown region {region!r} (known: {known})", region=raw["region"],
                                                    known=", ".join(sorted(regions))))
        else:
            if tz_ok and isinstance(region.get("timezone"), str) and raw["timezone"] != region["timezone"]:
                self.add(_jp(path, "timezone"),
                         _l("{zone!r} differs from the zone of its region {region!r} ({region_zone!r})",
                            zone=raw["timezone"], region=raw["region"], region_zone=region["timezone"]))
            if isinstance(region.get("lat"), (int, float)) and isinstance(region.get("lon"), (int, float)):
                km = _haversine_km(raw["lat"], raw["lon"], region["lat"], region["lon"])
                if km > MAX_KM_FROM_REGION:
                    self.add(path, _l("lat/lon ({lat}, {lon}) is {km:.0f} km from the centre of region {region!r}: "
                                      "wrong coordinates (swapped lat and lon?) or region",
                                      lat=raw["lat"], lon=raw["lon"], km=km, region=raw["region"]))
        hours = self.hours(_jp(path, "hours"), raw["hours"])
        closures = []
        for j, c in enumerate(raw.get("closures", ())):
            cpath = _jp(path, "closures", j)
            start, end = self.date(_jp(cpath, "start"), c["start"]), self.date(_jp(cpath, "end"), c["end"])
            if start and end:
                if end < start:
                    self.add(_jp(cpath, "end"), _l("closure ends ({end}) before it starts ({start})", end=end,
                                                   start=start))
                closures.append(Closure(start=start, end=end, reason=c["reason"],
                                        reason_i18n=texts(c.get("reason_i18n"))))
        yearly = yearly_closures(raw.get("yearly_closures", ()), path, self.add, self.sources)
        if len(self.problems) > before or hours is None:
            return None
        return Site(
            id=raw["id"], name=raw["name"], name_ru=raw["name_ru"], kind=raw["kind"], region=raw["region"],
            country=raw["country"], lat=float(raw["lat"]), lon=float(raw["lon"]), timezone=raw["timezone"],
            visit_minutes=raw["visit_minutes"], description=raw.get("description", ""),
            address=raw.get("address", ""), hours=hours, closures=tuple(closures),
            sources=self.sources(raw["sources"]),
            coordinates_confidence=raw.get("coordinates_confidence", "M"),
            what_to_bring=raw.get("what_to_bring", ""), notes=raw.get("notes", ""),
            name_kk=raw.get("name_kk", ""), retired=raw.get("retired", False), ll2_pad_id=raw.get("ll2_pad_id"),
            yearly_closures=yearly, point=raw.get("point", ""), description_i18n=texts(raw.get("description_i18n")),
        )

    def transfer(self, path: str, raw: Mapping[str, Any], regions: Mapping[str, Any]) -> Transfer | None:
        before = len(self.problems)
        for end in ("origin", "destination"):
            if raw[end] not in regions:
                self.add(_jp(path, end), _l("transfer {end} is an unknown region {region!r}", end=end, region=raw[end]))
        if raw["origin"] == raw["destination"]:
            self.add(_jp(path, "destination"), _l("a transfer must lead to another region"))
        earliest = self.time(_jp(path, "depart_earliest"), raw["depart_earliest"])
        latest = self.time(_jp(path, "depart_latest"), raw["depart_latest"])
        if earliest and latest and latest < earliest:
            self.add(_jp(path, "depart_latest"), _l("departure window ends ({latest}) before it starts ({earliest})",
                                                    latest=f"{latest:%H:%M}", earliest=f"{earliest:%H:%M}"))
        if len(self.problems) > before or earliest is None or latest is None:
            return None
        return Transfer(id=raw["id"], origin=raw["origin"], destination=raw["destination"], mode=raw["mode"],
                        duration_minutes=raw["duration_minutes"], depart_earliest=earliest, depart_latest=latest,
                        description=raw.get("description", ""), sources=self.sources(raw["sources"]))

    def connected(self, data: Mapping[str, Any], regions: Mapping[str, Any]) -> None:
        """Every region must be reachable from the first (home) region and back."""
        if not regions or self.tainted("transfers"):
            return
        edges = [(t["origin"], t["destination"]) for t in data.get("transfers", ())
                 if isinstance(t, Mapping) and t.get("origin") in regions and t.get("destination") in regions]
        home = next(iter(regions))

        def reach(step: Callable[[tuple[str, str]], tuple[str, str]]) -> set[str]:
            seen, todo = {home}, [home]
            while todo:
                here = todo.pop()
                for a, b in map(step, edges):
                    if a == here and b not in seen:
                        seen.add(b)
                        todo.append(b)
            return seen

        there, back = reach(lambda e: e), reach(lambda e: (e[1], e[0]))
        for name in regions:
            if name not in there:
                self.add("$.transfers", _l("no transfer (or chain of transfers) leads from {home!r} to region {name!r}",
                                                  home=home, name=name))
            if name not in back:
                self.add("$.transfers", _l("no transfer (or chain of transfers) leads back from region {name!r} to "
                                                  "{home!r}", home=home, name=name))
