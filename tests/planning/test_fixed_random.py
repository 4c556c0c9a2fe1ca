"""Whatever the traveller pins (seeded random mixes, many of them impossible), the planner answers and
keeps every pinned and own item exactly, once, with its key."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from tourplanner.planning.model import Catalogue
from tourplanner.planning.planner import plan
from tourplanner.planning.serialize import itinerary_from_json, itinerary_to_json, parse_request

REGIONS = ("moscow", "baikonur", "kaluga", "samara")
OFFSETS = {"moscow": "+03:00", "baikonur": "+05:00", "kaluga": "+03:00", "samara": "+04:00"}


def random_request(rng: random.Random, seed: Catalogue) -> dict[str, Any]:
    start = date(2027, 2, 1) + timedelta(days=rng.randrange(60))
    length = rng.randrange(3, 12)
    sites = [s.id for s in seed.sites]

    def at(day: int, region: str) -> tuple[str, str]:
        begin = datetime.combine(start + timedelta(days=day), datetime.min.time()) + timedelta(
            minutes=rng.randrange(0, 24 * 60, 15))
        end = begin + timedelta(minutes=rng.choice((30, 90, 180, 420)))
        return begin.isoformat() + OFFSETS[region], end.isoformat() + OFFSETS[region]

    fixed: list[dict[str, Any]] = []
    for site in rng.sample(sites, rng.randrange(0, 3)):
        region = next(s.region for s in seed.sites if s.id == site)
        a, b = at(rng.randrange(length), region if region in OFFSETS else "moscow")
        fixed.append({"type": "visit", "site": site, "start": a, "end": b})
    for n in range(rng.randrange(0, 3)):
        a, b = at(rng.randrange(length), "moscow")
        place = rng.choice([None, {"name": "Somewhere", "lat": 55.7 + rng.random() / 5, "lon": 37.5 + rng.random() / 5}])
        fixed.append({"type": "own", "title": f"Own {n}", "start": a, "end": b, **({"place": place} if place else {})})
    if rng.random() < 0.6:
        region = rng.choice(REGIONS[1:])
        pair = rng.choice([("moscow", region), (region, "moscow"), (region, "kaluga")])
        a, b = at(rng.randrange(length), pair[0])
        fixed.append({"type": "transfer", "from": pair[0], "to": pair[1], "start": a, "end": b})
    if rng.random() < 0.5:
        fixed.append({"type": "lodging", "region": rng.choice(REGIONS),
                      "place": {"name": "Hotel", "lat": 50 + rng.random() * 5, "lon": 40 + rng.random() * 20}})
    return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=length - 1)).isoformat(),
            "sites": rng.sample(sites, rng.randrange(1, 6)), "traveller": {"nationality": rng.choice(("FR", "RU"))},
            "launch": rng.choice((None, "soyuz-ms-30")), "booking_date": "2026-11-01",
            "slip_buffer_days": rng.randrange(0, 2), "fixed": fixed}


@pytest.mark.parametrize("n", range(24))
def test_random_pins_are_kept_exactly(seed: Catalogue, n: int) -> None:
    rng = random.Random(n)
    data = random_request(rng, seed)
    request = parse_request(data, today=date(2026, 11, 30), catalogue=seed)
    itinerary = plan(request, seed)
    items = [i for i in itinerary.items() if i.pinned]
    expected = {f.key: (f.start, f.end) for f in request.fixed if f.start is not None}
    assert sorted(i.key for i in items) == sorted(expected)
    for item in items:
        assert (item.start, item.end) == expected[item.key]
    keys = [i.key for i in itinerary.items()]
    assert len(keys) == len(set(keys)), "an item key twice"
    assert itinerary_from_json(itinerary_to_json(itinerary)) == itinerary
