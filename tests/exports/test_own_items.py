"""The traveller's own items and chosen hotel reach the map and the calendar (issue 11)."""
from __future__ import annotations

import sys
from pathlib import Path

from tourplanner.exports.ical import itinerary_entries
from tourplanner.exports.maps import itinerary_map
from tourplanner.planning.planner import plan
from tourplanner.resources import SEED_FILE
from tourplanner.store.seed import parse_seed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planning"))
from ms30_trip import read, trip  # noqa: E402


def test_own_items_and_the_hotel_are_on_the_map_and_in_the_calendar() -> None:
    catalogue = parse_seed(SEED_FILE)
    data = trip()
    data["notes"] = {"own:dinner-with-anna": "Table <4> & more"}
    itinerary = plan(read(data, catalogue), catalogue)
    html = itinerary_map(itinerary, catalogue, tiles=None).get_root().render()
    assert "Dinner with Anna" in html and "Your own item" in html
    assert "[45.62, 63.31]" in html  # the bed marker at the chosen hotel in Baikonur
    entries = {e.key: e for e in itinerary_entries(itinerary, catalogue)}
    dinner = entries["own:dinner-with-anna"]
    assert dinner.summary == "Dinner with Anna" and dinner.geo == (55.7637, 37.605)
    assert dinner.description.startswith("Table <4> & more")
    assert entries["transfer:moscow-baikonur:1"].summary == "Charter KD-101"
