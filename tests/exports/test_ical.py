"""The .ics serializer: structure, text encoding, time zones, deadlines, statuses, feeds.

Every file is read back by independent parsers (python-icalendar, vobject, recurring-ical-events);
the real calendar program and server (khal, Radicale) are in test_ical_consumers.py.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from ical_fixtures import (
    FEED_URL,
    NOW,
    WEIRD_ADDRESS,
    WEIRD_NAME,
    WEIRD_NAME_RU,
    as_utc,
    cases,
    catalogue,
    events,
    expected_times,
    feed_catalogue,
    soyuz_ms_05,
    times_seen,
    trip,
    trip_info,
)

from tourplanner.exports.ical import (
    EXPORTED_TYPES,
    deadline_key,
    entry_uid,
    feed_launches,
    itinerary_to_ics,
    launches_to_ics,
    vtimezone,
    zone,
)
from tourplanner.planning.model import Deadline, Itinerary, LaunchStatus, Precision

CASES = list(cases())
IDS = [name for name, _, _ in CASES]


def render(itinerary: Itinerary, cat: object, **trip_changes: object) -> bytes:
    return itinerary_to_ics(itinerary, cat, trip=trip_info(**trip_changes), revisions={}, now=NOW)  # type: ignore[arg-type]


def feed() -> bytes:
    cat = feed_catalogue()
    return launches_to_ics(feed_launches(cat, NOW, keep_past=timedelta(days=3650)), cat, feed_url=FEED_URL,
                           now=NOW)


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def prop_lines(data: bytes, name: str) -> list[str]:
    return [line for line in unfolded(data) if re.match(rf"{name}[;:]", line)]


ALL_FILES = [pytest.param(lambda c=c: render(c[1], c[2]), id=c[0]) for c in CASES] + [
    pytest.param(feed, id="launches-feed"),
    pytest.param(lambda: render(trip(2017), catalogue(), is_feed=True), id="trip-feed"),
]


# --- bytes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", ALL_FILES)
def test_lines_are_crlf_folded_at_75_octets_on_character_boundaries(make: object) -> None:
    data = make()  # type: ignore[operator]
    assert isinstance(data, bytes)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "bare CR"
    for line in data.split(b"\r\n")[:-1]:
        assert 0 < len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a multi-octet character would fail here


@pytest.mark.parametrize("make", ALL_FILES)
def test_calendar_header_and_required_event_properties(make: object) -> None:
    data = make()  # type: ignore[operator]
    lines = unfolded(data)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert prop_lines(data, "PRODID") == ["PRODID:-//tourplanner//tourplanner trip calendar 1.0//EN"]
    assert prop_lines(data, "CALSCALE") == ["CALSCALE:GREGORIAN"]
    assert not prop_lines(data, "METHOD")
    assert prop_lines(data, "NAME") and prop_lines(data, "X-WR-CALNAME")
    for ev in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "LAST-MODIFIED"):
            assert name in ev, (name, ev.get("SUMMARY"))
    for line in prop_lines(data, "DTSTAMP") + prop_lines(data, "LAST-MODIFIED"):
        assert re.fullmatch(r"[A-Z-]+:\d{8}T\d{6}Z", line), line
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids))


@pytest.mark.parametrize("make", ALL_FILES)
def test_every_tzid_has_a_vtimezone_and_geo_is_lat_semicolon_lon(make: object) -> None:
    data = make()  # type: ignore[operator]
    text = "\n".join(unfolded(data))
    used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
    defined = set(re.findall(r"^TZID:(.+)$", text, re.MULTILINE))
    assert used and used <= defined
    for line in prop_lines(data, "GEO"):
        assert re.fullmatch(r"GEO:-?\d+(\.\d+)?;-?\d+(\.\d+)?", line), line


def test_text_is_escaped_and_cyrillic_round_trips() -> None:
    data = render(trip(2017, weird=True), catalogue(weird=True))
    raw = "\n".join(unfolded(data))
    # RFC 5545 3.3.11: backslash, semicolon and comma escaped; newlines as \n
    assert "Museum of the Cosmodrome\\, \"Baikonur\"\\; hall \\\\ 2" in raw
    assert "Музей истории космодрома «Байконур»\\, зал\\; № 2 \\\\ экспозиция" in raw
    assert "Second line\\; with \\\\ and \\, too." in raw
    museum = next(ev for ev in events(data).values() if str(ev["SUMMARY"]) == f"Visit: {WEIRD_NAME}")
    assert str(museum["LOCATION"]) == f"{WEIRD_NAME} ({WEIRD_NAME_RU}), {WEIRD_ADDRESS}"
    description = str(museum["DESCRIPTION"])
    assert "Guide: Ирина; meet at the gate, 10 minutes early.\nSecond line; with \\ and , too." in description
    assert f"Place: {WEIRD_NAME} / {WEIRD_NAME_RU}" in description
    assert "What to bring: Паспорт; пропуск, фотоаппарат \\ штатив" in description
    assert "Baikonur closed-zone permit (Roscosmos); apply ahead: RU 10 days, KZ 10 days, others 55 days" \
        in description
    assert len([line for line in data.split(b"\r\n") if line.startswith(b" ")]) > 10  # really folded


def test_same_input_same_bytes() -> None:
    assert render(trip(2017), catalogue()) == render(trip(2017), catalogue())
    assert feed() == feed()


# --- independent parsers agree with the itinerary --------------------------------------------------


@pytest.mark.parametrize(("name", "itinerary", "cat"), CASES, ids=IDS)
def test_icalendar_reads_every_item_at_its_utc_time(name: str, itinerary: Itinerary, cat: object) -> None:
    data = render(itinerary, cat)
    assert times_seen(data) == expected_times(itinerary)
    assert not icalendar.Calendar.from_ical(data).get_missing_tzids()


@pytest.mark.parametrize(("name", "itinerary", "cat"), CASES, ids=IDS)
def test_vobject_validates_and_reads_the_same_times(name: str, itinerary: Itinerary, cat: object) -> None:
    vobject = pytest.importorskip("vobject")
    data = render(itinerary, cat)
    cal = vobject.readOne(data.decode("utf-8"))
    cal.validate(raiseException=True)
    seen = {}
    for ev in cal.vevent_list:
        ev.validate(raiseException=True)
        seen[ev.uid.value] = (as_utc(ev.dtstart.value), as_utc(ev.dtend.value))
    assert seen == expected_times(itinerary)


@pytest.mark.parametrize(("name", "itinerary", "cat"), CASES, ids=IDS)
def test_embedded_vtimezones_alone_give_the_right_instants(name: str, itinerary: Itinerary, cat: object) -> None:
    """Evaluate each TZID through the file's own VTIMEZONE (as libical, ical.js, Outlook do)."""
    vobject = pytest.importorskip("vobject")
    cal = vobject.readOne(render(itinerary, cat).decode("utf-8"))
    own = {tz.tzid.value: tz.gettzinfo() for tz in cal.vtimezone_list}
    expected = expected_times(itinerary)
    for ev in cal.vevent_list:
        for prop, index in (("dtstart", 0), ("dtend", 1)):
            line = getattr(ev, prop)
            if "TZID" not in line.params:
                continue
            local = line.value.replace(tzinfo=None)
            assert local.replace(tzinfo=own[line.params["TZID"][0]]).astimezone(UTC) == \
                expected[ev.uid.value][index], (ev.summary.value, prop)


@pytest.mark.parametrize(("name", "itinerary", "cat"), CASES, ids=IDS)
def test_recurring_ical_events_expands_to_the_same_instances(name: str, itinerary: Itinerary,
                                                             cat: object) -> None:
    recurring_ical_events = pytest.importorskip("recurring_ical_events")
    cal = icalendar.Calendar.from_ical(render(itinerary, cat))
    year = itinerary.days[0].date.year
    found = recurring_ical_events.of(cal).between(date(year, 1, 1), date(year + 1, 1, 1))
    seen = {str(ev["UID"]): (as_utc(ev["DTSTART"].dt), as_utc(ev["DTEND"].dt)) for ev in found}
    assert seen == expected_times(itinerary)


# --- what is exported, and how ---------------------------------------------------------------------


def test_exported_item_types_and_the_transfer_across_zones() -> None:
    itinerary = trip(2017)
    data = render(itinerary, catalogue())
    kinds = sorted(str(ev["CATEGORIES"].cats[0]) for ev in events(data).values())
    assert kinds == ["Deadline", "Deadline", "Launch", "Rollout", "Transfer", "Travel", "Travel",
                     "Visit", "Visit", "Visit"]
    assert "lunch" not in EXPORTED_TYPES
    assert "DTSTART;TZID=Europe/Moscow:20170725T090000" in prop_lines(data, "DTSTART")
    assert "DTEND;TZID=Asia/Qyzylorda:20170725T153000" in prop_lines(data, "DTEND")  # 06:00Z + 3 h 30
    assert "DTSTART;TZID=Asia/Qyzylorda:20170728T214100" in prop_lines(data, "DTSTART")  # T-0 21:41:13 +06
    launch = events(data)[entry_uid("tok-3f9c2a7b1e", "launch-soyuz-ms-05")]
    assert "2017-07-28 15:41:13 UTC = 2017-07-28 21:41:13 local (Asia/Qyzylorda)" in str(launch["DESCRIPTION"])
    assert str(launch["LOCATION"]).startswith("Gagarin's Start (Site 1/5) (Гагаринский старт), ")
    assert launch["GEO"].to_ical() == "45.920278;63.342222"
    assert str(launch["URL"]) == "https://tourplanner.test/trips/tok-3f9c2a7b1e"
    assert "Trip: https://tourplanner.test/trips/tok-3f9c2a7b1e" in str(launch["DESCRIPTION"])


def test_2030_trip_uses_utc_plus_5_at_baikonur() -> None:
    data = render(trip(2030), catalogue(launches=(soyuz_ms_05(net=datetime(2030, 7, 28, 15, 41, tzinfo=UTC)),)))
    assert "DTSTART;TZID=Asia/Qyzylorda:20300728T204100" in prop_lines(data, "DTSTART")
    assert "DTEND;TZID=Asia/Qyzylorda:20300725T143000" in prop_lines(data, "DTEND")


@pytest.mark.parametrize(("year", "offset"), [(2017, 6), (2018, 6), (2019, 5), (2030, 5), (2037, 5)])
def test_vtimezone_matches_tzdata_in_any_year(year: int, offset: int) -> None:
    tz = vtimezone("Asia/Qyzylorda", date(year - 1, 1, 1), date(year + 2, 1, 1)).to_tz()
    noon = datetime(year, 7, 1, 12, 0)
    assert noon.replace(tzinfo=tz).utcoffset() == timedelta(hours=offset)
    assert noon.replace(tzinfo=zone("Asia/Qyzylorda")).utcoffset() == timedelta(hours=offset)


def test_vtimezone_has_the_exact_2018_transition() -> None:
    text = vtimezone("Asia/Qyzylorda", date(2017, 1, 1), date(2020, 1, 1)).to_ical().decode()
    assert "DTSTART:20181221T000000\r\nTZNAME:+05\r\nTZOFFSETFROM:+0600\r\nTZOFFSETTO:+0500" in text
    moscow = vtimezone("Europe/Moscow", date(2010, 1, 1), date(2012, 1, 1)).to_ical().decode()
    assert "BEGIN:DAYLIGHT" in moscow and "DTSTART:20110327T020000" in moscow  # the last DST switch


def test_deadlines_are_all_day_with_alarms_and_say_so_in_the_summary() -> None:
    itinerary = trip(2017)
    data = render(itinerary, catalogue())
    permit = events(data)[entry_uid("tok-3f9c2a7b1e", "deadline-permit-rule-baikonur-permit")]
    assert permit["DTSTART"].params["VALUE"] == "DATE" and permit["DTSTART"].dt == date(2017, 6, 3)
    assert permit["DTEND"].params["VALUE"] == "DATE" and permit["DTEND"].dt == date(2017, 6, 4)
    # A region-wide rule is named after its region, as the trip page names it.
    assert str(permit["SUMMARY"]) == "DEADLINE 2017-06-03: permit application for Baikonur"
    assert str(permit["TRANSP"]) == "TRANSPARENT"
    assert "Apply for the Baikonur permit" in str(permit["DESCRIPTION"])
    alarms = permit.walk("VALARM")
    assert sorted(a["TRIGGER"].dt for a in alarms) == [timedelta(days=-7), timedelta(days=-1)]
    assert all(str(a["ACTION"]) == "DISPLAY" and "DEADLINE 2017-06-03" in str(a["DESCRIPTION"]) for a in alarms)
    assert "DTSTART;VALUE=DATE:20170708" in prop_lines(data, "DTSTART")
    assert "DTEND;VALUE=DATE:20170709" in prop_lines(data, "DTEND")


@pytest.mark.parametrize(("status", "expected"), [
    (LaunchStatus.GO, "CONFIRMED"), (LaunchStatus.TBD, "TENTATIVE"), (LaunchStatus.TBC, "TENTATIVE"),
    (LaunchStatus.HOLD, "TENTATIVE"), (LaunchStatus.SCRUBBED, "CANCELLED"), (LaunchStatus.SUCCESS, "CONFIRMED"),
    (LaunchStatus.FAILURE, "CONFIRMED"),
])
def test_launch_and_rollout_status(status: LaunchStatus, expected: str) -> None:
    cat = catalogue(launches=(soyuz_ms_05(status=status),))
    trip_events = events(render(trip(2017), cat))
    for key in ("launch-soyuz-ms-05", "rollout-soyuz-ms-05"):
        ev = trip_events[entry_uid("tok-3f9c2a7b1e", key)]
        assert str(ev["STATUS"]) == expected
        assert (status.value.lower() in str(ev["SUMMARY"]).lower()) == (status is not LaunchStatus.GO)
    feed_events = events(launches_to_ics(cat.launches, cat, feed_url=FEED_URL, now=NOW))
    assert {str(ev["STATUS"]) for ev in feed_events.values()} == {expected}
    assert sorted(feed_events) == ["launch-soyuz-ms-05@tourplanner", "rollout-soyuz-ms-05@tourplanner"]


def test_tbd_trip_says_tbd_and_is_tentative() -> None:
    cat = catalogue(launches=(soyuz_ms_05(status=LaunchStatus.TBD, precision=Precision.MONTH),))
    launch = events(render(trip(2017), cat))[entry_uid("tok-3f9c2a7b1e", "launch-soyuz-ms-05")]
    assert str(launch["SUMMARY"]) == "[TBD] Launch: Soyuz MS-05"
    assert str(launch["STATUS"]) == "TENTATIVE"
    assert "Status: TBD; time known to the month" in str(launch["DESCRIPTION"])


def test_feed_has_refresh_metadata_and_download_does_not() -> None:
    download = render(trip(2017), catalogue())
    subscribed = render(trip(2017), catalogue(), is_feed=True, feed_url="https://tourplanner.test/t/x.ics")
    for data in (download, subscribed):
        assert prop_lines(data, "NAME") == ["NAME:Baikonur July 2017"]
        assert prop_lines(data, "X-WR-CALNAME") == ["X-WR-CALNAME:Baikonur July 2017"]
    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL", "SOURCE"):
        assert not prop_lines(download, name)
    assert prop_lines(subscribed, "REFRESH-INTERVAL") == ["REFRESH-INTERVAL;VALUE=DURATION:PT6H"]
    assert prop_lines(subscribed, "X-PUBLISHED-TTL") == ["X-PUBLISHED-TTL:PT6H"]
    assert prop_lines(subscribed, "SOURCE") == ["SOURCE;VALUE=URI:https://tourplanner.test/t/x.ics"]
    assert times_seen(subscribed) == times_seen(download)


def test_launches_feed() -> None:
    data = feed()
    assert prop_lines(data, "REFRESH-INTERVAL") == ["REFRESH-INTERVAL;VALUE=DURATION:PT1H"]
    assert prop_lines(data, "SOURCE") == [f"SOURCE;VALUE=URI:{FEED_URL}"]
    seen = events(data)
    # timed launches have a roll-out; a month-precision one is an all-day entry without roll-out
    assert "rollout-soyuz-ms-99@tourplanner" not in seen
    tbd = seen["launch-soyuz-ms-99@tourplanner"]
    assert tbd["DTSTART"].dt == date(2030, 3, 1) and tbd["DTEND"].dt == date(2030, 3, 2)
    assert "date known to the month only" in str(tbd["SUMMARY"])
    ms05 = seen["launch-soyuz-ms-05@tourplanner"]
    assert as_utc(ms05["DTSTART"].dt) == datetime(2017, 7, 28, 15, 41, tzinfo=UTC)
    rollout = seen["rollout-soyuz-ms-05@tourplanner"]
    assert rollout["DTSTART"].dt == datetime(2017, 7, 26, 7, 0, tzinfo=zone("Asia/Qyzylorda"))
    windowed = seen["launch-soyuz-ms-98@tourplanner"]
    assert as_utc(windowed["DTEND"].dt) == datetime(2030, 9, 20, 22, 5, tzinfo=UTC)
    assert "DTSTART;TZID=Asia/Qyzylorda:20300921T020500" in prop_lines(data, "DTSTART")  # UTC+5 in 2030
    assert str(seen["launch-progress-ms-97@tourplanner"]["SUMMARY"]).startswith("CANCELLED (scrubbed): ")
    # LAST-MODIFIED and DTSTAMP are the launch's last update: the bytes change only with the catalogue
    assert as_utc(ms05["LAST-MODIFIED"].dt) == datetime(2017, 7, 20, 9, 0, tzinfo=UTC)


def test_feed_launches_selects_the_region_and_recent_past() -> None:
    cat = feed_catalogue()
    ids = [x.id for x in feed_launches(cat, datetime(2017, 7, 1, tzinfo=UTC))]
    assert ids == ["progress-ms-96", "soyuz-ms-05", "progress-ms-07", "soyuz-ms-99", "progress-ms-98",
                   "progress-ms-97", "soyuz-ms-98"]
    assert feed_launches(cat, datetime(2017, 7, 1, tzinfo=UTC), region="moscow") == []


def test_uids_are_stable_per_trip_and_do_not_reveal_the_token() -> None:
    first = events(render(trip(2017), catalogue()))
    again = events(render(trip(2017), catalogue(), version=2, name="Renamed"))
    other = events(render(trip(2017), catalogue(), token="another-token"))
    assert set(first) == set(again)
    assert not set(first) & set(other)
    assert all("tok-3f9c2a7b1e" not in uid and uid.endswith("@tourplanner") for uid in first)


def test_a_rule_deadline_keeps_its_key_when_the_first_site_in_the_region_changes() -> None:
    """A region rule is due before the first site visited there; a slip can change that site."""
    museum = Deadline("baikonur-museum", "permit", date(2017, 6, 3), "Apply", rule="baikonur-permit")
    pad = Deadline("baikonur-gagarins-start", "permit", date(2017, 6, 5), "Apply", rule="baikonur-permit")
    assert deadline_key(museum) == deadline_key(pad) == "deadline-permit-rule-baikonur-permit"
    passport = Deadline("baikonur-museum", "passport_data", date(2017, 6, 3), "Send", rule="baikonur-permit")
    assert deadline_key(passport) != deadline_key(museum)
    ruleless = Deadline("star-city", "registration", date(2017, 7, 1), "Register")
    assert deadline_key(ruleless) == "deadline-registration-star-city"


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        itinerary_to_ics(trip(2017), catalogue(), trip=trip_info(), revisions={}, now=datetime(2017, 7, 1))
