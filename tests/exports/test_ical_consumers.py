"""Real consumers: the khal calendar program and a Radicale CalDAV server import the files and must
show every event at the itinerary's time (compared in UTC); the shared ics-check tool when present;
the real seed catalogue (launches feed) and, once the planner exists, the real seed trip.
"""
from __future__ import annotations

import base64
import importlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from ical_fixtures import (
    FEED_URL,
    LATER,
    MOVED_NET,
    NOW,
    as_utc,
    cases,
    catalogue,
    expected_times,
    feed_catalogue,
    soyuz_ms_05,
    times_seen,
    trip,
    trip_info,
)

from tourplanner.exports.ical import feed_launches, itinerary_to_ics, launches_to_ics
from tourplanner.exports.revisions import revise
from tourplanner.planning.model import Catalogue, Itinerary, Person, PlanRequest

REPO = Path(__file__).resolve().parents[2]
ICS_CHECK = REPO.parent / "shared" / "tools" / "ics-check" / "ics-check"
CASES = list(cases())
IDS = [name for name, _, _ in CASES]
Times = dict[str, tuple[datetime | date, datetime | date]]


def _render(itinerary: Itinerary, cat: Catalogue) -> bytes:
    return itinerary_to_ics(itinerary, cat, trip=trip_info(), revisions={}, now=NOW)


def _feed() -> bytes:
    cat = feed_catalogue()
    return launches_to_ics(feed_launches(cat, NOW, keep_past=timedelta(days=3650)), cat, feed_url=FEED_URL,
                           now=NOW)


def _span(times: Times) -> tuple[date, date]:
    days = [v.date() if isinstance(v, datetime) else v for pair in times.values() for v in pair]
    return min(days) - timedelta(days=2), max(days) + timedelta(days=2)


# --- khal --------------------------------------------------------------------------------------------


def _khal_command() -> list[str]:
    pytest.importorskip("khal", reason="khal (dev extra) is not installed")
    beside = Path(sys.executable).with_name("khal")
    found = str(beside) if beside.exists() else shutil.which("khal")
    if not found:
        pytest.skip("the khal executable is not on PATH")
    return [found]


def khal_times(data: bytes, tmp: Path) -> Times:
    """Import into a fresh vdir with a throw-away config, list as JSON with local_timezone = UTC."""
    khal = _khal_command()
    (tmp / "cal").mkdir()
    (tmp / "trip.ics").write_bytes(data)
    config = tmp / "config"
    config.write_text(f"""[calendars]
[[trip]]
path = {tmp}/cal
type = calendar
[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[sqlite]
path = {tmp}/khal.db
""")
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp), XDG_DATA_HOME=str(tmp), XDG_CACHE_HOME=str(tmp),
               HOME=str(tmp), TZ="UTC")
    run = subprocess.run([*khal, "-c", str(config), "import", "-a", "trip", "--batch", str(tmp / "trip.ics")],
                         check=False, capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    first, last = _span(times_seen(data))
    fields = ["uid", "start-long", "end-long", "all-day", "title"]
    run = subprocess.run([*khal, "-c", str(config), "list", "-a", "trip", "--once",
                          *[a for f in fields for a in ("--json", f)], f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"],
                         check=False, capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    seen: Times = {}
    for line in filter(None, (x.strip() for x in run.stdout.splitlines())):
        for ev in json.loads(line):
            if ev["all-day"] == "True":  # khal shows the inclusive last day
                start: datetime | date = date.fromisoformat(ev["start-long"])
                end: datetime | date = date.fromisoformat(ev["end-long"]) + timedelta(days=1)
            else:
                start, end = (datetime.strptime(ev[k], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
                              for k in ("start-long", "end-long"))
            seen[ev["uid"]] = (start, end)
    return seen


@pytest.mark.parametrize(("name", "itinerary", "cat"), CASES, ids=IDS)
def test_khal_shows_every_event_at_the_itinerary_time(name: str, itinerary: Itinerary, cat: Catalogue,
                                                      tmp_path: Path) -> None:
    assert khal_times(_render(itinerary, cat), tmp_path) == expected_times(itinerary)


def test_khal_reads_the_launches_feed(tmp_path: Path) -> None:
    data = _feed()
    assert khal_times(data, tmp_path) == times_seen(data)


# --- Radicale ----------------------------------------------------------------------------------------


class Radicale:
    """A Radicale server on a free loopback port with its own storage; `auth none`, any password."""

    def __init__(self, root: Path) -> None:
        pytest.importorskip("radicale", reason="radicale (dev extra) is not installed")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = (root / "radicale.log").open("w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{self.port}",
             "--storage-filesystem-folder", str(root / "collections"), "--auth-type", "none",
             "--logging-level", "warning"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.request("OPTIONS", "/")
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    self.log.seek(0)
                    pytest.fail(f"radicale did not start: {self.log.read()[-500:]}")
                time.sleep(0.1)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        auth = base64.b64encode(b"tour:x").decode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body, method=method,
                                     headers={"Authorization": f"Basic {auth}", **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # only the server this test started (own session)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    yield server
    server.stop()


def _report(server: Radicale, collection: str, first: date, last: date) -> Times:
    def z(day: date) -> str:
        return f"{day:%Y%m%d}T000000Z"

    body = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data><C:expand start="{z(first)}" end="{z(last)}"/></C:calendar-data></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{z(first)}" end="{z(last)}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()
    status, content = server.request("REPORT", collection, body,
                                     {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    assert status == 207, content[:500]
    seen: Times = {}
    for node in ET.fromstring(content).iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
        for ev in icalendar.Calendar.from_ical(node.text or "").walk("VEVENT"):
            seen[str(ev["UID"])] = (as_utc(ev["DTSTART"].dt), as_utc(ev["DTEND"].dt))
    return seen


def _put_and_read(server: Radicale, name: str, data: bytes) -> tuple[Times, icalendar.Calendar]:
    collection = f"/tour/{name}/"
    status, content = server.request("PUT", collection, data, {"Content-Type": "text/calendar; charset=utf-8"})
    assert status in (200, 201, 204), content[:500]
    first, last = _span(times_seen(data))
    status, whole = server.request("GET", collection)
    assert status == 200
    return _report(server, collection, first, last + timedelta(days=1)), icalendar.Calendar.from_ical(whole)


@pytest.mark.parametrize(("name", "itinerary", "cat"), CASES, ids=IDS)
def test_radicale_stores_and_reports_every_event(name: str, itinerary: Itinerary, cat: Catalogue,
                                                 radicale: Radicale) -> None:
    data = _render(itinerary, cat)
    reported, stored = _put_and_read(radicale, f"trip-{name}", data)
    assert reported == expected_times(itinerary)
    sent = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    back = {str(e["UID"]): e for e in stored.walk("VEVENT")}
    assert set(back) == set(sent)
    for uid, ev in back.items():  # the server kept what clients match updates on
        assert int(ev["SEQUENCE"]) == int(sent[uid]["SEQUENCE"])
        assert str(ev["SUMMARY"]) == str(sent[uid]["SUMMARY"])
        assert str(ev.get("LOCATION", "")) == str(sent[uid].get("LOCATION", ""))


def test_radicale_replaces_moved_events_on_re_upload(radicale: Radicale) -> None:
    before, after = trip(2017), trip(2017, launch_at=MOVED_NET)
    cat_after = catalogue(launches=(soyuz_ms_05(net=MOVED_NET),))
    rev1 = revise({}, before, NOW, catalogue=catalogue())
    rev2 = revise(rev1, after, LATER, catalogue=cat_after)
    _put_and_read(radicale, "replan", itinerary_to_ics(before, catalogue(), trip=trip_info(), revisions=rev1,
                                                       now=NOW))
    reported, _ = _put_and_read(radicale, "replan", itinerary_to_ics(
        after, cat_after, trip=trip_info(version=2), revisions=rev2, now=LATER))
    assert reported == expected_times(after)  # no duplicates of the moved events


def test_radicale_reads_the_launches_feed(radicale: Radicale) -> None:
    data = _feed()
    reported, _ = _put_and_read(radicale, "launches", data)
    assert reported == times_seen(data)


# --- the shared ics-check tool (optional) -------------------------------------------------------------


def _ics_check(path: Path) -> str:
    if not os.access(ICS_CHECK, os.X_OK):
        pytest.skip(f"ics-check not found at {ICS_CHECK} (shared/ beside the repository)")
    run = subprocess.run([str(ICS_CHECK), str(path)], check=False, capture_output=True, text=True, timeout=900)
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 0 and re.fullmatch(r"ics-check: \d+ consumers ok, 0 failed", last), \
        run.stdout + run.stderr
    return last


FILES: list[Any] = [pytest.param(lambda c=c: _render(c[1], c[2]), id=c[0]) for c in CASES] + [
    pytest.param(_feed, id="launches-feed")]


@pytest.mark.parametrize("make", FILES)
def test_ics_check_consumers_all_ok(make: Callable[[], bytes], tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    path.write_bytes(make())
    _ics_check(path)


# --- the real seed ------------------------------------------------------------------------------------


def _seed() -> Catalogue:
    try:
        seed = importlib.import_module("tourplanner.store.seed")
    except ImportError:
        pytest.skip("tourplanner.store.seed is not there yet")
    catalogue: Catalogue = seed.parse_seed(seed.default_seed_path())
    return catalogue


def test_seed_launches_feed_in_every_consumer(tmp_path: Path, radicale: Radicale) -> None:
    cat = _seed()
    launches = sorted(cat.launches, key=lambda x: x.net)
    data = launches_to_ics(launches, cat, feed_url=FEED_URL, now=datetime(2026, 11, 21, tzinfo=UTC))
    seen = times_seen(data)
    assert len([uid for uid in seen if uid.startswith("launch-")]) == len(launches)
    ms05 = seen["launch-soyuz-ms-05@tourplanner"]
    assert ms05[0] == datetime(2017, 7, 28, 15, 41, tzinfo=UTC)
    assert seen["rollout-soyuz-ms-05@tourplanner"][0] == datetime(2017, 7, 26, 1, 0, tzinfo=UTC)  # 07:00 +06
    assert khal_times(data, tmp_path) == seen
    assert _put_and_read(radicale, "seed-launches", data)[0] == seen
    path = tmp_path / "seed-launches.ics"
    path.write_bytes(data)
    if os.access(ICS_CHECK, os.X_OK):
        _ics_check(path)


def _planner() -> Callable[[PlanRequest, Catalogue], Itinerary]:
    for module, name in (("tourplanner.planning", "plan"), ("tourplanner.planning.planner", "plan")):
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if callable(found):
            return found  # type: ignore[no-any-return]
    pytest.skip("the planner (tourplanner.planning.plan) is not there yet")


def test_real_seed_trip(tmp_path: Path, radicale: Radicale) -> None:
    cat = _seed()
    plan = _planner()
    sites = ("kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city", "baikonur-gagarins-start")
    request = PlanRequest(start_date=date(2017, 7, 21), end_date=date(2017, 7, 29), sites=sites,
                          traveller=Person("FR", 30), booking_date=date(2017, 4, 1), must_see=("star-city",),
                          launch="soyuz-ms-05")
    itinerary = plan(request, cat)
    assert any(item.type == "launch" for item in itinerary.items())
    data = itinerary_to_ics(itinerary, cat, trip=trip_info(), revisions=revise({}, itinerary, NOW, catalogue=cat),
                            now=NOW)
    expected = expected_times(itinerary)
    assert times_seen(data) == expected
    assert khal_times(data, tmp_path) == expected
    assert _put_and_read(radicale, "seed-trip", data)[0] == expected
    path = tmp_path / "seed-trip.ics"
    path.write_bytes(data)
    if os.access(ICS_CHECK, os.X_OK):
        _ics_check(path)
