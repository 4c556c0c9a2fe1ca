"""The seed catalogue: the real file parses into what the reference says; every kind of bad file is
refused with the file, the JSON path and the problem named, all problems at once."""
from __future__ import annotations

import copy
import json
import pickle
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from geopy.distance import geodesic

from tourplanner.planning.launch_times import rollout_start
from tourplanner.planning.model import Catalogue, LaunchStatus, Precision
from tourplanner.planning.tz import is_known, zone
from tourplanner.store.seed import SeedError, mission_slug, parse_seed, parse_seed_data

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "sites.json"
TODAY = datetime(2026, 11, 21, tzinfo=UTC)

SEED_IDS = {"kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city",
            "baikonur-gagarins-start", "baikonur-site-31", "buran-control-centre", "baikonur-museum",
            "baikonur-space-school"}

# The reference's coordinates (shared/reference/domain-facts.md), including its approximate ones.
REFERENCE_COORDINATES = {
    "kremlin-wall-necropolis": (55.75361, 37.61972),
    "museum-of-cosmonautics": (55.8228, 37.6398),
    "vdnkh": (55.8263, 37.6377),  # park, unverified
    "star-city": (55.874444, 38.115),  # Wikipedia's point (issue 15); the 2026-11-21 reference was ~740 m off
    "baikonur-gagarins-start": (45.920278, 63.342222),
    "baikonur-site-31": (45.9961, 63.5639),
    "buran-control-centre": (45.965, 63.305),  # Site 110, unverified
    "baikonur-space-school": (45.62, 63.31),  # Baikonur city, unverified
    "rkk-energia-museum": (55.91795, 37.79593),
    "gagarin-landing-site": (51.2708, 45.9974),
}

# Every Baikonur launch of the reference since Soyuz MS-05: (mission, UTC net or date, pad, vehicle).
P15, P31 = "baikonur-gagarins-start", "baikonur-site-31"
# Every crewed and cargo launch from Baikonur since 1 January 2017, as independent records give them (UTC); each
# record's sources in data/sites.json name the page that gives the time.
REFERENCE_LAUNCHES = [
    ("Progress MS-05", "2017-02-22 05:58", P15, "Soyuz-U"), ("Soyuz MS-04", "2017-04-20 07:13", P15, "Soyuz-FG"),
    ("Progress MS-06", "2017-06-14 09:20", P31, "Soyuz-2.1a"),
    ("Soyuz MS-05", "2017-07-28 15:41", P15, "Soyuz-FG"), ("Soyuz MS-06", "2017-09-12 21:17", P15, "Soyuz-FG"),
    ("Progress MS-07", "2017-10-14 08:46", P31, "Soyuz-2.1a"), ("Soyuz MS-07", "2017-12-17 07:21", P15, "Soyuz-FG"),
    ("Progress MS-08", "2018-02-13 08:13", P31, "Soyuz-2.1a"), ("Soyuz MS-08", "2018-03-21 17:44", P15, "Soyuz-FG"),
    ("Soyuz MS-09", "2018-06-06 11:12", P15, "Soyuz-FG"), ("Progress MS-09", "2018-07-09 21:51", P31, "Soyuz-2.1a"),
    ("Soyuz MS-10", "2018-10-11 08:40", P15, "Soyuz-FG"), ("Progress MS-10", "2018-11-16 18:14", P15, "Soyuz-FG"),
    ("Soyuz MS-11", "2018-12-03 11:31", P15, "Soyuz-FG"),
    ("Soyuz MS-12", "2019-03-14 19:14", P15, "Soyuz-FG"), ("Progress MS-11", "2019-04-04 11:01", P31, "Soyuz-2.1a"),
    ("Soyuz MS-13", "2019-07-20 16:28", P15, "Soyuz-FG"), ("Progress MS-12", "2019-07-31 12:10", P31, "Soyuz-2.1a"),
    ("Soyuz MS-14", "2019-08-22 03:38", P31, "Soyuz-2.1a"), ("Soyuz MS-15", "2019-09-25 13:57", P15, "Soyuz-FG"),
    ("Progress MS-13", "2019-12-06 09:34", P31, "Soyuz-2.1a"),
    ("Soyuz MS-16", "2020-04-09 08:05", P31, "Soyuz-2.1a"), ("Progress MS-14", "2020-04-25 01:51", P31, "Soyuz-2.1a"),
    ("Progress MS-15", "2020-07-23 14:26", P31, "Soyuz-2.1a"), ("Soyuz MS-17", "2020-10-14 05:45", P31, "Soyuz-2.1a"),
    ("Progress MS-16", "2021-02-15 04:45", P31, "Soyuz-2.1a"), ("Soyuz MS-18", "2021-04-09 07:42", P31, "Soyuz-2.1a"),
    ("Progress MS-17", "2021-06-29 23:27", P31, "Soyuz-2.1a"), ("Soyuz MS-19", "2021-10-05 08:55", P31, "Soyuz-2.1a"),
    ("Progress MS-18", "2021-10-28 00:00", P31, "Soyuz-2.1a"), ("Progress M-UM", "2021-11-24 13:06", P31, "Soyuz-2.1b"),
    ("Soyuz MS-20", "2021-12-08 07:38", P31, "Soyuz-2.1a"),
    ("Progress MS-19", "2022-02-15 04:25", P31, "Soyuz-2.1a"), ("Soyuz MS-21", "2022-03-18 15:55", P31, "Soyuz-2.1a"),
    ("Progress MS-20", "2022-06-03 09:32", P31, "Soyuz-2.1a"), ("Soyuz MS-22", "2022-09-21 13:54", P31, "Soyuz-2.1a"),
    ("Progress MS-21", "2022-10-26 00:20", P31, "Soyuz-2.1a"),
    ("Progress MS-22", "2023-02-09 06:15", P31, "Soyuz-2.1a"), ("Soyuz MS-23", "2023-02-24 00:24", P31, "Soyuz-2.1a"),
    ("Progress MS-23", "2023-05-24 12:56", P31, "Soyuz-2.1a"), ("Progress MS-24", "2023-08-23 01:08", P31, "Soyuz-2.1a"),
    ("Soyuz MS-24", "2023-09-15 15:44", P31, "Soyuz-2.1a"), ("Progress MS-25", "2023-12-01 09:25", P31, "Soyuz-2.1a"),
    ("Progress MS-26", "2024-02-15 03:25", P31, "Soyuz-2.1a"), ("Soyuz MS-25", "2024-03-23 12:36", P31, "Soyuz-2.1a"),
    ("Progress MS-27", "2024-05-30 09:42:59", P31, "Soyuz-2.1a"), ("Progress MS-28", "2024-08-15 03:20", P31, "Soyuz-2.1a"),
    ("Soyuz MS-26", "2024-09-11 16:23", P31, "Soyuz-2.1a"), ("Progress MS-29", "2024-11-21 12:22", P31, "Soyuz-2.1a"),
    ("Progress MS-30", "2025-02-27 21:24", P31, "Soyuz-2.1a"), ("Soyuz MS-27", "2025-04-08 05:47", P31, "Soyuz-2.1a"),
    ("Progress MS-31", "2025-07-03 19:32", P31, "Soyuz-2.1a"), ("Progress MS-32", "2025-09-11 15:54", P31, "Soyuz-2.1a"),
    ("Soyuz MS-28", "2025-11-27 09:27", P31, "Soyuz-2.1a"),
    ("Progress MS-33", "2026-03-22 11:59", P31, "Soyuz-2.1a"),  # NASA: 7:59 am EDT
    ("Progress MS-34", "2026-04-25 22:22", P31, "Soyuz-2.1a"),
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return parse_seed(SEED)


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return data


def _index(data: dict[str, Any], section: str, record_id: str) -> int:
    return next(i for i, item in enumerate(data[section]) if item.get("id") == record_id)


def _refused(tmp_path: Path, data: Any, *fragments: str, raw_text: str | None = None) -> SeedError:
    """Write `data` as bad.json, parse it, and check the error names the file and each fragment."""
    bad = tmp_path / "bad.json"
    bad.write_text(raw_text if raw_text is not None else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        parse_seed(bad)
    message = str(caught.value)
    assert str(bad) in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    for line in message.splitlines()[1:]:
        assert line.startswith(f"{bad}: $"), line  # every problem line: file, then JSON path
    return caught.value


# --- the real seed ---------------------------------------------------------------------------------


def test_real_seed_parses_with_every_required_site(catalogue: Catalogue) -> None:
    ids = {s.id for s in catalogue.sites}
    assert SEED_IDS <= ids
    assert {r.id for r in catalogue.regions} >= {"moscow", "baikonur"}
    for site in catalogue.sites:
        assert site.sources, site.id
        assert site.region in {r.id for r in catalogue.regions}


def test_sites_are_where_the_reference_puts_them(catalogue: Catalogue) -> None:
    for site_id, (lat, lon) in REFERENCE_COORDINATES.items():
        site = catalogue.site(site_id)
        assert geodesic((lat, lon), (site.lat, site.lon)).meters < 500, site_id


def test_unverified_coordinates_are_marked(catalogue: Catalogue) -> None:
    for site_id in ("buran-control-centre", "baikonur-museum", "baikonur-space-school"):
        site = catalogue.site(site_id)
        assert site.coordinates_confidence == "unverified", site_id
        assert "unverified" in site.notes.lower(), site_id
    assert catalogue.site("vdnkh").coordinates_confidence == "M"  # the Main Entrance arch, checked 2026-12-01


def test_time_zones_are_the_references(catalogue: Catalogue) -> None:
    for site in catalogue.sites:
        assert is_known(site.timezone)
        if site.region == "baikonur":
            assert site.timezone == "Asia/Qyzylorda", site.id
        if site.region == "moscow":
            assert site.timezone == "Europe/Moscow", site.id
    assert catalogue.region("baikonur").timezone == "Asia/Qyzylorda"
    assert catalogue.region("moscow").timezone == "Europe/Moscow"


def test_regions_have_a_place_to_sleep(catalogue: Catalogue) -> None:
    baikonur = catalogue.region("baikonur")
    assert geodesic((45.62, 63.31), (baikonur.lat, baikonur.lon)).km < 2
    moscow = catalogue.region("moscow")
    assert geodesic((55.7558, 37.6173), (moscow.lat, moscow.lon)).km < 3
    assert all(r.lodging for r in catalogue.regions)


def test_soyuz_ms_24_lifts_off_at_20_44_baikonur_time(catalogue: Catalogue) -> None:
    ms24 = catalogue.launch("soyuz-ms-24")
    assert ms24.net == datetime(2023, 9, 15, 15, 44, tzinfo=UTC)
    local = ms24.net.astimezone(zone(catalogue.site(ms24.pad).timezone))
    assert (local.hour, local.minute, local.utcoffset()) == (20, 44, datetime(2023, 1, 1, 5).replace(
        tzinfo=UTC) - datetime(2023, 1, 1, tzinfo=UTC))
    assert local.isoformat() == "2023-09-15T20:44:00+05:00"


def test_soyuz_ms_05_rolls_out_two_days_before(catalogue: Catalogue) -> None:
    ms05 = catalogue.launch("soyuz-ms-05")
    assert ms05.rollout_days_before == 2
    rollout = rollout_start(ms05, zone(catalogue.site(ms05.pad).timezone))
    assert rollout.date() == date(2017, 7, 26)
    assert rollout.time() == time(7, 0)
    assert rollout.utcoffset() is not None and rollout.utcoffset().total_seconds() == 6 * 3600  # type: ignore[union-attr]


def test_every_reference_launch_since_ms_05_is_present(catalogue: Catalogue) -> None:
    assert len(REFERENCE_LAUNCHES) == 56
    by_id = {x.id: x for x in catalogue.launches}
    for mission, when, pad, vehicle in REFERENCE_LAUNCHES:
        launch = by_id[mission_slug(mission)]
        assert launch.mission == mission
        assert (launch.pad, launch.vehicle) == (pad, vehicle), mission
        if len(when) == 10:
            assert launch.net.date() == date.fromisoformat(when) and launch.precision == Precision.DAY
        else:
            assert launch.net == datetime.fromisoformat(when).replace(tzinfo=UTC), mission
        assert launch.net.tzinfo is not None and launch.net.utcoffset() == UTC.utcoffset(None)
        assert launch.last_updated.tzinfo is not None
        assert launch.sources
        if launch.net < TODAY:
            assert launch.status in {LaunchStatus.SUCCESS, LaunchStatus.FAILURE}, mission


def test_launch_details(catalogue: Catalogue) -> None:
    assert catalogue.launch("soyuz-ms-10").status == LaunchStatus.FAILURE
    assert "crew" in catalogue.launch("soyuz-ms-10").notes
    assert catalogue.launch("progress-ms-33").precision == Precision.MINUTE
    assert catalogue.launch("progress-ms-34").precision == Precision.MINUTE
    ms29 = catalogue.launch("soyuz-ms-29")  # flew on 14 July 2026; no source read gives the minute
    assert (ms29.status, ms29.precision, ms29.net.date()) == (LaunchStatus.SUCCESS, Precision.DAY, date(2026, 7, 14))
    for launch in catalogue.launches:
        assert launch.id == mission_slug(launch.mission)
        expected_crewed = launch.mission.startswith("Soyuz") and launch.id not in {"soyuz-ms-14", "soyuz-ms-23"}
        assert launch.crewed == expected_crewed, launch.id
    local = catalogue.launch("progress-ms-34").net.astimezone(zone("Asia/Qyzylorda"))
    assert local.isoformat() == "2026-04-26T03:22:00+05:00"


def test_upcoming_soyuz_ms_30_and_ms_31_are_coarse_and_in_the_future(catalogue: Catalogue) -> None:
    for launch_id in ("soyuz-ms-30", "soyuz-ms-31"):
        launch = catalogue.launch(launch_id)
        assert launch.status == LaunchStatus.TBD
        assert launch.precision == Precision.MONTH  # placeholders at month precision (DESIGN: coarse until confirmed)
        assert launch.net > TODAY
        assert launch.crewed
    assert "Kononenko" in catalogue.launch("soyuz-ms-31").notes


def test_rollout_rule_by_vehicle_pad_and_crew(catalogue: Catalogue) -> None:
    assert catalogue.rollout_rules
    checked = {"soyuz-ms-25": 5, "soyuz-ms-19": 4, "progress-ms-21": 4, "progress-ms-09": 4,  # dated reports
               "soyuz-ms-04": 3, "soyuz-ms-06": 3, "soyuz-ms-12": 3}
    for launch in catalogue.launches:
        if launch.id in checked:
            assert launch.rollout_days_before == checked[launch.id], launch.id
        elif launch.vehicle == "Soyuz-FG":
            assert launch.rollout_days_before == 2, launch.id
        else:  # crewed Soyuz-2.1a from Site 31 and every uncrewed flight
            assert launch.rollout_days_before == 3, launch.id
        assert launch.rollout_local_time == time(7, 0)


def test_launch_may_override_the_rollout_rule() -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-24")
    data["launches"][i]["rollout_days_before"] = 4
    data["launches"][i]["rollout_local_time"] = "05:30"
    launch = parse_seed_data(data, "memory").launch("soyuz-ms-24")
    assert (launch.rollout_days_before, launch.rollout_local_time) == (4, time(5, 30))


def test_opening_hours(catalogue: Catalogue) -> None:
    necropolis = catalogue.site("kremlin-wall-necropolis")
    open_days = [i for i, day in enumerate(necropolis.hours.weekly) if day]
    assert open_days == [1, 2, 3, 5]  # Tue, Wed, Thu, Sat
    assert necropolis.hours.weekly[1][0].start == time(10) and necropolis.hours.weekly[1][0].end == time(13)
    assert 60 <= necropolis.visit_minutes <= 120 and "queue" in necropolis.notes
    closures = {(c.start, c.end) for c in necropolis.closures}
    assert {(date(2023, 2, 13), date(2023, 4, 15)), (date(2024, 6, 29), date(2024, 7, 6)),
            (date(2025, 2, 18), date(2025, 4, 14)), (date(2025, 4, 23), date(2025, 5, 19))} <= closures
    assert all(c.reason for c in necropolis.closures)

    museum = catalogue.site("museum-of-cosmonautics")
    assert museum.hours.weekly[0] == ()
    assert museum.hours.weekly[3][0].end == time(21) and museum.hours.weekly[2][0].end == time(19)
    assert museum.hours.weekly[2][0].last_admission is not None

    slots = catalogue.site("vdnkh").hours.slots
    assert slots is not None and (slots.every_minutes, slots.capacity, slots.duration_minutes) == (20, 20, 45)

    kaluga = catalogue.site("tsiolkovsky-museum").hours
    assert [(m.week, m.weekday) for m in kaluga.monthly_closures] == [(-1, 4)]  # last Friday


def test_by_appointment_sites_get_the_default_window(catalogue: Catalogue) -> None:
    for site_id in ("star-city", "baikonur-gagarins-start", "baikonur-site-31", "buran-control-centre",
                    "baikonur-museum", "baikonur-space-school", "rkk-energia-museum"):
        hours = catalogue.site(site_id).hours
        assert hours.by_appointment, site_id
        assert [len(day) for day in hours.weekly] == [1, 1, 1, 1, 1, 0, 0], site_id
        assert all((d[0].start, d[0].end) == (time(10), time(17)) for d in hours.weekly[:5])


def test_access_rules(catalogue: Catalogue) -> None:
    baikonur = next(r for r in catalogue.access_rules if r.region == "baikonur")
    assert baikonur.kind == "permit" and baikonur.passport_required and baikonur.guided_only
    assert (baikonur.lead_days_for("RU"), baikonur.lead_days_for("KZ"), baikonur.lead_days_for("FR")) == (10, 10, 55)
    assert baikonur.photography == "permit"
    for site in catalogue.sites:
        if site.region == "baikonur":
            assert baikonur in catalogue.rules_for(site)
    star = [r for r in catalogue.rules_for(catalogue.site("star-city")) if r.kind == "pre_registration"]
    assert star and star[0].lead_days_for("FR") == 30 and star[0].lead_days_for("RU") == 5
    assert star[0].passport_required and star[0].guided_only and star[0].group_min == 5
    mausoleum = catalogue.rules_for(catalogue.site("kremlin-wall-necropolis"))
    assert any(r.photography == "forbidden" for r in mausoleum)
    assert any(r.guided_only for r in catalogue.rules_for(catalogue.site("vdnkh")))
    # the command post (Site 250a, TASS 2017) is shown only on the museum's guided excursion; no photo rule published
    assert any(r.guided_only for r in catalogue.rules_for(catalogue.site("buran-control-centre")))
    assert all(r.sources for r in catalogue.access_rules)


def test_transfers_reach_baikonur_and_back(catalogue: Catalogue) -> None:
    out = {t.mode: t for t in catalogue.transfers if (t.origin, t.destination) == ("moscow", "baikonur")}
    back = {t.mode for t in catalogue.transfers if (t.origin, t.destination) == ("baikonur", "moscow")}
    assert {"charter", "flight+road"} <= set(out) and {"charter", "flight+road"} <= back
    assert 300 <= out["charter"].duration_minutes <= 600
    assert out["flight+road"].duration_minutes >= (4 + 3.5) * 60
    assert all(t.sources and t.depart_earliest <= t.depart_latest for t in catalogue.transfers)
    regions = {r.id for r in catalogue.regions}
    for region in regions - {"moscow"}:
        assert any(t.origin == "moscow" and t.destination == region for t in catalogue.transfers), region
        assert any(t.origin == region and t.destination == "moscow" for t in catalogue.transfers), region


def test_travel_model_per_region(catalogue: Catalogue) -> None:
    assert catalogue.travel.road_factor >= 1 and catalogue.travel.speed_kmh > 0
    moscow = catalogue.travel_for("moscow")
    assert moscow.road_factor >= 1.2 and 20 <= moscow.speed_kmh <= 50
    assert catalogue.travel_for("kaluga") == catalogue.travel  # no override: the default


def test_tz_helper_reads_the_pinned_package() -> None:
    qyzylorda = zone("Asia/Qyzylorda")
    assert zone("Asia/Qyzylorda") is qyzylorda and str(qyzylorda) == "Asia/Qyzylorda"
    assert datetime(2017, 7, 28, 15, 41, tzinfo=UTC).astimezone(qyzylorda).hour == 21  # UTC+6 then
    assert datetime(2019, 7, 20, 16, 28, tzinfo=UTC).astimezone(qyzylorda).hour == 21  # UTC+5 since 2018-12-21
    assert datetime(2023, 9, 15, 15, 44, tzinfo=UTC).astimezone(zone("Asia/Almaty")).hour == 21  # the trap
    with pytest.raises(KeyError):
        zone("Asia/Baikonur")
    with pytest.raises(KeyError):
        zone("../../etc/passwd")


def test_pinned_zones_copy_and_pickle_by_name() -> None:
    instant = datetime(2023, 9, 15, 20, 44, tzinfo=zone("Asia/Qyzylorda"))
    assert copy.deepcopy(instant).tzinfo is zone("Asia/Qyzylorda")  # dataclasses.asdict deep-copies
    assert pickle.loads(pickle.dumps(instant)) == instant


def test_parse_seed_data_names_its_source() -> None:
    data = _raw()
    data["sites"][0]["timezone"] = "Mars/Olympus"
    with pytest.raises(SeedError) as caught:
        parse_seed_data(data, "upload from operator")
    assert "upload from operator: $.sites[0].timezone: unknown time zone 'Mars/Olympus'" in str(caught.value)


def test_seed_is_not_modified_by_parsing() -> None:
    data = _raw()
    before = copy.deepcopy(data)
    parse_seed_data(data, "memory")
    assert data == before


# --- refused files: one problem each -----------------------------------------------------------------


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace('"version": 1,', '"version": 1,,', 1)
    error = _refused(tmp_path, None, "malformed JSON at line 3, column", raw_text=text)
    assert error.problems[0].path == "$"


def test_unknown_time_zone(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "baikonur-site-31")
    data["sites"][i]["timezone"] = "Asia/Baikonur"
    _refused(tmp_path, data, f"$.sites[{i}].timezone: unknown time zone 'Asia/Baikonur'", "Asia/Qyzylorda")


def test_baikonur_in_almaty_time_is_refused(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "baikonur-museum")
    data["sites"][i]["timezone"] = "Asia/Almaty"
    _refused(tmp_path, data, f"$.sites[{i}].timezone: 'Asia/Almaty' differs from the zone of its region 'baikonur'")


def test_unknown_region_time_zone(tmp_path: Path) -> None:
    data = _raw()
    data["regions"][1]["timezone"] = "Asia/Toretam"
    _refused(tmp_path, data, "$.regions[1].timezone: unknown time zone 'Asia/Toretam'")


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("lat", 95.0, "95.0 is greater than the maximum of 90"),
    ("lon", -181, "-181 is less than the minimum of -180"),
])
def test_coordinates_out_of_range(tmp_path: Path, field: str, value: float, fragment: str) -> None:
    data = _raw()
    i = _index(data, "sites", "star-city")
    data["sites"][i][field] = value
    _refused(tmp_path, data, f"$.sites[{i}].{field}: {fragment}")


def test_swapped_coordinates_are_refused(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "baikonur-gagarins-start")
    site = data["sites"][i]
    site["lat"], site["lon"] = site["lon"], site["lat"]
    _refused(tmp_path, data, f"$.sites[{i}]: lat/lon (63.342222, 45.920278)", "swapped")


def test_launch_on_unknown_pad(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-24")
    data["launches"][i]["pad"] = "baikonur-site-200"
    _refused(tmp_path, data, f"$.launches[{i}].pad: launch from unknown pad 'baikonur-site-200'")


def test_launch_from_a_site_that_is_not_a_pad(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-24")
    data["launches"][i]["pad"] = "baikonur-museum"
    _refused(tmp_path, data, f"$.launches[{i}].pad: site 'baikonur-museum' is a museum, not a launch-pad")


def test_access_rule_for_unknown_site(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "access_rules", "star-city-pre-registration")
    data["access_rules"][i]["site"] = "star-town"
    _refused(tmp_path, data, f"$.access_rules[{i}].site: access rule for unknown site 'star-town'")


def test_access_rule_for_unknown_region(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "access_rules", "baikonur-closed-zone-permit")
    data["access_rules"][i]["region"] = "tyuratam"
    _refused(tmp_path, data, f"$.access_rules[{i}].region: access rule for unknown region 'tyuratam'")


def test_access_rule_for_both_site_and_region(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "access_rules", "baikonur-closed-zone-permit")
    data["access_rules"][i]["site"] = "baikonur-site-31"
    _refused(tmp_path, data, f"$.access_rules[{i}]: an access rule names exactly one of `site` or `region`")


def test_transfer_between_unknown_regions(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "transfers", "moscow-baikonur-charter")
    data["transfers"][i]["origin"] = "chkalovsky"
    data["transfers"][i]["destination"] = "krayniy"
    _refused(tmp_path, data, f"$.transfers[{i}].origin: transfer origin is an unknown region 'chkalovsky'",
             f"$.transfers[{i}].destination: transfer destination is an unknown region 'krayniy'")


def test_region_without_transfers_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["regions"].append({"id": "plesetsk", "name": "Plesetsk", "timezone": "Europe/Moscow",
                            "lat": 62.93, "lon": 40.58})
    _refused(tmp_path, data, "$.transfers: no transfer (or chain of transfers) leads from 'moscow' to region "
                             "'plesetsk'", "leads back from region 'plesetsk'")


def test_site_in_unknown_region(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "vdnkh")
    data["sites"][i]["region"] = "moskva"
    _refused(tmp_path, data, f"$.sites[{i}].region: unknown region 'moskva'")


@pytest.mark.parametrize(("section", "what"), [
    ("sites", "site"), ("launches", "launch"), ("access_rules", "access rule"), ("regions", "region"),
    ("transfers", "transfer"),
])
def test_duplicate_ids(tmp_path: Path, section: str, what: str) -> None:
    data = _raw()
    data[section].append(copy.deepcopy(data[section][1]))
    last = len(data[section]) - 1
    _refused(tmp_path, data, f"$.{section}[{last}].id: duplicate {what} id {data[section][1]['id']!r} "
                             f"(first at $.{section}[1])")


def test_duplicate_key_in_an_object(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace('"version": 1,', '"version": 1, "version": 1,', 1)
    _refused(tmp_path, None, "$.version: key 'version' appears more than once", raw_text=text)


def test_bad_time_of_day(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "kremlin-wall-necropolis")
    data["sites"][i]["hours"]["weekly"]["tue"] = [["25:00", "13:00"]]
    _refused(tmp_path, data, f"$.sites[{i}].hours.weekly.tue[0][0]: '25:00' is not valid: expected Local wall time")


def test_bad_last_admission_time(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "museum-of-cosmonautics")
    data["sites"][i]["hours"]["weekly"]["tue"][0]["last_admission"] = "18:60"
    _refused(tmp_path, data, f"$.sites[{i}].hours.weekly.tue[0].last_admission: '18:60' is not valid")


def test_interval_that_closes_before_it_opens(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "kremlin-wall-necropolis")
    data["sites"][i]["hours"]["weekly"]["wed"] = [["13:00", "10:00"]]
    _refused(tmp_path, data, f"$.sites[{i}].hours.weekly.wed[0][1]: closes at 10:00 but opens at 13:00")


def test_overlapping_intervals(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "kremlin-wall-necropolis")
    data["sites"][i]["hours"]["weekly"]["wed"] = [["10:00", "13:00"], ["12:00", "14:00"]]
    _refused(tmp_path, data, f"$.sites[{i}].hours.weekly.wed[1]: 12:00-14:00 overlaps")


def test_last_admission_outside_the_interval(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "museum-of-cosmonautics")
    data["sites"][i]["hours"]["weekly"]["tue"][0]["last_admission"] = "19:30"
    _refused(tmp_path, data, f"$.sites[{i}].hours.weekly.tue[0].last_admission: last admission 19:30 is outside")


def test_site_never_open(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "vdnkh")
    data["sites"][i]["hours"]["weekly"] = {}
    _refused(tmp_path, data, f"$.sites[{i}].hours.weekly: no opening hours on any day")


def test_closure_that_ends_before_it_starts(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "kremlin-wall-necropolis")
    data["sites"][i]["closures"][0]["end"] = "2023-01-15"
    _refused(tmp_path, data, f"$.sites[{i}].closures[0].end: closure ends (2023-01-15) before it starts (2023-02-13)")


def test_closure_on_a_date_that_does_not_exist(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "kremlin-wall-necropolis")
    data["sites"][i]["closures"][0]["start"] = "2023-02-30"
    _refused(tmp_path, data, f"$.sites[{i}].closures[0].start: '2023-02-30' is not a real date")


def test_launch_time_must_be_utc(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-24")
    data["launches"][i]["net"] = "2023-09-15T20:44+05:00"
    _refused(tmp_path, data, f"$.launches[{i}].net: '2023-09-15T20:44+05:00' is not valid: expected UTC instant")


def test_launch_id_must_be_the_mission_slug(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-24")
    data["launches"][i]["id"] = "ms-24"
    _refused(tmp_path, data, f"$.launches[{i}].id: launch id 'ms-24' is not the slug of its mission 'Soyuz MS-24' "
                             "(expected 'soyuz-ms-24')")


def test_launch_without_a_rollout_rule(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-24")
    data["launches"][i]["vehicle"] = "Soyuz-5"
    _refused(tmp_path, data, f"$.launches[{i}]: no rollout_rules entry matches vehicle 'Soyuz-5'")


def test_launch_outcome_before_it_happened(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-30")
    data["launches"][i]["status"] = "Success"
    _refused(tmp_path, data, f"$.launches[{i}].status: status Success for a launch after its last_updated")


def test_unknown_status_and_precision(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "launches", "soyuz-ms-30")
    data["launches"][i]["status"] = "Slipped"
    data["launches"][i]["precision"] = "week"
    _refused(tmp_path, data, f"$.launches[{i}].status: 'Slipped' is not one of", f"$.launches[{i}].precision: 'week'")


def test_missing_field(tmp_path: Path) -> None:
    data = _raw()
    i = _index(data, "sites", "star-city")
    del data["sites"][i]["timezone"]
    _refused(tmp_path, data, f"$.sites[{i}]: 'timezone' is a required property")


def test_not_a_number(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace('"lat": 55.75361', '"lat": NaN', 1)
    _refused(tmp_path, None, ".lat: NaN is not of type 'number'", raw_text=text)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = _raw()
    s = _index(data, "sites", "baikonur-site-31")
    data["sites"][s]["timezone"] = "Asia/Baikonur"
    data["sites"][0]["hours"]["weekly"]["tue"] = [["25:00", "13:00"]]
    launch = _index(data, "launches", "soyuz-ms-05")
    data["launches"][launch]["pad"] = "site-1"
    data["access_rules"][0]["region"] = "nowhere"
    data["regions"].append(copy.deepcopy(data["regions"][0]))
    error = _refused(tmp_path, data, f"$.sites[{s}].timezone", "$.sites[0].hours.weekly.tue[0][0]",
                     f"$.launches[{launch}].pad", "$.access_rules[0].region",
                     f"$.regions[{len(data['regions']) - 1}].id: duplicate region id")
    assert len(error.problems) == 5
    assert str(error).splitlines()[0].endswith("5 problems in the seed catalogue")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(SeedError) as caught:
        parse_seed(tmp_path / "missing.json")
    assert "missing.json: $: cannot read the file" in str(caught.value)
