"""Road travel inside a region: geodesic distance x road factor at the region's speed."""
from __future__ import annotations

import math
from datetime import date

import pytest
from planning_helpers import request

from tourplanner.planning.model import Catalogue, TravelModel
from tourplanner.planning.planner import plan
from tourplanner.planning.travel import Place, TravelTable, geodesic_km, road_minutes

CENTRE = Place("lodging:moscow", "moscow", 55.7558, 37.6176, "Hotel")
STAR_CITY = Place("star-city", "moscow", 55.8806, 38.1105, "Star City")
PAD = Place("baikonur-site-31", "baikonur", 45.9961, 63.5639, "Site 31")


def test_geodesic_distance() -> None:
    assert geodesic_km(CENTRE.lat, CENTRE.lon, STAR_CITY.lat, STAR_CITY.lon) == pytest.approx(33.5, abs=1.0)
    assert geodesic_km(55.7558, 37.6176, 45.62, 63.31) == pytest.approx(2080, rel=0.03)  # Moscow-Baikonur


def test_minutes_from_road_factor_and_speed() -> None:
    model = TravelModel(road_factor=1.3, speed_kmh=35.0, minimum_minutes=10)
    table = TravelTable([CENTRE, STAR_CITY], {"moscow": model})
    km = table.km("lodging:moscow", "star-city")
    assert km == pytest.approx(geodesic_km(CENTRE.lat, CENTRE.lon, STAR_CITY.lat, STAR_CITY.lon) * 1.3)
    assert table.minutes("lodging:moscow", "star-city") == 80  # 44.0 km at 35 km/h = 75.4 min -> 80
    assert table.minutes("star-city", "star-city") == 0


def test_rounding_and_minimum() -> None:
    model = TravelModel(road_factor=1.0, speed_kmh=60.0, minimum_minutes=10)
    assert road_minutes(0.0, model) == 0
    assert road_minutes(0.5, model) == 10  # never under the minimum for a real move
    assert road_minutes(11.0, model) == 15  # 11 min, rounded up to 5


def test_no_road_between_regions() -> None:
    table = TravelTable([CENTRE, PAD], {"moscow": TravelModel(), "baikonur": TravelModel()})
    assert table.km("lodging:moscow", "baikonur-site-31") is None
    assert math.isinf(table.minutes("lodging:moscow", "baikonur-site-31"))


def test_travel_items_use_the_regions_model(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-24", "2017-07-24", ["star-city"]), seed)
    there = next(i for i in itinerary.items() if i.type == "travel")
    assert (there.origin, there.destination, there.mode) == ("moscow", "star-city", "road")
    assert there.distance_km == pytest.approx(44.0, abs=0.5)
    assert (there.end - there.start).total_seconds() == 80 * 60  # 44 km at Moscow's 35 km/h, rounded up


def test_an_empty_request_is_an_empty_plan(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-24", "2017-07-25", []), seed)
    assert [d.date for d in itinerary.days] == [date(2017, 7, 24), date(2017, 7, 25)]
    assert itinerary.items() == () and itinerary.unscheduled == ()


def test_an_empty_date_range_is_refused(seed: Catalogue) -> None:
    with pytest.raises(ValueError, match="before start_date"):
        plan(request("2017-07-25", "2017-07-24", ["vdnkh"]), seed)
