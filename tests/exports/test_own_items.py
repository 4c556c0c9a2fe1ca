"""The traveller's own items and chosen hotel reach the map and the calendar (issue 11)."""
from __future__ import annotations

from datetime import date

from tourplanner.exports.ical import itinerary_entries
from tourplanner.exports.maps import itinerary_map
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import parse_request
from tourplanner.resources import SEED_FILE
from tourplanner.store.seed import parse_seed

TRIP = {
    "start_date": "2027-02-21", "end_date": "2027-03-02", "sites": ["museum-of-cosmonautics"],
    "launch": "soyuz-ms-30", "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-30",
    "fixed": [{"type": "transfer", "title": "Charter KD-101", "from": "moscow", "to": "baikonur",
               "start": "2027-02-24T08:00:00+03:00", "end": "2027-02-24T17:00:00+05:00"},
              {"type": "own", "title": "Dinner with Anna", "start": "2027-02-22T19:30:00+03:00",
               "end": "2027-02-22T21:30:00+03:00", "place": {"name": "Café Pushkin", "lat": 55.7637, "lon": 37.605}},
              {"type": "lodging", "region": "baikonur", "title": "Hotel Sputnik",
               "place": {"name": "Sputnik", "lat": 45.62, "lon": 63.31}}],
    "notes": {"own:dinner-with-anna": "Table <4> & more"},
}


def test_own_items_and_the_hotel_are_on_the_map_and_in_the_calendar() -> None:
    catalogue = parse_seed(SEED_FILE)
    itinerary = plan(parse_request(TRIP, today=date(2026, 11, 30), catalogue=catalogue), catalogue)
    html = itinerary_map(itinerary, catalogue, tiles=None).get_root().render()
    assert "Dinner with Anna" in html and "Your own item" in html
    assert "[45.62, 63.31]" in html  # the bed marker at the chosen hotel in Baikonur
    entries = {e.key: e for e in itinerary_entries(itinerary, catalogue)}
    dinner = entries["own:dinner-with-anna"]
    assert dinner.summary == "Dinner with Anna" and dinner.geo == (55.7637, 37.605)
    assert dinner.description.startswith("Table <4> & more")
    assert entries["transfer:moscow-baikonur:1"].summary == "Charter KD-101"
