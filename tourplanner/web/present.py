"""A saved trip (JSON) and catalogue facts in the words and local times the pages show.

Pages read the trip's stored JSON (the API's contract) rather than re-planning, so a page always shows
exactly the version that was saved. Every time is written in the place's own zone with the zone
named, "21:41 Baikonur time (UTC+6)", because travellers cross two zones and three offsets.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from ..planning.availability import closed_reason, hours_on
from ..planning.describe import (
    TRAVEL_MODES,
    describe_intervals,
    describe_net,
    long_date,
    plain_words,
    status_words,
    utc_offset,
)
from ..planning.i18n import _, _l, day_month, day_short, english, weekday_long_date, weekday_short
from ..planning.launch_times import net_local
from ..planning.model import Catalogue, Launch, Region, Site
from ..planning.tz import zone
from .forms import launch_dates

if TYPE_CHECKING:
    from ..services.launch_edits import Slip

# What would fix an unscheduled site, by the planner's reason code (planning/explain.py).
FIXES = {
    "permit_lead_time": _l("Apply as soon as you can and move the trip later (or pick a later launch) so the lead "
                           "time fits; the rest of the plan stands."),
    "closed": _l("Pick dates when it is open (its hours and closures are on its page)."),
    "outside_day": _l("Widen your day: start earlier or finish later (Advanced, \u201cyour day\u201d)."),
    "no_time": _l("Add a day, drop another site, or mark this one as a must-see."),
    "unreachable": _l("It cannot be combined with this trip: no transfer goes there."),
    "min_age": _l("Travellers under the minimum age cannot enter; plan this visit for the others separately."),
    "group_size": _l("Split the party into smaller groups, or ask an operator for a private tour."),
    "nationality": _l("Only some nationalities are admitted; no change of dates helps."),
    "outside_trip": _l("Stretch the trip's dates to include that day."),
    "unknown_site": _l("Pick the site again from the list."),
    "unknown_launch": _l("Pick the launch again from the list."),
}
# The plain words for each reason code: shown where a stored message is missing (or to name the code).
REASON_WORDS = {
    "permit_lead_time": _l("too late for the permit"),
    "closed": _l("closed on the trip's days"),
    "outside_day": _l("open only outside your day"),
    "no_time": _l("no time left in the plan"),
    "unreachable": _l("no transfer goes there"),
    "min_age": _l("below the minimum age"),
    "group_size": _l("the group is too large"),
    "nationality": _l("not open to every nationality in the party"),
    "outside_trip": _l("outside the trip's dates"),
    "unknown_site": _l("not in the catalogue"),
    "unknown_launch": _l("no such launch in the schedule"),
}
MODES = TRAVEL_MODES


def reason_words(code: str) -> str:
    """A reason code in plain words, in the current language ("permit_lead_time" -> "too late for the permit")."""
    return _(REASON_WORDS[code]) if code in REASON_WORDS else code.replace("_", " ")
STATUS_CLASS = {"Go": "ok", "Success": "ok", "TBD": "warn", "TBC": "warn", "Hold": "warn",
                "Scrubbed": "bad", "Failure": "bad"}


def region_order(catalogue: Catalogue) -> list[Region]:
    """Hubs first (the region most transfers touch: Moscow), then by name: the order people travel in.
    The store returns regions by id, which would put Baikonur before Moscow."""
    def key(region: Region) -> tuple[int, str]:
        touching = sum(region.id in (t.origin, t.destination) for t in catalogue.transfers)
        return -touching, region.name
    return sorted(catalogue.regions, key=key)


def region_name(catalogue: Catalogue, region_id: str | None) -> str:
    region = next((r for r in catalogue.regions if r.id == region_id), None)
    if region is None:
        return region_id or ""
    return region.name.split(" (")[0]  # "Gagarin town (Smolensk Oblast)" -> "Gagarin town"


def place_region(catalogue: Catalogue, place_id: str | None) -> str | None:
    """A site's region, or the id itself when it names a region (travel legs end at hotels)."""
    site = next((s for s in catalogue.sites if s.id == place_id), None)
    if site is not None:
        return site.region
    return place_id if any(r.id == place_id for r in catalogue.regions) else None


def place_name(catalogue: Catalogue, place_id: str | None) -> str:
    site = next((s for s in catalogue.sites if s.id == place_id), None)
    if site is not None:
        return site.name
    region = region_name(catalogue, place_id)
    return _("your hotel in %(region)s", region=region) if region and place_id in {r.id for r in catalogue.regions} else region


def site_name(catalogue: Catalogue, site_id: str) -> str:
    site = next((s for s in catalogue.sites if s.id == site_id), None)
    return site.name if site else site_id


def zone_words(catalogue: Catalogue, region_id: str | None, moment: datetime) -> str:
    """"Baikonur time (UTC+6)"."""
    name = region_name(catalogue, region_id)
    return _("%(place)s time (%(offset)s)", place=name, offset=utc_offset(moment)) if name else utc_offset(moment)


# --- launches -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlipView:
    """One move of a launch date, in the pad's local time: "1 March 2027 12:00 → 18 March 2027 12:00"."""

    old: str  # "" when this was the date's first announcement
    new: str
    changed: date  # when the move was recorded (UTC)
    source: str  # "ll2", "operator", "cli", "seed" (the page words it)


def slip_view(slip: Slip, tz: tzinfo) -> SlipView:
    def local(moment: datetime) -> str:
        at = moment.astimezone(tz)
        return f"{long_date(at.date())} {at.strftime('%H:%M')}"
    return SlipView(old=local(slip.old_net) if slip.old_net else "", new=local(slip.new_net),
                    changed=slip.at.date(), source=slip.source)


@dataclass(frozen=True)
class LaunchView:
    id: str
    mission: str
    vehicle: str
    status: str
    status_class: str
    when: str  # "no earlier than March 2027", "Fri 28 July 2017, 21:41 (UTC+6)"
    local_date: date
    pad: str
    upcoming: bool
    history: tuple[str, ...] = ()  # "Date last changed 3 March 2027" (and the slips, where known)
    slips: tuple[SlipView, ...] = ()  # every move of the date, oldest first

    @property
    def label(self) -> str:
        return f"{self.mission} \u2014 {self.status}, {self.when}"

    @property
    def trip_start(self) -> str:
        return launch_dates(self.local_date)[0].isoformat()

    @property
    def trip_end(self) -> str:
        return launch_dates(self.local_date)[1].isoformat()


def launch_view(launch: Launch, catalogue: Catalogue, now: datetime, *, history: bool = False,
                slips: Sequence[Slip] = ()) -> LaunchView:
    """`slips`: the launch's recorded moves (services.launch_edits.Slip), shown with the schedule."""
    pad = catalogue.site(launch.pad)
    tz = zone(pad.timezone)
    local = net_local(launch, tz)
    said = (_("Date last changed %(date)s", date=long_date(launch.last_updated.date())),) if history else ()
    status = status_words(launch.status.value)
    return LaunchView(id=launch.id, mission=launch.mission, vehicle=launch.vehicle, status=status,
                      status_class=STATUS_CLASS.get(launch.status.value, ""), when=describe_net(launch, local),
                      local_date=local.date(), pad=pad.name, upcoming=launch.net >= now, history=said,
                      slips=tuple(slip_view(s, tz) for s in slips))


def launch_groups(catalogue: Catalogue, now: datetime, *, past: bool = False) -> list[tuple[str, list[LaunchView]]]:
    """Upcoming first (soonest first); with `past`, then past ones by year (newest first), to replay an
    old trip. A traveller planning ahead should not scroll through launches that already flew."""
    views = [launch_view(x, catalogue, now) for x in catalogue.launches]
    upcoming = sorted((v for v in views if v.upcoming), key=lambda v: v.local_date)
    flown = sorted((v for v in views if not v.upcoming), key=lambda v: v.local_date, reverse=True)
    groups: list[tuple[str, list[LaunchView]]] = [(_("Upcoming launches"), upcoming)] if upcoming else []
    for view in flown if past else ():
        label = _("Already flown, %(year)s", year=view.local_date.year)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(view)
    return groups


# --- a site's week ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    day: date
    hours: str  # "10:00–19:00" or "closed: closed on Mondays"
    open: bool
    today: bool


def week_hours(site: Site, now: datetime) -> list[DayHours]:
    """Monday to Sunday of the current week in the site's own zone, with closures applied."""
    today = now.astimezone(zone(site.timezone)).date()
    monday = today - timedelta(days=today.weekday())
    out = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        why = closed_reason(site, day)
        if why:
            text = why[:1].upper() + why[1:] if why.lower().startswith(("closed", "expected")) or not english() \
                else f"Closed: {why}"
        else:
            text = describe_intervals(hours_on(site.hours, day))
            if site.hours.placeholder:
                text += _(" (placeholder, not published hours)")
        out.append(DayHours(day=day, hours=text, open=why is None, today=day == today))
    return out


# --- a saved trip -------------------------------------------------------------------------------


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class ItemView:
    type: str
    title: str
    time: str  # "10:00–12:00", "08:00 → 16:30 (UTC+6)"
    zone: str  # "Moscow time (UTC+3)"; empty when `time` names its zones itself
    site: str | None
    details: tuple[str, ...]
    number: int | None = None  # a visit's number on the map (1..n across the trip, visiting order)
    key: str = ""
    pinned: bool = False
    note: str = ""
    start_day: str = ""  # YYYY-MM-DD / HH:MM of the start, in the place's time: the move form's defaults
    start_clock: str = ""
    night: str = ""  # "night of 28 February to 1 March, lift-off 05:00 Monday" for an item after midnight

    @property
    def pinnable(self) -> bool:
        return self.type in ("visit", "transfer") and not self.pinned

    @property
    def own(self) -> bool:
        """The traveller's own item (removed, not unpinned)."""
        return self.key.startswith("own:") or (self.type == "transfer" and self.pinned and "Flight" in self.title)


@dataclass(frozen=True)
class DayView:
    number: int
    day: date
    heading: str  # "Sat 22 July 2017"
    region: str
    lodging: str
    items: tuple[ItemView, ...]
    colour: str = ""  # the day's colour on the map
    night_before: tuple[str, ...] = ()  # after-midnight items listed under the day before, said here too


def _clock(value: datetime) -> str:
    return value.strftime("%H:%M")


def _other_day(value: datetime, day: date) -> str:
    """", Mon 1 Mar" when an item of a day's page happens after midnight (a night launch), else ""."""
    return "" if value.date() == day else f", {day_short(value.date())}"


def _item_view(item: dict[str, Any], day_region: str, catalogue: Catalogue, day: date) -> ItemView:
    kind = str(item.get("type", ""))
    start, end = _when(item.get("start")), _when(item.get("end"))
    origin = item.get("from", item.get("origin"))
    destination = item.get("to", item.get("destination"))
    site = item.get("site")
    here = place_region(catalogue, site) or day_region
    title = str(item.get("title") or "")
    details: list[str] = []
    if kind == "visit" and site:
        title = site_name(catalogue, site)
    if kind in ("travel", "transfer"):
        title = title or f"{place_name(catalogue, origin)} \u2192 {place_name(catalogue, destination)}"
        mode = item.get("mode")
        km = item.get("distance_km")
        if mode or km is not None:
            distance = "" if km is None else _("under 1 km") if float(km) < 1 else _("%(km)s km", km=f"{float(km):.0f}")
            words = str(_(MODES[str(mode)])) if str(mode) in MODES else str(mode or "")
            details.append(" \u00b7 ".join(x for x in (words, distance) if x))
        if kind == "travel":
            here = place_region(catalogue, origin) or here
    details += [plain_words(str(n)) for n in item.get("notes") or ()]
    if start is None or end is None:
        return ItemView(kind, title, "", "", site, tuple(details))
    if kind == "launch":
        return ItemView(kind, title, _("Lift-off %(time)s", time=_clock(start)) + _other_day(start, day),
                        zone_words(catalogue, here, start), site, tuple(details))
    if kind == "transfer" or start.utcoffset() != end.utcoffset():
        there = place_region(catalogue, destination) or here
        text = (f"{_clock(start)} {zone_words(catalogue, place_region(catalogue, origin) or here, start)} \u2192 "
                f"{_clock(end)} {zone_words(catalogue, there, end)}")
        if end.date() != start.date():
            text += f", {weekday_short(end.date())} {end.day}"
        return ItemView(kind, title, text, "", site, tuple(details))
    text = f"{_clock(start)}\u2013{_clock(end)}" if end > start else _clock(start)
    if end.date() != start.date():
        text += _(" next day")
    text += _other_day(start, day)
    return ItemView(kind, title, text, zone_words(catalogue, here, start), site, tuple(details))


def _with_edit_facts(view: ItemView, item: dict[str, Any]) -> ItemView:
    start = _when(item.get("start"))
    return replace(view, key=str(item.get("key") or ""), pinned=bool(item.get("pinned")),
                   note=str(item.get("note") or ""), start_day=start.date().isoformat() if start else "",
                   night=str((item.get("night") or {}).get("text") or ""),
                   start_clock=_clock(start) if start else "")


def days_view(itinerary: dict[str, Any], catalogue: Catalogue) -> list[DayView]:
    """The days as the page lists them; visits carry the number and the day its colour on the map, so
    "3" on the map is "3" in the list (exports/maps.py numbers visits of known sites the same way)."""
    from ..exports.maps import day_colour

    out = []
    visits = 0
    known = {s.id for s in catalogue.sites}
    for number, day in enumerate(itinerary.get("days") or (), start=1):
        when = date.fromisoformat(str(day["date"]))
        region = str(day.get("region", ""))
        items = []
        for item in day.get("items") or ():
            view = _with_edit_facts(_item_view(item, region, catalogue, when), item)
            if view.type == "visit" and view.site in known:
                visits += 1
                view = replace(view, number=visits)
            items.append(view)
        lodging = str(day.get("lodging") or "")
        out.append(DayView(number=number, day=when, heading=weekday_long_date(when),
                           region=region_name(catalogue, region), lodging=place_name(catalogue, lodging)
                           if lodging else "", items=tuple(items), colour=day_colour(number - 1),
                           night_before=tuple(f"{n.get('title')}: {n.get('text')}" for n in day.get("night_before") or ())))
    return out


@dataclass(frozen=True)
class DeadlineView:
    due: date
    message: str
    site: str
    days_left: int  # negative: passed

    @property
    def state(self) -> str:
        return "passed" if self.days_left < 0 else "soon" if self.days_left <= 14 else "ahead"


def deadlines_view(itinerary: dict[str, Any], catalogue: Catalogue, today: date) -> list[DeadlineView]:
    out = []
    for d in itinerary.get("deadlines") or ():
        due = date.fromisoformat(str(d["due"]))
        out.append(DeadlineView(due=due, message=str(d.get("message") or ""),
                                site=site_name(catalogue, str(d.get("site", ""))), days_left=(due - today).days))
    return sorted(out, key=lambda d: (d.due, d.message))


@dataclass(frozen=True)
class UnscheduledView:
    site: str
    site_id: str
    reasons: tuple[str, ...]
    fixes: tuple[str, ...]


def unscheduled_view(itinerary: dict[str, Any], catalogue: Catalogue) -> list[UnscheduledView]:
    out = []
    for u in itinerary.get("unscheduled") or ():
        reasons = [r for r in u.get("reasons") or () if isinstance(r, dict)]
        fixes = tuple(dict.fromkeys(_(FIXES[str(r.get("code"))]) for r in reasons if str(r.get("code")) in FIXES))
        site_id = str(u.get("site", ""))
        name = site_name(catalogue, site_id)
        launch = next((x for x in catalogue.launches if x.id == u.get("launch")), None)
        if u.get("kind") in ("launch", "rollout") and launch is not None:
            name = _("%(mission)s launch viewing", mission=launch.mission) if u.get("kind") == "launch" \
                else _("%(mission)s roll-out viewing", mission=launch.mission)
        out.append(UnscheduledView(site=name, site_id=site_id,
                                   reasons=tuple(str(r.get("message") or reason_words(str(r.get("code")))) for r in reasons),
                                   fixes=fixes))
    return out


def warnings_view(itinerary: dict[str, Any]) -> list[str]:
    """Warnings in words, minus those that only repeat why something is unscheduled (shown above)."""
    said = [str(r.get("message")) for u in itinerary.get("unscheduled") or () for r in u.get("reasons") or ()
            if isinstance(r, dict) and r.get("message")]
    words = [str(w.get("message") or w.get("code")) for w in itinerary.get("warnings") or () if isinstance(w, dict)]
    return [w for w in dict.fromkeys(words) if not any(m in w for m in said)]


def past_notices(request: dict[str, Any], catalogue: Catalogue, today: date) -> list[str]:
    """What a traveller must know when a trip's launch or dates lie in the past (a replay, or a mistake)."""
    launch = next((x for x in catalogue.launches if x.id == request.get("launch")), None)
    if launch is not None:
        flown = net_local(launch, zone(catalogue.site(launch.pad).timezone)).date()
        if flown < today:
            return [_("%(mission)s has already happened: it lifted off on %(date)s. This plan replays that trip; its "
                      "permits and bookings can no longer be made. Choose an upcoming launch to plan a real one.",
                      mission=launch.mission, date=long_date(flown))]
    try:
        end = date.fromisoformat(str(request.get("end_date")))
    except ValueError:
        return []
    if end < today:
        return [_("These dates are in the past (the trip ends on %(date)s). The plan shows how the trip would have "
                  "gone; choose dates from today on to plan a real one.", date=long_date(end))]
    return []


def trip_title(request: dict[str, Any], catalogue: Catalogue, itinerary: dict[str, Any] | None = None) -> str:
    """"Moscow & Baikonur, 21–29 July 2017": where and when, as a traveller names a trip. With the
    itinerary, "where" is only the regions where something really is planned (an honest title: a trip
    whose Baikonur part could not happen is not called "Moscow & Baikonur")."""
    from ..planning.summary import REAL

    if itinerary is not None:
        planned = [str(d.get("region")) for d in itinerary.get("days") or ()
                   if any(i.get("type") in REAL for i in d.get("items") or ())]
        where = " & ".join(region_name(catalogue, r) for r in dict.fromkeys(planned)) or _("Trip")
    else:
        visited = {place_region(catalogue, s) for s in request.get("sites") or ()}
        where = " & ".join(region_name(catalogue, r.id) for r in region_order(catalogue) if r.id in visited) \
            or _("Trip")
    try:
        start, end = date.fromisoformat(request["start_date"]), date.fromisoformat(request["end_date"])
    except (KeyError, TypeError, ValueError):
        return where
    if not english():
        span = (f"{start.day}\u2013{long_date(end)}" if (start.year, start.month) == (end.year, end.month)
                else f"{day_month(start)} \u2013 {long_date(end)}" if start.year == end.year
                else f"{long_date(start)} \u2013 {long_date(end)}")
        return f"{where}, {span}"
    if (start.year, start.month) == (end.year, end.month):
        span = f"{start.day}\u2013{long_date(end)}"
    elif start.year == end.year:
        span = f"{start.day} {start.strftime('%B')} \u2013 {long_date(end)}"
    else:
        span = f"{long_date(start)} \u2013 {long_date(end)}"
    return f"{where}, {span}"


@dataclass(frozen=True)
class SpareView:
    """Spare days after the launch in case it slips: asked for in the request, kept in the plan."""

    asked: int
    kept: int


def spare_view(request: dict[str, Any], itinerary: dict[str, Any]) -> SpareView:
    asked = request.get("slip_buffer_days") or 0
    kept = sum(1 for day in itinerary.get("days") or () for item in day.get("items") or ()
               if item.get("type") == "buffer")
    return SpareView(asked=asked if isinstance(asked, int) and request.get("launch") else 0, kept=kept)


def change_reason(old: dict[str, Any], new: dict[str, Any], catalogue: Catalogue) -> str:
    """What a re-plan changed, in words: "dates now 22–30 July 2017; added Star City"."""
    parts = []
    if (old.get("start_date"), old.get("end_date")) != (new.get("start_date"), new.get("end_date")):
        span = trip_title({"start_date": new.get("start_date"), "end_date": new.get("end_date")}, catalogue)
        parts.append(_("dates now %(dates)s", dates=span.removeprefix(_("Trip") + ", ")))
    before, after = set(old.get("sites") or ()), list(new.get("sites") or ())
    added = [site_name(catalogue, s) for s in after if s not in before]
    removed = [site_name(catalogue, s) for s in old.get("sites") or () if s not in set(after)]
    if added:
        parts.append(_("added %(sites)s", sites=", ".join(added)))
    if removed:
        parts.append(_("removed %(sites)s", sites=", ".join(removed)))
    if old.get("launch") != new.get("launch"):
        parts.append(_("launch now %(launch)s", launch=new.get("launch") or _("none")))
    if set(old.get("must_see") or ()) != set(new.get("must_see") or ()):
        parts.append(_("must-sees changed"))
    if (old.get("traveller"), old.get("companions") or []) != (new.get("traveller"), new.get("companions") or []):
        parts.append(_("travellers changed"))
    if (old.get("day_start"), old.get("day_end")) != (new.get("day_start"), new.get("day_end")):
        parts.append(_("day window changed"))
    if (old.get("slip_buffer_days") or 0) != (new.get("slip_buffer_days") or 0):
        parts.append(_("spare days after the launch now %(n)s", n=new.get("slip_buffer_days") or 0))
    return "; ".join(parts) or _("re-planned with the latest catalogue")
