"""Synthetic catalogues for the planning benchmark: the seed plus generated sites, the same every run.

`grown(seed_catalogue, size)` keeps the seed's 14 sites, regions, rules, transfers and launches, and adds
`size - 14` sites around the seed's regions (a random generator with a fixed seed), the way an operator
who adds the space sites of Kaluga, Samara, Korolev and so on would: most near a region's hotel, some
far out in the region, a mix of opening hours (museum weeks, short days, by appointment, an evening-only
planetarium show, closed for the season or for works over the benchmark's dates) and visit lengths.
"""
from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, time

from tourplanner.planning.model import Catalogue, Closure, Interval, OpeningHours, Site

SEED = 12
# Share of the generated sites per region (the capital has most; the closed town of Baikonur few).
WEIGHTS = {"moscow": 0.45, "baikonur": 0.1, "kaluga": 0.12, "smolensk": 0.08, "samara": 0.15, "saratov": 0.1}


def _interval(a: int, b: int, last: int | None = None) -> Interval:
    return Interval(time(a), time(b), time(last) if last is not None else None)


def _hours(rng: random.Random) -> tuple[OpeningHours, tuple[Closure, ...]]:
    """Hours drawn from a few common patterns; closures that cover 2026 spring for some."""
    pattern = rng.random()
    museum = (_interval(10, 18, 17),)
    if pattern < 0.45:  # Tue-Sun museum
        weekly = ((), *(museum,) * 6)
    elif pattern < 0.6:  # Wed-Sun, long Thursday
        weekly = ((), (), museum, (_interval(11, 21, 20),), museum, museum, museum)
    elif pattern < 0.72:  # every day, two sessions
        weekly = ((_interval(9, 13), _interval(14, 18)),) * 7
    elif pattern < 0.82:  # by appointment (the default bookable window)
        return OpeningHours(by_appointment=True), ()
    elif pattern < 0.88:  # evening only: a planetarium show after the traveller's day
        weekly = ((), (), (), (), (_interval(20, 23),), (_interval(20, 23),), ())
    elif pattern < 0.94:  # weekends only
        weekly = ((), (), (), (), (), museum, museum)
    else:  # closed for works over the benchmark's dates
        return OpeningHours(weekly=((), *(museum,) * 6)), (
            Closure(date(2026, 1, 1), date(2026, 12, 31), "closed for renovation"),)
    return OpeningHours(weekly=weekly), ()


def grown(seed: Catalogue, size: int) -> Catalogue:
    """The seed catalogue with generated sites up to `size` sites in all (the seed's own first)."""
    rng = random.Random(SEED)
    regions = {r.id: r for r in seed.regions}
    ids = list(WEIGHTS)
    weights = [WEIGHTS[r] for r in ids]
    sites = list(seed.sites)
    for i in range(max(0, size - len(sites))):
        region = regions[rng.choices(ids, weights)[0]]
        far = rng.random() < 0.15  # out in the region: 80-250 km from the hotel
        km = rng.uniform(80, 250) if far else abs(rng.gauss(0, 15))
        bearing = rng.uniform(0, 2 * math.pi)
        lat = region.lat + km * math.cos(bearing) / 111.0
        lon = region.lon + km * math.sin(bearing) / (111.0 * math.cos(math.radians(region.lat)))
        hours, closures = _hours(rng)
        sites.append(Site(id=f"synthetic-{region.id}-{i:03d}", name=f"Synthetic site {i} ({region.name})",
                          name_ru=f"Объект {i}", kind=rng.choice(("museum", "memorial", "park", "school")),
                          region=region.id, country="KZ" if region.id == "baikonur" else "RU",
                          lat=round(lat, 5), lon=round(lon, 5), timezone=region.timezone,
                          visit_minutes=rng.choice((45, 60, 60, 90, 90, 120, 150, 180)), hours=hours,
                          closures=closures))
    return replace(seed, sites=tuple(sites[:size]))
