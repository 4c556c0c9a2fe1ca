"""Pruning before the solver and the layout's timetable keys: same plans, less work (roads per catalogue:
test_catalogue_memo.py)."""
from __future__ import annotations

import dataclasses

import pytest
from planning_helpers import accounted_for, reasons, request, visits

from tourplanner.planning import planner, prune
from tourplanner.planning.model import Catalogue
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_to_json


def crowded(seed: Catalogue, n: int, *, far: int = 0) -> tuple[Catalogue, list[str]]:
    """`n` copies of the Museum of Cosmonautics spread over Moscow; `far` more 300 km out (still Moscow)."""
    museum = seed.site("museum-of-cosmonautics")
    sites = [dataclasses.replace(museum, id=f"copy-{i}", lat=museum.lat + (i % 10) * 0.01,
                                 lon=museum.lon + (i // 10) * 0.01, visit_minutes=60) for i in range(n)]
    sites += [dataclasses.replace(museum, id=f"far-{i}", lat=museum.lat + 2.7 + i * 0.01, visit_minutes=60)
              for i in range(far)]
    return dataclasses.replace(seed, sites=(*seed.sites, *sites)), [s.id for s in sites]


def test_a_crowded_region_still_fills_its_days_and_accounts_for_every_site(seed: Catalogue) -> None:
    catalogue, ids = crowded(seed, 60)
    req = request("2017-07-25", "2017-07-26", ids, must_see=(ids[-1],))
    itinerary = plan(req, catalogue)
    placed = visits(itinerary)
    assert len(placed) == 2 * 4  # two full days at the pace cap, though most copies never reach the solver
    assert ids[-1] in placed  # a must-see is never cut, wherever it is in the request
    assert accounted_for(itinerary, req)
    assert all(reasons(itinerary, s) == ["no_time"] for s in ids if s not in placed)


def test_sites_out_of_a_days_reach_are_left_out_with_the_usual_reason(seed: Catalogue) -> None:
    catalogue, ids = crowded(seed, 2, far=2)
    req = request("2017-07-25", "2017-07-25", ids)
    kept: list[str] = []
    original = prune.keep

    def spy(*args: object, **kw: object) -> list[prune.Candidate]:
        out = original(*args, **kw)  # type: ignore[arg-type]
        kept.extend(c.site.id for c in out)
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(prune, "keep", spy)
        itinerary = plan(req, catalogue)
    assert sorted(kept) == ["copy-0", "copy-1"]  # 300 km each way does not fit a day
    assert reasons(itinerary, "far-0") == ["no_time"] and accounted_for(itinerary, req)


def test_grouping_sites_by_timetable_does_not_change_the_layout(seed: Catalogue, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    catalogue, ids = crowded(seed, 30)
    every = [s.id for s in seed.sites] + ids
    req = request("2017-07-10", "2017-08-05", every, launch="soyuz-ms-05")
    grouped = itinerary_to_json(plan(req, catalogue))
    monkeypatch.setattr(planner, "timetable_keys", lambda checked, booking: lambda site: site)
    assert itinerary_to_json(plan(req, catalogue)) == grouped
