"""Access rules (a site's or a whole region's) in the seed's shape -> AccessRule.

A rule names exactly one of site or region; permits and pre-registrations need lead days with a
"*" entry for every other nationality; documents are short names, listed once each.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..messages import Msg as _l
from ..planning.model import AccessRule, texts
from .validate_base import Checks, _jp


class RuleChecks(Checks):
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
        documents = tuple(d.strip() for d in raw.get("documents", ()))
        for j, name in enumerate(documents):
            if not name:
                self.add(_jp(path, "documents", j), _l("a document needs a name (e.g. passport)"))
            elif name.lower() in (d.lower() for d in documents[:j]):
                self.add(_jp(path, "documents", j), _l("{name!r} is listed twice", name=name))
        if len(self.problems) > before:
            return None
        return AccessRule(
            id=raw["id"], kind=raw["kind"], title=raw["title"], site=site, region=region,
            lead_days=tuple(sorted(raw.get("lead_days", {}).items())),
            passport_required=raw.get("passport_required", False), guided_only=raw.get("guided_only", False),
            min_age=raw.get("min_age"), group_min=gmin, group_max=gmax,
            allowed_nationalities=tuple(raw.get("allowed_nationalities", ())),
            photography=raw.get("photography", ""), documents=documents, notes=raw.get("notes", ""),
            sources=self.sources(raw["sources"]), title_i18n=texts(raw.get("title_i18n")),
            notes_i18n=texts(raw.get("notes_i18n")),
        )
