"""The per-process trip cache (services/trip_cache.py): a link's view is reused only while the trip's row
is unchanged; this process's own writes show at once, another process's within `check_seconds`."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tourplanner import services
from tourplanner.services import trip_cache, trip_links
from tourplanner.services.trip_cache import TripCache
from tourplanner.store.db import transaction
from tourplanner.store.tables import TripRow

SEED_TRIP = {
    "start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05",
    "sites": ["museum-of-cosmonautics", "star-city", "baikonur-gagarins-start"],
    "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2017-04-01",
}
HOUR = 3600.0
BOOKED = date(2017, 4, 1)


@pytest.fixture
def trip(client: Any) -> dict[str, Any]:
    made = client.post("/api/trips", json=SEED_TRIP)
    assert made.status_code == 201
    body: dict[str, Any] = made.get_json()
    return body


@pytest.fixture
def slow_checks(app: Any) -> TripCache:
    """The app's trip cache, told to check a trip's row only once an hour: whatever shows a change
    now can only be this process's own write, never the clock."""
    cache: TripCache = app.extensions["tourplanner.trip_cache"]
    cache.check_seconds = HOUR
    return cache


def _feed_token(trip: dict[str, Any]) -> str:
    return str(trip["urls"]["feed"]).rsplit("/trips/", 1)[1].split("/")[0]


def _elsewhere(engine: Engine, statement: str, **values: Any) -> None:
    """A write as another process makes it: a Core connection, so no Session event of ours sees it."""
    with engine.begin() as connection:
        connection.execute(text(statement), values)


def test_a_revoked_feed_link_stops_at_once_in_this_process(client: Any, app: Any, trip: dict[str, Any],
                                                           slow_checks: TripCache) -> None:
    feed = f"/trips/{_feed_token(trip)}/feed.ics"
    assert client.get(feed).status_code == 200
    assert client.get(feed).status_code == 200  # now from the cache
    trip_links.revoke_feed(app.extensions["tourplanner"].engine, trip["token"])
    assert client.get(feed).status_code == 404
    new = trip_links.reissue_feed(app.extensions["tourplanner"].engine, trip["token"])
    assert client.get(f"/trips/{new}/feed.ics").status_code == 200
    assert client.get(feed).status_code == 404


def test_an_edit_shows_at_once_on_feed_page_and_map(client: Any, trip: dict[str, Any],
                                                    slow_checks: TripCache) -> None:
    token, share = trip["token"], trip["share_token"]
    feed = f"/trips/{_feed_token(trip)}/feed.ics"
    before = {path: client.get(path) for path in (feed, f"/trips/{share}", f"/trips/{token}/map")}
    assert all(r.status_code == 200 for r in before.values())
    assert "Star City" in before[feed].get_data(as_text=True)
    changed = client.put(f"/api/trips/{token}", json={**SEED_TRIP, "sites": ["museum-of-cosmonautics"]},
                         headers={"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    after = {path: client.get(path) for path in before}
    for path, old in before.items():
        assert after[path].status_code == 200
        assert after[path].data != old.data, path
    assert "Star City" not in after[feed].get_data(as_text=True)
    # the feed's old ETag no longer matches: a calendar that had version 1 gets version 2
    again = client.get(feed, headers={"If-None-Match": before[feed].headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] == after[feed].headers["ETag"]
    assert client.get(feed, headers={"If-None-Match": after[feed].headers["ETag"]}).status_code == 304


def test_another_process_s_change_shows_within_the_bound(app: Any, trip: dict[str, Any]) -> None:
    engine: Engine = app.extensions["tourplanner"].engine
    now = [100.0]
    cache = TripCache(check_seconds=1.0, clock=lambda: now[0])
    feed = _feed_token(trip)
    first = cache.view(engine, feed, feed=True)
    assert first.access == "feed" and cache.loads == 1
    _elsewhere(engine, "UPDATE trip SET lang = 'ru' WHERE token = :token", token=trip["token"])
    now[0] += 0.5
    assert cache.view(engine, feed, feed=True) is first  # within the bound: not even the row is read
    assert cache.checks == 0
    now[0] += 0.6
    second = cache.view(engine, feed, feed=True)
    assert second.lang == "ru" and cache.loads == 2
    _elsewhere(engine, "UPDATE trip SET feed_token = NULL WHERE token = :token", token=trip["token"])
    now[0] += 1.1
    with pytest.raises(services.TripNotFound):
        cache.view(engine, feed, feed=True)
    with pytest.raises(services.TripNotFound):  # and it stays gone: nothing was kept for the link
        cache.view(engine, feed, feed=True)


def test_a_replan_in_this_process_shows_at_once_for_every_version(app: Any, trip: dict[str, Any]) -> None:
    engine: Engine = app.extensions["tourplanner"].engine
    now = [100.0]
    cache = TripCache(check_seconds=1.0, clock=lambda: now[0])
    assert cache.view(engine, trip["share_token"]).version == 1
    services.replan_trip(engine, trip["token"], {**SEED_TRIP, "sites": ["star-city"]}, BOOKED)
    # the re-plan ran in this process (the generation moved): the next read checks at once
    view = cache.view(engine, trip["share_token"])
    assert view.version == 2 and view.latest == 2
    assert {i["site"] for d in view.itinerary["days"] for i in d["items"] if i["type"] == "visit"} == {"star-city"}
    older = cache.view(engine, trip["share_token"], 1)
    assert older.version == 1 and older.latest == 2


def test_an_unchanged_trip_costs_one_row_read_per_interval(app: Any, trip: dict[str, Any]) -> None:
    engine: Engine = app.extensions["tourplanner"].engine
    now = [100.0]
    cache = TripCache(check_seconds=1.0, clock=lambda: now[0])
    first = cache.view(engine, trip["token"])
    for step in range(5):
        now[0] += 0.3
        assert cache.view(engine, trip["token"]) is first
    assert cache.loads == 1 and cache.checks == 1  # 1.5 s: one check found the row as it was


def test_only_committed_writes_to_trips_move_the_generation(engine: Engine, app: Any,
                                                            trip: dict[str, Any]) -> None:
    from sqlmodel import Session, select

    start = trip_cache.generation()
    with Session(engine) as session:
        session.exec(select(TripRow)).all()
        session.execute(text("UPDATE site SET name = name WHERE id = 'vdnkh'"))
        session.commit()
    assert trip_cache.generation() == start  # reads and other tables: nothing to re-check
    with Session(engine) as session:
        row = session.exec(select(TripRow)).first()
        assert row is not None
        row.lang = "kk"
        session.add(row)
        session.flush()
        assert trip_cache.generation() == start  # not committed yet: a check now would see the old row
        session.rollback()
    assert trip_cache.generation() == start
    with transaction(engine) as session:
        session.execute(text("UPDATE trip SET lang = 'ru'"))
    assert trip_cache.generation() == start + 1


def test_the_cache_keeps_a_bounded_number_of_links(app: Any, trip: dict[str, Any]) -> None:
    engine: Engine = app.extensions["tourplanner"].engine
    cache = TripCache(check_seconds=HOUR, size=2)
    for token in (trip["token"], trip["share_token"], _feed_token(trip)):
        cache.view(engine, token, feed=True)
    cache.view(engine, trip["token"], feed=True)  # the oldest was dropped: read again
    assert cache.loads == 4
