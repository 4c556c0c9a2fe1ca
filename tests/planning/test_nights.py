"""Items after midnight belong to the night they are part of: said plainly, on both day cards."""
from __future__ import annotations

from datetime import date

from ms30_trip import read, slipped, trip

from tourplanner.planning.model import Catalogue
from tourplanner.planning.nights import from_the_night_before, night_items
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_from_json, itinerary_to_json


def test_a_05_00_lift_off_is_the_night_of_28_february_to_1_march(seed: Catalogue) -> None:
    itinerary = plan(read(trip(), seed), seed)
    launch = next(i for i in itinerary.items() if i.type == "launch")
    assert launch.start.isoformat() == "2027-03-01T05:00:00+05:00"  # the contract's start: unchanged
    sunday = next(d for d in itinerary.days if launch in d.items)
    assert sunday.date == date(2027, 2, 28)  # listed under the evening's day
    night = night_items(itinerary)[launch.key]
    assert night.text == "night of 28 February to 1 March, lift-off 05:00 Monday"
    monday = next(d for d in itinerary.days if d.date == date(2027, 3, 1))
    assert [n.key for n in from_the_night_before(itinerary, monday)] == [launch.key]


def test_the_json_carries_the_night_on_both_days(seed: Catalogue) -> None:
    itinerary = plan(read(trip(), seed), seed)
    data = itinerary_to_json(itinerary)
    days = {d["date"]: d for d in data["days"]}
    launch = next(i for i in days["2027-02-28"]["items"] if i["type"] == "launch")
    assert launch["night"] == {"of": "2027-02-28", "text": "night of 28 February to 1 March, lift-off 05:00 Monday"}
    assert launch["start"] == "2027-03-01T05:00:00+05:00"
    assert [n["key"] for n in days["2027-03-01"]["night_before"]] == ["launch:soyuz-ms-30"]
    assert days["2027-03-01"]["night_before"][0]["listed_under"] == "2027-02-28"
    assert "night" not in days["2027-02-22"]["items"][0] and "night_before" not in days["2027-02-23"]
    assert itinerary_from_json(data) == itinerary  # derived words, nothing to read back


def test_a_night_launch_outside_the_trip_says_which_night(seed: Catalogue) -> None:
    itinerary = plan(read(trip(), seed), slipped(seed, 17))
    reason = next(u.reasons[0].message for u in itinerary.unscheduled if u.kind == "launch")
    assert "in the night of 17 to 18 March 2027 is outside the trip" in reason
