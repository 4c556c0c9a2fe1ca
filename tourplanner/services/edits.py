"""Catalogue edits, the common part: one validator, stale-edit detection, the shape of a proposal.

An edit is a record (a site, a launch) in the seed's JSON shape (store/seed_json.py). It is checked
by writing the whole catalogue out with that record replaced and running the seed loader's rules
(store/validate.py), so the operator pages, the API, the LL2 sync and `tourplanner init` can never
disagree about what is valid. Problems come back per field, in the record's own terms.

Stale edits: every record has an ETag (a digest of its JSON); the editor sends the one it started
from, and a save against a record that changed meanwhile raises Conflict instead of overwriting.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..messages import Msg as _l
from ..planning.model import Catalogue
from ..store.seed_json import catalogue_json
from ..store.validate import SeedError, check_catalogue


class EditErrors(ValueError):
    """The edit breaks a rule: `errors` maps a field path ("hours.weekly.mon[0].close", "" = the
    record as a whole) to what is wrong, in the operator's words."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k or 'record'}: {v}" for k, v in errors.items()))


class Conflict(Exception):
    """Someone else changed the record since the editor loaded it: nothing was written."""

    def __init__(self, record: str, current: dict[str, Any] | None) -> None:
        self.record = record
        self.current = current
        super().__init__(f"{record} changed since you opened it")


class NotFound(LookupError):
    pass


def etag(record: dict[str, Any] | None) -> str:
    """A strong validator for a record's JSON (order-independent)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class AffectedTrip:
    """A saved trip an edit would change, as the preview lists it (no share key: operators need none)."""

    trip_id: int
    start_date: str
    end_date: str
    launch: str | None
    days: tuple[str, ...] = ()  # ISO days whose plan the change touches (site changes)


@dataclass(frozen=True)
class Proposal:
    """What an edit would do, before it is applied: shown on the preview page and answered by the API."""

    record: str  # "site:star-city", "launch:soyuz-ms-30"
    before: dict[str, Any] | None  # None: a new record
    after: dict[str, Any]
    summary: str  # public words: what changed, never who
    affected: tuple[AffectedTrip, ...] = ()  # the first PREVIEW_LIMIT of them
    affected_count: int = 0  # all of them
    confirm: tuple[str, ...] = ()  # reasons the operator must confirm explicitly (past date, > 1 year)
    changed: tuple[str, ...] = field(default=())  # top-level fields that differ


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[str, ...]:
    if before is None:
        return tuple(after)
    return tuple(k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k))


_SECTION_PATH = re.compile(r"^\$\.(?P<section>\w+)\[(?P<index>\d+)\]\.?(?P<rest>.*)$")


def validate(catalogue: Catalogue, section: str, record: dict[str, Any]) -> Catalogue:
    """The catalogue with `record` put in `section` (replacing the one with its id), checked by the
    seed's rules; raises EditErrors with the problems of that record by field, others on ""."""
    document = catalogue_json(catalogue)
    items: list[dict[str, Any]] = document[section]
    index = next((i for i, item in enumerate(items) if item.get("id") == record.get("id")), len(items))
    if index == len(items):
        items.append(record)
    else:
        items[index] = record
    try:
        return check_catalogue(document, f"{section[:-1]} {record.get('id', '')}")
    except SeedError as error:
        errors: dict[str, str] = {}
        for problem in error.problems:
            match = _SECTION_PATH.match(problem.path)
            if match and match["section"] == section and int(match["index"]) == index:
                key = match["rest"]
            elif match:
                key = ""  # another record broke: say which, the operator's change caused it
                problem_text = _l("{section} {id}: {problem}", section=match["section"],
                                  id=items[int(match["index"])].get("id", ""), problem=problem.message) \
                    if match["section"] == section else problem.message
                errors.setdefault(key, problem_text)
                continue
            else:
                key = ""
            errors.setdefault(key, problem.message)
        raise EditErrors(errors) from error


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
