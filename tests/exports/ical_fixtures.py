"""Hand-built catalogues and itineraries for the calendar export tests (no planner, no database).

Trips: a Moscow + Baikonur trip in July 2017 (Soyuz MS-05, Baikonur at UTC+6), the same trip in
2030 (Baikonur at UTC+5), one with Cyrillic text and `, ; \\` in names, and one whose launch is TBD.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import icalendar

from tourplanner.exports.ical import EXPORTED_TYPES, TripInfo, deadline_key, entry_uid, zone
from tourplanner.planning.model import (
    AccessRule,
    Catalogue,
    Day,
    Deadline,
    Item,
    Itinerary,
    Launch,
    LaunchStatus,
    Precision,
    Reason,
    Region,
    Site,
    Source,
    Transfer,
    Unscheduled,
)

MSK = zone("Europe/Moscow")
BAI = zone("Asia/Qyzylorda")
NOW = datetime(2017, 7, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)  # when a re-plan happens
MOVED_NET = datetime(2017, 7, 29, 15, 41, 13, tzinfo=UTC)  # Soyuz MS-05 slipped by a day

WEIRD_NAME = 'Museum of the Cosmodrome, "Baikonur"; hall \\ 2'
WEIRD_NAME_RU = "Музей истории космодрома «Байконур», зал; № 2 \\ экспозиция"
WEIRD_ADDRESS = "ул. Ленина, 1; г. Байконур, Кызылординская область, Казахстан"


def _sites(weird: bool) -> tuple[Site, ...]:
    museum_name = WEIRD_NAME if weird else "Baikonur Cosmodrome Museum"
    museum_ru = WEIRD_NAME_RU if weird else "Музей космодрома Байконур"
    return (
        Site("museum-of-cosmonautics", "Museum of Cosmonautics", "Музей космонавтики", "museum", "moscow",
             "RU", 55.8227, 37.6398, "Europe/Moscow", 120, address="Prospekt Mira, 111, Moscow",
             what_to_bring="Ticket bought online; large bags go to the cloakroom."),
        Site("star-city", "Star City (Gagarin Cosmonaut Training Centre)", "Звёздный городок", "training-centre",
             "moscow", "RU", 55.8781, 38.1106, "Europe/Moscow", 180, address="Zvyozdny Gorodok, Moscow Oblast",
             what_to_bring="Passport (checked at the gate)."),
        Site("baikonur-gagarins-start", "Gagarin's Start (Site 1/5)", "Гагаринский старт", "launch-pad",
             "baikonur", "KZ", 45.920278, 63.342222, "Asia/Qyzylorda", 90,
             address="Site 1, Baikonur Cosmodrome",
             what_to_bring="Passport and permit; warm clothes for the night, ear protection."),
        Site("baikonur-museum", museum_name, museum_ru, "museum", "baikonur", "KZ", 45.6186, 63.3144,
             "Asia/Qyzylorda", 90, address=WEIRD_ADDRESS if weird else "Baikonur city",
             description="Музей: ракеты, скафандры, домик Гагарина. " * (3 if weird else 1),
             what_to_bring=("Паспорт; пропуск, фотоаппарат \\ штатив — по разрешению, вода, головной убор"
                            if weird else "Passport")),
    )


def catalogue(*, weird: bool = False, launches: tuple[Launch, ...] | None = None) -> Catalogue:
    rules = (
        AccessRule("baikonur-permit", "permit", "Baikonur closed-zone permit (Roscosmos)", region="baikonur",
                   lead_days=(("RU", 10), ("KZ", 10), ("*", 55)), passport_required=True, guided_only=True,
                   photography="restricted", notes="Apply through the tour operator; no walk-ins."),
        AccessRule("star-city-registration", "pre_registration", "Star City visitor list", site="star-city",
                   lead_days=(("*", 14),), passport_required=True, guided_only=True,
                   notes="Names, passport numbers; \\ checked at the gate, strictly."),
    )
    return Catalogue(
        sites=_sites(weird),
        regions=(Region("moscow", "Moscow", "Europe/Moscow", 55.7558, 37.6173),
                 Region("baikonur", "Baikonur", "Asia/Qyzylorda", 45.6167, 63.3167)),
        access_rules=rules,
        transfers=(Transfer("moscow-baikonur-charter", "moscow", "baikonur", "charter", 210,
                            description="Charter from Vnukovo to Krayniy airport."),),
        launches=launches if launches is not None else (soyuz_ms_05(),),
    )


def soyuz_ms_05(**changes: object) -> Launch:
    launch = Launch("soyuz-ms-05", "Soyuz MS-05", "Soyuz-FG", "baikonur-gagarins-start",
                    datetime(2017, 7, 28, 15, 41, 13, tzinfo=UTC), LaunchStatus.GO, Precision.SECOND,
                    datetime(2017, 7, 20, 9, 0, tzinfo=UTC), crewed=True,
                    sources=(Source("NASA", "https://www.nasa.gov/"),))
    return replace(launch, **changes)  # type: ignore[arg-type]


def _at(d: date, hh: int, mm: int, tz: object) -> datetime:
    return datetime.combine(d, time(hh, mm), tz)  # type: ignore[arg-type]


def trip(year: int = 2017, *, launch_at: datetime | None = None, weird: bool = False) -> Itinerary:
    """Moscow (two visits), a charter across zones, roll-out, museum, launch; with deadlines."""
    def d(month: int, day: int) -> date:
        return date(year, month, day)

    net = launch_at or datetime(year, 7, 28, 15, 41, 13, tzinfo=UTC)
    net_local = net.astimezone(BAI)
    rollout_day = net_local.date() - timedelta(days=2)
    museum_title = f"Visit: {WEIRD_NAME}" if weird else "Visit: Baikonur Cosmodrome Museum"
    moscow = Day(d(7, 22), "moscow", "Europe/Moscow", (
        Item("visit", "visit-museum-of-cosmonautics", _at(d(7, 22), 10, 0, MSK), _at(d(7, 22), 12, 0, MSK),
             "Visit: Museum of Cosmonautics", site="museum-of-cosmonautics",
             notes=("Audio guide in French available.",)),
        Item("lunch", "lunch-2017-07-22", _at(d(7, 22), 12, 0, MSK), _at(d(7, 22), 13, 0, MSK), "Lunch"),
        Item("travel", "travel-museum-of-cosmonautics-star-city", _at(d(7, 22), 13, 0, MSK),
             _at(d(7, 22), 14, 0, MSK), "Travel to Star City", origin="museum-of-cosmonautics",
             destination="star-city", mode="road", distance_km=35.2),
        Item("visit", "visit-star-city", _at(d(7, 22), 14, 0, MSK), _at(d(7, 22), 17, 0, MSK),
             "Visit: Star City", site="star-city"),
    ))
    transfer_start = _at(d(7, 25), 9, 0, MSK)
    transfer = Day(d(7, 25), "baikonur", "Asia/Qyzylorda", (
        Item("transfer", "transfer-moscow-baikonur", transfer_start,
             (transfer_start + timedelta(minutes=210)).astimezone(BAI), "Charter flight Moscow → Baikonur",
             origin="moscow", destination="baikonur", mode="charter"),
    ))
    rollout_start = datetime.combine(rollout_day, time(7, 0), BAI)
    rollout = Day(rollout_day, "baikonur", "Asia/Qyzylorda", (
        Item("rollout", "rollout-soyuz-ms-05", rollout_start, rollout_start + timedelta(hours=2),
             "Roll-out: Soyuz MS-05 to Gagarin's Start", site="baikonur-gagarins-start", launch="soyuz-ms-05"),
        Item("visit", "visit-baikonur-museum", rollout_start + timedelta(hours=4),
             rollout_start + timedelta(hours=5, minutes=30), museum_title, site="baikonur-museum",
             notes=("Guide: Ирина; meet at the gate, 10 minutes early.\nSecond line; with \\ and , too.",)),
    ))
    launch_day = Day(net_local.date(), "baikonur", "Asia/Qyzylorda", (
        Item("travel", "travel-hotel-gagarins-start", net_local - timedelta(hours=3),
             net_local - timedelta(hours=2), "Travel to the launch viewing point", origin="baikonur",
             destination="baikonur-gagarins-start", mode="road", distance_km=40.0),
        Item("launch", "launch-soyuz-ms-05", net_local, net_local + timedelta(minutes=30),
             "Launch: Soyuz MS-05", site="baikonur-gagarins-start", launch="soyuz-ms-05"),
    ))
    return Itinerary(
        days=(moscow, transfer, rollout, launch_day),
        unscheduled=(Unscheduled("baikonur-site-31", (Reason("not_requested_day", "No free day left"),)),),
        deadlines=(
            Deadline("baikonur-gagarins-start", "permit", d(6, 3),
                     "Apply for the Baikonur permit (55 days ahead for FR citizens).", rule="baikonur-permit"),
            Deadline("star-city", "passport_data", d(7, 8), "Send passport data to Star City.",
                     rule="star-city-registration"),
        ),
    )


def trip_info(**changes: object) -> TripInfo:
    info = TripInfo(token="tok-3f9c2a7b1e", version=1, page_url="https://tourplanner.test/trips/tok-3f9c2a7b1e",
                    name="Baikonur July 2017")
    return replace(info, **changes)  # type: ignore[arg-type]


def tbd_catalogue() -> Catalogue:
    return catalogue(launches=(soyuz_ms_05(status=LaunchStatus.TBD, precision=Precision.MONTH),))


def cases() -> Iterator[tuple[str, Itinerary, Catalogue]]:
    """(name, itinerary, catalogue) for every hand-built trip."""
    yield "2017", trip(2017), catalogue()
    yield "2030", trip(2030), catalogue(launches=(soyuz_ms_05(net=datetime(2030, 7, 28, 15, 41, 13, tzinfo=UTC)),))
    yield "cyrillic", trip(2017, weird=True), catalogue(weird=True)
    yield "tbd", trip(2017), tbd_catalogue()


def _minute(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(second=0, microsecond=0)


def expected_times(itinerary: Itinerary, token: str = "tok-3f9c2a7b1e"
                   ) -> dict[str, tuple[datetime | date, datetime | date]]:
    """UID -> (start, end) of every event the calendar must hold.

    UTC datetimes truncated to the minute (calendars work in minutes; T-0 to the second is in the
    DESCRIPTION), or dates for all-day events (end exclusive).
    """
    times: dict[str, tuple[datetime | date, datetime | date]] = {
        entry_uid(token, item.key): (_minute(item.start), _minute(item.end))
        for item in itinerary.items() if item.type in EXPORTED_TYPES}
    for deadline in itinerary.deadlines:
        times[entry_uid(token, deadline_key(deadline))] = (deadline.due, deadline.due + timedelta(days=1))
    return times


def as_utc(value: datetime | date) -> datetime | date:
    """A parsed DTSTART/DTEND value made comparable with `expected_times`."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def events(data: bytes) -> dict[str, icalendar.Event]:
    """UID -> VEVENT as python-icalendar reads the bytes."""
    cal = icalendar.Calendar.from_ical(data)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def times_seen(data: bytes) -> dict[str, tuple[datetime | date, datetime | date]]:
    return {uid: (as_utc(ev["DTSTART"].dt), as_utc(ev["DTEND"].dt)) for uid, ev in events(data).items()}


FEED_URL = "https://tourplanner.test/launches.ics"


def feed_catalogue() -> Catalogue:
    """Launches in every status, in 2017 (UTC+6 at Baikonur) and 2030 (UTC+5), timed and not."""
    return catalogue(launches=(
        soyuz_ms_05(),
        soyuz_ms_05(id="soyuz-ms-04", mission="Soyuz MS-04", net=datetime(2017, 4, 20, 7, 13, 44, tzinfo=UTC),
                    status=LaunchStatus.SUCCESS),
        soyuz_ms_05(id="progress-ms-07", mission="Progress MS-07", vehicle="Soyuz-2.1a", crewed=False,
                    net=datetime(2017, 10, 12, 9, 32, tzinfo=UTC), status=LaunchStatus.TBC),
        soyuz_ms_05(id="progress-ms-96", mission="Progress MS-96", vehicle="Soyuz-2.1a", crewed=False,
                    net=datetime(2017, 6, 14, 9, 20, tzinfo=UTC), status=LaunchStatus.FAILURE),
        soyuz_ms_05(id="soyuz-ms-99", mission="Soyuz MS-99", net=datetime(2030, 3, 1, 8, 0, tzinfo=UTC),
                    status=LaunchStatus.TBD, precision=Precision.MONTH),
        soyuz_ms_05(id="progress-ms-98", mission="Progress MS-98", net=datetime(2030, 4, 2, 3, 0, tzinfo=UTC),
                    status=LaunchStatus.HOLD, precision=Precision.DAY),
        soyuz_ms_05(id="progress-ms-97", mission="Progress MS-97", net=datetime(2030, 5, 2, 3, 0, tzinfo=UTC),
                    status=LaunchStatus.SCRUBBED),
        soyuz_ms_05(id="soyuz-ms-98", mission="Soyuz MS-98", net=datetime(2030, 9, 20, 21, 5, tzinfo=UTC),
                    window_end=datetime(2030, 9, 20, 22, 5, tzinfo=UTC)),
    ))
