"""A launch anchors the Baikonur days: roll-out and launch viewing, the nights around them."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from planning_helpers import reasons, request, visits

from tourplanner.planning.events import launch_events
from tourplanner.planning.model import Catalogue, Itinerary
from tourplanner.planning.planner import plan
from tourplanner.planning.tz import zone


def day_of(itinerary: Itinerary, key: str) -> date:
    return next(d.date for d in itinerary.days for i in d.items if i.key == key)


def item_before(itinerary: Itinerary, key: str) -> str:
    for day in itinerary.days:
        keys = [i.key for i in day.items]
        if key in keys:
            return keys[keys.index(key) - 1]
    raise AssertionError(key)


def test_night_launch_progress_ms_34(seed: Catalogue) -> None:
    # Lift-off 2026-04-25 22:22 UTC = 03:22 on 26 April in Baikonur (UTC+5 since 2018).
    itinerary = plan(request("2026-04-20", "2026-04-28", ["baikonur-site-31", "baikonur-museum"],
                             booking="2026-01-10", launch="progress-ms-34"), seed)
    items = {i.key: i for i in itinerary.items()}
    launch = items["launch:progress-ms-34"]
    assert launch.start.isoformat() == "2026-04-26T03:22:00+05:00"
    assert launch.site == "baikonur-site-31" and launch.launch == "progress-ms-34"
    assert day_of(itinerary, "launch:progress-ms-34") == date(2026, 4, 25)  # the night's outing
    rollout = items["rollout:progress-ms-34"]
    assert rollout.start.isoformat() == "2026-04-23T07:00:00+05:00"  # uncrewed rule: 3 days before the local date
    # Getting there is a travel item right before each event, arriving in time.
    for key in ("launch:progress-ms-34", "rollout:progress-ms-34"):
        before = items[item_before(itinerary, key)]
        assert before.type == "travel" and before.destination == "baikonur-site-31"
        assert before.end <= items[key].start - timedelta(minutes=30)
    # The day after the night is for the return: no visits, a leg back after some sleep.
    april_26 = next(d for d in itinerary.days if d.date == date(2026, 4, 26))
    assert next(i.type for i in april_26.items if i.type != "lunch") == "transfer"
    assert not any(i.type == "visit" for i in april_26.items)
    back = next(i for i in april_26.items if i.type == "transfer")
    assert back.key == "transfer:baikonur-moscow:1"
    assert back.start.utcoffset() == timedelta(hours=5) and back.end.utcoffset() == timedelta(hours=3)
    assert back.start >= launch.end + timedelta(hours=6)
    assert {"baikonur-site-31", "baikonur-museum"} <= set(visits(itinerary))


def test_evening_launch_soyuz_ms_05_stays_the_night(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-21", "2017-07-29", ["baikonur-gagarins-start"], booking="2017-01-01",
                             launch="soyuz-ms-05"), seed)
    items = {i.key: i for i in itinerary.items()}
    assert items["rollout:soyuz-ms-05"].start.isoformat() == "2017-07-26T07:00:00+06:00"
    assert items["launch:soyuz-ms-05"].start.isoformat() == "2017-07-28T21:41:00+06:00"  # +06:00 in 2017
    legs = [(d.date.isoformat(), i.key) for d in itinerary.days for i in d.items if i.type == "transfer"]
    assert legs == [("2017-07-25", "transfer:moscow-baikonur:1"), ("2017-07-29", "transfer:baikonur-moscow:1")]
    july_28 = next(d for d in itinerary.days if d.date == date(2017, 7, 28))
    assert july_28.region == "baikonur"  # the launch night is spent in Baikonur
    assert any("Lift-off 28 July 2017 21:41 local (15:41 UTC)" in n for n in items["launch:soyuz-ms-05"].notes)


def test_event_times_from_the_launch_record(seed: Catalogue) -> None:
    launch = seed.launch("progress-ms-34")
    pad = seed.site(launch.pad)
    events = launch_events(launch, pad, zone(pad.timezone))
    assert events.liftoff == datetime(2026, 4, 26, 3, 22, tzinfo=zone("Asia/Qyzylorda"))
    assert events.night == date(2026, 4, 25) and events.return_day == date(2026, 4, 26)
    evening = launch_events(seed.launch("soyuz-ms-05"), seed.site("baikonur-gagarins-start"),
                            zone("Asia/Qyzylorda"))
    assert evening.night == date(2017, 7, 28) and evening.return_day == date(2017, 7, 29)


def test_launch_outside_the_trip(seed: Catalogue) -> None:
    itinerary = plan(request("2017-06-01", "2017-06-05", ["museum-of-cosmonautics"], launch="soyuz-ms-05"), seed)
    assert reasons(itinerary, "baikonur-gagarins-start", "launch") == ["outside_trip"]
    assert reasons(itinerary, "baikonur-gagarins-start", "rollout") == ["outside_trip"]
    assert {d.region for d in itinerary.days} == {"moscow"}
    assert "museum-of-cosmonautics" in visits(itinerary)


def test_rollout_before_the_trip_still_shows_the_launch(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-27", "2017-07-29", [], launch="soyuz-ms-05"), seed)
    assert any(i.key == "launch:soyuz-ms-05" for i in itinerary.items())
    assert reasons(itinerary, "baikonur-gagarins-start", "rollout") == ["outside_trip"]


def test_an_uncertain_launch_is_planned_with_a_warning(seed: Catalogue) -> None:
    itinerary = plan(request("2027-02-24", "2027-03-04", [], booking="2026-11-01", launch="soyuz-ms-30"), seed)
    assert any(i.type == "launch" for i in itinerary.items())
    [warning] = [w for w in itinerary.warnings if w.code == "launch_uncertain"]
    assert "TBD" in warning.message and "month" in warning.message


def test_an_unknown_launch_is_a_warning_not_a_crash(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-21", "2017-07-22", ["vdnkh"], launch="no-such-launch"), seed)
    assert [w.code for w in itinerary.warnings] == ["unknown_launch"]
    assert "vdnkh" in visits(itinerary)


def test_a_trip_that_ends_with_the_launch_warns_about_the_way_back(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-24", "2017-07-28", ["baikonur-museum"], launch="soyuz-ms-05"), seed)
    assert any(i.key == "launch:soyuz-ms-05" for i in itinerary.items())
    assert itinerary.days[-1].region == "baikonur"
    assert [w.code for w in itinerary.warnings] == ["no_return"]
    assert not any(i.key.startswith("transfer:baikonur-moscow") for i in itinerary.items())
