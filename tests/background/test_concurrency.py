"""Writers of one trip or one launch never clash: no 5xx, no lost or duplicate versions or revisions.

Real threads against the test database (SQLite here, PostgreSQL in `make test-postgres`).
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tourplanner import services
from tourplanner.services import replan
from tourplanner.store import revision
from tourplanner.store.tables import CatalogueChangeRow, LaunchRow, TripRow, TripVersionRow

TODAY = date(2026, 11, 21)
MS30 = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
        "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
        "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}


def run_together(jobs: list[Callable[[], None]]) -> list[BaseException]:
    """Start every job at the same instant (a barrier) and collect what they raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def wrapped(job: Callable[[], None]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)

    threads = [threading.Thread(target=wrapped, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def discard(_: object) -> None:
    pass


def versions_of(engine: Engine, token: str) -> tuple[int, list[int]]:
    with Session(engine) as session:
        trip = session.exec(select(TripRow).where(TripRow.token == token)).one()
        found = sorted(session.exec(select(TripVersionRow.version).where(TripVersionRow.trip_id == trip.id)).all())
        return trip.version, found


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_eight_threads_replanning_one_trip_over_http(app: Any) -> None:
    engine = app.extensions["tourplanner"].engine
    token = services.create_trip(engine, MS30, TODAY).token
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def traveller(n: int) -> Callable[[], None]:
        def job() -> None:
            client = app.test_client()
            for round_ in range(3):  # each re-plan asks for another end date: every one is a real change
                end = date(2027, 3, 6) + timedelta(days=1 + (n * 3 + round_) % 12)
                form = {"csrf_token": csrf(client.get(f"/trips/{token}").get_data(as_text=True)),
                        "start_date": "2027-02-20", "end_date": end.isoformat(), "launch": "soyuz-ms-30",
                        "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
                        "nationality": "RU", "age": "40", "party_size": "1", "booking_date": "2026-11-21"}
                response = client.post(f"/trips/{token}/replan", data=form)
                with lock:
                    statuses[response.status_code] += 1
        return job

    assert run_together([traveller(n) for n in range(8)]) == []
    assert sum(statuses.values()) == 24 and all(code < 500 for code in statuses), statuses
    assert statuses[303] == 24, statuses
    newest, found = versions_of(engine, token)
    assert found == list(range(1, newest + 1)) and newest >= 2  # no gaps, no duplicates


def test_a_travellers_replan_racing_a_workers(engine: Engine) -> None:
    tokens = [services.create_trip(engine, MS30, TODAY).token for _ in range(4)]
    with Session(engine) as session:
        launch = session.get(LaunchRow, "soyuz-ms-30")
        assert launch is not None
        net = launch.net
    ids = {}
    with Session(engine) as session:
        for token in tokens:
            ids[token] = session.exec(select(TripRow.id).where(TripRow.token == token)).one()
    for round_ in range(3):
        services.move_launch(engine, "soyuz-ms-30", net=net + timedelta(hours=6 * (round_ + 1)))
        jobs: list[Callable[[], None]] = []
        for token in tokens:
            request = {**MS30, "end_date": (date(2027, 3, 7) + timedelta(days=round_)).isoformat()}
            jobs.append(lambda t=token, r=request: discard(services.replan_trip(engine, t, r, TODAY)))
            jobs.append(lambda t=token: discard(replan.bring_up_to_date(engine, ids[t])))
        assert run_together(jobs) == []
    moved = (net + timedelta(hours=18)).isoformat()[:16]
    for token in tokens:
        view = services.get_trip(engine, token)
        newest, found = versions_of(engine, token)
        assert found == list(range(1, newest + 1))
        assert not view.pending  # whoever saved last had seen the move
        assert view.request["end_date"] == "2027-03-09"  # the traveller's last request is kept
        launches = [i["start"] for d in view.itinerary["days"] for i in d["items"] if i["type"] == "launch"]
        assert launches and all(s.startswith(moved[:10]) for s in launches)


def test_two_operators_moving_one_launch_at_once(engine: Engine) -> None:
    with Session(engine) as session:
        launch = session.get(LaunchRow, "soyuz-ms-30")
        assert launch is not None
        net, start_revision, start_catalogue = launch.net, launch.revision, revision.current(session)
    services.create_trip(engine, MS30, TODAY)
    for round_ in range(3):
        errors = run_together([
            lambda d=d: discard(services.move_launch(engine, "soyuz-ms-30", net=net + timedelta(hours=d)))
            for d in (round_ * 2 + 1, round_ * 2 + 2)])
        assert errors == []
    with Session(engine) as session:
        launch = session.get(LaunchRow, "soyuz-ms-30")
        assert launch is not None
        changes = session.exec(select(CatalogueChangeRow).order_by(CatalogueChangeRow.revision)).all()
        assert launch.revision == start_revision + 6  # every move counted: the feed's SEQUENCE never repeats
        assert revision.current(session) == start_catalogue + 6
        assert len(changes) == 6 and [c.revision for c in changes] == list(range(start_catalogue + 1,
                                                                                 start_catalogue + 7))
        # recorded in the order they were applied: each one's "before" is the previous one's "after"
        for earlier, later in pairwise(changes):
            assert later.before == earlier.after
        assert changes[-1].after is not None and launch.net == datetime.fromisoformat(changes[-1].after["net"])
