"""Request + catalogue -> itinerary: checks every requested site, lays out the days, asks the solver.

Order of work: access rules (refusals, lead times) -> where each day is spent (days.py) -> when each site
can start on those days (availability.py) -> one solver run (schedule.py) -> deadlines and reasons. Every
requested site ends in a visit or in `unscheduled` with at least one reason code; nothing here reads the
clock, so the same request and catalogue always give the same itinerary.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import explain, fixed
from .access import LeadTime, Verdict, assess
from .availability import DayWindows, day_windows
from .days import Layout, Miss, Planner, Stay, TripDay, gateway
from .describe import hhmm, long_date, status_words
from .events import LaunchEvents, launch_events
from .i18n import _, _l, english, language
from .model import (
    AccessRule,
    Catalogue,
    Day,
    Deadline,
    Item,
    Itinerary,
    Launch,
    PlanRequest,
    Reason,
    Site,
    Unscheduled,
    Warning,
)
from .pins import LegPin
from .prune import solver_input, timetable_keys
from .schedule import PACE, Candidate, FixedEvent, Scheduled, schedule
from .tz import zone
from .windows_cache import windows_memo

EVENT_NAMES = {"rollout": "roll-out", "launch": "launch"}
# "known to the year": the precision words whole (a bare "year" would be a different message).
PRECISION_WORDS = {"second": _l("to the second"), "minute": _l("to the minute"), "hour": _l("to the hour"),
                   "day": _l("to the day"), "month": _l("to the month"), "quarter": _l("to the quarter"),
                   "year": _l("to the year")}


def event_words(mission: str, kind: str) -> str:
    """'Soyuz MS-05 launch' / 'Soyuz MS-05 roll-out' in the current language."""
    if kind == "rollout":
        return _("%(mission)s roll-out", mission=mission)
    return _("%(mission)s launch", mission=mission)


def the(what: str, *, capital: bool = False) -> str:
    """'the Soyuz MS-05 launch' in English; other languages need no article."""
    if not english():
        return what
    return f"The {what}" if capital else f"the {what}"


def plan(request: PlanRequest, catalogue: Catalogue, previous: Itinerary | None = None) -> Itinerary:
    """The itinerary for `request`; deterministic (no clock, fixed solver seed and budget).

    The request is trusted to be valid (serialize.request_from_json checks JSON input); an empty date
    range is refused here because there would be no day to put anything on. `previous` is the trip's
    current itinerary in an automatic re-plan: when the launch has left the trip's dates, the trip keeps
    its days and transfers as they were (fixed.skeleton) instead of collapsing around the missing launch.
    The request's pinned and own items (`fixed`) are kept exactly in any case (planning/fixed.py).
    """
    if request.end_date < request.start_date:
        raise ValueError(f"end_date {request.end_date} is before start_date {request.start_date}")
    return _Planning(request, catalogue, previous).itinerary()


@dataclass(frozen=True)
class _Checked:
    """A requested site that passed the access rules, with what still constrains it."""

    site: Site
    verdict: Verdict  # site rules and region rules together (notes)
    site_leads: tuple[LeadTime, ...]  # site-specific lead times: visit day >= booking + days

    def earliest(self, booking: date) -> date | None:
        return max((lead.earliest_day(booking) for lead in self.site_leads), default=None)


class _Planning:
    def __init__(self, request: PlanRequest, catalogue: Catalogue, previous: Itinerary | None = None) -> None:
        self.request = request
        self.catalogue = catalogue
        self.previous = previous
        self.sites = {s.id: s for s in catalogue.sites}
        self.regions = fixed.with_lodging({r.id: r for r in catalogue.regions}, request)
        self.pinned = fixed.pinned_sites(request)
        self.zones: dict[str, ZoneInfo] = {r.id: zone(r.timezone) for r in catalogue.regions}
        self.requested = tuple(dict.fromkeys((*request.sites, *request.must_see)))
        self.must = frozenset(request.must_see)
        self.reasons: dict[str, list[Reason]] = {}
        self.event_reasons: dict[str, list[Reason]] = {}
        self.warnings: list[Warning] = []
        self._region_verdicts: dict[str, Verdict] = {}
        # Shared with the plans before over this catalogue object, day and language (windows_cache.py)
        self._windows = windows_memo(catalogue, request.day_start, request.day_end, language())

    # --- access --------------------------------------------------------------------------------------

    def rules(self, *, site: str | None = None, region: str | None = None) -> list[AccessRule]:
        """The rules of a site or a region, by id: the catalogue's order is not the same in every store."""
        return sorted((r for r in self.catalogue.access_rules
                       if (site is not None and r.site == site) or (region is not None and r.region == region)),
                      key=lambda r: r.id)

    def region_verdict(self, region: str) -> Verdict:
        if region not in self._region_verdicts:
            name = self.regions[region].name if region in self.regions else region
            self._region_verdicts[region] = assess(self.rules(region=region), self.request.people,
                                                   self.request.party_size, name)
        return self._region_verdicts[region]

    def region_lead(self, region: str) -> LeadTime | None:
        return max(self.region_verdict(region).leads, key=lambda lead: lead.days, default=None)

    def check_sites(self) -> list[_Checked]:
        checked = []
        pinned_only = sorted(self.pinned - set(self.requested))  # checked too: their rules and deadlines
        for site_id in (*self.requested, *pinned_only):
            site = self.sites.get(site_id)
            if site is None:
                self.refuse(site_id, explain.UNKNOWN_SITE, explain.unknown_site_message(site_id))
                continue
            if site.region not in self.regions:
                self.refuse(site_id, explain.UNREACHABLE, f"{site.name} is in a region the catalogue lacks.")
                continue
            own = assess(self.rules(site=site.id), self.request.people, self.request.party_size, site.name)
            verdict = own + self.region_verdict(site.region)
            for refusal in verdict.refusals:
                self.reasons.setdefault(site_id, []).append(refusal)
            if not verdict.refusals:
                checked.append(_Checked(site=site, verdict=verdict, site_leads=own.leads))
        return checked

    def refuse(self, site_id: str, code: str, message: str) -> None:
        self.reasons.setdefault(site_id, []).append(explain.reason(code, message))

    # --- the launch ----------------------------------------------------------------------------------

    def launch(self) -> LaunchEvents | None:
        if self.request.launch is None:
            return None
        launch = next((x for x in self.catalogue.launches if x.id == self.request.launch), None)
        pad = self.sites.get(launch.pad) if launch is not None else None
        if launch is None or pad is None or pad.region not in self.regions:
            self.warnings.append(explain.warning(explain.UNKNOWN_LAUNCH,
                                                 f"The catalogue has no launch {self.request.launch!r}."))
            return None
        events = launch_events(launch, pad, self.zones[pad.region])
        if not events.certain:
            self.warnings.append(explain.warning(explain.LAUNCH_UNCERTAIN, self.uncertain(launch, events)))
        for refusal in self.region_verdict(pad.region).refusals:
            for event in events.events:
                self.event_reasons.setdefault(event.key, []).append(refusal)
        return events

    @staticmethod
    def uncertain(launch: Launch, events: LaunchEvents) -> str:
        return _("%(mission)s is %(status)s with a date known %(precision)s; this plan assumes lift-off on "
                 "%(date)s at %(time)s local time and moves when the launch does.", mission=launch.mission,
                 status=status_words(launch.status.value), precision=_(PRECISION_WORDS.get(launch.precision.value, launch.precision.value)), date=long_date(events.liftoff.date()),
                 time=hhmm(events.liftoff.time()))

    # --- days ----------------------------------------------------------------------------------------

    def windows(self, site: Site, day: date) -> DayWindows:
        """`site` is the catalogue's own (self.sites): the memo is keyed by its id."""
        key = (site.id, day)
        found = self._windows.get(key)
        if found is None:
            found = self._windows[key] = day_windows(site, day, self.zones[site.region],
                                                     day_start=self.request.day_start,
                                                     day_end=self.request.day_end)
        return found

    def starts_on(self, site: Site, day: TripDay) -> list[tuple[datetime, datetime]]:
        """The site's start windows on a trip day; on an arrival day only those after the arrival."""
        starts = self.windows(site, day.day).starts
        if not day.arrival or day.opens is None:
            return list(starts)
        after = day.opens
        return [(max(a, after), b) for a, b in starts if b >= after]

    def lay_out(self, checked: list[_Checked], events: LaunchEvents | None) -> Layout:
        booking = self.request.booking_date
        by_id = {c.site.id: (c.site, c.earliest(booking)) for c in checked}

        known: dict[tuple[str, date, datetime | None], bool] = {}  # the layout asks the same many times

        def open_on(site_id: str, day: TripDay) -> bool:
            key = (site_id, day.day, day.opens if day.arrival else None)
            found = known.get(key)
            if found is None:
                site, earliest = by_id[site_id]
                found = known[key] = (earliest is None or day.day >= earliest) and bool(self.starts_on(site, day))
            return found

        stays: dict[str, list[str]] = {}
        for c in checked:
            stays.setdefault(c.site.region, []).append(c.site.id)
        anchor = events.pad.region if events is not None and events.rollout.key not in self.event_reasons else None
        if anchor is not None:
            stays.setdefault(anchor, [])
        planner = Planner(start=self.request.start_date, end=self.request.end_date,
                          home=gateway(self.catalogue), transfers=self.catalogue.transfers, zones=self.zones,
                          day_start=self.request.day_start, day_end=self.request.day_end, pace=PACE,
                          open_on=open_on, spare_days=self.request.slip_buffer_days,
                          pins=fixed.layout_pins(self.request, self.sites, self.zones, self.skeleton(events)),
                          same_as=timetable_keys(checked, booking))
        stay_list = [Stay(region=r, sites=tuple(ids), must_see=frozenset(ids) & self.must,
                          earliest_arrival=self.earliest_arrival(r)) for r, ids in stays.items()]
        return planner.lay_out(stay_list, events if anchor is not None else None, anchor)

    def skeleton(self, events: LaunchEvents | None) -> tuple[LegPin, ...]:
        """The previous plan's legs, when the launch has left the trip's dates (an automatic re-plan)."""
        if self.previous is None or events is None or self.request.start_date <= events.night <= self.request.end_date:
            return ()
        self.warnings.insert(0, fixed.launch_moved(self.previous, events))
        return fixed.skeleton(self.previous)

    def earliest_arrival(self, region: str) -> date | None:
        lead = self.region_lead(region)
        return lead.earliest_day(self.request.booking_date) if lead is not None else None

    def missed_reason(self, region: str, miss: Miss, what: str, home: str) -> Reason:
        name = self.regions[region].name
        if miss.code == explain.PERMIT_LEAD_TIME and miss.arrival is not None:
            lead = self.region_lead(region)
            assert lead is not None
            return explain.reason(miss.code, explain.permit_message(
                name, lead.rule.title, lead.days, lead.who, miss.arrival, lead.due(miss.arrival),
                self.request.booking_date))
        if miss.code == explain.UNREACHABLE:
            return explain.reason(miss.code, explain.unreachable_message(what, name, self.regions[home].name))
        return explain.reason(explain.NO_TIME, explain.no_room_message(what, name))

    # --- sites and events on those days ---------------------------------------------------------------

    def candidates(self, checked: list[_Checked], layout: Layout) -> list[Candidate]:
        out = []
        for c in checked:
            site = c.site
            miss = layout.missed.get(site.region)
            earliest = c.earliest(self.request.booking_date)
            if miss is not None and miss.code == explain.CLOSED:
                trip = [TripDay(day=d.day, region=site.region, visits=True) for d in layout.days]
                if any(self.windows(site, d.day).starts for d in trip):  # open, but not when the trip is there
                    miss = Miss(explain.NO_TIME)
                else:
                    self.reasons[site.id] = [self.no_window_reason(c, trip, earliest, None)]
                    continue
            if miss is not None:
                self.reasons[site.id] = [self.missed_reason(site.region, miss, site.name, layout.gateway)]
                continue
            days = layout.visit_days(site.region)
            windows = [w for d in days if earliest is None or d.day >= earliest for w in self.starts_on(site, d)]
            delayed = self.delayed_reason(layout, site.region, site.name)
            if windows:
                out.append(Candidate(site=site, windows=tuple(windows), must_see=site.id in self.must,
                                     notes=self.visit_notes(c)))
            else:
                self.reasons[site.id] = [delayed] if delayed else [self.no_window_reason(
                    c, days, earliest, self.regions[site.region].name)]
        return out

    def delayed_reason(self, layout: Layout, region: str, what: str) -> Reason | None:
        """The permit's lead time made the stay in `region` begin later than the trip wanted."""
        block = next((b for b in layout.blocks if b.region == region and b.wanted_arrival), None)
        lead = self.region_lead(region)
        if block is None or block.wanted_arrival is None or lead is None:
            return None
        return explain.reason(explain.PERMIT_LEAD_TIME, explain.permit_message(
            what, lead.rule.title, lead.days, lead.who, block.wanted_arrival, lead.due(block.wanted_arrival),
            self.request.booking_date))

    def no_window_reason(self, c: _Checked, days: Sequence[TripDay], earliest: date | None, region: str | None
                         ) -> Reason:
        """Why `days` (those in the site's region, or the whole trip when `region` is None) offer no start."""
        site = c.site
        if not days:
            return explain.reason(explain.NO_TIME, explain.no_room_message(
                site.name, region or self.regions[site.region].name))
        per_day = [self.windows(site, d.day) for d in days]
        usable = [d.day for d in days if self.starts_on(site, d)]
        if usable and earliest is not None:
            lead = max(c.site_leads, key=lambda lead: lead.days)
            first = usable[0]
            return explain.reason(explain.PERMIT_LEAD_TIME, explain.permit_message(
                site.name, lead.rule.title, lead.days, lead.who, first, lead.due(first), self.request.booking_date))
        if all(w.closed is not None for w in per_day):
            return explain.reason(explain.CLOSED, explain.closed_message(
                site.name, region, [d.day for d in days], [w.closed for w in per_day if w.closed is not None]))
        if any(w.starts for w in per_day):  # open only before the party arrives on a transfer day
            return explain.reason(explain.NO_TIME, explain.no_room_message(
                site.name, region or self.regions[site.region].name))
        opening = [f"{hhmm(a.time())}–{hhmm(b.time())}" for w in per_day for a, b in w.opening]
        return explain.reason(explain.OUTSIDE_DAY, explain.outside_day_message(
            site.name, opening, self.request.day_start, self.request.day_end))

    def visit_notes(self, c: _Checked) -> tuple[str, ...]:
        hours = c.site.hours
        notes: list[str] = []
        if hours.by_appointment:
            notes.append(_("By appointment or guided tour only: book this visit in advance."))
        if hours.slots is not None:
            notes.append(_("Tours leave every %(every)s minutes, at most %(capacity)s people each.",
                           every=hours.slots.every_minutes, capacity=hours.slots.capacity))
        notes.extend(c.verdict.all_notes)
        if c.site.what_to_bring:
            notes.append(c.site.what_to_bring)
        return tuple(dict.fromkeys(notes))

    def fixed_events(self, events: LaunchEvents | None, layout: Layout) -> list[FixedEvent]:
        if events is None:
            return []
        region = events.pad.region
        miss = layout.missed.get(region)
        # The days the party is in the region; on an arrival day only from the arrival on.
        arrived = {d.day: d.opens if d.arrival else None for d in layout.days if d.region == region and d.opens}
        out = []
        notes = self.launch_notes(events)
        spare = (explain.spare_note(layout.spare_kept),) if layout.spare_kept else ()
        start, end = self.request.start_date, self.request.end_date
        for event in events.events:
            what = event_words(events.launch.mission, event.kind)
            if event.key in self.event_reasons:
                continue
            if miss is not None:
                reason = self.missed_reason(region, miss, the(what), layout.gateway)
            elif not start <= event.day <= end:
                reason = explain.reason(explain.OUTSIDE_TRIP, explain.outside_trip_message(
                    what, event.day, start, end, night=event.start.date() > event.day))
            elif event.day not in arrived or (arrived[event.day] or event.arrive) > event.arrive:
                reason = self.late_arrival_reason(region, event.day, what)
            else:
                out.append(FixedEvent(event=event, pad=events.pad,
                                      notes=(*notes, *spare) if event.kind == "launch" else notes))
                continue
            self.event_reasons[event.key] = [reason]
        return out

    def late_arrival_reason(self, region: str, day: date, what: str) -> Reason:
        """The stay begins after `day`: because of the permit, or because the trip starts too late."""
        earliest = self.earliest_arrival(region)
        arrive_by = day - timedelta(days=1)
        lead = self.region_lead(region)
        if earliest is not None and lead is not None and earliest > arrive_by:
            return explain.reason(explain.PERMIT_LEAD_TIME, explain.permit_message(
                the(what), lead.rule.title, lead.days, lead.who, day, lead.due(arrive_by),
                self.request.booking_date))
        return explain.reason(explain.NO_TIME, _("The trip cannot reach %(region)s in time for %(what)s on %(date)s.",
                                                 region=self.regions[region].name, what=the(what),
                                                 date=long_date(day)))

    @staticmethod
    def launch_notes(events: LaunchEvents) -> tuple[str, ...]:
        utc = events.launch.net
        lift_off = _("Lift-off %(date)s %(time)s local (%(utc)s UTC); status %(status)s.",
                     date=long_date(events.liftoff.date()), time=hhmm(events.liftoff.time()), utc=hhmm(utc.time()),
                     status=status_words(events.launch.status.value))
        return (lift_off,)

    # --- the answer ----------------------------------------------------------------------------------

    def itinerary(self) -> Itinerary:
        checked = self.check_sites()
        self.warnings += fixed.refusals_kept(self.pinned, self.reasons, self.sites)
        events = self.launch()
        flexible = [c for c in checked if c.site.id not in self.pinned]  # pinned visits are not the solver's
        layout = self.lay_out(flexible, events)
        candidates = self.candidates(flexible, layout)
        launch_nodes = self.fixed_events(events, layout)
        own = fixed.fixed_nodes(self.request, layout, self.sites, self.regions)
        nodes = [*launch_nodes, *own]
        solvable, table = solver_input(candidates, nodes, layout, self.regions, self.catalogue)  # prune.py
        scheduled = schedule(layout, self.regions, solvable, nodes, table)
        self.unplaced(candidates, launch_nodes, scheduled, layout)
        if events is not None:
            self.event_warnings(events)
            self.spare_warning(events, layout)
        self.return_warning(layout)
        days, kept = fixed.finish(self.spare_days(scheduled.days, layout, events), layout, self.request, own,
                                  scheduled.placed, self.sites, self.regions)
        self.warnings += [*fixed.pinned_warnings(self.request, self.sites, self.zones), *kept]
        return Itinerary(days=days, unscheduled=self.unscheduled(events),
                         deadlines=self.deadlines(checked, tuple(i for d in days for i in d.items), layout),
                         warnings=tuple(self.warnings))

    def unplaced(self, candidates: list[Candidate], fixed: list[FixedEvent], scheduled: Scheduled,
                 layout: Layout) -> None:
        spare = {b.region: b.spare for b in layout.blocks if b.spare}
        for c in candidates:
            if f"visit:{c.site.id}" not in scheduled.placed:
                delayed = self.delayed_reason(layout, c.site.region, c.site.name)
                message = explain.no_time_message(c.site.name, self.regions[c.site.region].name, c.must_see)
                if c.site.region in spare:
                    message += " " + explain.kept_free_message(spare[c.site.region])
                self.reasons[c.site.id] = [*([delayed] if delayed else []), explain.reason(explain.NO_TIME, message)]
        for f in fixed:
            if f.event.key not in scheduled.placed:
                self.event_reasons[f.event.key] = [explain.reason(explain.NO_TIME, (
                    _("%(what)s on %(date)s did not fit the day.", what=the(f.event.title, capital=True),
                      date=long_date(f.event.day))))]
        for site_id in self.requested:
            if site_id in self.must and site_id in self.reasons and site_id not in self.pinned:
                first = self.reasons[site_id][0]
                self.warnings.append(explain.warning(explain.MUST_SEE_MISSED,
                                                     _("A must-see is not in the plan. %(why)s",
                                                       why=first.message)))

    def event_warnings(self, events: LaunchEvents) -> None:
        """One warning per distinct reason: the roll-out and the launch often miss for the same one."""
        missed: dict[Reason, list[str]] = {}
        for event in events.events:
            for reason in self.event_reasons.get(event.key, [])[:1]:
                missed.setdefault(reason, []).append(EVENT_NAMES[event.kind])
        for reason, names in missed.items():
            if len(names) > 1:
                text = _("The %(mission)s roll-out and launch viewings are not in the plan. %(why)s",
                         mission=events.launch.mission, why=reason.message) if names == ["roll-out", "launch"] \
                    else (f"The {events.launch.mission} {' and '.join(names)} viewings are not in the plan. "
                          f"{reason.message}")
            elif names == ["launch"]:
                text = _("The %(mission)s launch viewing is not in the plan. %(why)s", mission=events.launch.mission,
                         why=reason.message)
            else:
                text = _("The %(mission)s roll-out viewing is not in the plan. %(why)s",
                         mission=events.launch.mission, why=reason.message)
            self.warnings.append(explain.warning(reason.code, text))

    def spare_warning(self, events: LaunchEvents, layout: Layout) -> None:
        """Fewer spare days after the launch than asked for: the trip ends too soon after it."""
        wanted, kept = self.request.slip_buffer_days, layout.spare_kept
        if kept is None or kept >= wanted:
            return
        full_end = events.return_day + timedelta(days=wanted)  # the leg back leaves on the trip's last day
        self.warnings.append(explain.warning(explain.BUFFER_SHORT, explain.buffer_short_message(
            events.launch.mission, wanted, kept, self.request.end_date, full_end)))

    @staticmethod
    def spare_days(days: tuple[Day, ...], layout: Layout, events: LaunchEvents | None) -> tuple[Day, ...]:
        """A `buffer` item on each spare day, keyed by its number after the launch (never by its date)."""
        if events is None or not layout.spare_kept:
            return days
        out = []
        for day, trip_day in zip(days, layout.days, strict=True):
            if trip_day.spare and trip_day.opens is not None and trip_day.closes is not None:
                launch = events.launch
                item = Item(type="buffer", key=f"buffer:{launch.id}:{trip_day.spare}", start=trip_day.opens,
                            end=trip_day.closes, title=_("Spare day in case %(mission)s slips", mission=launch.mission),
                            launch=launch.id, notes=(explain.spare_day_note(launch.mission),))
                day = replace(day, items=(*day.items, item))
            out.append(day)
        return tuple(out)

    def return_warning(self, layout: Layout) -> None:
        for block in layout.blocks:
            if block.back is None:
                self.warnings.append(explain.warning(explain.NO_RETURN, _(
                    "The trip ends in %(region)s: the way back to %(gateway)s falls after %(date)s.",
                    region=self.regions[block.region].name, gateway=self.regions[layout.gateway].name,
                    date=long_date(self.request.end_date))))

    def unscheduled(self, events: LaunchEvents | None) -> tuple[Unscheduled, ...]:
        out = [Unscheduled(site=s, reasons=tuple(self.reasons[s])) for s in self.requested if s in self.reasons]
        if events is not None:
            out += [Unscheduled(site=events.pad.id, reasons=tuple(self.event_reasons[e.key]), kind=e.kind,
                                launch=events.launch.id)
                    for e in events.events if e.key in self.event_reasons]
        return tuple(out)

    def deadlines(self, checked: list[_Checked], items: tuple[Item, ...], layout: Layout) -> tuple[Deadline, ...]:
        """Site rules: due before each visit day; region rules: due before the first day in the region
        (the arrival there, or the first day of the trip for the gateway region)."""
        first_in_region: dict[str, str] = {}  # region -> the first site the plan goes to there
        visit_day: dict[str, date] = {}
        for item in items:
            if item.site is not None and item.type in ("visit", "rollout", "launch"):
                first_in_region.setdefault(self.sites[item.site].region, item.site)
                if item.type == "visit":
                    visit_day[item.site] = item.start.date()
        out: list[Deadline] = []
        for c in checked:
            if c.site.id in visit_day:
                out += [self.deadline(lead, c.site.id, c.site.name, visit_day[c.site.id]) for lead in c.site_leads]
        arrivals = {b.region: b.arrival for b in layout.blocks}
        for region, site_id in first_in_region.items():
            first_day = arrivals.get(region, self.request.start_date)
            out += [self.deadline(lead, site_id, self.regions[region].name, first_day)
                    for lead in self.region_verdict(region).leads]
        return tuple(sorted(out, key=lambda d: (d.due, d.site, d.kind, d.rule)))

    @staticmethod
    def deadline(lead: LeadTime, site_id: str, place: str, first_day: date) -> Deadline:
        due = lead.due(first_day)
        return Deadline(site=site_id, kind=lead.kind, due=due,
                        message=explain.deadline_message(lead.kind, place, due, lead.rule.documents),
                        rule=lead.rule.id)

