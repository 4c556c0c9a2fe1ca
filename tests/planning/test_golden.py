"""Golden itineraries: each stored request, planned again, gives exactly the stored (hand-reviewed) JSON.

After an intended change: `python tests/planning/regen_golden.py`, then review the diff before committing.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from planning_helpers import outside_hours
from regen_golden import GOLDEN, REQUESTS, planned

from tourplanner.planning.explain import REASON_CODES, WARNING_CODES
from tourplanner.planning.model import Catalogue
from tourplanner.planning.serialize import itinerary_from_json

FILES = sorted(GOLDEN.glob("*.json"))


def test_every_request_has_a_golden_file() -> None:
    assert sorted(p.stem for p in FILES) == sorted(REQUESTS)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_golden(path: Path) -> None:
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["request"] == REQUESTS[path.stem], "the request changed: run regen_golden.py"
    assert planned(stored["request"]) == stored["itinerary"], (
        f"{path.name} differs: if the change is intended, run tests/planning/regen_golden.py and review the diff")


def test_golden_codes_are_the_documented_ones() -> None:
    for path in FILES:
        itinerary = json.loads(path.read_text(encoding="utf-8"))["itinerary"]
        assert {r["code"] for u in itinerary["unscheduled"] for r in u["reasons"]} <= set(REASON_CODES)
        assert {w["code"] for w in itinerary["warnings"]} <= set(WARNING_CODES)


def test_golden_visits_keep_to_the_sites_hours(seed: Catalogue) -> None:
    for path in FILES:
        itinerary = itinerary_from_json(json.loads(path.read_text(encoding="utf-8"))["itinerary"])
        problems = [p for i in itinerary.items() if i.type == "visit" and i.site
                    for p in outside_hours(seed.site(i.site), i)]
        assert problems == [], path.name
