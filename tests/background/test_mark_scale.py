"""Marking scales with statements, not trips: a launch move or a closure runs the same number of SQL
statements for 3 trips as for 600, and the preview counts every trip but lists a bounded few."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, event, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from test_marks import MOSCOW, MS30, TODAY, net_of

from tourplanner import services
from tourplanner.services.catalogue_changes import affected_trips
from tourplanner.services.launch_edits import _touched, apply_launch, launch_record
from tourplanner.services.site_edits import apply_site, site_record
from tourplanner.store.db import transaction
from tourplanner.store.seed_json import instant
from tourplanner.store.tables import TripMarkRow, TripRow, TripVersionRow, TripVisitRow


def copies(engine: Engine, token: str, count: int) -> None:
    """`count` more trips exactly like `token`'s (rows copied: planning them all would take minutes)."""
    with Session(engine) as session:
        trip = session.exec(select(TripRow).where(TripRow.token == token)).one()
        version = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip.id)).one()
        stops = session.exec(select(TripVisitRow).where(TripVisitRow.trip_id == trip.id)).all()
    with transaction(engine) as session:
        for _ in range(count):
            new_id = session.execute(insert(TripRow).values(
                token=services.new_token(), launch_id=trip.launch_id, version=1, created_at=trip.created_at,
                updated_at=trip.updated_at).returning(TripRow.id)).scalar_one()
            session.execute(insert(TripVersionRow).values(
                trip_id=new_id, version=1, reason="created", request=version.request, itinerary=version.itinerary,
                revisions=version.revisions, created_at=version.created_at))
            for stop in stops:
                session.execute(insert(TripVisitRow).values(trip_id=new_id, site_id=stop.site_id, day=stop.day))


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def trip_work(seen: list[str]) -> int:
    """Statements that read or write trips (the rest is the record itself: its first edit also changes
    its origin, so it may differ by one between the rounds)."""
    return sum(1 for statement in seen if "trip" in statement.lower())


def marks(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(TripMarkRow.trip_id)).all())


def test_a_move_and_a_closure_run_as_many_statements_for_600_trips_as_for_3(engine: Engine) -> None:
    launch_trip = services.create_trip(engine, MS30, TODAY).token
    visit_trip = services.create_trip(engine, MOSCOW, TODAY)
    closed_day = next(date.fromisoformat(d["date"]) for d in visit_trip.itinerary["days"]
                      for i in d["items"] if i.get("site") == "museum-of-cosmonautics")
    counts = []
    for more in (2, 597):  # 3 trips, then 600 (more than the 500 ids a list held at a time)
        copies(engine, launch_trip, more)
        copies(engine, visit_trip.token, more)
        with transaction(engine) as session:  # no older marks to take over: the same work both times
            session.execute(delete(TripMarkRow))
        catalogue = services.load_catalogue(engine)
        launch = launch_record(catalogue, "soyuz-ms-30")
        launch["net"] = instant(net_of(engine, "soyuz-ms-30") + timedelta(hours=1))
        site = site_record(catalogue, "museum-of-cosmonautics")
        day = closed_day.isoformat()  # closed for an exam, then for a rehearsal instead: the same visits change
        site["closures"] = [*(c for c in site.get("closures", []) if c["start"] != day),
                            {"start": day, "end": day, "reason": "exam" if more == 2 else "rehearsal"}]
        with statements(engine) as moved:
            affected = apply_launch(engine, "soyuz-ms-30", launch, base=None, actor_id=None, source="cli",
                                    note="", confirmed=True).affected
        with statements(engine) as closed:
            reopened = apply_site(engine, "museum-of-cosmonautics", site, base=None, actor_id=None, source="cli",
                                  note="", today=closed_day).affected
        assert affected == reopened == (3 if more == 2 else 600) and marks(engine) == 2 * affected
        counts.append((trip_work(moved), trip_work(closed)))
    assert counts[0] == counts[1], counts


def test_the_preview_counts_every_trip_and_lists_a_bounded_few(engine: Engine) -> None:
    token = services.create_trip(engine, MS30, TODAY).token
    copies(engine, token, 11)
    catalogue = services.load_catalogue(engine)
    launch = next(x for x in catalogue.launches if x.id == "soyuz-ms-30")
    moved = dataclasses.replace(launch, net=launch.net + timedelta(hours=2))
    with Session(engine) as session:
        count, listed = affected_trips(session, _touched(launch, moved), limit=5)
    assert count == 12 and len(listed) == 5
    assert all(t.launch == "soyuz-ms-30" and t.start_date == MS30["start_date"] for t in listed)
