"""The request's `fixed` list and `notes` map: JSON in (every field at fault named), JSON out.

Shapes (DESIGN.md, "Contracts added for the second round"):
  {"type": "visit", "site": ID, "start": T, "end": T}
  {"type": "own", "title": TEXT, "start": T, "end": T, "place": {"name", "lat", "lon"}?, "key": "own:..."?}
  {"type": "transfer", "title": TEXT?, "from": REGION, "to": REGION, "start": T, "end": T, "mode": TEXT?}
  {"type": "lodging", "region": REGION, "title": TEXT?, "place": {...}?}
T is ISO 8601 with an offset; it is kept as given (the itinerary shows the same start and end).

Item keys (stable across re-plans, so calendars and notes follow an item): a pinned visit keeps the
planner's `visit:<site>`; a booked transfer is `transfer:<from>-<to>:<n>` as the planner's legs (n counts
the legs between those two regions in time order); a hotel is `lodging:<region>`; an own item is
`own:<slug of its title>` (`-2`, `-3` for repeats) unless the request gives its own `key` ("own:...").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from .model import Fixed, FixedPlace

FIXED_TYPES = ("visit", "own", "transfer", "lodging")
MAX_FIXED = 100
MAX_TITLE = 200
MAX_NOTE = 2000
MAX_NOTES = 200
MAX_LENGTH = timedelta(hours=72)  # the longest transfer (a 48 h train) with room to spare
_KEY = re.compile(r"^own:[a-z0-9][a-z0-9-]{0,80}$")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "item"


class FixedReader:
    """Reads `fixed` and `notes`; problems go to `fail(field, message)` like the rest of the request."""

    def __init__(self, fail: Callable[[str, str], None], *, known_sites: set[str], known_regions: set[str] | None) -> None:
        self.fail = fail
        self.sites = known_sites
        self.regions = known_regions

    def read(self, value: object, start: date | None, end: date | None) -> tuple[Fixed, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("fixed", "must be a list of pinned or own items")
            return ()
        if len(value) > MAX_FIXED:
            self.fail("fixed", f"at most {MAX_FIXED} items, not {len(value)}")
            return ()
        read = [(i, self.item(v, f"fixed[{i}]", start, end)) for i, v in enumerate(value)]
        index = [i for i, x in read if x is not None]
        out = _keyed([x for _, x in read if x is not None])  # same order as `index`
        seen: dict[str, int] = {}
        for i, item in zip(index, out, strict=True):
            key = item.key
            if key in seen:
                what = {"visit": "the same site is pinned twice", "lodging": "a second hotel for the same region",
                        "own": f"the key {key!r} is used twice"}.get(item.type, "the same transfer twice")
                self.fail(f"fixed[{i}]", f"{what} (also fixed[{seen[key]}])")
            seen.setdefault(key, i)
        return tuple(out)

    def item(self, value: object, field: str, start: date | None, end: date | None) -> Fixed | None:
        if not isinstance(value, dict):
            self.fail(field, "must be an object like {\"type\": \"own\", \"title\": ..., \"start\": ..., \"end\": ...}")
            return None
        kind = value.get("type")
        if kind not in FIXED_TYPES:
            self.fail(f"{field}.type", f"must be one of {', '.join(FIXED_TYPES)}, not {kind!r}")
            return None
        title = self.title(value, field, required=kind == "own")
        place = self.place(value.get("place"), f"{field}.place") if kind in ("own", "lodging") else None
        if kind == "lodging":
            region = self.region(value, "region", field)
            item = Fixed(type="lodging", key=f"lodging:{region}", title=title, region=region, place=place)
            return item if region is not None else None
        times = self.times(value, field, start, end)
        if kind == "visit":
            site = value.get("site")
            if not isinstance(site, str) or site not in self.sites:
                self.fail(f"{field}.site", f"unknown site {site!r}" if isinstance(site, str)
                          else "required: a site id")
                return None
            return Fixed(type="visit", key=f"visit:{site}", site=site, title=title,
                         start=times[0], end=times[1]) if times else None
        if kind == "transfer":
            origin = self.region(value, "from", field)
            destination = self.region(value, "to", field)
            if origin is not None and origin == destination:
                self.fail(f"{field}.to", "must be another region than from")
                return None
            mode = value.get("mode")
            if mode is not None and (not isinstance(mode, str) or len(mode) > 40):
                self.fail(f"{field}.mode", "must be a short text like \"flight\"")
                mode = None
            if times is None or origin is None or destination is None:
                return None
            return Fixed(type="transfer", key="", title=title, origin=origin, destination=destination,
                         start=times[0], end=times[1], mode=mode or "booked")
        key = value.get("key")
        if key is not None and (not isinstance(key, str) or not _KEY.match(key)):
            self.fail(f"{field}.key", "must look like \"own:dinner\" (lower-case letters, digits and -)")
            key = None
        return Fixed(type="own", key=key or "", title=title, start=times[0], end=times[1],
                     place=place) if times else None

    def title(self, value: Mapping[str, Any], field: str, *, required: bool) -> str:
        title = value.get("title")
        if title is None and not required:
            return ""
        if not isinstance(title, str) or not title.strip():
            self.fail(f"{field}.title", "required: a short text such as \"Dinner with Anna\"")
            return ""
        if len(title) > MAX_TITLE:
            self.fail(f"{field}.title", f"at most {MAX_TITLE} characters")
            return ""
        return title.strip()

    def region(self, value: Mapping[str, Any], key: str, field: str) -> str | None:
        region = value.get(key)
        if not isinstance(region, str) or not region:
            self.fail(f"{field}.{key}", "required: a region id like \"baikonur\"")
            return None
        if self.regions is not None and region not in self.regions:
            self.fail(f"{field}.{key}", f"unknown region {region!r}")
            return None
        return region

    def place(self, value: object, field: str) -> FixedPlace | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(field, "must be an object like {\"name\": \"Hotel\", \"lat\": 55.75, \"lon\": 37.62}")
            return None
        name, lat, lon = value.get("name"), value.get("lat"), value.get("lon")
        ok = True
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_TITLE:
            self.fail(f"{field}.name", f"required: a name of at most {MAX_TITLE} characters")
            ok = False
        for key, number, limit in (("lat", lat, 90), ("lon", lon, 180)):
            if isinstance(number, bool) or not isinstance(number, int | float) or not -limit <= number <= limit:
                self.fail(f"{field}.{key}", f"must be a number between -{limit} and {limit}, not {number!r}")
                ok = False
        if not ok:
            return None
        assert isinstance(name, str) and isinstance(lat, int | float) and isinstance(lon, int | float)
        return FixedPlace(name=name.strip(), lat=float(lat), lon=float(lon))

    def times(self, value: Mapping[str, Any], field: str, start: date | None, end: date | None
              ) -> tuple[datetime, datetime] | None:
        got = [self.instant(value.get(k), f"{field}.{k}") for k in ("start", "end")]
        a, b = got
        if a is None or b is None:
            return None
        if b <= a:
            self.fail(f"{field}.end", f"{b.isoformat()} is not after start {a.isoformat()}")
            return None
        if b - a > MAX_LENGTH:
            self.fail(f"{field}.end", "an item may last at most 72 hours")
            return None
        if start is not None and end is not None and not start <= a.date() <= end + timedelta(days=1):
            self.fail(f"{field}.start", f"{a.date().isoformat()} is outside the trip "
                                        f"({start.isoformat()} to {end.isoformat()})")
            return None
        return a, b

    def instant(self, value: object, field: str) -> datetime | None:
        if not isinstance(value, str):
            self.fail(field, "required: a time like 2027-02-24T07:00:00+03:00")
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(field, f"not a time (ISO 8601 with an offset, like 2027-02-24T07:00:00+03:00): {value!r}")
            return None
        if parsed.tzinfo is None:
            self.fail(field, f"needs the place's UTC offset, like {value}+03:00")
            return None
        return parsed

    def notes(self, value: object) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.fail("notes", "must be an object {item key: text}")
            return ()
        if len(value) > MAX_NOTES:
            self.fail("notes", f"at most {MAX_NOTES} notes")
            return ()
        out = []
        for key, text in value.items():
            if not isinstance(text, str) or len(text) > MAX_NOTE or len(key) > MAX_TITLE:
                self.fail(f"notes.{key}", f"must be a text of at most {MAX_NOTE} characters")
            elif text.strip():
                out.append((key, text.strip()))
        return tuple(sorted(out))


def _keyed(items: list[Fixed]) -> list[Fixed]:
    """Default keys for transfers (n-th leg of the pair in time order) and own items (slug, -2, ...)."""
    out: list[Fixed] = []
    counts: dict[str, int] = {}
    legs = sorted((x for x in items if x.type == "transfer"), key=lambda x: (x.start or datetime.min, x.title))
    leg_keys: dict[int, str] = {}
    for leg in legs:
        pair = f"{leg.origin}-{leg.destination}"
        counts[pair] = counts.get(pair, 0) + 1
        leg_keys[id(leg)] = f"transfer:{pair}:{counts[pair]}"
    taken = {x.key for x in items if x.type == "own" and x.key}
    for x in items:
        if x.type == "transfer":
            x = replace(x, key=leg_keys[id(x)])
        elif x.type == "own" and not x.key:
            base = f"own:{slug(x.title)}"
            key, n = base, 1
            while key in taken:
                n += 1
                key = f"{base}-{n}"
            taken.add(key)
            x = replace(x, key=key)
        out.append(x)
    return out


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _place_json(place: FixedPlace) -> dict[str, Any]:
    return {"name": place.name, "lat": place.lat, "lon": place.lon}


def fixed_to_json(item: Fixed) -> dict[str, Any]:
    """The request shape back (read again by FixedReader to an equal Fixed)."""
    out: dict[str, Any] = {"type": item.type}
    if item.type == "visit":
        out["site"] = item.site
    if item.type == "transfer":
        out.update({"from": item.origin, "to": item.destination, "mode": item.mode})
    if item.type == "lodging":
        out["region"] = item.region
    if item.title:
        out["title"] = item.title
    if item.type == "own":
        out["key"] = item.key
    if item.start is not None and item.end is not None:
        out.update({"start": _iso(item.start), "end": _iso(item.end)})
    if item.place is not None:
        out["place"] = _place_json(item.place)
    return out
