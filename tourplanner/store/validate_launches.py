"""Roll-out rules and launches in the seed's shape -> RolloutRule, Launch.

A launch's id is the slug of its mission, its pad a launch-pad site, its window around its NET, and a
roll-out rule (or its own override) says when the rocket goes to the pad.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import time
from typing import Any

from ..messages import Msg as _l
from ..planning.model import Launch, LaunchStatus, Precision, RolloutRule
from .validate_base import Checks, _jp


def mission_slug(mission: str) -> str:
    """'Soyuz MS-05' -> 'soyuz-ms-05'; 'Progress M-UM' -> 'progress-m-um'."""
    return re.sub(r"[^a-z0-9]+", "-", mission.lower()).strip("-")


class LaunchChecks(Checks):
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

