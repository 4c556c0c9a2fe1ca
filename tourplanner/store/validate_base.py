"""The validator's bookkeeping, shared by the checks of each subject (sites and hours, rules, launches).

`Checks` collects problems by JSON path, remembers records the schema already complained about (so
one mistake gives one message) and reads the scalars every subject uses: times, dates, UTC instants,
time zones, sources.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from jsonschema.exceptions import ValidationError

from ..messages import Msg
from ..messages import Msg as _l
from ..planning.model import Source
from ..planning.tz import is_known, tzdata_version


@dataclass(frozen=True)
class Problem:
    path: str  # JSONPath, e.g. "$.sites[3].timezone"
    message: str


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
    """jsonschema's own English for the common rules, kept as the text, with a translatable template."""
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


class Checks:
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

    def month_day(self, path: str, value: str) -> tuple[int, int] | None:
        """"MM-DD" that exists every year (not 29 February)."""
        try:
            month, day = (int(x) for x in value.split("-"))
            date(2001, month, day)
        except ValueError:
            self.add(path, _l("{value!r} is not a day that exists every year (MM-DD, not 02-29)", value=value))
            return None
        return month, day

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

    def records(self, data: Mapping[str, Any], section: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        items = data.get(section)
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, Mapping) and not self.tainted(section, i):
                yield _jp("$", section, i), item

    @staticmethod
    def ids(data: Mapping[str, Any], section: str) -> dict[str, Mapping[str, Any]]:
        items = data.get(section)
        out: dict[str, Mapping[str, Any]] = {}
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                out.setdefault(item["id"], item)
        return out
