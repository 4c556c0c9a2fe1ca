"""Which region each day belongs to, transfers across time zones, regions that cannot be reached."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from planning_helpers import reasons, request, visits

from tourplanner.planning.days import gateway
from tourplanner.planning.model import Catalogue
from tourplanner.planning.planner import plan


def test_the_gateway_is_moscow(seed: Catalogue) -> None:
    assert gateway(seed) == "moscow"  # the hub: transfers to five regions
    two = dataclasses.replace(seed, transfers=tuple(t for t in seed.transfers if "baikonur" in t.id))
    marked = dataclasses.replace(two, regions=tuple(
        dataclasses.replace(r, gateway=r.id == "moscow") for r in reversed(seed.regions)))
    assert gateway(marked) == "moscow"  # Moscow and Baikonur are equal hubs: the mark decides


def test_a_transfer_across_zones_carries_both_offsets(seed: Catalogue) -> None:
    itinerary = plan(request("2026-04-20", "2026-04-28", ["museum-of-cosmonautics", "baikonur-museum"],
                             booking="2026-01-10", launch="progress-ms-34"), seed)
    out = next(i for i in itinerary.items() if i.type == "transfer")
    assert out.key == "transfer:moscow-baikonur:1" and (out.origin, out.destination) == ("moscow", "baikonur")
    assert out.start.isoformat().endswith("+03:00") and out.end.isoformat().endswith("+05:00")
    assert out.end - out.start == timedelta(minutes=420)  # the charter, whatever the clocks say
    for day in itinerary.days:
        offset = "+05:00" if day.region == "baikonur" else "+03:00"
        for item in day.items:
            if item.type != "transfer":
                assert item.start.isoformat().endswith(offset), (day.date, item.key)
    # The day of the transfer has no visits.
    assert [i.type for i in next(d for d in itinerary.days if d.date == out.start.date()).items] == ["transfer"]


def test_baikonur_was_utc_plus_6_in_2017(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-21", "2017-07-29", ["baikonur-museum"], launch="soyuz-ms-05"), seed)
    museum = visits(itinerary)["baikonur-museum"]
    assert museum.start.utcoffset() == timedelta(hours=6)


def test_without_a_launch_the_far_stay_goes_late_and_the_trip_ends_at_the_gateway(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-17", "2017-07-25", ["museum-of-cosmonautics", "baikonur-museum"]), seed)
    regions = [d.region for d in itinerary.days]
    assert regions[0] == regions[-1] == "moscow"
    assert "baikonur" in regions and regions.index("baikonur") > 2  # as late as the return allows
    assert {"museum-of-cosmonautics", "baikonur-museum"} <= set(visits(itinerary))
    keys = [i.key for i in itinerary.items() if i.type == "transfer"]
    assert keys == ["transfer:moscow-baikonur:1", "transfer:baikonur-moscow:1"]


def test_a_region_without_transfers_is_unreachable(seed: Catalogue) -> None:
    no_samara = dataclasses.replace(seed, transfers=tuple(t for t in seed.transfers if "samara" not in t.id))
    itinerary = plan(request("2017-07-18", "2017-07-25", ["samara-cosmos-museum", "vdnkh"]), no_samara)
    assert reasons(itinerary, "samara-cosmos-museum") == ["unreachable"]
    assert "vdnkh" in visits(itinerary)
    assert "samara-cosmos-museum" in visits(plan(request("2017-07-18", "2017-07-25", ["samara-cosmos-museum"]),
                                                 seed))


def test_a_trip_too_short_for_the_journey(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-25", "2017-07-25", ["baikonur-museum"]), seed)
    assert reasons(itinerary, "baikonur-museum") == ["no_time"]
    assert [d.region for d in itinerary.days] == ["moscow"]


def test_a_transfer_that_takes_days(seed: Catalogue) -> None:
    by_train = dataclasses.replace(seed, transfers=tuple(t for t in seed.transfers if t.mode == "train"), regions=tuple(
        dataclasses.replace(r, gateway=r.id == "moscow") for r in seed.regions))
    itinerary = plan(request("2017-07-17", "2017-07-28", ["baikonur-museum"]), by_train)
    out = next(i for i in itinerary.items() if i.key == "transfer:moscow-baikonur:1")
    assert out.end - out.start == timedelta(hours=48)
    between = [d for d in itinerary.days if out.start.date() < d.date < out.end.date()]
    assert between and all(d.items == () for d in between)
    assert "baikonur-museum" in visits(itinerary)
    assert visits(itinerary)["baikonur-museum"].start.date() > out.end.date() - timedelta(days=1)


def test_days_cover_the_trip_once_each(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-21", "2017-07-29", ["vdnkh", "baikonur-museum"], launch="soyuz-ms-05"), seed)
    assert [d.date for d in itinerary.days] == [date(2017, 7, 21) + timedelta(days=i) for i in range(9)]
    assert {d.timezone for d in itinerary.days} == {"Europe/Moscow", "Asia/Qyzylorda"}
    assert all(d.lodging for d in itinerary.days)
