"""A trip around Soyuz MS-30 (lift-off 05:00 Baikonur time on 1 March 2027) with the traveller's own
items: a booked charter to Baikonur, a dinner, a pinned VDNKh visit and a hotel in Baikonur."""
from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta
from typing import Any

from tourplanner.planning.model import Catalogue, PlanRequest
from tourplanner.planning.serialize import parse_request

TODAY = date(2026, 11, 30)
CHARTER = {"type": "transfer", "title": "Charter KD-101", "from": "moscow", "to": "baikonur",
           "start": "2027-02-24T08:00:00+03:00", "end": "2027-02-24T17:00:00+05:00"}
DINNER = {"type": "own", "title": "Dinner with Anna", "start": "2027-02-22T19:30:00+03:00",
          "end": "2027-02-22T21:30:00+03:00", "place": {"name": "Café Pushkin", "lat": 55.7637, "lon": 37.605}}
VDNKH = {"type": "visit", "site": "vdnkh", "start": "2027-02-23T11:00:00+03:00", "end": "2027-02-23T13:00:00+03:00"}
HOTEL = {"type": "lodging", "region": "baikonur", "title": "Hotel Sputnik",
         "place": {"name": "Sputnik", "lat": 45.62, "lon": 63.31}}
TRIP: dict[str, Any] = {
    "start_date": "2027-02-21", "end_date": "2027-03-02",
    "sites": ["museum-of-cosmonautics", "star-city", "baikonur-gagarins-start", "baikonur-museum"],
    "launch": "soyuz-ms-30", "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-30",
    "fixed": [CHARTER, DINNER, VDNKH, HOTEL], "notes": {"launch:soyuz-ms-30": "Bring binoculars"},
}


def trip(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(TRIP), **changes}


def read(data: dict[str, Any], catalogue: Catalogue) -> PlanRequest:
    return parse_request(data, today=TODAY, catalogue=catalogue)


def slipped(catalogue: Catalogue, days: int, launch: str = "soyuz-ms-30") -> Catalogue:
    """The catalogue with `launch` moved `days` later (an operator's edit)."""
    return dataclasses.replace(catalogue, launches=tuple(
        dataclasses.replace(x, net=x.net + timedelta(days=days)) if x.id == launch else x
        for x in catalogue.launches))
