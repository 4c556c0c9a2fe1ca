"""The job queue: Dramatiq actors on a Redis broker, or on Dramatiq's in-memory broker in-process.

One `Runtime` per process. With `TOURPLANNER_QUEUE_URL` the web app only sends messages (one "sweep"
per catalogue change) and `tourplanner worker` processes run the actors; without it the same actors
run on worker threads inside the serving process. Redis delivery is at least once (a message is acked
after its actor returns; a dead worker's unacked messages are requeued by the others), retried with
exponential backoff; the jobs are idempotent, so a repeat is harmless.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from datetime import timedelta

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage
from sqlalchemy.engine import Engine

from ..config import Settings
from ..services import replan
from . import periodic, tasks  # noqa: F401  (tasks registers the built-in periodic tasks)
from .jobs import run_job

log = logging.getLogger(__name__)
MAX_RETRIES = 8  # 0.5 s, 1 s, 2 s ... (Dramatiq's exponential backoff with jitter, capped below)
MIN_BACKOFF_MS = 500
MAX_BACKOFF_MS = 5 * 60_000
SWEEP_BATCH = 1000
EMBEDDED_BATCH_PER_THREAD = 25
EMBEDDED_LOW_WATER_PER_THREAD = 5


_STARTED: weakref.WeakSet[Runtime] = weakref.WeakSet()


def stop_all() -> None:
    """Stop every runtime this process started (tests, before they drop the database it polls)."""
    for runtime in list(_STARTED):
        runtime.stop()


def make_broker(settings: Settings) -> dramatiq.Broker:
    if not settings.queue_url:
        broker: dramatiq.Broker = StubBroker()
    else:
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=settings.queue_url, namespace=settings.queue_namespace)  # type: ignore[no-untyped-call]
    broker.add_middleware(CurrentMessage())
    return broker


class Runtime:
    """The broker, the actors bound to this process's engine, and (when started) workers and scheduler."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.pid = os.getpid()
        self.broker = make_broker(settings)
        retries = {"max_retries": MAX_RETRIES, "min_backoff": MIN_BACKOFF_MS, "max_backoff": MAX_BACKOFF_MS}
        # Lower priority number first: a sweep is not stuck behind ten thousand re-plans.
        self.replan_actor: dramatiq.Actor[[int], None] = dramatiq.Actor(
            self._replan, broker=self.broker, actor_name="bring_up_to_date", queue_name="replan", priority=10,
            options=retries)
        self.sweep_actor: dramatiq.Actor[[], None] = dramatiq.Actor(
            self._sweep, broker=self.broker, actor_name="sweep", queue_name="sweep", priority=0, options=retries)
        self.worker: dramatiq.Worker | None = None
        self._stop = threading.Event()
        self._scheduler: threading.Thread | None = None

    @property
    def embedded(self) -> bool:
        return not self.settings.queue_url

    # -- actors -------------------------------------------------------------------------------------
    def _replan(self, trip_id: int) -> None:
        message = CurrentMessage.get_current_message()
        retries = int(message.options.get("retries", 0)) if message is not None else MAX_RETRIES
        outcome = run_job(self.engine, trip_id, final=retries >= MAX_RETRIES)
        if outcome.result == "updated":  # a version the traveller did not make: tell them (if they asked)
            from ..services.notify import send_pending_from_settings

            send_pending_from_settings(self.engine, self.settings, trip_id)

    def _sweep(self) -> None:
        self.sweep()

    # -- producing ----------------------------------------------------------------------------------
    def kick(self) -> None:
        """After a change committed: queue a sweep (one message, whatever the number of trips)."""
        self.sweep_actor.send()

    def sweep(self) -> int:
        """Queue a job for every marked trip that no job holds; answers how many were queued.

        On Redis every worker takes from one shared queue, so all of them are queued at once. In-process,
        each serving process claims only what its threads will run soon (the feeder tops it up), so the
        processes of a multi-process server share the work and a dead one holds few trips.
        """
        lease = timedelta(seconds=self.settings.job_lease_seconds)
        batch = self.settings.worker_threads * EMBEDDED_BATCH_PER_THREAD if self.embedded else SWEEP_BATCH
        queued = 0
        while True:
            ids = replan.claim_marked(self.engine, lease=lease, limit=batch)
            for trip_id in ids:
                self.replan_actor.send(trip_id)
            queued += len(ids)
            if len(ids) < batch or self.embedded:
                return queued

    def _feed(self) -> None:
        """In-process: top the local queue up when it runs low."""
        queues = getattr(self.broker, "queues", {})
        waiting = queues.get(self.replan_actor.queue_name)
        if waiting is not None and waiting.qsize() < self.settings.worker_threads * EMBEDDED_LOW_WATER_PER_THREAD:
            self.sweep()

    # -- consuming ----------------------------------------------------------------------------------
    def start(self, threads: int | None = None) -> None:
        """Run the actors on worker threads here, plus the periodic tasks (the sweep first of all)."""
        if self.worker is not None:
            return
        self.worker = dramatiq.Worker(self.broker, worker_threads=threads or self.settings.worker_threads,
                                      worker_timeout=100)
        self.worker.start()
        _STARTED.add(self)
        self._stop.clear()
        self._scheduler = threading.Thread(target=self._schedule, name="tourplanner-scheduler", daemon=True)
        self._scheduler.start()
        if self.embedded:  # the in-memory queue died with the last process: whatever is marked is ours now
            try:
                replan.release_leases(self.engine)
            except Exception:  # the lease runs out anyway
                log.exception("could not release the leases of the last run")

    def _schedule(self) -> None:
        due: dict[str, float] = {}
        while not self._stop.wait(0.25):
            now = time.monotonic()
            if self.embedded:
                try:
                    self._feed()
                except Exception:
                    log.exception("feeding the in-process queue failed")
            for task in periodic.tasks():
                if not task.enabled(self.settings):
                    continue
                every = task.every_seconds(self.settings)
                if now < due.setdefault(task.name, now + every):
                    continue
                due[task.name] = now + every
                if not self._elect(task.name, every):
                    continue
                try:
                    task.run(self)
                except Exception:
                    log.exception("periodic task %s failed", task.name)

    def _elect(self, name: str, every: float) -> bool:
        """One runner per period across worker processes (a Redis key with a TTL); in-process: always."""
        if self.embedded:
            return True
        client = getattr(self.broker, "client", None)
        if client is None:
            return True
        key = f"{self.settings.queue_namespace}:periodic:{name}"
        return bool(client.set(key, "1", nx=True, px=max(1, int(every * 900))))

    def stop(self, timeout_ms: int = 10_000) -> None:
        _STARTED.discard(self)
        self._stop.set()
        if self.worker is not None:
            self.worker.stop(timeout=timeout_ms)
            self.worker = None
        if self._scheduler is not None:
            self._scheduler.join(timeout=5)
            self._scheduler = None
        self.broker.close()

    def join(self) -> None:
        """Wait until every queued message has been processed (tests and the bench)."""
        self.broker.join(self.replan_actor.queue_name)
        if self.worker is not None:
            self.worker.join()
