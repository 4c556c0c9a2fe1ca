"""A background re-plan that makes a version mails the traveller (confirmed address only), through a real
SMTP server on loopback; the periodic task sends what a job could not."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from tourplanner import services
from tourplanner.services import notify
from tourplanner.store.tables import TripRow

MS30 = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
        "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
        "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}
ADDRESS = "worker.mail@example.org"


def test_a_workers_replan_mails_the_confirmed_address_once(mail_app: Any, smtp: Any) -> None:
    from dataclasses import replace

    from tourplanner.background import tasks  # noqa: F401 - registers the periodic tasks
    from tourplanner.background.periodic import tasks as periodic_tasks
    from tourplanner.background.runtime import Runtime

    engine = mail_app.extensions["tourplanner"].engine
    view = services.create_trip(engine, {**MS30, "notify_email": ADDRESS}, date(2026, 11, 21))
    with Session(engine) as session:
        trip = session.exec(select(TripRow).where(TripRow.token == view.token)).one()
        key, trip_id = trip.notify_key, trip.id
    assert key and trip_id
    notify.confirm(engine, key)
    services.move_launch(engine, "soyuz-ms-30", net=datetime(2027, 3, 18, tzinfo=UTC), status="Go",
                         precision="minute")
    settings = replace(mail_app.extensions["tourplanner"].settings, public_url="https://trips.example.com")
    runtime = Runtime(engine, settings)
    runtime._replan(trip_id)  # what a worker thread runs for the marked trip
    mails = smtp.inbox.to(ADDRESS)
    assert len(mails) == 1 and "Soyuz MS-30" in mails[0]["Subject"]
    runtime._replan(trip_id)  # run twice (a retry): no second version, no second mail
    [task] = [t for t in periodic_tasks() if t.name == "notify"]
    task.run(runtime)
    assert len(smtp.inbox.to(ADDRESS)) == 1
    assert services.get_trip(engine, view.token).version == 2
