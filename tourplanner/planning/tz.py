"""Time zones from the `tzdata` package only, so results never depend on the host's tz database.

`zoneinfo.ZoneInfo(name)` prefers the system's /usr/share/zoneinfo (which may be older or newer
than the pinned package, e.g. for Asia/Qyzylorda's 2018 change or Asia/Almaty's 2024 one). Here
every zone is read from the `tzdata` wheel's files, whatever the host or PYTHONTZPATH says.
"""
from __future__ import annotations

from datetime import datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, reset_tzpath

import tzdata

__all__ = ["ZoneInfoNotFoundError", "available_zones", "is_known", "localize", "pin_tzdata", "tzdata_version",
           "zone"]


class PinnedZone(ZoneInfo):
    """A ZoneInfo read from the tzdata package. Pickles/deep-copies by name, back through `zone()`
    (plain `ZoneInfo.from_file` objects refuse to, which breaks `dataclasses.asdict` and `copy`)."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (zone, (str(self.key),))


def tzdata_version() -> str:
    """The IANA release of the pinned database, e.g. '2025b'."""
    return str(tzdata.IANA_VERSION)


@lru_cache(maxsize=1)
def available_zones() -> frozenset[str]:
    """Every zone name the pinned package ships (its `zones` list)."""
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def is_known(name: str) -> bool:
    return isinstance(name, str) and name in available_zones()


@cache
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, read from the `tzdata` package; raises ZoneInfoNotFoundError.

    The same name always returns the same object (cached), so zones compare and hash sensibly.
    """
    if not is_known(name):
        raise ZoneInfoNotFoundError(f"unknown time zone {name!r} (tzdata {tzdata_version()})")
    resource = resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
    with resource.open("rb") as fobj:
        return PinnedZone.from_file(fobj, key=name)


def pin_tzdata() -> None:
    """Make plain `ZoneInfo(name)` use the tzdata package too, process-wide (for libraries that build
    their own zones). Call it once at start-up (app factory, CLI); `zone()` does not need it."""
    reset_tzpath(to=[])
    ZoneInfo.clear_cache()


def localize(instant: datetime, name: str) -> datetime:
    """An aware instant shown in the zone `name` (naive datetimes are refused, not guessed)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant.isoformat()} cannot be localized to {name}")
    return instant.astimezone(zone(name))
