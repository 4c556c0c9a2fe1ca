"""The earliest later dates (same length) that schedule what a plan could not: searched, not guessed.

What was missing: the must-see sites that are not in the plan, and every requested site the plan lacks
for a reason that other dates can change (a permit's lead time, a closure, no time, the hours); refusals
(age, nationality, group size, unknown) and a launch (fixed in time; see choices.py) are not searched
for. The search plans the trip again with its start 1, 2, ... days later, from a sound lower bound (no
visit can happen before its permit can be ready) up to a year, and answers the first start whose plan
schedules every missing site; the day before it is planned too, and does not.

Pinned and own items move with the dates (as choices.shift does), so a suggestion is a whole trip.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from . import explain
from .access import assess
from .choices import shift
from .explain import date_span
from .i18n import gettext, ngettext
from .model import Catalogue, Itinerary, PlanRequest, Suggestion
from .planner import plan

MOVABLE = frozenset({explain.PERMIT_LEAD_TIME, explain.CLOSED, explain.NO_TIME, explain.OUTSIDE_DAY})
HORIZON_DAYS = 366
MAX_PLANS = 60  # a bound on the work of one answer (a week's plan is ~0.1 s)
MAX_PLAN_DAYS = 300  # and on the days planned in all (a 60-day plan is ~3 s): a dozen tries of a long trip


def missing(request: PlanRequest, itinerary: Itinerary) -> tuple[str, ...]:
    """Sites the search should bring into the plan, in request order."""
    codes = {u.site: {r.code for r in u.reasons} for u in itinerary.unscheduled if u.kind == "visit"}
    wanted = dict.fromkeys((*request.must_see, *request.sites))
    return tuple(s for s in wanted if s in codes and (s in request.must_see or codes[s] & MOVABLE)
                 and not codes[s] - MOVABLE)


def earliest_dates(request: PlanRequest, catalogue: Catalogue, itinerary: Itinerary | None = None
                   ) -> Suggestion | None:
    """The first later start whose plan schedules every missing site (None: nothing missing, or no such
    start within a year and the work budget: MAX_PLANS plans, MAX_PLAN_DAYS days planned)."""
    itinerary = itinerary if itinerary is not None else plan(request, catalogue)
    targets = missing(request, itinerary)
    if not targets:
        return None
    tried: dict[int, bool] = {0: False}

    def works(days: int) -> bool:
        if days not in tried:
            moved = shift(request, days)
            placed = {i.site for i in plan(moved, catalogue).items() if i.type == "visit"}
            tried[days] = all(t in placed for t in targets)
        return tried[days]

    found = None
    length = (request.end_date - request.start_date).days + 1
    budget = min(MAX_PLANS, max(2, MAX_PLAN_DAYS // length))
    for days in range(max(1, lower_bound(request, catalogue, targets)), HORIZON_DAYS + 1):
        if len(tried) > budget:
            return None
        if works(days):
            found = days
            break
    if found is None:
        return None
    while found > 1 and works(found - 1):  # the bound is sound, but the claim is checked, not assumed
        found -= 1
    start = request.start_date + timedelta(days=found)
    end = request.end_date + timedelta(days=found)
    names = ", ".join(next(s.name for s in catalogue.sites if s.id == t) for t in targets)
    message = ngettext("From %(dates)s (the same %(num)d day) the plan has %(names)s.",
                       "From %(dates)s (the same %(num)d days) the plan has %(names)s.", (end - start).days + 1,
                       dates=date_span(start, end), names=names)
    if request.launch is not None:
        mission = next((x.mission for x in catalogue.launches if x.id == request.launch), request.launch)
        message += " " + gettext("The %(mission)s launch stays on its own date.", mission=mission)
    return Suggestion(kind="move_dates", start_date=start, end_date=end, message=message)


def lower_bound(request: PlanRequest, catalogue: Catalogue, targets: tuple[str, ...]) -> int:
    """Days to move the start at least: each target's visit day is no earlier than its permit (site and
    region rules, the longest lead of the party) allows, and no later than the trip's last day."""
    length = (request.end_date - request.start_date).days
    bound = 0
    sites = {s.id: s for s in catalogue.sites}
    for target in targets:
        site = sites.get(target)
        if site is None:
            continue
        rules = sorted((r for r in catalogue.access_rules if r.site == site.id or r.region == site.region),
                       key=lambda r: r.id)
        verdict = assess(rules, request.people, request.party_size, site.name)
        ready = max((lead.earliest_day(request.booking_date) for lead in verdict.leads), default=None)
        if ready is not None:
            bound = max(bound, (ready - request.start_date).days - length)
        moved = True
        while moved:  # a dated closure that covers every day of the moved trip: past its end at least
            end = request.end_date + timedelta(days=bound)
            cover = [c for c in site.closures if c.start <= end - timedelta(days=length) and end <= c.end]
            moved = bool(cover)
            if cover:
                bound = max(bound, (max(c.end for c in cover) - request.end_date).days + 1)
    return bound


def with_suggestions(request: PlanRequest, catalogue: Catalogue, previous: Itinerary | None = None) -> Itinerary:
    """plan(), with `suggestions` when something the dates could fix is missing (plan answers use this)."""
    itinerary = plan(request, catalogue, previous)
    found = earliest_dates(request, catalogue, itinerary)
    return replace(itinerary, suggestions=(found,)) if found is not None else itinerary
