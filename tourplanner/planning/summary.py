"""What a trip really holds, in words for its title and the top of its page (honest failures).

The title names only the regions where something is planned (a visit, a launch event, the traveller's
own item): a trip whose Baikonur permit came too late is "Moscow", not "Moscow & Baikonur". The
headline says first what cannot happen and why: the launch moved, a launch viewing or a must-see not in
the plan, a pinned item the plan could not reach. The booking line speaks only of what is planned.
Pure: pages, mails and the API take these words as they are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import explain
from .describe import long_date
from .i18n import gettext, ngettext
from .model import Catalogue, Itinerary

REAL = ("visit", "rollout", "launch", "own")  # items that make a region part of the trip
HEADLINE_WARNINGS = (explain.LAUNCH_MOVED, explain.MUST_SEE_MISSED, explain.FIXED_CONFLICT, explain.PINNED_CLOSED)
EVENT_WORDS = {"launch": "launch", "rollout": "roll-out"}


@dataclass(frozen=True)
class TripSummary:
    title: str  # "Moscow & Baikonur"
    headline: tuple[str, ...]  # what cannot happen and why, most important first
    launch_planned: bool
    visits: int  # visits in the plan (pinned ones included)
    missing: int  # requested sites and launch events not in the plan
    free_days: int  # days with nothing planned and no transfer
    booking: str  # the deadlines of what is planned, in one sentence


def region_name(catalogue: Catalogue, region_id: str) -> str:
    region = next((r for r in catalogue.regions if r.id == region_id), None)
    return region.name.split(" (")[0] if region is not None else region_id


def trip_title(itinerary: Itinerary, catalogue: Catalogue) -> str:
    """'Moscow & Baikonur': the regions where something is really planned, in the trip's order."""
    regions = dict.fromkeys(d.region for d in itinerary.days if any(i.type in REAL for i in d.items))
    return " & ".join(region_name(catalogue, r) for r in regions) or gettext("Trip")


def headline(itinerary: Itinerary, catalogue: Catalogue) -> tuple[str, ...]:
    """Top-of-page sentences: the launch first (moved, or not in the plan and why), then must-sees and
    pinned items the plan could not keep to."""
    out: list[str] = [w.message for w in itinerary.warnings if w.code == explain.LAUNCH_MOVED]
    launches = {x.id: x.mission for x in catalogue.launches}
    by_launch: dict[str, list[tuple[str, str]]] = {}
    for u in itinerary.unscheduled:
        if u.kind in EVENT_WORDS and u.launch is not None and u.reasons:
            by_launch.setdefault(u.launch, []).append((u.kind, u.reasons[0].message))
    for launch, missed in by_launch.items():
        kinds = [k for k, _ in missed]
        why = next((m for k, m in missed if k == "launch"), missed[0][1])
        mission = launches.get(launch, launch)
        if "launch" not in kinds:
            out.append(gettext("The %(mission)s roll-out is not in this plan. %(why)s", mission=mission, why=why))
        elif "rollout" in kinds:
            out.append(gettext("The %(mission)s launch is not in this plan (nor the roll-out). %(why)s",
                               mission=mission, why=why))
        else:
            out.append(gettext("The %(mission)s launch is not in this plan. %(why)s", mission=mission, why=why))
    out += [w.message for w in itinerary.warnings if w.code in HEADLINE_WARNINGS and w.code != explain.LAUNCH_MOVED]
    return tuple(dict.fromkeys(out))


def booking_line(itinerary: Itinerary) -> str:
    if not itinerary.deadlines:
        return gettext("Nothing in this plan needs booking ahead.")
    first = itinerary.deadlines[0]
    return ngettext("%(num)d thing to book ahead for this plan; the first by %(date)s.",
                    "%(num)d things to book ahead for this plan; the first by %(date)s.",
                    len(itinerary.deadlines), date=long_date(first.due))


def summarize(itinerary: Itinerary, catalogue: Catalogue) -> TripSummary:
    items = itinerary.items()
    free = sum(1 for d in itinerary.days if not any(i.type in (*REAL, "transfer") for i in d.items))
    return TripSummary(
        title=trip_title(itinerary, catalogue), headline=headline(itinerary, catalogue),
        launch_planned=any(i.type == "launch" for i in items),
        visits=sum(1 for i in items if i.type == "visit"), missing=len(itinerary.unscheduled), free_days=free,
        booking=booking_line(itinerary))


def summary_to_json(summary: TripSummary) -> dict[str, Any]:
    return {"title": summary.title, "headline": list(summary.headline), "launch_planned": summary.launch_planned,
            "visits": summary.visits, "missing": summary.missing, "free_days": summary.free_days,
            "booking": summary.booking}
