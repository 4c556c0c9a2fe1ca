"""A small, hand-built catalogue and trip for the map tests: known counts, no database, no seed file.

The trip is the classic one: Moscow museums, a charter to Baikonur, the roll-out and the launch of
Soyuz MS-05, a charter back. One site name carries markup and quotes to prove escaping.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tourplanner.planning.model import (
    AccessRule,
    Catalogue,
    Day,
    Deadline,
    Interval,
    Item,
    Itinerary,
    Launch,
    LaunchStatus,
    OpeningHours,
    Precision,
    Region,
    Site,
    Transfer,
)

MSK = ZoneInfo("Europe/Moscow")
BAIKONUR = ZoneInfo("Asia/Qyzylorda")  # UTC+6 in 2017
EVIL = "Evil <script>alert('x')</script> \"quoted\" `tick` ${1+1} \\ & co"


def _week(start: str, end: str, closed: tuple[int, ...] = ()) -> OpeningHours:
    interval = (Interval(time.fromisoformat(start), time.fromisoformat(end)),)
    return OpeningHours(weekly=tuple(() if d in closed else interval for d in range(7)))


def _site(id_: str, name: str, kind: str, region: str, lat: float, lon: float, **kw: object) -> Site:
    tz = "Europe/Moscow" if region == "moscow" else "Asia/Qyzylorda"
    country = "RU" if region == "moscow" else "KZ"
    return Site(id=id_, name=name, name_ru=str(kw.pop("name_ru", "")), kind=kind, region=region,
                country=country, lat=lat, lon=lon, timezone=tz, visit_minutes=int(kw.pop("minutes", 90)),
                **kw)  # type: ignore[arg-type]


def build_catalogue() -> Catalogue:
    tours = OpeningHours(weekly=tuple((Interval(time(10), time(17)),) if d < 5 else () for d in range(7)),
                         by_appointment=True)
    sites = (
        _site("kremlin-wall-necropolis", "Kremlin Wall Necropolis", "memorial", "moscow", 55.75361, 37.61972,
              name_ru="Некрополь у Кремлёвской стены", hours=_week("10:00", "13:00", (0, 4, 6))),
        _site("museum-of-cosmonautics", "Museum of Cosmonautics", "museum", "moscow", 55.8228, 37.6398,
              name_ru="Музей космонавтики", hours=_week("10:00", "19:00", (0,)), minutes=150),
        _site("vdnkh", "VDNKh: Vostok, Kosmos pavilion and Buran", "park", "moscow", 55.8263, 37.6377),
        _site("star-city", "Star City", "training-centre", "moscow", 55.8806, 38.1105, hours=tours,
              minutes=180),
        _site("evil", EVIL, "museum", "moscow", 55.70, 37.50),
        _site("baikonur-gagarins-start", "Gagarin's Start (Site 1/5)", "launch-pad", "baikonur",
              45.920278, 63.342222, hours=tours),
        _site("baikonur-site-31", "Site 31/6", "launch-pad", "baikonur", 45.9961, 63.5639, hours=tours),
        _site("baikonur-museum", "Baikonur Cosmodrome museum", "museum", "baikonur", 45.9430, 63.3190,
              hours=tours),
        _site("buran-control-centre", "Buran launch control centre", "ruin", "baikonur", 45.965, 63.305,
              hours=tours, coordinates_confidence="L"),
    )
    regions = (Region("moscow", "Moscow", "Europe/Moscow", 55.7558, 37.6173),
               Region("baikonur", "Baikonur", "Asia/Qyzylorda", 45.6167, 63.3167))
    rules = (
        AccessRule("baikonur-zone", "permit", "Baikonur closed zone", region="baikonur",
                   lead_days=(("RU", 10), ("KZ", 10), ("*", 55)), passport_required=True, guided_only=True,
                   photography="permit"),
        AccessRule("star-city-reg", "pre_registration", "Star City checkpoint", site="star-city",
                   lead_days=(("RU", 3), ("*", 30)), passport_required=True, guided_only=True),
        AccessRule("mausoleum", "info", "Mausoleum rules", site="kremlin-wall-necropolis",
                   photography="forbidden", notes="No bags; left luggage at the Historical Museum."),
        AccessRule("buran-photo", "info", "Bunker exterior", site="buran-control-centre", photography="forbidden"),
    )
    transfers = (Transfer("msk-bkn", "moscow", "baikonur", "charter", 210, description="Charter to Krayniy."),
                 Transfer("bkn-msk", "baikonur", "moscow", "charter", 240))
    launches = (Launch("soyuz-ms-05", "Soyuz MS-05", "Soyuz-FG", "baikonur-gagarins-start",
                       datetime(2017, 7, 28, 15, 41, tzinfo=ZoneInfo("UTC")), LaunchStatus.SUCCESS,
                       Precision.SECOND, datetime(2017, 7, 29, tzinfo=ZoneInfo("UTC")), crewed=True),)
    return Catalogue(sites=sites, regions=regions, access_rules=rules, transfers=transfers, launches=launches)


def _at(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tz)


def _visit(day: date, site: str, start: str, end: str, tz: ZoneInfo = MSK, title: str = "") -> Item:
    return Item("visit", f"visit:{site}:{day}", _at(day, start, tz), _at(day, end, tz), title or site, site=site)


def _travel(day: date, a: str, b: str, start: str, end: str, tz: ZoneInfo = MSK, km: float = 10) -> Item:
    return Item("travel", f"travel:{a}:{b}:{day}", _at(day, start, tz), _at(day, end, tz), f"{a} to {b}",
                origin=a, destination=b, mode="road", distance_km=km)


def build_itinerary() -> Itinerary:
    """6 days, 6 visits, 2 transfers, 1 roll-out, 1 launch; routes on days 1, 2, 4, 5 and 6."""
    d = [date(2017, 7, 23) + timedelta(days=i) for i in range(6)]
    days = (
        Day(d[0], "moscow", "Europe/Moscow", (
            _travel(d[0], "moscow", "museum-of-cosmonautics", "09:30", "10:00"),
            _visit(d[0], "museum-of-cosmonautics", "10:00", "12:30"),
            _travel(d[0], "museum-of-cosmonautics", "vdnkh", "12:30", "12:40", km=1),
            _visit(d[0], "vdnkh", "12:40", "14:10"),
            _travel(d[0], "vdnkh", "evil", "14:10", "14:50"),
            _visit(d[0], "evil", "14:50", "16:00", title=EVIL),
        )),
        Day(d[1], "moscow", "Europe/Moscow", (
            _travel(d[1], "moscow", "kremlin-wall-necropolis", "09:40", "10:00", km=1),
            _visit(d[1], "kremlin-wall-necropolis", "10:00", "10:45"),
            _travel(d[1], "kremlin-wall-necropolis", "star-city", "11:00", "12:00", km=40),
            _visit(d[1], "star-city", "12:00", "15:00"),
        )),
        Day(d[2], "baikonur", "Asia/Qyzylorda", (
            Item("transfer", "transfer:msk-bkn", _at(d[2], "09:00", MSK), _at(d[2], "15:30", BAIKONUR),
                 "Charter Moscow → Baikonur", origin="moscow", destination="baikonur", mode="charter"),
        )),
        Day(d[3], "baikonur", "Asia/Qyzylorda", (
            _travel(d[3], "baikonur", "baikonur-gagarins-start", "06:00", "06:50", BAIKONUR, 35),
            Item("rollout", "rollout:soyuz-ms-05", _at(d[3], "07:00", BAIKONUR), _at(d[3], "08:30", BAIKONUR),
                 "Roll-out of Soyuz MS-05", site="baikonur-gagarins-start", launch="soyuz-ms-05",
                 lat=45.9105, lon=63.3400),
            _travel(d[3], "baikonur-gagarins-start", "baikonur-museum", "08:30", "09:00", BAIKONUR, 5),
            _visit(d[3], "baikonur-museum", "09:00", "11:00", BAIKONUR),
        )),
        Day(d[4], "baikonur", "Asia/Qyzylorda", (
            _travel(d[4], "baikonur", "baikonur-gagarins-start", "19:30", "20:30", BAIKONUR, 35),
            Item("launch", "launch:soyuz-ms-05", _at(d[4], "21:41", BAIKONUR), _at(d[4], "22:10", BAIKONUR),
                 "Launch of Soyuz MS-05", launch="soyuz-ms-05", lat=45.8900, lon=63.3500,
                 notes=("Viewing point about 1.5 km from the pad.",)),
            _travel(d[4], "baikonur-gagarins-start", "baikonur", "22:30", "23:20", BAIKONUR, 35),
        )),
        Day(d[5], "moscow", "Europe/Moscow", (
            Item("transfer", "transfer:bkn-msk", _at(d[5], "10:00", BAIKONUR), _at(d[5], "12:00", MSK),
                 "Charter Baikonur → Moscow", origin="baikonur", destination="moscow", mode="charter"),
            _travel(d[5], "moscow", "museum-of-cosmonautics", "13:00", "13:30"),
            _visit(d[5], "museum-of-cosmonautics", "13:30", "15:00"),
        )),
    )
    return Itinerary(days=days, deadlines=(
        Deadline("baikonur-museum", "permit", date(2017, 5, 30), "Send passport scans to the tour operator."),))


@pytest.fixture
def catalogue() -> Catalogue:
    return build_catalogue()


@pytest.fixture
def itinerary() -> Itinerary:
    return build_itinerary()


@dataclass(frozen=True)
class Expected:
    """What the map must show for the trip above."""

    visits: int = 7  # numbered markers
    rockets: int = 2  # roll-out + launch pins
    days: int = 6
    routes: int = 5  # days with a route of >= 2 points (day 3 is only a transfer)
    transfers: int = 2
    bases: int = 2  # a bed marker in Moscow and in Baikonur
    evil: str = EVIL  # a site and visit title full of markup


@pytest.fixture
def expected() -> Expected:
    return Expected()
