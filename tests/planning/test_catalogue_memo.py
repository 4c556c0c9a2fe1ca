"""Memos per catalogue object (catalogue_memo.py): shared by plans over one revision, never stale, never in
another language."""
from __future__ import annotations

import dataclasses
from datetime import time

from planning_helpers import request, with_site

from tourplanner.planning import catalogue_memo, travel_cache, windows_cache
from tourplanner.planning.i18n import using
from tourplanner.planning.model import Catalogue, Closure, Itinerary, TravelModel
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_to_json
from tourplanner.planning.travel import Place, TravelMemo, TravelTable

MONDAY = "2026-05-11"  # the Museum of Cosmonautics is closed on Mondays
DAY = (time(9, 0), time(19, 0))


def closed_text(itinerary: Itinerary, site: str) -> str:
    [entry] = [u for u in itinerary.unscheduled if u.site == site]
    [reason] = entry.reasons
    assert reason.code == "closed"
    return reason.message


def test_a_closed_days_reason_follows_the_language_not_the_plan_before(seed: Catalogue) -> None:
    req = request(MONDAY, MONDAY, ["museum-of-cosmonautics"], booking="2026-01-10")
    catalogue_memo.clear()
    with using("en"):
        english = closed_text(plan(req, seed), "museum-of-cosmonautics")
    with using("ru"):
        russian = closed_text(plan(req, seed), "museum-of-cosmonautics")  # same catalogue object, after English
    with using("kk"):
        kazakh = closed_text(plan(req, seed), "museum-of-cosmonautics")
    with using("en"):
        again = closed_text(plan(req, seed), "museum-of-cosmonautics")
    assert "Mondays" in english and again == english
    assert "понедельникам" in russian and "Mondays" not in russian
    assert kazakh not in (english, russian)
    catalogue_memo.clear()
    with using("ru"):
        assert closed_text(plan(req, seed), "museum-of-cosmonautics") == russian  # as a fresh worker says it


def test_a_new_catalogue_object_gets_fresh_windows(seed: Catalogue) -> None:
    req = request("2026-05-12", "2026-05-12", ["museum-of-cosmonautics"], booking="2026-01-10")
    open_before = plan(req, seed)
    assert [i.site for d in open_before.days for i in d.items if i.type == "visit"] == ["museum-of-cosmonautics"]
    works = Closure(start=req.start_date, end=req.end_date, reason="Closed for works")
    revised = with_site(seed, "museum-of-cosmonautics", lambda s: dataclasses.replace(s, closures=(works,)))
    assert "works" in closed_text(plan(req, revised), "museum-of-cosmonautics")
    assert itinerary_to_json(plan(req, seed)) == itinerary_to_json(open_before)  # the old revision as it was


def test_the_traveller_s_day_and_language_choose_the_memo(seed: Catalogue) -> None:
    memo = windows_cache.windows_memo(seed, *DAY, "en")
    assert windows_cache.windows_memo(seed, *DAY, "en") is memo
    assert windows_cache.windows_memo(seed, *DAY, "ru") is not memo
    assert windows_cache.windows_memo(seed, time(10, 0), DAY[1], "en") is not memo
    assert windows_cache.windows_memo(dataclasses.replace(seed), *DAY, "en") is not memo


def test_memos_are_kept_for_the_last_catalogues_and_cleared_together(seed: Catalogue) -> None:
    catalogue_memo.clear()
    roads, windows = travel_cache.memo_for(seed), windows_cache.windows_memo(seed, *DAY, "en")
    assert travel_cache.memo_for(seed) is roads
    catalogue_memo.clear()  # every kind at once (the benchmark's first plan after a change)
    assert travel_cache.memo_for(seed) is not roads
    assert windows_cache.windows_memo(seed, *DAY, "en") is not windows
    roads = travel_cache.memo_for(seed)
    others = [dataclasses.replace(seed) for _ in range(catalogue_memo.KEPT_CATALOGUES)]
    for other in others:
        travel_cache.memo_for(other)
    assert travel_cache.memo_for(seed) is not roads  # the oldest revision was let go


def test_remembered_roads_are_the_numbers_a_fresh_table_gives() -> None:
    places = [Place("a", "moscow", 55.75, 37.62, "A"), Place("b", "moscow", 55.88, 38.11, "B")]
    fresh = TravelTable(places, {"moscow": TravelModel()})
    warm = TravelMemo()
    TravelTable(places, {"moscow": TravelModel()}, warm)
    again = TravelTable(places, {"moscow": TravelModel()}, warm)
    slow = TravelTable(places, {"moscow": TravelModel(speed_kmh=20.0)}, warm)  # another model: its own roads
    a, b = (55.75, 37.62), (55.88, 38.11)
    assert set(warm.km) == {(a, b), (b, a)}  # by coordinates: a request may move a place id (its hotel)
    assert set(warm.roads) == {TravelModel(), TravelModel(speed_kmh=20.0)}
    assert again.minutes("a", "b") == fresh.minutes("a", "b") and again.km("b", "a") == fresh.km("b", "a")
    assert again.diameter("moscow") == fresh.diameter("moscow")
    assert slow.minutes("a", "b") > fresh.minutes("a", "b")
