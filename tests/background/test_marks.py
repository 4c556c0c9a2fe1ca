"""A catalogue change commits with marks on the trips it affects; jobs bring them up to date, once."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from tourplanner import services
from tourplanner.background.jobs import drain
from tourplanner.services import replan
from tourplanner.store import revision
from tourplanner.store.db import transaction
from tourplanner.store.tables import (
    CatalogueChangeRow,
    LaunchRow,
    TripMarkRow,
    TripRow,
    TripVersionRow,
    TripVisitRow,
)

MS30 = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
        "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
        "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}
MOSCOW = {"start_date": "2027-05-04", "end_date": "2027-05-07", "sites": ["museum-of-cosmonautics", "vdnkh"],
          "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}
TODAY = date(2026, 11, 21)


def versions(engine: Engine, token: str) -> list[int]:
    with Session(engine) as session:
        trip = session.exec(select(TripRow).where(TripRow.token == token)).one()
        return sorted(session.exec(select(TripVersionRow.version).where(TripVersionRow.trip_id == trip.id)).all())


def trip_row(engine: Engine, token: str) -> TripRow:
    with Session(engine) as session:
        return session.exec(select(TripRow).where(TripRow.token == token)).one()


def net_of(engine: Engine, launch_id: str) -> datetime:
    with Session(engine) as session:
        row = session.get(LaunchRow, launch_id)
        assert row is not None
        return row.net


def test_a_move_marks_its_trips_in_one_commit_and_answers_the_count(engine: Engine) -> None:
    ours = [services.create_trip(engine, MS30, TODAY).token for _ in range(3)]
    other = services.create_trip(engine, MOSCOW, TODAY).token
    with Session(engine) as session:
        before = revision.current(session)
    result = services.move_launch(engine, "soyuz-ms-30", net=net_of(engine, "soyuz-ms-30") + timedelta(days=2))
    assert result.affected == 3 and result.change_id is not None
    assert all(services.get_trip(engine, t).pending for t in ours) and not services.get_trip(engine, other).pending
    assert all(versions(engine, t) == [1] for t in ours)  # nothing re-planned in the operator's transaction
    with Session(engine) as session:
        change = session.get(CatalogueChangeRow, result.change_id)
        assert change is not None and revision.current(session) == before + 1 == change.revision
        assert (change.record, change.source, change.affected, change.done) == ("launch:soyuz-ms-30", "operator", 3, 0)
        assert "moved from" in change.summary and change.before and change.after

    assert drain(engine) == {"updated": 3}
    for token in ours:
        view = services.get_trip(engine, token)
        assert versions(engine, token) == [1, 2] and not view.pending and view.reason == change.summary
    with Session(engine) as session:
        change = session.get(CatalogueChangeRow, result.change_id)
        assert change is not None and (change.done, change.failed) == (3, 0)


def test_saving_a_launch_unchanged_records_and_marks_nothing(engine: Engine) -> None:
    token = services.create_trip(engine, MS30, TODAY).token
    with Session(engine) as session:
        row = session.get(LaunchRow, "soyuz-ms-30")
        assert row is not None
        same = (row.net, row.status, row.precision, row.revision)
    result = services.move_launch(engine, "soyuz-ms-30", net=same[0], status=same[1], precision=same[2])
    assert result == services.ChangeResult(None, 0)
    with Session(engine) as session:
        row = session.get(LaunchRow, "soyuz-ms-30")
        assert row is not None and row.revision == same[3]
        assert session.exec(select(CatalogueChangeRow)).all() == []
    assert not services.get_trip(engine, token).pending


def test_a_replan_that_changes_nothing_adds_no_version_and_no_sequence(engine: Engine) -> None:
    token = services.create_trip(engine, MOSCOW, TODAY).token
    before = services.get_trip(engine, token)
    with transaction(engine) as session:
        change = replan.record_change(session, actor_id=None, source="cli", record="site:vdnkh",
                                      summary="VDNKh: new photo policy")
        trip_id = session.exec(select(TripRow.id).where(TripRow.token == token)).one()
        assert trip_id is not None and replan.mark_affected(session, change, [trip_id]) == 1
    assert drain(engine) == {"unchanged": 1}
    after = services.get_trip(engine, token)
    assert after.version == 1 and not after.pending and after.revisions == before.revisions
    # the traveller re-planning the same request adds nothing either
    assert services.replan_trip(engine, token, MOSCOW, TODAY).version == 1


def test_a_job_run_twice_or_for_an_unmarked_trip_is_harmless(engine: Engine) -> None:
    token = services.create_trip(engine, MS30, TODAY).token
    services.move_launch(engine, "soyuz-ms-30", net=net_of(engine, "soyuz-ms-30") + timedelta(days=1))
    trip_id = trip_row(engine, token).id
    assert trip_id is not None
    assert replan.bring_up_to_date(engine, trip_id).result == "updated"
    assert replan.bring_up_to_date(engine, trip_id).result == "up to date"
    assert replan.bring_up_to_date(engine, 10**9).result == "gone"
    assert versions(engine, token) == [1, 2]


def test_a_later_change_takes_over_an_earlier_mark(engine: Engine) -> None:
    token = services.create_trip(engine, MS30, TODAY).token
    net = net_of(engine, "soyuz-ms-30")
    first = services.move_launch(engine, "soyuz-ms-30", net=net + timedelta(days=1))
    second = services.move_launch(engine, "soyuz-ms-30", net=net + timedelta(days=2))
    assert drain(engine) == {"updated": 1}
    assert versions(engine, token) == [1, 2]  # one re-plan covered both moves
    with Session(engine) as session:
        counts = {c.id: (c.affected, c.done) for c in session.exec(select(CatalogueChangeRow)).all()}
    assert counts == {first.change_id: (1, 1), second.change_id: (1, 1)}
    progress = {p.id: p for p in services.recent_changes(engine)}
    assert progress[second.change_id].pending == 0


def test_a_closure_finds_trips_through_the_visit_index(engine: Engine) -> None:
    token = services.create_trip(engine, MOSCOW, TODAY).token
    other = services.create_trip(engine, MS30, TODAY).token
    view = services.get_trip(engine, token)
    day = next(date.fromisoformat(d["date"]) for d in view.itinerary["days"]
               for i in d["items"] if i.get("site") == "vdnkh")
    with Session(engine) as session:
        trip_id = trip_row(engine, token).id
        assert replan.trips_visiting(session, "vdnkh", day, day) == [trip_id]
        assert replan.trips_visiting(session, "vdnkh", day + timedelta(days=1), day + timedelta(days=9)) == []
        assert replan.trips_visiting_from(session, "vdnkh", day - timedelta(days=30)) == [trip_id]
    result = services.add_closure(engine, "vdnkh", day, day, "Filming")
    assert result.affected == 1 and not services.get_trip(engine, other).pending
    assert drain(engine) == {"updated": 1}
    with Session(engine) as session:
        days = session.exec(select(TripVisitRow.day).where(TripVisitRow.site_id == "vdnkh",
                                                           col(TripVisitRow.trip_id) == trip_id)).all()
    assert day not in days  # the index follows the newest version


def test_a_request_that_no_longer_plans_fails_visibly_and_keeps_the_last_good_version(engine: Engine) -> None:
    token = services.create_trip(engine, MOSCOW, TODAY).token
    trip_id = trip_row(engine, token).id
    assert trip_id is not None
    with transaction(engine) as session:  # a corrupt saved request (e.g. written by an old release)
        version = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip_id)).one()
        version.request = {**version.request, "sites": ["no-such-site"]}
        session.add(version)
        change = replan.record_change(session, actor_id=None, source="cli", record="site:vdnkh", summary="x")
        replan.mark_affected(session, change, [trip_id])
    assert drain(engine) == {"failed": 1}
    assert drain(engine) == {}  # the sweep does not retry it forever
    row = trip_row(engine, token)
    with Session(engine) as session:
        mark = session.get(TripMarkRow, trip_id)
    assert mark is not None and mark.change_id == change.id and row.version == 1 and "no-such-site" in (mark.error or "")
    progress = next(p for p in services.recent_changes(engine) if p.id == change.id)
    assert (progress.failed, progress.done) == (1, 0) and "sites" in progress.last_error


def test_the_trip_page_and_dashboard_say_what_is_pending(client: Any, app: Any) -> None:
    engine = app.extensions["tourplanner"].engine
    token = services.create_trip(engine, MS30, TODAY).token
    services.move_launch(engine, "soyuz-ms-30", net=datetime(2027, 3, 3, 8, 0, tzinfo=UTC))
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    assert "update of this plan is pending" in page and "moved from" in page
    assert client.get(f"/api/trips/{token}").get_json()["pending"] is True
