"""Launch Library 2 sync: upsert the catalogue's launches from an LL2 `/launch/` answer.

Only launches from the catalogue's pads are taken: a pad matches by the LL2 pad id kept on the site,
else by position (within 2 km). A launch near a catalogue pad (within 100 km: the same cosmodrome) on
a pad the catalogue does not have is reported, never invented; launches from elsewhere are ignored.
Launches match by LL2 id, else by mission name (and then remember the LL2 id). Every write goes
through the same path as an operator's edit (validated, recorded with source "ll2", slip kept, trips
re-planned); an LL2 record older than the catalogue's `last_updated` does not overwrite it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from ..planning.model import Catalogue, Launch, Site
from ..store.seed import mission_slug
from ..store.seed_json import instant, launch_json
from .catalogue import load_catalogue
from .edits import EditErrors
from .launch_edits import apply_launch
from .ll2 import LL2FormatError, LL2Launch, LL2Pad, parse_answer
from .ll2_fetch import fetch

PAD_KM = 2.0
SAME_PLACE_KM = 100.0
NOTE = "Updated from Launch Library 2."


@dataclass
class SyncReport:
    moved: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the catalogue had a newer edit
    ignored: list[str] = field(default_factory=list)
    unknown_pads: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    affected_trips: int = 0

    def lines(self) -> list[str]:
        out = [f"moved: {', '.join(self.moved) or '-'}", f"created: {', '.join(self.created) or '-'}",
               f"updated: {', '.join(self.updated) or '-'}", f"unchanged: {len(self.unchanged)}",
               f"ignored (not from a catalogue pad): {len(self.ignored)}",
               f"trips marked for re-planning: {self.affected_trips}"]
        out += [f"kept (catalogue is newer): {k}" for k in self.kept]
        out += [f"unknown pad: {u}" for u in self.unknown_pads]
        out += [f"error: {e}" for e in self.errors]
        return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def match_pad(pad: LL2Pad, pads: list[Site]) -> Site | None:
    by_id = next((p for p in pads if p.ll2_pad_id == pad.id), None)
    if by_id is not None:
        return by_id
    near = sorted((_km(pad.lat, pad.lon, p.lat, p.lon), p.id, p) for p in pads)
    return near[0][2] if near and near[0][0] <= PAD_KM else None


def _existing(catalogue: Catalogue, launch: LL2Launch) -> Launch | None:
    by_id = next((x for x in catalogue.launches if x.ll2_id == launch.id), None)
    if by_id is not None:
        return by_id
    slug = mission_slug(launch.mission)
    return next((x for x in catalogue.launches if x.ll2_id is None
                 and (x.id == slug or x.mission.casefold() == launch.mission.casefold())), None)


def _record(launch: LL2Launch, pad: Site, existing: Launch | None) -> dict[str, Any]:
    if existing is not None:
        record = launch_json(existing)
    else:
        record = {"id": mission_slug(launch.mission), "mission": launch.mission, "vehicle": launch.vehicle,
                  "crewed": launch.crewed, "notes": f"Added by the Launch Library 2 sync ({launch.name}).",
                  "sources": [{"title": "Launch Library 2", "url": launch.url, "confidence": "M"} if launch.url
                              else {"title": "Launch Library 2", "confidence": "M"}]}
    record.update(pad=pad.id, net=instant(launch.net), status=launch.status, precision=launch.precision,
                  last_updated=instant(launch.last_updated), ll2_id=launch.id)
    for key, value in (("window_start", launch.window_start), ("window_end", launch.window_end)):
        if value is None:
            record.pop(key, None)
        else:
            record[key] = instant(value)
    return record


def sync(engine: Engine, launches: list[LL2Launch]) -> SyncReport:
    report = SyncReport()
    for launch in launches:
        catalogue = load_catalogue(engine)
        pads = [s for s in catalogue.sites if s.kind == "launch-pad"]
        pad = match_pad(launch.pad, pads)
        if pad is None:
            if any(_km(launch.pad.lat, launch.pad.lon, p.lat, p.lon) <= SAME_PLACE_KM for p in pads):
                report.unknown_pads.append(f"{launch.name}: LL2 pad {launch.pad.id} {launch.pad.name!r} at "
                                           f"{launch.pad.lat:.4f}, {launch.pad.lon:.4f} is not in the catalogue")
            else:
                report.ignored.append(launch.name)
            continue
        existing = _existing(catalogue, launch)
        if existing is not None and launch.last_updated < existing.last_updated:
            report.kept.append(f"{existing.id} (catalogue {existing.last_updated:%Y-%m-%d %H:%M}Z is newer)")
            continue
        record = _record(launch, pad, existing)
        if existing is not None and _same(launch_json(existing), record):
            report.unchanged.append(existing.id)
            continue
        try:
            applied = apply_launch(engine, existing.id if existing else None, record, base=None, actor_id=None,
                                   source="ll2", note=NOTE, confirmed=True, origin="ll2")
        except EditErrors as error:
            report.errors.append(f"{launch.name}: {error}")
            continue
        report.affected_trips += applied.affected
        if existing is None:
            report.created.append(record["id"])
        elif instant(existing.net) != record["net"]:
            report.moved.append(existing.id)
        else:
            report.updated.append(existing.id)
    return report


def _same(current: dict[str, Any], record: dict[str, Any]) -> bool:
    def strip(value: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in value.items() if k != "last_updated"}

    return strip(current) == strip(record)


def read_file(path: str) -> list[LL2Launch]:
    with open(path, encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as error:
            raise LL2FormatError(f"{path}: not JSON: {error}") from error
    return parse_answer(data)


__all__ = ["SyncReport", "fetch", "match_pad", "read_file", "sync"]
