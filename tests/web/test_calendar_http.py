"""The calendar issue end to end over HTTP: .ics downloads, subscribable feeds and the launches feed.

1. Test client: the seed trip's download and feed (headers, no gzip, python-icalendar parse, every
   event at its itinerary item's time, feed metadata), the launches feed, 404s, the webcal link.
2. A launch slip over HTTP: `services.move_launch` re-plans a trip around Soyuz MS-30; the feed keeps
   its UIDs and raises SEQUENCE exactly on the events a calendar shows differently.
3. A real HTTP server (werkzeug) and the shared `ics-check` tool on every calendar URL of three trips
   (the seed trip, a Moscow trip in 2030 with Cyrillic text, a trip around the TBD Soyuz MS-30) and
   `/launches.ics`. Skipped, with the reason, when `../shared/tools/ics-check` is not beside the repo.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest
from sqlalchemy.engine import Engine

from tourplanner.exports.ical import EXPORTED_TYPES, deadline_key, entry_uid
from tourplanner.planning.model import Deadline

REPO = Path(__file__).resolve().parents[2]
ICS_CHECK = REPO.parent / "shared" / "tools" / "ics-check" / "ics-check"
CALENDAR_TYPE = "text/calendar; charset=utf-8"

SEED_TRIP: dict[str, Any] = {
    "start_date": "2017-07-21", "end_date": "2017-07-29",
    "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city", "baikonur-gagarins-start"],
    "launch": "soyuz-ms-05", "traveller": {"nationality": "FR", "age": 30, "party_size": 1},
    "booking_date": "2017-04-01"}
# Soyuz MS-30: TBD, NET 2027-03-01 known to the month; the trip spans NET -7 .. +7 days.
MS30_NET = datetime(2027, 3, 1, tzinfo=UTC)
MS30_TRIP: dict[str, Any] = {
    "start_date": "2027-02-22", "end_date": "2027-03-08",
    "sites": ["museum-of-cosmonautics", "vdnkh", "baikonur-site-31", "baikonur-museum"],
    "launch": "soyuz-ms-30", "traveller": {"nationality": "RU", "age": 35, "party_size": 1},
    "booking_date": "2026-11-21"}
# Moscow only, in 2030 (DESIGN.md: check VTIMEZONEs for 2017 and 2030 alike); names and places in Russian.
MOSCOW_2030_TRIP: dict[str, Any] = {
    "start_date": "2030-06-11", "end_date": "2030-06-13",
    "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh"],
    "traveller": {"nationality": "RU", "age": 40, "party_size": 1}, "booking_date": "2030-05-01"}
FEED_NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # /launches.ics reads the clock: pinned here

VEVENT_BLOCK = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.DOTALL)
CHURN = ("SEQUENCE", "DTSTAMP", "LAST-MODIFIED")  # what a revision bump alone changes in a VEVENT


# --- helpers ------------------------------------------------------------------------------------


def create(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/trips", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    payload: dict[str, Any] = response.get_json()
    assert set(payload["urls"]) >= {"page", "map", "ics", "feed"}
    return payload


def path_of(url: str) -> str:
    """The test client wants a path; the API answers absolute URLs (http://tourplanner.test/...)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fetch(client: Any, url: str, **headers: str) -> Any:
    response = client.get(path_of(url), headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:500])
    assert response.headers["Content-Type"] == CALENDAR_TYPE
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"BEGIN:VCALENDAR\r\n"), response.data[:60]
    return response


def calendar(data: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(data)
    assert isinstance(cal, icalendar.Calendar)
    return cal


def events(data: bytes) -> dict[str, icalendar.Component]:
    found: dict[str, icalendar.Component] = {}
    for event in calendar(data).walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in found, f"duplicate UID {uid}"
        found[uid] = event
    return found


def blocks(data: bytes) -> dict[str, bytes]:
    """Raw VEVENT blocks (folded, CRLF, alarms included) by UID."""
    found: dict[str, bytes] = {}
    for raw in VEVENT_BLOCK.findall(data):
        (event,) = calendar(b"BEGIN:VCALENDAR\r\n" + raw + b"END:VCALENDAR\r\n").walk("VEVENT")
        found[str(event["UID"])] = raw
    return found


def without_churn(raw: bytes) -> bytes:
    """A VEVENT block minus what a revision bump changes: what a calendar shows of the event."""
    unfolded = raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    return b"\r\n".join(line for line in unfolded.split(b"\r\n")
                        if not line.split(b":", 1)[0].split(b";", 1)[0].decode() in CHURN)


def unfolded_text(data: bytes) -> str:
    return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8")


def utc(value: datetime | date) -> datetime | date:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def minute(value: datetime) -> datetime:
    """Calendars work in minutes: ical.py writes T-0 to the second in the text, the times floored."""
    return value.replace(second=0, microsecond=0)


def exported_items(itinerary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The itinerary's calendar-worthy items by key (lunch and lodging are not appointments)."""
    return {item["key"]: item for day in itinerary["days"] for item in day["items"]
            if item["type"] in EXPORTED_TYPES}


def deadlines(itinerary: dict[str, Any]) -> dict[str, Deadline]:
    result = {}
    for d in itinerary["deadlines"]:
        deadline = Deadline(site=d["site"], kind=d["kind"], due=date.fromisoformat(d["due"]),
                            message=d.get("message", ""), rule=d.get("rule", ""))
        result[deadline_key(deadline)] = deadline
    return result


def expected_times(token: str, itinerary: dict[str, Any]) -> dict[str, tuple[datetime | date, datetime | date]]:
    """UID -> (start, end) as the itinerary says: items in UTC, deadlines all-day (end exclusive)."""
    times: dict[str, tuple[datetime | date, datetime | date]] = {}
    for key, item in exported_items(itinerary).items():
        start, end = datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["end"])
        assert start.utcoffset() is not None and end.utcoffset() is not None, item
        times[entry_uid(token, key)] = (minute(start).astimezone(UTC), minute(end).astimezone(UTC))
    for key, deadline in deadlines(itinerary).items():
        times[entry_uid(token, key)] = (deadline.due, deadline.due + timedelta(days=1))
    return times


def sequence(event: icalendar.Component) -> int:
    return int(str(event["SEQUENCE"]))


def deadline_uids(data: bytes) -> set[str]:
    return {uid for uid, ev in events(data).items() if str(ev["SUMMARY"]).startswith("DEADLINE ")}


def times_seen(data: bytes) -> dict[str, tuple[datetime | date, datetime | date]]:
    return {uid: (utc(ev.decoded("DTSTART")), utc(ev.decoded("DTEND"))) for uid, ev in events(data).items()}


def assert_events_match_itinerary(data: bytes, token: str, itinerary: dict[str, Any]) -> None:
    expected, seen = expected_times(token, itinerary), times_seen(data)
    assert set(seen) == set(expected), (f"missing: {sorted(set(expected) - set(seen))}; "
                                        f"unexpected: {sorted(set(seen) - set(expected))}")
    wrong = {uid: (seen[uid], want) for uid, want in expected.items() if seen[uid] != want}
    assert not wrong, wrong


# --- 1. test client: the seed trip, the launches feed, 404, the trip page --------------------------


def test_seed_trip_download_and_feed_over_http(client: Any) -> None:
    trip = create(client, SEED_TRIP)
    token, itinerary, urls = trip["token"], trip["itinerary"], trip["urls"]
    assert exported_items(itinerary), "the seed trip has nothing to put in a calendar"

    download = fetch(client, urls["ics"])
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and re.search(r'filename="[^"/\\]+\.ics"', disposition), disposition
    download_cal = calendar(download.data)
    assert "REFRESH-INTERVAL" not in download_cal and "X-PUBLISHED-TTL" not in download_cal  # an import, not a feed
    assert_events_match_itinerary(download.data, token, itinerary)

    feed = fetch(client, urls["feed"], **{"Accept-Encoding": "gzip, deflate"})
    assert "attachment" not in feed.headers.get("Content-Disposition", "")
    assert "no-transform" in feed.headers["Cache-Control"]  # so no proxy gzips it either
    feed_cal = calendar(feed.data)
    assert feed_cal.decoded("REFRESH-INTERVAL") == timedelta(hours=6)
    assert feed_cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(feed_cal["X-PUBLISHED-TTL"]) == "PT6H"
    assert str(feed_cal["SOURCE"]) == urls["feed"]
    assert_events_match_itinerary(feed.data, token, itinerary)
    # importing the download and subscribing to the feed give the same events, all at revision 0
    assert blocks(feed.data) == blocks(download.data)
    assert {sequence(ev) for ev in events(feed.data).values()} == {0}

    # a trip version's calendar is deterministic: the same bytes again, and the ETag revalidates
    again = fetch(client, urls["feed"])
    assert again.data == feed.data and again.headers["ETag"] == feed.headers["ETag"]
    assert client.get(path_of(urls["feed"]), headers={"If-None-Match": feed.headers["ETag"]}).status_code == 304


def test_launches_feed_lists_upcoming_launches(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tourplanner.web import exports_views

    monkeypatch.setattr(exports_views, "utcnow", lambda: FEED_NOW)
    response = fetch(client, "/launches.ics", **{"Accept-Encoding": "gzip"})
    cal = calendar(response.data)
    assert "REFRESH-INTERVAL" in cal and "X-PUBLISHED-TTL" in cal
    seen = events(response.data)

    region = {s["id"]: s["region"] for s in client.get("/api/sites").get_json()}
    launches = {x["id"]: x for x in client.get("/api/launches").get_json()}
    shown = {x_id for x_id, x in launches.items() if region[x["pad"]] == "baikonur"
             and datetime.fromisoformat(x["net"]) >= FEED_NOW - timedelta(days=30)}
    assert shown >= {"soyuz-ms-30", "soyuz-ms-31"}
    assert {f"launch-{x_id}@tourplanner" for x_id in shown} <= set(seen)
    assert not [uid for uid in seen if uid.removeprefix("launch-").removeprefix("rollout-").split("@")[0]
                not in shown], "a launch long past is in the feed"
    ms30 = seen["launch-soyuz-ms-30@tourplanner"]
    assert str(ms30["STATUS"]) == "TENTATIVE"
    assert "Soyuz MS-30" in str(ms30["SUMMARY"]) and "TBD" in str(ms30["SUMMARY"])
    assert ms30.decoded("DTSTART") == date(2027, 3, 1)  # known to the month: an all-day placeholder
    assert "rollout-soyuz-ms-30@tourplanner" not in seen  # no roll-out day before the date is known


@pytest.mark.parametrize("url", ["/trips/{}.ics", "/trips/{}/feed.ics"])
def test_unknown_token_is_404(client: Any, url: str) -> None:
    response = client.get(url.format("no-such-trip-token-AAAAAAAAAA"))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.data


def test_trip_page_offers_the_download_and_the_webcal_subscription(client: Any) -> None:
    trip = create(client, SEED_TRIP)
    html = client.get(path_of(trip["urls"]["page"])).get_data(as_text=True)
    webcal = "webcal://" + trip["urls"]["feed"].split("://", 1)[1]
    assert f'href="{webcal}"' in html
    assert f'href="{path_of(trip["urls"]["ics"])}"' in html


# --- 2. a launch slip over HTTP ----------------------------------------------------------------------


def test_launch_slip_keeps_uids_and_bumps_sequence_only_where_changed(client: Any, engine: Engine) -> None:
    from tourplanner import services

    trip = create(client, MS30_TRIP)
    token, urls, before_it = trip["token"], trip["urls"], trip["itinerary"]
    assert {"rollout:soyuz-ms-30", "launch:soyuz-ms-30"} <= set(exported_items(before_it)), \
        "the planner put neither the roll-out nor the launch of Soyuz MS-30 in a trip built around it"
    before = fetch(client, urls["feed"]).data
    assert_events_match_itinerary(before, token, before_it)
    launch_uid = entry_uid(token, "launch:soyuz-ms-30")
    assert str(events(before)[launch_uid]["STATUS"]) == "TENTATIVE"

    moved = services.move_launch(engine, "soyuz-ms-30", net=MS30_NET + timedelta(days=2), status="Go",
                                 precision="minute")
    assert moved.affected == 1
    assert client.get(f"/api/trips/{token}").get_json()["pending"] is True
    from tourplanner.background.jobs import drain

    assert drain(engine) == {"updated": 1}
    state = client.get(f"/api/trips/{token}").get_json()
    assert state["version"] == 2
    after_it = state["itinerary"]
    after = fetch(client, urls["feed"]).data
    assert_events_match_itinerary(after, token, after_it)
    assert "version 2" in unfolded_text(after)

    # UIDs: a key that stays keeps its UID; only keys the new itinerary adds or drops come or go
    keys_before = set(exported_items(before_it)) | set(deadlines(before_it))
    keys_after = set(exported_items(after_it)) | set(deadlines(after_it))
    old, new = blocks(before), blocks(after)
    assert set(old) == {entry_uid(token, k) for k in keys_before}
    assert set(new) == {entry_uid(token, k) for k in keys_after}
    if keys_before == keys_after:
        assert set(old) == set(new)
    for key in keys_after - keys_before:
        assert sequence(events(after)[entry_uid(token, key)]) == 0, key
    # the Baikonur permit is due before the first site visited there, which a slip may change: the
    # deadline is the same one (same rule), so its event keeps its UID rather than being re-created
    rules_before = {(d["kind"], d.get("rule")) for d in before_it["deadlines"]}
    assert ("passport_data", "baikonur-closed-zone-permit") in rules_before, before_it["deadlines"]
    if rules_before == {(d["kind"], d.get("rule")) for d in after_it["deadlines"]}:
        assert deadline_uids(before) == deadline_uids(after)

    # SEQUENCE: +1 exactly where the event looks different; other blocks byte for byte the same
    old_ev, new_ev = events(before), events(after)
    changed, untouched = [], []
    for key in sorted(keys_before & keys_after):
        uid = entry_uid(token, key)
        if without_churn(old[uid]) == without_churn(new[uid]):
            assert new[uid] == old[uid], f"{key}: nothing shown changed, yet the block did"
            untouched.append(key)
        else:
            assert sequence(new_ev[uid]) == sequence(old_ev[uid]) + 1, key
            # (whole seconds: a fast test re-plans within the second it created the trip)
            assert new_ev[uid].decoded("LAST-MODIFIED") >= old_ev[uid].decoded("LAST-MODIFIED"), key
            assert new_ev[uid].decoded("DTSTAMP") == new_ev[uid].decoded("LAST-MODIFIED"), key
            changed.append(key)

    items_before, items_after = exported_items(before_it), exported_items(after_it)
    moved_items = {k for k in set(items_before) & set(items_after)
                   if (items_before[k]["start"], items_before[k]["end"]) != (items_after[k]["start"], items_after[k]["end"])}
    assert {"launch:soyuz-ms-30", "rollout:soyuz-ms-30"} <= set(changed)  # status TBD -> Go, new times
    assert moved_items <= set(changed), "an item moved but its SEQUENCE did not grow"
    assert untouched, "no event stayed as it was: the test proves nothing about untouched events"
    # an item the itinerary left exactly as it was, and that does not show the launch, is untouched
    same_items = {k for k in set(items_before) & set(items_after) if items_before[k] == items_after[k]
                  and items_before[k]["type"] not in ("launch", "rollout")}
    assert same_items <= set(untouched), sorted(same_items - set(untouched))

    launch = new_ev[launch_uid]
    assert str(launch["STATUS"]) == "CONFIRMED"
    assert launch.decoded("DTSTART").astimezone(UTC) == MS30_NET + timedelta(days=2)
    assert "[TBD]" in str(old_ev[launch_uid]["SUMMARY"]) and "[TBD]" not in str(launch["SUMMARY"])

    # the public launches feed follows the operator too: a timed, confirmed launch and its roll-out
    feed = events(fetch(client, "/launches.ics").data)
    assert str(feed["launch-soyuz-ms-30@tourplanner"]["STATUS"]) == "CONFIRMED"
    assert feed["launch-soyuz-ms-30@tourplanner"].decoded("DTSTART").astimezone(UTC) == MS30_NET + timedelta(days=2)
    assert "rollout-soyuz-ms-30@tourplanner" in feed


# --- 3. a real server and every consumer ics-check knows ---------------------------------------------


@pytest.fixture
def live_server(database_url: str) -> Iterator[str]:
    """The real app on a free loopback port (no SERVER_NAME: links use the request's host)."""
    from browser import live_server as serve

    from tourplanner import create_app

    app = create_app({"database_url": database_url, "testing": True, "tiles": "none"})
    with serve(app) as base:
        yield base
    app.extensions["tourplanner"].engine.dispose()


def ics_check(url: str) -> tuple[str, float]:
    started = time.perf_counter()
    run = subprocess.run([str(ICS_CHECK), url], check=False, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    output = run.stdout + run.stderr
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    # URL mode adds an `http` check (status, Content-Type, no compression) to the 7 consumers
    assert run.returncode == 0, output
    assert last == "ics-check: 8 consumers ok, 0 failed", output
    assert "[OK  ] http" in run.stdout and "WARN" not in run.stdout.split("[OK  ] rfc-lint")[0], output
    return last, elapsed


def test_every_calendar_url_passes_ics_check(live_server: str) -> None:
    if not os.access(ICS_CHECK, os.X_OK):
        pytest.skip(f"ics-check not found at {ICS_CHECK} (it lives in shared/ beside the repository)")
    def post(body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(f"{live_server}/api/trips", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 201
            payload: dict[str, Any] = json.load(response)
        return payload

    trips = {"seed": post(SEED_TRIP), "moscow-2030": post(MOSCOW_2030_TRIP), "soyuz-ms-30": post(MS30_TRIP)}
    for trip in trips.values():
        assert trip["urls"]["feed"].startswith(live_server), trip["urls"]  # links point at this server
    with urllib.request.urlopen(trips["moscow-2030"]["urls"]["ics"], timeout=60) as response:
        text = unfolded_text(response.read())
    assert "Музей космонавтики" in text and "Некрополь у Кремлёвской стены" in text

    urls = [trips[name]["urls"][kind] for name in trips for kind in ("ics", "feed")]
    urls.append(f"{live_server}/launches.ics")
    results = {urls[0]: ics_check(urls[0])}  # alone first: a first run installs the consumers
    with ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 1) // 2)) as pool:  # each run is parallel
        results.update(zip(urls[1:], pool.map(ics_check, urls[1:]), strict=True))
    for url, (last, elapsed) in results.items():
        print(f"{url.removeprefix(live_server)}: {last} ({elapsed:.1f} s)")
