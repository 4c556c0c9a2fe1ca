"""Migrations upgrade a database that already holds data, not just an empty one."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text

from tourplanner.resources import SEED_FILE
from tourplanner.services import create_trip, get_trip, init_database, load_catalogue
from tourplanner.store.db import make_engine
from tourplanner.store.migrate import upgrade

FIRST = "2a106fc1c8c9"  # the initial schema


def test_upgrade_from_the_first_revision_keeps_data_and_references(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine, FIRST)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as db:  # rows as the first schema knew them, with references between tables
        db.execute(text("INSERT INTO region (id, name, timezone, lat, lon, lodging, notes, sources, origin) VALUES "
                        "('moscow', 'Moscow', 'Europe/Moscow', 55.75, 37.62, 'Hotel', '', '[]', 'operator')"))
        db.execute(text("INSERT INTO site (id, name, name_ru, kind, region_id, country, lat, lon, timezone, "
                        "visit_minutes, description, address, coordinates_confidence, what_to_bring, notes, "
                        "by_appointment, hours_notes, sources, origin) VALUES ('museum-of-cosmonautics', "
                        "'Museum (operator name)', '', 'museum', 'moscow', 'RU', 55.8228, 37.6398, "
                        "'Europe/Moscow', 120, '', '', 'M', '', '', false, '', '[]', 'operator')"))
        db.execute(text("INSERT INTO opening_interval (site_id, weekday, start, \"end\") VALUES "
                        "('museum-of-cosmonautics', 1, '10:00:00', '19:00:00')"))
        db.execute(text("INSERT INTO trip (token, version, created_at, updated_at) VALUES ('tok', 1, :t, :t)"),
                   {"t": now})
    upgrade(engine)
    assert {"gateway"} <= {c["name"] for c in inspect(engine).get_columns("region")}
    assert {"revision"} <= {c["name"] for c in inspect(engine).get_columns("launch")}
    with engine.connect() as db:
        assert db.execute(text("SELECT name FROM site WHERE id = 'museum-of-cosmonautics'")).scalar_one() \
            == "Museum (operator name)"
        assert db.execute(text("SELECT count(*) FROM opening_interval")).scalar_one() == 1
        assert db.execute(text("SELECT gateway FROM region WHERE id = 'moscow'")).scalar_one() in (False, 0)

    report = init_database(engine, SEED_FILE)  # the seed fills in around the operator's rows
    assert "sites museum-of-cosmonautics" in report.kept_operator_edits
    catalogue = load_catalogue(engine)
    assert catalogue.site("museum-of-cosmonautics").name == "Museum (operator name)"
    assert "baikonur-site-31" in {s.id for s in catalogue.sites}
    engine.dispose()


def test_an_upgraded_database_still_plans_and_saves_trips(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine, FIRST)
    upgrade(engine)
    init_database(engine, SEED_FILE)
    view = create_trip(engine, {"start_date": "2027-05-04", "end_date": "2027-05-06",
                                "sites": ["museum-of-cosmonautics"], "traveller": {"nationality": "FR"},
                                "booking_date": "2026-11-21"}, datetime(2026, 11, 21).date())
    assert get_trip(engine, view.token).version == 1
    engine.dispose()


def test_existing_trips_keep_their_link_as_edit_key_and_get_share_and_feed_links(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    upgrade(engine, "796b6b44fb82")  # before the three links
    view = create_trip_before_links(engine)  # a trip saved then: one token, one version
    upgrade(engine)
    with engine.connect() as db:
        share, feed, notified = db.execute(text("SELECT share_token, feed_token, notified_version FROM trip "
                                                "WHERE token = :t"), {"t": view}).one()
    assert share and feed and len({share, feed, view}) == 3 and notified == 1
    assert get_trip(engine, view).access == "edit"
    assert get_trip(engine, share).access == "view"
    assert get_trip(engine, feed, feed=True).access == "feed"
    engine.dispose()


def create_trip_before_links(engine: object) -> str:
    from sqlalchemy.engine import Engine

    assert isinstance(engine, Engine)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as db:
        db.execute(text("INSERT INTO trip (token, launch_id, version, created_at, updated_at) "
                        "VALUES ('old-token', NULL, 1, :t, :t)"), {"t": now})
        trip_id = db.execute(text("SELECT id FROM trip WHERE token = 'old-token'")).scalar_one()
        db.execute(text("INSERT INTO trip_version (trip_id, version, reason, request, itinerary, revisions, "
                        "created_at) VALUES (:id, 1, 'created', '{}', '{\"days\": []}', '{}', :t)"),
                   {"id": trip_id, "t": now})
    return "old-token"
