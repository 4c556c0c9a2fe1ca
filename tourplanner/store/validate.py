"""The catalogue's rules: one validator for the seed loader and for operator edits.

Two passes, every problem collected (not just the first):

1. JSON Schema (data/sites.schema.json, draft 2020-12): shapes, types, "HH:MM" times, ISO dates,
   UTC instants, enums, coordinate ranges.
2. Meaning: time zones known to the pinned `tzdata`, a site's zone equal to its region's, sites
   near their region, references (site -> region, rule -> site/region, transfer -> regions,
   launch -> pad), unique ids, intervals that close after they open, closures that end after they
   start, every region reachable by transfers, a roll-out rule for every launch.

The input is a whole catalogue in the seed's JSON shape: store/seed.py reads it from a file; operator
edits (services/edits.py) write the catalogue out in that shape with one record replaced, so an edit
passes exactly the rules a seed load does. Problems name the JSON path (`$.sites[3].timezone`).
Records with schema errors are not checked again for meaning, so one mistake gives one message.
"""

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..messages import Msg
from ..messages import Msg as _l
from ..planning.model import (
    WEEKDAYS,
    AccessRule,
    Catalogue,
    Closure,
    Interval,
    Launch,
    LaunchStatus,
    MonthlyClosure,
    OpeningHours,
    Precision,
    Region,
    RolloutRule,
    Site,
    Source,
    TourSlots,
    Transfer,
    TravelModel,
    texts,
)
from ..planning.tz import is_known, tzdata_version
from .validate_yearly import yearly_closures

SCHEMA_NAME = "sites.schema.json"
#: A site further than this from its region's sleeping point is probably mistyped (swapped lat/lon).
MAX_KM_FROM_REGION = 250.0


@dataclass(frozen=True)
class Problem:
    path: str  # JSONPath, e.g. "$.sites[3].timezone"
    message: str


class SeedError(ValueError):
    """The seed is invalid. `problems` lists every one; str() names the file and path of each."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = [f"{source}: {p.path}: {p.message}" for p in self.problems]
        head = f"{source}: {len(lines)} problem{'s' if len(lines) != 1 else ''} in the seed catalogue"
        super().__init__("\n".join([head, *lines]))



def default_schema_path() -> Path:
    from ..resources import DATA_DIR

    return DATA_DIR / SCHEMA_NAME


@lru_cache(maxsize=4)
def _validator(schema_path: Path) -> Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)

class _Object(dict[str, Any]):
    """A JSON object that remembers keys it saw twice (json.loads would silently keep the last)."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    seen: list[str] = []
    for key, value in pairs:
        if key in obj:
            seen.append(key)
        obj[key] = value
    obj.duplicates = tuple(seen)
    return obj



def check_catalogue(data: object, source: str, *, schema_path: Path | None = None) -> Catalogue:
    """Validate and convert a whole catalogue in the seed's JSON shape; raises SeedError naming `source`."""
    validator = _validator((schema_path or default_schema_path()).resolve())
    checker = _Checker(source)
    checker.duplicate_keys(data, "$")
    for error in validator.iter_errors(data):
        checker.schema_error(error)
    catalogue = checker.build(data)
    if checker.problems or catalogue is None:
        raise SeedError(source, sorted(checker.problems, key=lambda p: _path_key(p.path)))
    return catalogue


def _path_key(path: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", path) if p)


def mission_slug(mission: str) -> str:
    """'Soyuz MS-05' -> 'soyuz-ms-05'; 'Progress M-UM' -> 'progress-m-um'."""
    return re.sub(r"[^a-z0-9]+", "-", mission.lower()).strip("-")


def _jp(base: str, *parts: str | int) -> str:
    out = base
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _leaf(error: ValidationError) -> ValidationError:
    """The most telling error under a oneOf/anyOf: the deepest one, skipping wrong-branch type errors."""
    while error.context:
        candidates = [e for e in error.context if e.validator != "type" or len(e.absolute_path) > len(error.absolute_path)]
        error = max(candidates or list(error.context), key=lambda e: len(e.absolute_path))
    return error


def _schema_message(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator in {"pattern", "format"} and schema.get("description"):
        return _l("{value!r} is not valid: expected {expected}", value=error.instance,
                  expected=str(schema["description"]).rstrip("."))
    if error.validator == "enum":
        return _l("{value!r} is not one of {choices}", value=error.instance,
                  choices=", ".join(map(repr, error.validator_value)))
    return _generic_schema_message(error)


def _generic_schema_message(error: ValidationError) -> str:
    """jsonschema's own English for the common rules, as translatable messages; the rare rest as it is."""
    message = _generic_translatable(error)
    return message.worded(str(error.message)) if message is not None else str(error.message)


def _generic_translatable(error: ValidationError) -> Msg | None:
    rule, value, limit = error.validator, error.instance, error.validator_value
    if rule == "required" and isinstance(value, Mapping):
        missing = [name for name in limit if name not in value]
        if missing:
            return _l("{name!r} is missing: this field is required", name=missing[0])
    if rule == "type":
        return _l("{value!r} is not of type {type}", value=value,
                  type=" or ".join(limit) if isinstance(limit, list) else limit)
    if rule == "additionalProperties" and isinstance(value, Mapping):
        allowed = set(error.schema.get("properties", {})) if isinstance(error.schema, Mapping) else set()
        extra = sorted(k for k in value if k not in allowed)
        return _l("unknown field(s): {names}", names=", ".join(map(repr, extra)))
    if rule in ("minimum", "exclusiveMinimum"):
        return _l("{value!r} is below the minimum of {limit}", value=value, limit=limit)
    if rule in ("maximum", "exclusiveMaximum"):
        return _l("{value!r} is above the maximum of {limit}", value=value, limit=limit)
    if rule == "minLength":
        return _l("{value!r} is too short (at least {limit} characters)", value=value, limit=limit)
    if rule == "maxLength":
        return _l("too long: at most {limit} characters", limit=limit)
    if rule == "minItems":
        return _l("needs at least {limit} item(s)", limit=limit)
    return None


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self._bad: set[tuple[str | int, ...]] = set()

    # -- recording --

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def schema_error(self, error: ValidationError) -> None:
        leaf = _leaf(error)
        if error.absolute_path:  # a root-level complaint (a missing section) spoils no record
            self._bad.add(tuple(error.absolute_path))
        self.add(leaf.json_path, _schema_message(leaf))

    def tainted(self, *prefix: str | int) -> bool:
        """True when the schema already complained about this record (or something inside it)."""
        n = len(prefix)
        return any(bad[:n] == prefix or prefix[:len(bad)] == bad for bad in self._bad)

    def duplicate_keys(self, node: object, path: str) -> None:
        if isinstance(node, _Object):
            for key in node.duplicates:
                self.add(_jp(path, key), _l("key {key!r} appears more than once in this object", key=key))
            for key, value in node.items():
                self.duplicate_keys(value, _jp(path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self.duplicate_keys(value, _jp(path, i))

    # -- scalars --

    def time(self, path: str, value: str) -> time | None:
        try:
            hh, mm = value.split(":")
            return time(int(hh), int(mm))
        except ValueError:
            self.add(path, _l("{value!r} is not a time of day HH:MM (00:00-23:59)", value=value))
            return None

    def date(self, path: str, value: str) -> date | None:
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add(path, _l("{value!r} is not a real date (YYYY-MM-DD)", value=value))
            return None

    def instant(self, path: str, value: str) -> datetime | None:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.add(path, _l("{value!r} is not a real UTC instant (YYYY-MM-DDTHH:MMZ)", value=value))
            return None
        if parsed.utcoffset() != timedelta(0):
            self.add(path, _l("{value!r} must be in UTC with a trailing Z", value=value))
            return None
        return parsed.astimezone(UTC)

    def timezone(self, path: str, name: str) -> bool:
        if not is_known(name):
            if "baikonur" in name.lower():
                self.add(path, _l("unknown time zone {name!r}: not in the IANA database (tzdata {version}) "
                                  "(Baikonur is Asia/Qyzylorda)", name=name, version=tzdata_version()))
            else:
                self.add(path, _l("unknown time zone {name!r}: not in the IANA database (tzdata {version})",
                                  name=name, version=tzdata_version()))
            return False
        return True

    def sources(self, raw: Iterable[Mapping[str, Any]]) -> tuple[Source, ...]:
        return tuple(Source(title=s["title"], url=s.get("url"), confidence=s.get("confidence", "M"),
                            publication=s.get("publication"), date=s.get("date"), about=tuple(s.get("about", ())))
                     for s in raw)

    def unique(self, items: Sequence[Any], section: str, what: str) -> None:
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                continue
            key = item["id"]
            if key in first:
                self.add(_jp("$", section, i, "id"), _l("duplicate {what} id {key!r} (first at {first})", what=what, key=key,
                                                                 first=_jp("$", section, first[key])))
            else:
                first[key] = i

    # -- records --

    def _records(self, data: Mapping[str, Any], section: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        items = data.get(section)
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, Mapping) and not self.tainted(section, i):
                yield _jp("$", section, i), item

    @staticmethod
    def _ids(data: Mapping[str, Any], section: str) -> dict[str, Mapping[str, Any]]:
        items = data.get(section)
        out: dict[str, Mapping[str, Any]] = {}
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                out.setdefault(item["id"], item)
        return out

    def build(self, data: object) -> Catalogue | None:
        if not isinstance(data, Mapping):
            if not self.problems:
                self.add("$", _l("the seed must be a JSON object"))
            return None
        for section, what in (("regions", "region"), ("sites", "site"), ("access_rules", "access rule"),
                              ("transfers", "transfer"), ("launches", "launch")):
            items = data.get(section)
            if isinstance(items, list):
                self.unique(items, section, what)
        region_raw = self._ids(data, "regions")
        site_raw = self._ids(data, "sites")
        for path, raw in self._records(data, "sites"):
            if raw["id"] in region_raw:
                self.add(_jp(path, "id"), _l("site id {id!r} is also a region id; ids must not be ambiguous", id=raw["id"]))

        regions = _kept(self.region(path, raw) for path, raw in self._records(data, "regions"))
        sites = _kept(self.site(path, raw, region_raw) for path, raw in self._records(data, "sites"))
        rules = _kept(self.access_rule(path, raw, site_raw, region_raw)
                      for path, raw in self._records(data, "access_rules"))
        transfers = _kept(self.transfer(path, raw, region_raw) for path, raw in self._records(data, "transfers"))
        self.connected(data, region_raw)
        rollout_rules = _kept(self.rollout_rule(path, raw, site_raw)
                              for path, raw in self._records(data, "rollout_rules"))
        launches = _kept(self.launch(path, raw, site_raw, rollout_rules)
                         for path, raw in self._records(data, "launches"))
        travel_raw = data.get("travel")
        travel = (TravelModel(**{k: travel_raw[k] for k in ("road_factor", "speed_kmh", "minimum_minutes")
                                 if k in travel_raw})
                  if isinstance(travel_raw, Mapping) and not self.tainted("travel") else TravelModel())
        if self.problems:
            return None
        return Catalogue(sites=tuple(sites), regions=tuple(regions), access_rules=tuple(rules),
                         transfers=tuple(transfers), launches=tuple(launches), travel=travel,
                         rollout_rules=tuple(rollout_rules))

    def region(self, path: str, raw: Mapping[str, Any]) -> Region | None:
        ok = self.timezone(_jp(path, "timezone"), raw["timezone"])
        travel = raw.get("travel", {})
        if not ok:
            return None
        return Region(id=raw["id"], name=raw["name"], timezone=raw["timezone"], lat=float(raw["lat"]),
                      lon=float(raw["lon"]), lodging=raw.get("lodging", ""),
                      road_factor=travel.get("road_factor"), speed_kmh=travel.get("speed_kmh"),
                      notes=raw.get("notes", ""), sources=self.sources(raw.get("sources", ())),
                      gateway=bool(raw.get("gateway", False)))

    def site(self, path: str, raw: Mapping[str, Any], regions: Mapping[str, Mapping[str, Any]]) -> Site | None:
        before = len(self.problems)
        tz_ok = self.timezone(_jp(path, "timezone"), raw["timezone"])
        region = regions.get(raw["region"])
        if region is None:
            self.add(_jp(path, "region"), _l("unknown region {region!r} (known: {known})", region=raw["region"],
                                                    known=", ".join(sorted(regions))))
        else:
            if tz_ok and isinstance(region.get("timezone"), str) and raw["timezone"] != region["timezone"]:
                self.add(_jp(path, "timezone"),
                         _l("{zone!r} differs from the zone of its region {region!r} ({region_zone!r})",
                            zone=raw["timezone"], region=raw["region"], region_zone=region["timezone"]))
            if isinstance(region.get("lat"), (int, float)) and isinstance(region.get("lon"), (int, float)):
                km = _haversine_km(raw["lat"], raw["lon"], region["lat"], region["lon"])
                if km > MAX_KM_FROM_REGION:
                    self.add(path, _l("lat/lon ({lat}, {lon}) is {km:.0f} km from the centre of region {region!r}: "
                                      "wrong coordinates (swapped lat and lon?) or region",
                                      lat=raw["lat"], lon=raw["lon"], km=km, region=raw["region"]))
        hours = self.hours(_jp(path, "hours"), raw["hours"])
        closures = []
        for j, c in enumerate(raw.get("closures", ())):
            cpath = _jp(path, "closures", j)
            start, end = self.date(_jp(cpath, "start"), c["start"]), self.date(_jp(cpath, "end"), c["end"])
            if start and end:
                if end < start:
                    self.add(_jp(cpath, "end"), _l("closure ends ({end}) before it starts ({start})", end=end, start=start))
                closures.append(Closure(start=start, end=end, reason=c["reason"], reason_i18n=texts(c.get("reason_i18n"))))
        yearly = yearly_closures(raw.get("yearly_closures", ()), path, self.add, self.sources)
        if len(self.problems) > before or hours is None:
            return None
        return Site(
            id=raw["id"], name=raw["name"], name_ru=raw["name_ru"], kind=raw["kind"], region=raw["region"],
            country=raw["country"], lat=float(raw["lat"]), lon=float(raw["lon"]), timezone=raw["timezone"],
            visit_minutes=raw["visit_minutes"], description=raw.get("description", ""),
            address=raw.get("address", ""), hours=hours, closures=tuple(closures),
            sources=self.sources(raw["sources"]),
            coordinates_confidence=raw.get("coordinates_confidence", "M"),
            what_to_bring=raw.get("what_to_bring", ""), notes=raw.get("notes", ""),
            name_kk=raw.get("name_kk", ""), retired=raw.get("retired", False), ll2_pad_id=raw.get("ll2_pad_id"),
            yearly_closures=yearly, point=raw.get("point", ""), description_i18n=texts(raw.get("description_i18n")),
        )

    def hours(self, path: str, raw: Mapping[str, Any]) -> OpeningHours | None:
        before = len(self.problems)
        weekly: list[tuple[Interval, ...]] = []
        for day in WEEKDAYS:
            intervals: list[Interval] = []
            for j, item in enumerate(raw["weekly"].get(day, ())):
                ipath = _jp(path, "weekly", day, j)
                interval = self.interval(ipath, item)
                if interval is None:
                    continue
                if intervals and interval.start < intervals[-1].end:
                    self.add(ipath, _l("{opens}-{closes} overlaps or precedes the interval before it (list a "
                                       "day's intervals in order, without overlap)",
                                       opens=f"{interval.start:%H:%M}", closes=f"{interval.end:%H:%M}"))
                intervals.append(interval)
            weekly.append(tuple(intervals))
        if not any(weekly) and len(self.problems) == before:
            self.add(_jp(path, "weekly"), _l("no opening hours on any day; by-appointment sites get the default "
                                             "bookable window mon-fri 10:00-17:00"))
        slots = raw.get("slots")
        monthly = tuple(MonthlyClosure(weekday=WEEKDAYS.index(m["weekday"]), week=m["week"], reason=m["reason"],
                                       reason_i18n=texts(m.get("reason_i18n")))
                        for m in raw.get("monthly_closures", ()))
        if slots and any(weekly):
            longest = max((_minutes(i.end) - _minutes(i.start)) for day in weekly for i in day)
            if slots["duration_minutes"] > longest:
                self.add(_jp(path, "slots", "duration_minutes"),
                         _l("a {minutes}-minute tour does not fit in any opening interval",
                            minutes=slots["duration_minutes"]))
        if len(self.problems) > before:
            return None
        return OpeningHours(
            weekly=tuple(weekly), by_appointment=raw.get("by_appointment", False), monthly_closures=monthly,
            slots=TourSlots(slots["every_minutes"], slots["capacity"], slots["duration_minutes"]) if slots else None,
            notes=raw.get("notes", ""), placeholder=raw.get("placeholder", False),
        )

    def interval(self, path: str, item: Any) -> Interval | None:
        if isinstance(item, list):
            opens, closes, last = item[0], item[1], None
            opath, cpath, lpath = _jp(path, 0), _jp(path, 1), path
        else:
            opens, closes, last = item["open"], item["close"], item.get("last_admission")
            opath, cpath, lpath = _jp(path, "open"), _jp(path, "close"), _jp(path, "last_admission")
        start, end = self.time(opath, opens), self.time(cpath, closes)
        admission = self.time(lpath, last) if last is not None else None
        if start is None or end is None or (last is not None and admission is None):
            return None
        if end <= start:
            self.add(cpath, _l("closes at {closes} but opens at {opens}: an interval must end after it starts "
                               "(intervals past midnight are not supported)", closes=closes, opens=opens))
            return None
        if admission is not None and not start <= admission <= end:
            self.add(lpath, _l("last admission {last} is outside {opens}-{closes}", last=last, opens=opens,
                                  closes=closes))
            return None
        return Interval(start=start, end=end, last_admission=admission)

    def access_rule(self, path: str, raw: Mapping[str, Any], sites: Mapping[str, Any],
                    regions: Mapping[str, Any]) -> AccessRule | None:
        before = len(self.problems)
        site, region = raw.get("site"), raw.get("region")
        if (site is None) == (region is None):
            self.add(path, _l("an access rule names exactly one of `site` or `region`"))
        if site is not None and site not in sites:
            self.add(_jp(path, "site"), _l("access rule for unknown site {site!r}", site=site))
        if region is not None and region not in regions:
            self.add(_jp(path, "region"), _l("access rule for unknown region {region!r}", region=region))
        if raw["kind"] in {"permit", "pre_registration"} and not raw.get("lead_days"):
            self.add(_jp(path, "lead_days"), _l("a {kind} rule needs lead_days (use \"*\" for everyone)", kind=raw["kind"]))
        if raw.get("lead_days") and "*" not in raw["lead_days"]:
            self.add(_jp(path, "lead_days"), _l("lead_days needs a \"*\" entry for every other nationality"))
        gmin, gmax = raw.get("group_min"), raw.get("group_max")
        if gmin is not None and gmax is not None and gmin > gmax:
            self.add(_jp(path, "group_min"), _l("group_min {low} is larger than group_max {high}", low=gmin, high=gmax))
        if len(self.problems) > before:
            return None
        return AccessRule(
            id=raw["id"], kind=raw["kind"], title=raw["title"], site=site, region=region,
            lead_days=tuple(sorted(raw.get("lead_days", {}).items())),
            passport_required=raw.get("passport_required", False), guided_only=raw.get("guided_only", False),
            min_age=raw.get("min_age"), group_min=gmin, group_max=gmax,
            allowed_nationalities=tuple(raw.get("allowed_nationalities", ())),
            photography=raw.get("photography", ""), notes=raw.get("notes", ""),
            sources=self.sources(raw["sources"]), title_i18n=texts(raw.get("title_i18n")),
            notes_i18n=texts(raw.get("notes_i18n")),
        )

    def transfer(self, path: str, raw: Mapping[str, Any], regions: Mapping[str, Any]) -> Transfer | None:
        before = len(self.problems)
        for end in ("origin", "destination"):
            if raw[end] not in regions:
                self.add(_jp(path, end), _l("transfer {end} is an unknown region {region!r}", end=end, region=raw[end]))
        if raw["origin"] == raw["destination"]:
            self.add(_jp(path, "destination"), _l("a transfer must lead to another region"))
        earliest = self.time(_jp(path, "depart_earliest"), raw["depart_earliest"])
        latest = self.time(_jp(path, "depart_latest"), raw["depart_latest"])
        if earliest and latest and latest < earliest:
            self.add(_jp(path, "depart_latest"), _l("departure window ends ({latest}) before it starts ({earliest})",
                                                    latest=f"{latest:%H:%M}", earliest=f"{earliest:%H:%M}"))
        if len(self.problems) > before or earliest is None or latest is None:
            return None
        return Transfer(id=raw["id"], origin=raw["origin"], destination=raw["destination"], mode=raw["mode"],
                        duration_minutes=raw["duration_minutes"], depart_earliest=earliest, depart_latest=latest,
                        description=raw.get("description", ""), sources=self.sources(raw["sources"]))

    def connected(self, data: Mapping[str, Any], regions: Mapping[str, Any]) -> None:
        """Every region must be reachable from the first (home) region and back."""
        if not regions or self.tainted("transfers"):
            return
        edges = [(t["origin"], t["destination"]) for t in data.get("transfers", ())
                 if isinstance(t, Mapping) and t.get("origin") in regions and t.get("destination") in regions]
        home = next(iter(regions))

        def reach(step: Callable[[tuple[str, str]], tuple[str, str]]) -> set[str]:
            seen, todo = {home}, [home]
            while todo:
                here = todo.pop()
                for a, b in map(step, edges):
                    if a == here and b not in seen:
                        seen.add(b)
                        todo.append(b)
            return seen

        there, back = reach(lambda e: e), reach(lambda e: (e[1], e[0]))
        for name in regions:
            if name not in there:
                self.add("$.transfers", _l("no transfer (or chain of transfers) leads from {home!r} to region {name!r}",
                                                  home=home, name=name))
            if name not in back:
                self.add("$.transfers", _l("no transfer (or chain of transfers) leads back from region {name!r} to "
                                                  "{home!r}", home=home, name=name))

    def rollout_rule(self, path: str, raw: Mapping[str, Any], sites: Mapping[str, Mapping[str, Any]]) -> RolloutRule | None:
        pad = raw.get("pad")
        if pad is not None and pad not in sites:
            self.add(_jp(path, "pad"), _l("roll-out rule for unknown pad {pad!r}", pad=pad))
            return None
        local = self.time(_jp(path, "local_time"), raw["local_time"])
        if local is None:
            return None
        return RolloutRule(days_before=raw["days_before"], local_time=local, vehicle=raw.get("vehicle"), pad=pad,
                           crewed=raw.get("crewed"), notes=raw.get("notes", ""), sources=self.sources(raw["sources"]))

    def launch(self, path: str, raw: Mapping[str, Any], sites: Mapping[str, Mapping[str, Any]],
               rules: Sequence[RolloutRule]) -> Launch | None:
        before = len(self.problems)
        pad = sites.get(raw["pad"])
        if pad is None:
            self.add(_jp(path, "pad"), _l("launch from unknown pad {pad!r}: no site has that id", pad=raw["pad"]))
        elif pad.get("kind") != "launch-pad":
            self.add(_jp(path, "pad"), _l("site {pad!r} is a {kind}, not a launch-pad", pad=raw["pad"], kind=pad.get("kind")))
        slug = mission_slug(raw["mission"])
        if raw["id"] != slug:
            self.add(_jp(path, "id"), _l("launch id {id!r} is not the slug of its mission {mission!r} "
                                         "(expected {slug!r})", id=raw["id"], mission=raw["mission"], slug=slug))
        net = self.instant(_jp(path, "net"), raw["net"])
        updated = self.instant(_jp(path, "last_updated"), raw["last_updated"])
        window = [self.instant(_jp(path, k), raw[k]) if k in raw else None for k in ("window_start", "window_end")]
        start, end = window
        if net and start and net < start:
            self.add(_jp(path, "window_start"), _l("the window opens after net"))
        if net and end and end < net:
            self.add(_jp(path, "window_end"), _l("the window closes before net"))
        if net and updated and raw["status"] in {"Success", "Failure"} and net > updated:
            self.add(_jp(path, "status"), _l("status {status} for a launch after its last_updated ({updated})",
                                             status=raw["status"], updated=raw["last_updated"]))
        rule = next((r for r in rules if r.matches(raw["vehicle"], raw["pad"], raw["crewed"])), None)
        days = raw.get("rollout_days_before", rule.days_before if rule else None)
        local = (self.time(_jp(path, "rollout_local_time"), raw["rollout_local_time"])
                 if "rollout_local_time" in raw else rule.local_time if rule else time(7, 0))
        if days is None:
            self.add(path, _l("no rollout_rules entry matches vehicle {vehicle!r}, pad {pad!r}, crewed {crewed}; "
                              "add a rule or set rollout_days_before", vehicle=raw["vehicle"], pad=raw["pad"],
                              crewed=raw["crewed"]))
        if len(self.problems) > before or net is None or updated is None or days is None or local is None:
            return None
        return Launch(
            id=raw["id"], mission=raw["mission"], vehicle=raw["vehicle"], pad=raw["pad"], net=net,
            status=LaunchStatus(raw["status"]), precision=Precision(raw["precision"]), last_updated=updated,
            window_start=start, window_end=end, crewed=raw["crewed"], rollout_days_before=days,
            rollout_local_time=local, notes=raw.get("notes", ""), sources=self.sources(raw["sources"]),
            ll2_id=raw.get("ll2_id"),
        )


_T = TypeVar("_T")


def _kept(items: Iterable[_T | None]) -> list[_T]:
    return [item for item in items if item is not None]


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute
