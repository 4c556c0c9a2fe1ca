"""Regenerate tests/planning/golden/*.json: a few requests and the itineraries the planner gives now.

Run `python tests/planning/regen_golden.py` after an intended change to the planner (or the solver or
the seed catalogue), then READ the diff: every file must still be a sensible trip before it is committed.
test_golden.py plans each stored request again and compares the whole itinerary JSON.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = date(2026, 11, 21)  # only used when a request has no booking_date (none here has)

EVERY_SITE = ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city", "rkk-energia-museum",
              "baikonur-gagarins-start", "baikonur-site-31", "buran-control-centre", "baikonur-museum",
              "baikonur-space-school", "tsiolkovsky-museum", "gagarin-museum", "samara-cosmos-museum",
              "gagarin-landing-site"]
SEED_TRIP: dict[str, Any] = {
    "start_date": "2017-07-21", "end_date": "2017-07-29",
    "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city", "baikonur-gagarins-start",
              "baikonur-site-31", "buran-control-centre", "baikonur-museum", "baikonur-space-school"],
    "launch": "soyuz-ms-05", "traveller": {"nationality": "FR", "age": 30, "party_size": 1},
    "booking_date": "2017-04-01",
}
REQUESTS: dict[str, dict[str, Any]] = {
    # The seed trip: roll-out on 26 July, launch 21:41 Baikonur time (+06:00) on 28 July.
    "seed-trip-2017": SEED_TRIP,
    # The same trip booked on 1 July: too late for the Baikonur permit (and Star City's registration).
    "seed-trip-2017-booked-july": {**SEED_TRIP, "booking_date": "2017-07-01"},
    # A night launch: Progress MS-34 lifts off at 03:22 local on 26 April 2026; Baikonur is +05:00 by then.
    "progress-ms-34-night-launch": {
        "start_date": "2026-04-20", "end_date": "2026-04-28",
        "sites": ["museum-of-cosmonautics", "vdnkh", "baikonur-site-31", "baikonur-museum", "buran-control-centre"],
        "must_see": ["baikonur-site-31"], "launch": "progress-ms-34",
        "traveller": {"nationality": "DE", "age": 44, "party_size": 2}, "companions": [{"nationality": "DE", "age": 41}],
        "booking_date": "2026-01-15",
    },
    # A family in Moscow during the Mausoleum's 2023 maintenance closure: the must-see cannot be placed.
    "moscow-family-2023": {
        "start_date": "2023-02-14", "end_date": "2023-02-17",
        "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city"],
        "must_see": ["kremlin-wall-necropolis"],
        "traveller": {"nationality": "RU", "age": 38, "party_size": 3},
        "companions": [{"nationality": "RU", "age": 36}, {"nationality": "RU", "age": 9}],
        "booking_date": "2023-01-20", "day_start": "10:00", "day_end": "18:00",
    },
    # Two weeks over the whole catalogue: five regions besides Moscow.
    "grand-tour-2026": {
        "start_date": "2026-05-11", "end_date": "2026-05-24", "sites": EVERY_SITE,
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-01-10",
    },
}


def planned(data: dict[str, Any]) -> dict[str, Any]:
    from tourplanner.planning.planner import plan
    from tourplanner.planning.serialize import itinerary_to_json, request_from_json
    from tourplanner.resources import SEED_FILE
    from tourplanner.store.seed import parse_seed

    catalogue = parse_seed(SEED_FILE)
    request = request_from_json(data, today=TODAY, known_sites={s.id for s in catalogue.sites},
                                known_launches={x.id for x in catalogue.launches})
    return itinerary_to_json(plan(request, catalogue))


def text(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for name, request in REQUESTS.items():
        path = GOLDEN / f"{name}.json"
        new = text({"request": request, "itinerary": planned(request)})
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(new, encoding="utf-8")
        print(f"{'unchanged' if new == old else 'WROTE    '} {path.relative_to(GOLDEN.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
