"""Road travel inside a region: geodesic distance x road factor at an average speed.

Distances come from geopy's geodesic (pure, no network). Times are rounded up to 5 minutes so the
schedule reads like one a person would write, and never fall under the model's minimum for a real move.
Places in different regions have no road between them: that is a transfer (days.py), not travel.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from geopy.distance import geodesic

from .model import TravelModel

ROUNDING_MINUTES = 5


@dataclass(frozen=True)
class Place:
    """Somewhere the traveller is: a site, a region's lodging or a launch viewing point."""

    id: str
    region: str
    lat: float
    lon: float
    name: str


@lru_cache(maxsize=4096)
def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Cached: the same catalogue pairs recur on every plan."""
    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def road_km(a: Place, b: Place, model: TravelModel) -> float:
    if (a.lat, a.lon) == (b.lat, b.lon):
        return 0.0
    return geodesic_km(a.lat, a.lon, b.lat, b.lon) * model.road_factor


def road_minutes(km: float, model: TravelModel) -> int:
    """Whole minutes, rounded up to 5; 0 only when there is no distance at all."""
    if km <= 0:
        return 0
    raw = max(float(model.minimum_minutes), km / model.speed_kmh * 60.0)
    return int(math.ceil(raw / ROUNDING_MINUTES - 1e-9) * ROUNDING_MINUTES)


Point = tuple[float, float]
# Geodesic km by (point, point). Keyed by coordinates, not place ids: a request may put a place id at
# other coordinates (the traveller's hotel is still "lodging:<region>"; own items' places), and the memo
# is shared by every plan over one catalogue.
KmMemo = dict[tuple[Point, Point], float]


def remembered_km(a: Place, b: Place, memo: KmMemo) -> float:
    """Geodesic km through `memo`: one geodesic per unordered pair (the distance is symmetric)."""
    pa, pb = (a.lat, a.lon), (b.lat, b.lon)
    if a.id == b.id or pa == pb:
        return 0.0
    found = memo.get((pa, pb))
    if found is None:
        found = memo[pa, pb] = memo[pb, pa] = geodesic_km(a.lat, a.lon, b.lat, b.lon)
    return found


class TravelTable:
    """Road distance and time between every pair of places of the same region, computed once per plan.

    `memo` (travel_cache.memo_for(catalogue)) keeps the geodesics between plans over the same catalogue:
    they are most of the cost of a table and never change while the catalogue does not.
    """

    def __init__(self, places: Iterable[Place], models: Mapping[str, TravelModel], memo: KmMemo | None = None
                 ) -> None:
        self.places: dict[str, Place] = {p.id: p for p in places}
        known: KmMemo = memo if memo is not None else {}
        self._km: dict[tuple[str, str], float] = {}
        self._minutes: dict[tuple[str, str], int] = {}
        self._diameter: dict[str, int] = {}
        by_region: dict[str, list[Place]] = {}
        for place in self.places.values():
            by_region.setdefault(place.region, []).append(place)
        for region, members in by_region.items():
            model = models[region]
            for a in members:
                for b in members:
                    km = remembered_km(a, b, known) * model.road_factor
                    self._km[a.id, b.id] = km
                    self._minutes[a.id, b.id] = road_minutes(km, model)
            self._diameter[region] = max(self._minutes[a.id, b.id] for a in members for b in members)

    def km(self, a: str, b: str) -> float | None:
        """Road kilometres, or None when a and b are in different regions."""
        return self._km.get((a, b))

    def minutes(self, a: str, b: str) -> float:
        """Road minutes, or infinity when a and b are in different regions."""
        return float(self._minutes.get((a, b), math.inf))

    def diameter(self, region: str) -> float:
        """The longest way between two places of the region: a safe bound when the origin is unknown."""
        return float(self._diameter[region])
