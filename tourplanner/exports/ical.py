"""Itinerary -> iCalendar bytes (RFC 5545 + RFC 7986), and the public launches feed.

Pure and typed: takes the planning's Itinerary and the Catalogue, returns bytes; no Flask, no database.

Choices, so a reader does not have to rediscover them:

- One VEVENT per visit, travel leg, transfer, roll-out, launch, buffer and own item (`EXPORTED_TYPES`);
  lunch and lodging are not exported (they are flexible gaps, not appointments). Travel legs are
  exported because "leave the hotel at 03:40 for the launch" is exactly what a calendar is for.
- Each deadline is an all-day event on its due date (VALUE=DATE, exclusive DTEND) with two VALARMs
  (a week and a day before); Google drops VALARMs, so the SUMMARY starts with "DEADLINE <date>".
- Times carry TZID in the place's own zone (site, else region, else the day) and every TZID gets a
  VTIMEZONE generated from the `tzdata` package (never the host database), covering the calendar's
  own years with explicit transitions, so 2017 and 2030 trips alike are right in consumers that
  evaluate the VTIMEZONE and in those that look the name up.
- UID = readable slug of the item's stable `key` + a hash of (trip token, key): stable across
  re-plans, unique across trips, and it does not reveal the share token when an event is forwarded.
- No METHOD (plain publication), so DTSTAMP is the time the entry last changed (RFC 5545 3.8.7.2),
  i.e. its Revision's `last_modified`: the bytes of one trip version are deterministic (ETag-able).
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Final

import icalendar

from tourplanner.planning import launch_times
from tourplanner.planning.describe import TRAVEL_MODES as MODES
from tourplanner.planning.describe import plain_words
from tourplanner.planning.i18n import _, _l, english, ngettext
from tourplanner.planning.i18n import weekday_long_date as weekday_long
from tourplanner.planning.model import (
    AccessRule,
    Catalogue,
    Deadline,
    Item,
    Itinerary,
    Launch,
    LaunchStatus,
    Precision,
    Region,
    Site,
)
from tourplanner.planning.planner import PRECISION_WORDS
from tourplanner.planning.tz import is_known, zone  # the tzdata package, never the host database

if TYPE_CHECKING:
    from tourplanner.exports.revisions import Revision

PRODID: Final = "-//tourplanner//tourplanner trip calendar 1.0//EN"
UID_DOMAIN: Final = "tourplanner"
EXPORTED_TYPES: Final = frozenset({"visit", "travel", "transfer", "rollout", "launch", "buffer", "own"})
DEADLINE_ALARMS: Final = (timedelta(days=7), timedelta(days=1))
TRIP_FEED_REFRESH: Final = timedelta(hours=6)
LAUNCH_FEED_REFRESH: Final = timedelta(hours=1)
LAUNCH_VIEW_MINUTES: Final = 30  # feed: a launch event lasts from T-0 to the window end, at least this
ROLLOUT_VIEW_MINUTES: Final = 120

_STATUS: Final = {
    LaunchStatus.GO: "CONFIRMED",
    LaunchStatus.TBD: "TENTATIVE",
    LaunchStatus.TBC: "TENTATIVE",
    LaunchStatus.HOLD: "TENTATIVE",
    LaunchStatus.SCRUBBED: "CANCELLED",
    LaunchStatus.SUCCESS: "CONFIRMED",
    LaunchStatus.FAILURE: "CONFIRMED",
}
_TIMED_PRECISIONS: Final = frozenset({Precision.SECOND, Precision.MINUTE, Precision.HOUR})
_DEADLINE_KINDS: Final = {
    "permit": _l("permit application"),
    "passport_data": _l("passport data"),
    "registration": _l("pre-registration"),
    "pre_registration": _l("pre-registration"),
}
# Item kinds as calendar titles say them ("Transfer: Moscow → Baikonur").
_KINDS: Final = {"travel": _l("Travel"), "transfer": _l("Transfer"), "launch": _l("Launch"),
                 "rollout": _l("Roll-out"), "visit": _l("Visit"), "lunch": _l("Lunch"), "lodging": _l("Night"),
                 "buffer": _l("Spare time"), "own": _l("Own")}


def _kind(kind: str) -> str:
    return _(_KINDS[kind]) if kind in _KINDS else kind.capitalize()


@dataclass(frozen=True)
class TripInfo:
    """What the calendar needs to know about the trip beyond its itinerary."""

    token: str
    version: int
    page_url: str
    name: str
    is_feed: bool = False
    feed_url: str | None = None  # the feed's own URL (RFC 7986 SOURCE), feeds only
    change_note: str = ""  # why this version exists (what changed and the operator's public note; never who)
    refresh: timedelta = TRIP_FEED_REFRESH


@dataclass(frozen=True)
class CalendarEntry:
    """Everything one VEVENT shows; `fingerprint()` is what revisions compare.

    `start`/`end` are aware datetimes (timed) or dates (all-day, `end` exclusive); `start_zone` and
    `end_zone` are the IANA zones the times are written in (None: UTC).
    """

    key: str
    kind: str
    summary: str
    start: datetime | date
    end: datetime | date
    start_zone: str | None = None
    end_zone: str | None = None
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    status: str | None = None  # TENTATIVE, CONFIRMED, CANCELLED
    transparent: bool = False
    alarms: tuple[timedelta, ...] = ()  # reminders this long before the start
    url: str | None = None
    last_modified: datetime | None = field(default=None, compare=False)  # when no Revision says

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def fingerprint(self) -> str:
        """A hash of what a calendar shows for this entry (times compared as instants)."""

        def when(value: datetime | date) -> str:
            return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value.isoformat()

        shown = [self.kind, self.summary, when(self.start), when(self.end), self.description,
                 self.location, list(self.geo) if self.geo else None, self.status, self.transparent,
                 [a.total_seconds() for a in self.alarms], self.url]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:32]


# --- time zones ------------------------------------------------------------------------------


def _zone_or_none(key: str | None) -> str | None:
    if not key:
        return None
    return key if is_known(key) else None


def _transitions(tz: tzinfo, first: datetime, last: datetime) -> list[datetime]:
    """UTC instants in [first, last) at which the zone's offset changes (6-hourly scan + bisection)."""
    step = timedelta(hours=6)
    found: list[datetime] = []
    t = first
    offset = t.astimezone(tz).utcoffset()
    while t < last:
        nxt = min(t + step, last)
        new = nxt.astimezone(tz).utcoffset()
        if new != offset:
            lo, hi = t, nxt  # offset(lo) == old, offset(hi) == new
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid <= lo:
                    break
                if mid.astimezone(tz).utcoffset() == offset:
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
            offset = new
        t = nxt
    return found


def vtimezone(key: str, first: date, last: date) -> icalendar.Timezone:
    """A VTIMEZONE for `key` valid from `first` to `last`, built from the tzdata package.

    The first observance starts at `first`; every later offset change gets its own STANDARD or
    DAYLIGHT observance with the exact transition (no RRULE, so no guessing past the data).
    """
    tz = zone(key)
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last, time(0), tz)
    result = icalendar.Timezone()
    result.add("TZID", key)
    result.add("X-LIC-LOCATION", key)

    def observance(at_utc: datetime, offset_from: timedelta) -> None:
        local = at_utc.astimezone(tz)
        offset_to = local.utcoffset() or timedelta(0)
        dst = local.dst() or timedelta(0)
        comp: icalendar.Component = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
        comp.add("DTSTART", (at_utc + offset_from).replace(tzinfo=None))
        comp.add("TZOFFSETFROM", offset_from)
        comp.add("TZOFFSETTO", offset_to)
        comp.add("TZNAME", local.tzname() or _offset_name(offset_to))
        result.add_component(comp)

    first_utc = start.astimezone(UTC)
    initial = start.utcoffset() or timedelta(0)
    observance(first_utc, initial)
    previous = initial
    for instant in _transitions(tz, first_utc, end.astimezone(UTC)):
        observance(instant, previous)
        previous = instant.astimezone(tz).utcoffset() or timedelta(0)
    return result


def _offset_name(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


# --- catalogue lookups ------------------------------------------------------------------------


def _site(catalogue: Catalogue | None, site_id: str | None) -> Site | None:
    if catalogue is None or site_id is None:
        return None
    return next((s for s in catalogue.sites if s.id == site_id), None)


def _region(catalogue: Catalogue | None, region_id: str | None) -> Region | None:
    if catalogue is None or region_id is None:
        return None
    return next((r for r in catalogue.regions if r.id == region_id), None)


def _launch(catalogue: Catalogue | None, launch_id: str | None) -> Launch | None:
    if catalogue is None or launch_id is None:
        return None
    return next((x for x in catalogue.launches if x.id == launch_id), None)


def _place_name(catalogue: Catalogue | None, place_id: str | None) -> str:
    site = _site(catalogue, place_id)
    if site is not None:
        return site.name
    region = _region(catalogue, place_id)
    if region is not None:
        return region.name
    return place_id or ""


def _place_zone(catalogue: Catalogue | None, place_id: str | None) -> str | None:
    site = _site(catalogue, place_id)
    if site is not None:
        return site.timezone
    region = _region(catalogue, place_id)
    return region.timezone if region is not None else None


def _site_location(site: Site) -> str:
    names = site.name if not site.name_ru or site.name_ru == site.name else f"{site.name} ({site.name_ru})"
    return f"{names}, {site.address}" if site.address else names


def _site_geo(site: Site | None) -> tuple[float, float] | None:
    return (round(site.lat, 6), round(site.lon, 6)) if site is not None else None


# --- text ------------------------------------------------------------------------------------


def _rule_text(rule: AccessRule) -> str:
    parts = [rule.title]
    if rule.lead_days:
        table = dict(rule.lead_days)
        named = [ngettext("%(who)s %(num)d day", "%(who)s %(num)d days", d, who=n) for n, d in rule.lead_days
                 if n != "*"]
        if "*" in table:
            named.append(ngettext("%(who)s %(num)d day", "%(who)s %(num)d days", table["*"],
                                  who=_("others") if named else _("everyone")))
        parts.append(_("apply ahead: %(who)s", who=", ".join(named)))
    if rule.passport_required:
        parts.append(_("passport data required"))
    if rule.guided_only:
        parts.append(_("guided visits only"))
    if rule.min_age is not None:
        parts.append(_("minimum age %(age)s", age=rule.min_age))
    if rule.group_max is not None:
        parts.append(_("groups of at most %(max)s", max=rule.group_max))
    if rule.allowed_nationalities:
        parts.append(_("open to %(countries)s", countries=", ".join(rule.allowed_nationalities)))
    if rule.documents:
        parts.append(_("documents: %(documents)s", documents=", ".join(rule.documents)))
    if rule.photography:
        parts.append(_("photography: %(policy)s", policy=rule.photography))
    text = "; ".join(parts)
    return f"{text}. {rule.notes}" if rule.notes else text


def _site_text(catalogue: Catalogue | None, site: Site | None) -> list[str]:
    if site is None:
        return []
    lines = [_("Place: %(name)s", name=_names(site))]
    if site.address:
        lines.append(_("Address: %(address)s", address=site.address))
    rules = catalogue.rules_for(site) if catalogue is not None else ()
    if rules:
        lines.append(_("Access rules:"))
        lines.extend(f"- {_rule_text(r)}" for r in rules)
    if site.what_to_bring:
        lines.append(_("What to bring: %(things)s", things=site.what_to_bring))
    return lines


def _names(site: Site) -> str:
    """'Star City / Звёздный городок': both names, the second one only when it differs."""
    return site.name + (f" / {site.name_ru}" if site.name_ru and site.name_ru != site.name else "")


def _utc_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC" if value.second else "%Y-%m-%d %H:%M UTC")


def _launch_text(launch: Launch, pad: Site | None) -> list[str]:
    lines = [_("Mission: %(mission)s", mission=launch.mission), _("Vehicle: %(vehicle)s", vehicle=launch.vehicle)]
    net = _("NET (no earlier than): %(when)s", when=_utc_text(launch.net))
    if pad is not None:
        local = launch.net.astimezone(zone(pad.timezone))
        net += _(" = %(when)s local (%(zone)s)", when=f"{local:%Y-%m-%d %H:%M:%S}", zone=pad.timezone)
    lines.append(net)
    if launch.window_start and launch.window_end and launch.window_start != launch.window_end:
        lines.append(_("Window: %(start)s to %(end)s", start=_utc_text(launch.window_start),
                       end=_utc_text(launch.window_end)))
    lines.append(_("Status: %(status)s; time known %(precision)s; last updated %(when)s",
                   status=launch.status.value, precision=_(PRECISION_WORDS.get(launch.precision.value,
                                                                               launch.precision.value)),
                   when=_utc_text(launch.last_updated)))
    if launch.notes:
        lines.append(launch.notes)
    return lines


def _status_label(launch: Launch | None) -> str:
    if launch is None or launch.status is LaunchStatus.GO:
        return ""
    if launch.status is LaunchStatus.SCRUBBED:
        return _("CANCELLED (scrubbed): ")
    return f"[{launch.status.value}] "


def _minute(value: datetime) -> datetime:
    """Calendars work in minutes (khal and others drop seconds): T-0 to the second goes in the text."""
    return value.replace(second=0, microsecond=0)


# --- itinerary -> entries ----------------------------------------------------------------------


def _item_zones(item: Item, catalogue: Catalogue | None, day_zone: str) -> tuple[str | None, str | None]:
    """The zones start and end are written in: the place's own, else the datetime's, else the day's."""

    def pick(place: str | None, value: datetime) -> str | None:
        own = _zone_or_none(_place_zone(catalogue, place))
        if own:
            return own
        key = getattr(value.tzinfo, "key", None)
        return _zone_or_none(key if isinstance(key, str) else None) or _zone_or_none(day_zone)

    return pick(item.site or item.origin, item.start), pick(item.site or item.destination, item.end)


def item_entry(item: Item, catalogue: Catalogue | None, day_zone: str = "") -> CalendarEntry:
    """The calendar view of one itinerary item (catalogue None: the item's own fields only)."""
    if item.start.utcoffset() is None or item.end.utcoffset() is None:
        raise ValueError(f"item {item.key!r} has a naive start or end")
    site = _site(catalogue, item.site)
    launch = _launch(catalogue, item.launch)
    start_zone, end_zone = _item_zones(item, catalogue, day_zone)
    lines = list(item.notes)
    if item.note:  # the traveller's own note (request `notes`)
        lines.insert(0, item.note)
    summary = item.title
    status: str | None = None
    geo = _site_geo(site)
    location = _site_location(site) if site is not None else ""
    if item.type in ("travel", "transfer"):
        origin, destination = _place_name(catalogue, item.origin), _place_name(catalogue, item.destination)
        if not summary:
            summary = f"{_kind(item.type)}: {origin} → {destination}"
        how = f"{origin} → {destination}" + (_(" by %(mode)s", mode=_(MODES[item.mode]) if item.mode in MODES
                                                  else item.mode) if item.mode else "")
        if item.distance_km is not None:
            how += _(", about %(km)s km", km=f"{item.distance_km:.0f}")
        lines.insert(0, how)
        location = location or origin
        if item.type == "transfer" and catalogue is not None:
            transfer = next((t for t in catalogue.transfers if t.origin == item.origin
                             and t.destination == item.destination and item.mode in (None, t.mode)), None)
            if transfer is not None and transfer.description:
                lines.append(transfer.description)
    if item.type in ("rollout", "launch") and launch is not None:
        status = _STATUS[launch.status]
        summary = _status_label(launch) + (summary or f"{_kind(item.type)}: {launch.mission}")
        lines.extend(_launch_text(launch, site))
    if not summary:
        summary = site.name if site is not None else _kind(item.type)
    lines.extend(_site_text(catalogue, site))
    if geo is None and item.lat is not None and item.lon is not None:
        geo = (round(item.lat, 6), round(item.lon, 6))
    return CalendarEntry(
        key=item.key, kind=item.type, summary=summary, start=_minute(item.start), end=_minute(item.end),
        start_zone=start_zone, end_zone=end_zone, description="\n".join(lines), location=location,
        geo=geo, status=status, transparent=item.type == "buffer",
    )


def deadline_key(deadline: Deadline) -> str:
    """The stable key of a deadline (deadlines have no planner key of their own).

    A deadline that comes from a rule is keyed by (kind, rule) alone: a region-wide rule (the
    Baikonur permit) is due before the first site visited in the region, and which site that is can
    change when a launch slip re-plans the trip; the deadline must keep its UID (and raise SEQUENCE)
    instead of being deleted and re-added with fresh reminders. A rule covers one site or one region,
    so (kind, rule) is unique within an itinerary. Without a rule: (kind, site).
    """
    if deadline.rule:
        return f"deadline-{deadline.kind}-rule-{deadline.rule}"
    return f"deadline-{deadline.kind}-{deadline.site}"


def deadline_entry(deadline: Deadline, catalogue: Catalogue | None) -> CalendarEntry:
    """An all-day entry on the due date, with reminders a week and a day before."""
    site = _site(catalogue, deadline.site)
    what = _(_DEADLINE_KINDS[deadline.kind]) if deadline.kind in _DEADLINE_KINDS else deadline.kind.replace("_", " ")
    rule = next((r for r in catalogue.access_rules if r.id == deadline.rule), None) if catalogue else None
    # A region-wide rule (the Baikonur closed zone) is named after its region, as the trip page does.
    region = next((r for r in catalogue.regions if r.id == rule.region), None) if catalogue and rule else None
    where = (region.name.split(" (")[0] if region is not None
             else site.name if site is not None else deadline.site)
    summary = _("DEADLINE %(date)s: %(what)s for %(where)s", date=f"{deadline.due:%Y-%m-%d}", what=what, where=where)
    due = f"{deadline.due:%A %d %B %Y}" if english() else f"{weekday_long(deadline.due)}"
    lines = [_("Due %(date)s (at the latest): %(what)s for %(where)s.", date=due, what=what, where=where)]
    if deadline.message:
        lines.append(deadline.message)
    if rule is not None:
        lines.append(_("Rule: %(rule)s", rule=_rule_text(rule)))
    if site is not None:
        lines.append(_("Place: %(name)s", name=_names(site)))
    return CalendarEntry(
        key=deadline_key(deadline), kind="deadline", summary=summary, start=deadline.due,
        end=deadline.due + timedelta(days=1), description="\n".join(lines),
        location=_site_location(site) if site is not None else "", geo=_site_geo(site),
        transparent=True, alarms=DEADLINE_ALARMS,
    )


def itinerary_entries(itinerary: Itinerary, catalogue: Catalogue | None) -> list[CalendarEntry]:
    """Every calendar entry of an itinerary: exported items in order, then deadlines."""
    entries = [item_entry(item, catalogue, day.timezone)
               for day in itinerary.days for item in day.items if item.type in EXPORTED_TYPES]
    entries.extend(deadline_entry(d, catalogue) for d in itinerary.deadlines)
    return entries


# --- launches feed -----------------------------------------------------------------------------


def rollout_start(launch: Launch, catalogue: Catalogue) -> datetime | None:
    """When the roll-out starts, in the pad's zone; None when the launch day is not known.

    Same rule as the planner and `/api/launches`: `rollout_days_before` days before the launch's
    local date at the pad, at `rollout_local_time`.
    """
    pad = _site(catalogue, launch.pad)
    if pad is None or launch.precision not in _TIMED_PRECISIONS | {Precision.DAY}:
        return None
    return launch_times.rollout_start(launch, zone(pad.timezone))


def launch_entries(launch: Launch, catalogue: Catalogue) -> list[CalendarEntry]:
    """The feed's view of one launch: its roll-out (when the date is known) and the launch itself."""
    pad = _site(catalogue, launch.pad)
    pad_zone = _zone_or_none(pad.timezone if pad else None)
    label = _status_label(launch)
    template = CalendarEntry(
        key=f"launch-{launch.id}", kind="launch", summary=f"{label}Launch: {launch.vehicle} {launch.mission}",
        start=_minute(launch.net), end=_minute(launch.net), start_zone=pad_zone, end_zone=pad_zone,
        description="\n".join(_launch_text(launch, pad) + _site_text(catalogue, pad)),
        location=_site_location(pad) if pad else "", geo=_site_geo(pad), status=_STATUS[launch.status],
        url=next((s.url for s in launch.sources if s.url), None), last_modified=launch.last_updated)
    entries: list[CalendarEntry] = []
    rollout = rollout_start(launch, catalogue)
    if rollout is not None:
        entries.append(replace(template, key=f"rollout-{launch.id}", kind="rollout",
                               summary=f"{label}Roll-out: {launch.vehicle} {launch.mission}", start=rollout,
                               end=rollout + timedelta(minutes=ROLLOUT_VIEW_MINUTES)))
    if launch.precision in _TIMED_PRECISIONS:
        end = max(launch.window_end or launch.net, launch.net + timedelta(minutes=LAUNCH_VIEW_MINUTES))
        entries.append(replace(template, end=_minute(end)))
    else:
        local_day = launch.net.astimezone(zone(pad_zone) if pad_zone else UTC).date()
        summary = template.summary
        if launch.precision is not Precision.DAY:
            summary += f" (NET {local_day:%Y-%m-%d}, date known to the {launch.precision.value} only)"
        entries.append(replace(template, summary=summary, start=local_day, end=local_day + timedelta(days=1),
                               start_zone=None, end_zone=None, transparent=True))
    return entries


def feed_launches(catalogue: Catalogue, now: datetime, *, region: str = "baikonur",
                  keep_past: timedelta = timedelta(days=30)) -> list[Launch]:
    """The launches `/launches.ics` shows: pads in `region`, NET after now - keep_past, by NET."""
    pads = {s.id for s in catalogue.sites if s.region == region}
    return sorted((x for x in catalogue.launches if x.pad in pads and x.net >= now - keep_past),
                  key=lambda x: (x.net, x.id))


# --- rendering ---------------------------------------------------------------------------------


def entry_uid(token: str, key: str) -> str:
    """The UID of a trip's entry: stable for (token, key), and the token cannot be read back from it."""
    slug = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")[:60] or "item"
    digest = hashlib.sha256(f"{token}\x00{key}".encode()).hexdigest()[:16]
    return f"{slug}-{digest}@{UID_DOMAIN}"


def _written(value: datetime, zone_key: str | None) -> datetime:
    return value.astimezone(zone(zone_key) if zone_key else UTC)


def _year_span(entries: Sequence[CalendarEntry]) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    for e in entries:
        for value, key in ((e.start, e.start_zone), (e.end, e.end_zone)):
            if key is None or not isinstance(value, datetime):
                continue
            year = _written(value, key).year
            lo, hi = spans.get(key, (year, year))
            spans[key] = (min(lo, year), max(hi, year))
    return spans


def _event(entry: CalendarEntry, uid: str, revision: Revision | None, now: datetime,
           trip_url: str | None) -> icalendar.Event:
    changed = revision.last_modified if revision is not None else entry.last_modified or now
    last_modified = changed.astimezone(UTC)
    event = icalendar.Event()
    event.add("UID", uid)
    event.add("DTSTAMP", last_modified)
    event.add("LAST-MODIFIED", last_modified)
    event.add("SEQUENCE", revision.sequence if revision is not None else 0)
    event.add("SUMMARY", entry.summary)
    if isinstance(entry.start, datetime) and isinstance(entry.end, datetime):
        event.add("DTSTART", _written(entry.start, entry.start_zone))
        event.add("DTEND", _written(entry.end, entry.end_zone))
    else:
        event.add("DTSTART", entry.start)
        event.add("DTEND", entry.end)
    description = plain_words(entry.description)
    if trip_url:
        link = _("Trip: %(url)s", url=trip_url)
        description = f"{description}\n\n{link}" if description else link
    if description:
        event.add("DESCRIPTION", description)
    if entry.location:
        event.add("LOCATION", entry.location)
    if entry.geo is not None:
        event.add("GEO", entry.geo)
    url = trip_url or entry.url
    if url:
        event.add("URL", url)
    if entry.status:
        event.add("STATUS", entry.status)
    event.add("TRANSP", "TRANSPARENT" if entry.transparent else "OPAQUE")
    event.add("CATEGORIES", [entry.kind.capitalize()])
    for before in entry.alarms:
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("TRIGGER", -before)
        alarm.add("DESCRIPTION", ngettext("%(summary)s (in %(num)d day)", "%(summary)s (in %(num)d days)",
                                          before.days, summary=entry.summary))
        event.add_component(alarm)
    return event


def _calendar(entries: Sequence[CalendarEntry], *, name: str, description: str, uid_of: Mapping[str, str],
              revisions: Mapping[str, Revision], now: datetime, trip_url: str | None,
              refresh: timedelta | None, source: str | None) -> bytes:
    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    # vText explicitly: icalendar leaves plain str values of NAME and X- properties unescaped
    cal.add("NAME", icalendar.vText(name))
    cal.add("X-WR-CALNAME", icalendar.vText(name))
    if description:
        cal.add("DESCRIPTION", icalendar.vText(description))
        cal.add("X-WR-CALDESC", icalendar.vText(description))
    if trip_url:
        cal.add("URL", trip_url)
    if refresh is not None:
        cal.add("REFRESH-INTERVAL", refresh, parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", _duration(refresh))
        if source:
            cal.add("SOURCE", source, parameters={"VALUE": "URI"})
    for key, (lo, hi) in sorted(_year_span(entries).items()):
        cal.add_component(vtimezone(key, date(lo - 1, 1, 1), date(hi + 2, 1, 1)))
    for entry in entries:
        cal.add_component(_event(entry, uid_of[entry.key], revisions.get(entry.key), now, trip_url))
    data: bytes = cal.to_ical()
    return data


def _duration(value: timedelta) -> str:
    """An RFC 5545 DURATION for a positive whole number of seconds (PT6H, P1DT30M)."""
    days, rest = divmod(int(value.total_seconds()), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "" if days else "T0S")


def _check_now(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")


def _trip_description(itinerary: Itinerary, trip: TripInfo, catalogue: Catalogue) -> str:
    lines = [_("%(name)s: trip plan, version %(n)s.", name=trip.name, n=trip.version), trip.page_url]
    if trip.change_note:
        lines.append(_("Updated because %(why)s.", why=trip.change_note))
    for u in itinerary.unscheduled:
        reasons = "; ".join(r.message or r.code for r in u.reasons)
        lines.append(_("Not scheduled: %(place)s (%(why)s)", place=_place_name(catalogue, u.site), why=reasons))
    lines.extend(_("Warning: %(text)s", text=w.message) for w in itinerary.warnings)
    return "\n".join(lines)


def itinerary_to_ics(itinerary: Itinerary, catalogue: Catalogue, *, trip: TripInfo,
                     revisions: Mapping[str, Revision], now: datetime) -> bytes:
    """Serialize a trip's itinerary as one VCALENDAR (UTF-8, CRLF, folded).

    `revisions` (from `revisions.revise`, keyed by item key / `deadline_key`) give SEQUENCE and
    LAST-MODIFIED/DTSTAMP; an entry without one gets SEQUENCE 0 and `now`. `trip.is_feed` adds
    REFRESH-INTERVAL, X-PUBLISHED-TTL and SOURCE (when `trip.feed_url` is set).
    """
    _check_now(now)
    entries = itinerary_entries(itinerary, catalogue)
    uid_of = {e.key: entry_uid(trip.token, e.key) for e in entries}
    return _calendar(entries, name=trip.name, description=_trip_description(itinerary, trip, catalogue),
                     uid_of=uid_of, revisions=revisions, now=now, trip_url=trip.page_url,
                     refresh=trip.refresh if trip.is_feed else None,
                     source=trip.feed_url if trip.is_feed else None)


def launches_to_ics(launches: Iterable[Launch], catalogue: Catalogue, *, feed_url: str, now: datetime,
                    revisions: Mapping[str, Revision] | None = None,
                    name: str = "Baikonur launches (tourplanner)") -> bytes:
    """The public launches feed: a roll-out and a launch event per given launch (see `feed_launches`).

    Without `revisions` each event's SEQUENCE is the launch's `revision` and its LAST-MODIFIED/DTSTAMP
    the launch's `last_updated`, so the bytes only change when the catalogue does.
    """
    _check_now(now)
    per_launch = [(launch, launch_entries(launch, catalogue)) for launch in launches]
    entries = [e for _, launch_list in per_launch for e in launch_list]
    uid_of = {e.key: f"{e.key}@{UID_DOMAIN}" for e in entries}
    if revisions is None:  # the catalogue counts each launch's changes: that is the events' SEQUENCE
        from tourplanner.exports.revisions import Revision

        revisions = {e.key: Revision("", launch.revision, launch.last_updated)
                     for launch, launch_list in per_launch for e in launch_list}
    return _calendar(entries, name=name, description="Roll-outs and launches at Baikonur, kept up to date.",
                     uid_of=uid_of, revisions=revisions or {}, now=now, trip_url=None, refresh=LAUNCH_FEED_REFRESH,
                     source=feed_url)
