"""The catalogue's rules: one validator for the seed loader and for operator edits.

Two passes, every problem collected (not just the first):

1. JSON Schema (data/sites.schema.json, draft 2020-12): shapes, types, "HH:MM" times, ISO dates,
   UTC instants, enums, coordinate ranges.
2. Meaning: time zones known to the pinned `tzdata`, a site's zone equal to its region's, sites
   near their region, references (site -> region, rule -> site/region, transfer -> regions,
   launch -> pad), unique ids, intervals that close after they open, seasons that do not overlap,
   closures that end after they start, every region reachable by transfers, a roll-out rule for
   every launch.

The checks live by subject (validate_hours, validate_sites, validate_rules, validate_launches, on the
bookkeeping of validate_base); this module runs them in order. The input is a whole catalogue in the
seed's JSON shape: store/seed.py reads it from a file; operator edits (services/edits.py) write the
catalogue out in that shape with one record replaced, so an edit passes exactly the rules a seed load
does. Problems name the JSON path (`$.sites[3].timezone`). Records with schema errors are not checked
again for meaning, so one mistake gives one message.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..messages import Msg as _l
from ..planning.model import Catalogue, TravelModel
from .validate_base import Problem, _jp, _object
from .validate_launches import LaunchChecks, mission_slug
from .validate_rules import RuleChecks
from .validate_sites import MAX_KM_FROM_REGION, SiteChecks

SCHEMA_NAME = "sites.schema.json"

__all__ = ["MAX_KM_FROM_REGION", "SCHEMA_NAME", "Problem", "SeedError", "_object", "check_catalogue",
           "default_schema_path", "mission_slug"]


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


def check_catalogue(data: object, source: str, *, schema_path: Path | None = None) -> Catalogue:
    """Validate and convert a whole catalogue in the seed's JSON shape; raises SeedError naming `source`."""
    validator = _validator((schema_path or default_schema_path()).resolve())
    checker = _Checker(source)
    checker.duplicate_keys(data, "$")
    for error in _schema_errors(validator, data):
        checker.schema_error(error)
    catalogue = checker.build(data)
    if checker.problems or catalogue is None:
        raise SeedError(source, sorted(checker.problems, key=lambda p: _path_key(p.path)))
    return catalogue


_KNOWN_VALID: set[tuple[int, str, str]] = set()  # (schema, section, record's JSON) that passed it
_KNOWN_LIMIT = 50_000


def _schema_errors(validator: Draft202012Validator, data: object) -> Iterator[ValidationError]:
    """The schema's complaints about `data`, the same as `validator.iter_errors(data)`.

    Records already seen valid (by their exact JSON) are not validated again: an operator's edit
    checks the whole catalogue, in which only the edited record is new, and validating every record
    each time cost a third of a second per edit (two per move through the form).
    """
    properties = validator.schema.get("properties", {})
    if not isinstance(data, dict):
        yield from validator.iter_errors(data)
        return
    skeleton, records = dict(data), []
    for key, value in data.items():
        items = properties.get(key, {}).get("items") if isinstance(properties.get(key), dict) else None
        if isinstance(value, list) and len(value) > 1 and isinstance(items, dict):
            skeleton[key] = value[:1]  # the section's own rules (type, minItems) and its first record
            records += [(key, index, record, items) for index, record in enumerate(value) if index]
    yield from validator.iter_errors(skeleton)
    for key, index, record, items in records:
        seen = (id(validator.schema), key, json.dumps(record, sort_keys=True, default=str))
        if seen in _KNOWN_VALID:
            continue
        errors = list(validator.descend(record, items, path=index, schema_path="items"))
        for error in errors:
            error.path.appendleft(key)  # as iter_errors on the whole document names it
            yield error
        if not errors:
            if len(_KNOWN_VALID) >= _KNOWN_LIMIT:
                _KNOWN_VALID.clear()
            _KNOWN_VALID.add(seen)


def _path_key(path: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", path) if p)


class _Checker(SiteChecks, RuleChecks, LaunchChecks):
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
        region_raw = self.ids(data, "regions")
        site_raw = self.ids(data, "sites")
        for path, raw in self.records(data, "sites"):
            if raw["id"] in region_raw:
                self.add(_jp(path, "id"), _l("site id {id!r} is also a region id; ids must not be ambiguous", id=raw["id"]))

        regions = _kept(self.region(path, raw) for path, raw in self.records(data, "regions"))
        sites = _kept(self.site(path, raw, region_raw) for path, raw in self.records(data, "sites"))
        rules = _kept(self.access_rule(path, raw, site_raw, region_raw)
                      for path, raw in self.records(data, "access_rules"))
        transfers = _kept(self.transfer(path, raw, region_raw) for path, raw in self.records(data, "transfers"))
        self.connected(data, region_raw)
        rollout_rules = _kept(self.rollout_rule(path, raw, site_raw)
                              for path, raw in self.records(data, "rollout_rules"))
        launches = _kept(self.launch(path, raw, site_raw, rollout_rules)
                         for path, raw in self.records(data, "launches"))
        travel_raw = data.get("travel")
        travel = (TravelModel(**{k: travel_raw[k] for k in ("road_factor", "speed_kmh", "minimum_minutes")
                                 if k in travel_raw})
                  if isinstance(travel_raw, Mapping) and not self.tainted("travel") else TravelModel())
        if self.problems:
            return None
        return Catalogue(sites=tuple(sites), regions=tuple(regions), access_rules=tuple(rules),
                         transfers=tuple(transfers), launches=tuple(launches), travel=travel,
                         rollout_rules=tuple(rollout_rules))


_T = TypeVar("_T")


def _kept(items: Iterable[_T | None]) -> list[_T]:
    return [item for item in items if item is not None]
