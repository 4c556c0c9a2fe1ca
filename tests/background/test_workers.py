"""Workers: in-process threads pick marked trips up (also after a restart); a worker killed with SIGKILL
in the middle of its jobs leaves no half-written version, and a new one finishes the work."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from tourplanner import background, create_app, services
from tourplanner.store.tables import LaunchRow, TripMarkRow, TripRow, TripVersionRow

TODAY = date(2026, 11, 21)
MS30 = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
        "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
        "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}


def wait_for(condition: Callable[[], bool], what: str, limit: float = 180.0) -> None:
    """Poll until `condition` holds (a generous limit for a loaded machine: this is not a timing test)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.2)


def marked(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(TripMarkRow)).one())


def move_ms30(engine: Engine, hours: int) -> int:
    with Session(engine) as session:
        launch = session.get(LaunchRow, "soyuz-ms-30")
        assert launch is not None
        net = launch.net
    return services.move_launch(engine, "soyuz-ms-30", net=net + timedelta(hours=hours)).affected


def assert_whole(engine: Engine) -> None:
    """Every trip's versions are 1..n and its newest row exists: nothing half-written."""
    with Session(engine) as session:
        for trip in session.exec(select(TripRow)).all():
            found = sorted(session.exec(select(TripVersionRow.version)
                                        .where(TripVersionRow.trip_id == trip.id)).all())
            assert found == list(range(1, trip.version + 1)), (trip.id, found, trip.version)


def test_in_process_threads_update_marked_trips_and_a_restart_picks_up_the_rest(database_url: str) -> None:
    config = {"database_url": database_url, "testing": True, "tiles": None, "sweep_seconds": 0.5}
    app = create_app(config)
    engine = app.extensions["tourplanner"].engine
    tokens = [services.create_trip(engine, MS30, TODAY).token for _ in range(3)]
    assert move_ms30(engine, 5) == 3  # marked while no worker runs (the server was down)

    restarted = create_app(config)  # a new process: its first sweep takes whatever is still marked
    try:
        background.get_runtime(restarted, start=True)
        wait_for(lambda: marked(engine) == 0, "the restart to update the marked trips")
        assert all(services.get_trip(engine, t).version == 2 for t in tokens)
        assert move_ms30(engine, 5) == 3
        background.kick(restarted)  # what the operator's page does after the commit
        wait_for(lambda: marked(engine) == 0, "the kicked sweep")
        assert all(services.get_trip(engine, t).version == 3 for t in tokens)
    finally:
        background.stop(restarted)
        engine.dispose()
        restarted.extensions["tourplanner"].engine.dispose()
    assert_whole(engine)


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tourplanner.cli", "worker", "--threads", "2"], env=env,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)


def kill_mid_fanout(engine: Engine, env: dict[str, str], tmp_path: Path, trips: int = 40) -> None:
    """Mark `trips` trips, let a worker process start on them, SIGKILL it mid-way, start another."""
    for _ in range(trips):
        services.create_trip(engine, MS30, TODAY)
    assert move_ms30(engine, 7) == trips
    log = tmp_path / "worker.log"
    first = _worker(env, log)
    try:
        wait_for(lambda: marked(engine) <= trips - 3, "the first worker to update a few trips")
    finally:
        os.kill(first.pid, signal.SIGKILL)  # no clean shutdown: jobs die wherever they are
        first.wait(timeout=30)
    left = marked(engine)
    assert 0 < left < trips, f"the kill came too late or too early to test anything ({left} left)"
    assert_whole(engine)
    second = _worker(env, log)
    try:
        wait_for(lambda: marked(engine) == 0, "the restarted worker to update the rest")
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0, log.read_text()
    assert_whole(engine)
    with Session(engine) as session:
        assert set(session.exec(select(TripRow.version)).all()) == {2}  # each trip re-planned exactly once


def test_a_worker_killed_mid_job_leaves_marks_and_a_restart_finishes(engine: Engine, database_url: str,
                                                                      tmp_path: Path) -> None:
    env = {**os.environ, "TOURPLANNER_DATABASE_URL": database_url, "TOURPLANNER_QUEUE_URL": "",
           "TOURPLANNER_TILES": "none"}
    kill_mid_fanout(engine, env, tmp_path)


