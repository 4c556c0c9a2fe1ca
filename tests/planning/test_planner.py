"""The day as a whole: must-see first, lunch, pace, travel between places, keys, determinism."""
from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from planning_helpers import MOSCOW_SITES, accounted_for, reasons, request, visits

from tourplanner.planning.model import Catalogue, Itinerary, Site
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_to_json

ALL_MOSCOW = (*MOSCOW_SITES, "rkk-energia-museum")


def clones(seed: Catalogue, n: int, minutes: int) -> tuple[Catalogue, list[str]]:
    """`n` short-visit copies of the Museum of Cosmonautics a few hundred metres apart."""
    museum = seed.site("museum-of-cosmonautics")
    sites = [dataclasses.replace(museum, id=f"clone-{i}", lat=museum.lat + i * 0.002, visit_minutes=minutes)
             for i in range(n)]
    return dataclasses.replace(seed, sites=(*seed.sites, *sites)), [s.id for s in sites]


def test_an_infeasible_must_see_is_still_an_itinerary(seed: Catalogue) -> None:
    # A single Monday: the Mausoleum is closed, the museum open.
    req = request("2017-07-24", "2017-07-24", ["kremlin-wall-necropolis", "star-city"],
                  must_see=("kremlin-wall-necropolis",))
    itinerary = plan(req, seed)
    assert reasons(itinerary, "kremlin-wall-necropolis") == ["closed"]
    assert [w.code for w in itinerary.warnings] == ["must_see_unscheduled"]
    assert "star-city" in visits(itinerary)
    assert accounted_for(itinerary, req)


def test_must_see_sites_are_placed_first(seed: Catalogue) -> None:
    catalogue, ids = clones(seed, 6, 60)
    # One day, six hour-long visits, four a day at most: two must wait. Each, as a must-see, gets in.
    free = plan(request("2017-07-25", "2017-07-25", ids), catalogue)
    dropped = [s for s in ids if s not in visits(free)]
    assert len(dropped) == 2 and all(reasons(free, s) == ["no_time"] for s in dropped)
    for site in dropped:
        itinerary = plan(request("2017-07-25", "2017-07-25", ids, must_see=(site,)), catalogue)
        assert site in visits(itinerary)


def test_lunch_between_noon_and_half_past_two(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-25", "2017-07-27", ALL_MOSCOW), seed)
    for day in itinerary.days:
        if not any(i.type == "visit" for i in day.items):
            continue
        [lunch] = [i for i in day.items if i.type == "lunch"]
        assert lunch.key == f"lunch:{day.date.isoformat()}"
        assert lunch.end - lunch.start == timedelta(minutes=45)
        assert lunch.start.time() >= time(12) and lunch.end.time() <= time(14, 30)


def test_at_most_four_visits_a_day(seed: Catalogue) -> None:
    catalogue, ids = clones(seed, 9, 20)
    itinerary = plan(request("2017-07-25", "2017-07-26", ids), catalogue)
    per_day = [sum(1 for i in d.items if i.type == "visit") for d in itinerary.days]
    assert per_day == [4, 4]
    assert sum(1 for s in ids if reasons(itinerary, s) == ["no_time"]) == 1


def _places(itinerary: Itinerary) -> None:
    """Each day leaves from and returns to the lodging, with a travel item between different places."""
    for day in itinerary.days:
        here = day.region
        for item in day.items:
            if item.type == "transfer":
                here = item.destination or here
            elif item.type == "travel":
                assert item.origin == here and item.mode == "road" and item.distance_km is not None
                assert item.distance_km > 0 and item.end > item.start
                here = item.destination or here
            elif item.type in ("visit", "rollout", "launch"):
                assert item.site == here, (day.date, item.key, here)
        assert here == day.region, (day.date, "ends away from the lodging")


def test_travel_items_join_consecutive_places_and_days_start_and_end_at_the_lodging(seed: Catalogue) -> None:
    _places(plan(request("2017-07-21", "2017-07-29", (*ALL_MOSCOW, "baikonur-gagarins-start", "baikonur-site-31"),
                         launch="soyuz-ms-05"), seed))
    _places(plan(request("2026-04-20", "2026-04-28", ["baikonur-site-31"], booking="2026-01-02",
                         launch="progress-ms-34"), seed))


def test_items_of_a_day_do_not_overlap(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-21", "2017-07-29", ALL_MOSCOW, launch="soyuz-ms-05"), seed)
    for day in itinerary.days:
        for a, b in zip(day.items, day.items[1:]):
            assert a.end <= b.start, (a.key, b.key)


def test_within_the_travellers_day(seed: Catalogue) -> None:
    req = request("2017-07-25", "2017-07-28", ALL_MOSCOW, day_start=time(10, 30), day_end=time(17, 0))
    for item in plan(req, seed).items():
        if item.type in ("visit", "lunch"):
            assert item.start.time() >= time(10, 30) and item.end.time() <= time(17, 0)


def test_every_requested_site_is_answered(seed: Catalogue) -> None:
    sites = [s.id for s in seed.sites] + ["atlantis"]
    req = request("2017-07-21", "2017-07-29", sites, launch="soyuz-ms-05", booking="2017-06-15")
    itinerary = plan(req, seed)
    assert accounted_for(itinerary, req)
    assert reasons(itinerary, "atlantis") == ["unknown_site"]
    assert all(u.reasons and all(r.code and r.message for r in u.reasons) for u in itinerary.unscheduled)


def test_the_same_request_gives_the_same_itinerary(seed: Catalogue) -> None:
    req = request("2017-07-21", "2017-07-29", [s.id for s in seed.sites], launch="soyuz-ms-05")
    first = itinerary_to_json(plan(req, seed))
    assert itinerary_to_json(plan(req, seed)) == first
    assert itinerary_to_json(plan(req, dataclasses.replace(seed))) == first
    # The database lists the catalogue in another order than the seed file: the plan must not care.
    shuffled = dataclasses.replace(
        seed, sites=seed.sites[::-1], regions=seed.regions[::-1], access_rules=seed.access_rules[::-1],
        transfers=seed.transfers[::-1], launches=seed.launches[::-1])
    assert itinerary_to_json(plan(req, shuffled)) == first


def test_item_keys_are_unique_and_stable_across_a_slip(seed: Catalogue) -> None:
    req = request("2017-07-21", "2017-07-31", [s.id for s in seed.sites if s.region in ("moscow", "baikonur")],
                  launch="soyuz-ms-05")
    before = plan(req, seed)
    keys = [i.key for i in before.items()]
    assert len(keys) == len(set(keys))
    launch = seed.launch("soyuz-ms-05")
    slipped = dataclasses.replace(launch, net=launch.net + timedelta(days=1))
    after = plan(req, dataclasses.replace(seed, launches=tuple(
        slipped if x.id == launch.id else x for x in seed.launches)))
    stable = {k for k in keys if k.split(":")[0] in ("visit", "launch", "rollout", "transfer")}
    moved = {i.key for i in after.items()}
    assert {"launch:soyuz-ms-05", "rollout:soyuz-ms-05"} <= stable & moved
    assert {k for k in stable if k.startswith("visit:")} == {k for k in moved if k.startswith("visit:")}
    new_launch = next(i for i in after.items() if i.key == "launch:soyuz-ms-05")
    assert new_launch.start.date() == date(2017, 7, 29)


def test_visits_carry_place_and_notes(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-25", "2017-07-25", ["kremlin-wall-necropolis"]), seed)
    visit = visits(itinerary)["kremlin-wall-necropolis"]
    site: Site = seed.site("kremlin-wall-necropolis")
    assert (visit.lat, visit.lon, visit.title) == (site.lat, site.lon, site.name)
    assert "No photography." in visit.notes


def test_a_slip_leaves_the_days_it_does_not_touch_as_they_were(seed: Catalogue) -> None:
    # Soyuz MS-30 moves two days later: the Moscow day before the Baikonur stay keeps its plan exactly.
    req = request("2027-02-22", "2027-03-08", ["museum-of-cosmonautics", "vdnkh", "baikonur-site-31",
                                              "baikonur-museum"], nationality="RU", booking="2026-11-21",
                  launch="soyuz-ms-30")
    launch = seed.launch("soyuz-ms-30")
    slipped = dataclasses.replace(seed, launches=tuple(
        dataclasses.replace(x, net=x.net + timedelta(days=2)) if x.id == launch.id else x for x in seed.launches))
    before, after = plan(req, seed), plan(req, slipped)
    day = date(2027, 2, 23)
    assert [d.items for d in before.days if d.date == day] == [d.items for d in after.days if d.date == day]
    assert {"museum-of-cosmonautics", "vdnkh"} <= {i.site for d in before.days if d.date == day for i in d.items}
