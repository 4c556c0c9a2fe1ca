"""The queue on the real Redis (127.0.0.1:6379, as on CI): each test in a namespace of its own, whose
keys it deletes afterwards (never FLUSHDB/FLUSHALL: the Redis is shared)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from test_workers import MS30, kill_mid_fanout, marked, move_ms30, wait_for

from tourplanner import background, create_app, services
from tourplanner.background import periodic
from tourplanner.background.runtime import Runtime
from tourplanner.services import replan

REDIS_URL = os.environ.get("TOURPLANNER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TODAY = date(2026, 11, 21)


@pytest.fixture
def namespace() -> Iterator[str]:
    import redis

    name = f"tp-test-{uuid.uuid4().hex[:12]}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    yield name
    keys = list(client.scan_iter(match=f"{name}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def queue_app(database_url: str, namespace: str) -> Iterator[Any]:
    app = create_app({"database_url": database_url, "testing": True, "tiles": None, "queue_url": REDIS_URL,
                      "queue_namespace": namespace, "sweep_seconds": 0.5, "job_lease_seconds": 2})
    yield app
    background.stop(app)
    app.extensions["tourplanner"].engine.dispose()


def worker_for(app: Any) -> Runtime:
    """A worker as `tourplanner worker` runs it, sharing the app's database and Redis namespace."""
    state = app.extensions["tourplanner"]
    runtime = Runtime(state.engine, state.settings)
    runtime.start(threads=2)
    return runtime


def test_a_change_goes_through_redis_to_a_worker(queue_app: Any, namespace: str) -> None:
    import redis

    engine: Engine = queue_app.extensions["tourplanner"].engine
    tokens = [services.create_trip(engine, MS30, TODAY).token for _ in range(5)]
    assert move_ms30(engine, 3) == 5
    background.kick(queue_app)  # the app only sends one message: the sweep
    client = redis.Redis.from_url(REDIS_URL)
    assert client.llen(f"{namespace}:sweep") == 1 and marked(engine) == 5
    worker = worker_for(queue_app)
    try:
        wait_for(lambda: marked(engine) == 0, "the worker to update the trips")
        worker.join()
    finally:
        worker.stop()
    assert all(services.get_trip(engine, t).version == 2 and not services.get_trip(engine, t).pending
               for t in tokens)
    assert client.llen(f"{namespace}:replan") == 0 and client.llen(f"{namespace}:sweep") == 0
    client.close()


def test_a_failing_job_is_retried_with_backoff(queue_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    engine: Engine = queue_app.extensions["tourplanner"].engine
    token = services.create_trip(engine, MS30, TODAY).token
    move_ms30(engine, 3)
    real = replan.bring_up_to_date
    calls: list[int] = []

    def flaky(engine: Engine, trip_id: int, attempts: int = 5) -> replan.Outcome:
        calls.append(trip_id)
        if len(calls) == 1:
            raise ConnectionError("database went away")  # what a failover looks like to a job
        return real(engine, trip_id, attempts)

    monkeypatch.setattr(replan, "bring_up_to_date", flaky)
    background.kick(queue_app)
    worker = worker_for(queue_app)
    try:
        wait_for(lambda: marked(engine) == 0, "the retried job")
    finally:
        worker.stop()
    # retried (a duplicate from the sweep after the short test lease is harmless): one new version only
    assert len(calls) >= 2 and services.get_trip(engine, token).version == 2


def test_periodic_tasks_run_once_per_period_across_workers(queue_app: Any) -> None:
    state = queue_app.extensions["tourplanner"]
    settings = replace(state.settings, sweep_seconds=60)
    first, second = Runtime(state.engine, settings), Runtime(state.engine, settings)
    periodic.register("test-tick", every_seconds=60, run=lambda runtime: None,
                      enabled=lambda s: s.queue_namespace == settings.queue_namespace)
    try:
        assert first._elect("test-tick", 60) and not second._elect("test-tick", 60)
    finally:
        periodic._TASKS.pop("test-tick", None)
        first.broker.close()
        second.broker.close()


def test_a_redis_worker_killed_mid_job_leaves_marks_and_a_restart_finishes(engine: Engine, database_url: str,
                                                                            namespace: str, tmp_path: Path) -> None:
    env = {**os.environ, "TOURPLANNER_DATABASE_URL": database_url, "TOURPLANNER_QUEUE_URL": REDIS_URL,
           "TOURPLANNER_QUEUE_NAMESPACE": namespace, "TOURPLANNER_TILES": "none",
           "TOURPLANNER_SWEEP_SECONDS": "1", "TOURPLANNER_JOB_LEASE_SECONDS": "3"}
    kill_mid_fanout(engine, env, tmp_path)
