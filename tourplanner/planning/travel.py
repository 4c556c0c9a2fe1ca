"""Road travel inside a region: geodesic distance x road factor at an average speed.

Distances come from geopy's geodesic (pure, no network). Times are rounded up to 5 minutes so the
schedule reads like one a person would write, and never fall under the model's minimum for a real move.
Places in different regions have no road between them: that is a transfer (days.py), not travel.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


Road = tuple[float, int]  # road km, road minutes
RoadMemo = dict[tuple[Point, Point], Road]  # under one travel model, by coordinates as KmMemo


@dataclass
class TravelMemo:
    """What road tables keep between plans over one catalogue (travel_cache.memo_for(catalogue)): the
    geodesics, and the road km and minutes made of them per travel model. Both never change while the
    catalogue does not, and are most of the cost of a table."""

    km: KmMemo = field(default_factory=dict)
    roads: dict[TravelModel, RoadMemo] = field(default_factory=dict)

    def road(self, a: Place, b: Place, model: TravelModel) -> Road:
        """Road km and minutes from a to b: the same numbers road_km/road_minutes give, remembered."""
        roads = self.roads.setdefault(model, {})
        key = ((a.lat, a.lon), (b.lat, b.lon))
        found = roads.get(key)
        if found is None:
            km = remembered_km(a, b, self.km) * model.road_factor
            found = roads[key] = (km, road_minutes(km, model))
        return found


class TravelTable:
    """Road distance and time between every pair of places of the same region, computed once per plan.

    `memo` keeps the roads between plans over the same catalogue (TravelMemo).
    """

    def __init__(self, places: Iterable[Place], models: Mapping[str, TravelModel], memo: TravelMemo | None = None
                 ) -> None:
        self.places: dict[str, Place] = {p.id: p for p in places}
        known = memo if memo is not None else TravelMemo()
        self._km: dict[tuple[str, str], float] = {}
        self._minutes: dict[tuple[str, str], int] = {}
        self._diameter: dict[str, int] = {}
        by_region: dict[str, list[Place]] = {}
        for place in self.places.values():
            by_region.setdefault(place.region, []).append(place)
        for region, members in by_region.items():
            model = models[region]
            roads = known.roads.setdefault(model, {})
            diameter = 0
            for a in members:
                pa = (a.lat, a.lon)
                for b in members:
                    # a place id is one point here, so by coordinates is the same as by id (remembered_km)
                    km, minutes = roads.get((pa, (b.lat, b.lon))) or known.road(a, b, model)
                    self._km[a.id, b.id] = km
                    self._minutes[a.id, b.id] = minutes
                    diameter = max(diameter, minutes)
            self._diameter[region] = diameter

    def km(self, a: str, b: str) -> float | None:
        """Road kilometres, or None when a and b are in different regions."""
        return self._km.get((a, b))

    def minutes(self, a: str, b: str) -> float:
        """Road minutes, or infinity when a and b are in different regions."""
        return float(self._minutes.get((a, b), math.inf))

    def diameter(self, region: str) -> float:
        """The longest way between two places of the region: a safe bound when the origin is unknown."""
        return float(self._diameter[region])
