"""Honest failures: the title names what is really planned, the headline what cannot happen and why."""
from __future__ import annotations

from ms30_trip import read, slipped, trip
from planning_helpers import BAIKONUR_SITES, request

from tourplanner.planning.model import Catalogue
from tourplanner.planning.planner import plan
from tourplanner.planning.summary import summarize, summary_to_json, trip_title

# Booked on 1 July for 21-27 July 2017 with the Soyuz MS-05 launch and Gagarin's Start as a must-see:
# the Baikonur permit (55 days for a French citizen) cannot be ready.
TOO_LATE = request("2017-07-21", "2017-07-27", ("museum-of-cosmonautics", *BAIKONUR_SITES),
                   must_see=("baikonur-gagarins-start",), launch="soyuz-ms-05", booking="2017-07-01")


def test_a_trip_that_cannot_reach_baikonur_is_not_titled_baikonur(seed: Catalogue) -> None:
    itinerary = plan(TOO_LATE, seed)
    summary = summarize(itinerary, seed)
    assert summary.title == "Moscow" == trip_title(itinerary, seed)
    assert not summary.launch_planned
    assert summary.headline[0].startswith("The Soyuz MS-05 launch is not in this plan (nor the roll-out).")
    assert "55 days" in summary.headline[0]
    assert any("must-see" in line for line in summary.headline)
    assert summary.booking.startswith("Nothing in this plan needs booking ahead")
    assert summary.missing == len(itinerary.unscheduled) and summary.missing >= 6


def test_a_working_trip_names_both_regions(seed: Catalogue) -> None:
    itinerary = plan(read(trip(), seed), seed)
    summary = summarize(itinerary, seed)
    assert summary.title == "Moscow & Baikonur" and summary.launch_planned
    assert summary.headline == ()
    assert "to book ahead" in summary.booking
    assert summary_to_json(summary)["title"] == "Moscow & Baikonur"


def test_after_a_slip_the_headline_says_what_moved_first(seed: Catalogue) -> None:
    before = plan(read(trip(), seed), seed)
    after = plan(read(trip(), seed), slipped(seed, 17), previous=before)
    lines = summarize(after, seed).headline
    assert "moved from 1 March 2027 05:00 to 18 March 2027" in lines[0]
    assert lines[1].startswith("The Soyuz MS-30 launch is not in this plan")
