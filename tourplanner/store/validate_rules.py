"""Access rules (a site's or a whole region's) in the seed's shape -> AccessRule.

A rule names exactly one of site or region; permits and pre-registrations need lead days with a
"*" entry for every other nationality; documents are short names, listed once each.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..planning.model import AccessRule
from .validate_base import Checks, _jp


class RuleChecks(Checks):
    def access_rule(self, path: str, raw: Mapping[str, Any], sites: Mapping[str, Any],
                    regions: Mapping[str, Any]) -> AccessRule | None:
        before = len(self.problems)
        site, region = raw.get("site"), raw.get("region")
        if (site is None) == (region is None):
            self.add(path, "an access rule names exactly one of `site` or `region`")
        if site is not None and site not in sites:
            self.add(_jp(path, "site"), f"access rule for unknown site {site!r}")
        if region is not None and region not in regions:
            self.add(_jp(path, "region"), f"access rule for unknown region {region!r}")
        if raw["kind"] in {"permit", "pre_registration"} and not raw.get("lead_days"):
            self.add(_jp(path, "lead_days"), f"a {raw['kind']} rule needs lead_days (use \"*\" for everyone)")
        if raw.get("lead_days") and "*" not in raw["lead_days"]:
            self.add(_jp(path, "lead_days"), "lead_days needs a \"*\" entry for every other nationality")
        gmin, gmax = raw.get("group_min"), raw.get("group_max")
        if gmin is not None and gmax is not None and gmin > gmax:
            self.add(_jp(path, "group_min"), f"group_min {gmin} is larger than group_max {gmax}")
        documents = tuple(d.strip() for d in raw.get("documents", ()))
        for j, name in enumerate(documents):
            if not name:
                self.add(_jp(path, "documents", j), "a document needs a name (e.g. passport)")
            elif name.lower() in (d.lower() for d in documents[:j]):
                self.add(_jp(path, "documents", j), f"{name!r} is listed twice")
        if len(self.problems) > before:
            return None
        return AccessRule(
            id=raw["id"], kind=raw["kind"], title=raw["title"], site=site, region=region,
            lead_days=tuple(sorted(raw.get("lead_days", {}).items())),
            passport_required=raw.get("passport_required", False), guided_only=raw.get("guided_only", False),
            min_age=raw.get("min_age"), group_min=gmin, group_max=gmax,
            allowed_nationalities=tuple(raw.get("allowed_nationalities", ())),
            photography=raw.get("photography", ""), documents=documents, notes=raw.get("notes", ""),
            sources=self.sources(raw["sources"]),
        )
