"""Launch Library 2 (API 2.3.0) `/launch/` answers -> plain launch facts. Pure: no database, no network.

Only what the catalogue keeps is read: `id` (UUID), `name`, `mission.name`, `net`, `window_start`,
`window_end`, `net_precision`, `status.abbrev`, `rocket.configuration.name`, `mission.type`,
`pad {id, name, latitude, longitude, location.timezone_name}`, `last_updated`. A result that lacks
one of the required fields is reported with its position, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: LL2 status abbreviations -> the catalogue's statuses.
STATUS = {"go": "Go", "tbd": "TBD", "tbc": "TBC", "hold": "Hold", "success": "Success", "failure": "Failure",
          "partial failure": "Failure", "in flight": "Success"}

#: LL2 net_precision names/abbreviations -> the catalogue's precisions (quarters and halves round up).
PRECISION = {"sec": "second", "second": "second", "min": "minute", "minute": "minute", "hr": "hour",
             "hour": "hour", "day": "day", "mon": "month", "month": "month", "q": "quarter", "quarter": "quarter",
             "h": "year", "half": "year", "yr": "year", "year": "year", "fy": "year"}

CREWED_TYPES = {"human exploration", "tourism"}


class LL2FormatError(ValueError):
    pass


@dataclass(frozen=True)
class LL2Pad:
    id: int
    name: str
    lat: float
    lon: float
    timezone: str


@dataclass(frozen=True)
class LL2Launch:
    id: str
    name: str
    mission: str
    vehicle: str
    crewed: bool
    net: datetime
    window_start: datetime | None
    window_end: datetime | None
    precision: str
    status: str
    pad: LL2Pad
    last_updated: datetime
    url: str = ""


def _instant(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise LL2FormatError(f"{where}: expected an ISO 8601 instant, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise LL2FormatError(f"{where}: not an ISO 8601 instant: {value!r}") from error
    if parsed.tzinfo is None:
        raise LL2FormatError(f"{where}: an instant without an offset: {value!r}")
    return parsed.astimezone(UTC)


def _optional_instant(value: Any, where: str) -> datetime | None:
    return None if value is None else _instant(value, where)


def _precision(raw: Any) -> str:
    """`net_precision` is an object ({name, abbrev}) in 2.3.0; unknown or missing: "day"."""
    if isinstance(raw, dict):
        for key in ("abbrev", "name"):
            word = str(raw.get(key) or "").strip().lower()
            word = re.sub(r"\d+$", "", word)  # Q1..Q4, H1, H2
            if word in PRECISION:
                return PRECISION[word]
    return "day"


def _mission(result: dict[str, Any]) -> str:
    """LL2's mission.name, else the part of `name` after "| " (DESIGN.md's matching rule)."""
    mission = result.get("mission")
    if isinstance(mission, dict) and isinstance(mission.get("name"), str) and mission["name"].strip():
        return str(mission["name"]).strip()
    name = str(result.get("name") or "")
    return name.split("| ", 1)[1].strip() if "| " in name else name.strip()


def _vehicle(result: dict[str, Any], name: str) -> str:
    rocket = result.get("rocket")
    config = rocket.get("configuration") if isinstance(rocket, dict) else None
    words = str(config.get("name") or "") if isinstance(config, dict) else ""
    words = words or (name.split(" |", 1)[0] if " |" in name else "unknown")
    return words.strip().replace(" ", "-")  # "Soyuz 2.1a" -> "Soyuz-2.1a", the catalogue's spelling


def _pad(raw: Any, where: str) -> LL2Pad:
    if not isinstance(raw, dict):
        raise LL2FormatError(f"{where}: no pad")
    try:
        location = raw.get("location") or {}
        return LL2Pad(id=int(raw["id"]), name=str(raw.get("name") or ""), lat=float(raw["latitude"]),
                      lon=float(raw["longitude"]), timezone=str(location.get("timezone_name") or ""))
    except (KeyError, TypeError, ValueError) as error:
        raise LL2FormatError(f"{where}: pad needs id, latitude and longitude ({error})") from error


def parse_launch(result: Any, where: str) -> LL2Launch:
    if not isinstance(result, dict):
        raise LL2FormatError(f"{where}: not an object")
    for key in ("id", "name", "net", "last_updated"):
        if not result.get(key):
            raise LL2FormatError(f"{where}: missing {key!r}")
    status = result.get("status")
    abbrev = str(status.get("abbrev") or "").strip().lower() if isinstance(status, dict) else ""
    mission = result.get("mission")
    kind = str(mission.get("type") or "").lower() if isinstance(mission, dict) else ""
    name = str(result["name"])
    mission_words = _mission(result)
    return LL2Launch(
        id=str(result["id"]), name=name, mission=mission_words, vehicle=_vehicle(result, name),
        crewed=kind in CREWED_TYPES or mission_words.lower().startswith("soyuz ms"),
        net=_instant(result["net"], f"{where}.net"),
        window_start=_optional_instant(result.get("window_start"), f"{where}.window_start"),
        window_end=_optional_instant(result.get("window_end"), f"{where}.window_end"),
        precision=_precision(result.get("net_precision")), status=STATUS.get(abbrev, "TBD"),
        pad=_pad(result.get("pad"), f"{where}.pad"),
        last_updated=_instant(result["last_updated"], f"{where}.last_updated"), url=str(result.get("url") or ""),
    )


def parse_answer(data: Any) -> list[LL2Launch]:
    """The launches of one `/launch/` answer page (`results[]`)."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise LL2FormatError("not a Launch Library 2 /launch/ answer: no results list")
    return [parse_launch(result, f"results[{i}]") for i, result in enumerate(data["results"])]
