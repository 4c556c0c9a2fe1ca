"""`tourplanner init`: migrate + upsert, idempotent, atomic, and kind to operator edits."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlmodel import Session, select

from tourplanner.resources import SEED_FILE
from tourplanner.services import init_database, load_catalogue, move_launch
from tourplanner.store.db import make_engine
from tourplanner.store.seed import SeedError
from tourplanner.store.tables import LaunchRow, OpeningIntervalRow, SiteRow


def _snapshot(engine: object) -> dict[str, list[tuple[object, ...]]]:
    with Session(engine) as session:  # type: ignore[arg-type]
        return {
            "sites": sorted((s.id, s.name, s.lat, s.lon) for s in session.exec(select(SiteRow))),
            "intervals": sorted((i.id, i.site_id, i.weekday, str(i.start)) for i in session.exec(select(OpeningIntervalRow))),
            "launches": sorted((x.id, x.net.isoformat()) for x in session.exec(select(LaunchRow))),
        }


def test_init_creates_schema_and_seed_then_second_run_changes_nothing(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    first = init_database(engine, SEED_FILE)
    assert first.created["sites"] >= 9
    before = _snapshot(engine)
    second = init_database(engine, SEED_FILE)
    assert second.changed == 0, second.summary()
    assert _snapshot(engine) == before  # not even row ids moved
    engine.dispose()


def test_bad_seed_leaves_database_as_it_was(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    before = _snapshot(engine)
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    data["sites"][0]["name"] = "Renamed"  # a change that would be written ...
    data["sites"][1]["timezone"] = "Asia/Baikonur"  # ... were the file not invalid elsewhere
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SeedError) as error:
        init_database(engine, bad)
    assert "bad.json" in str(error.value) and "$.sites[1].timezone" in str(error.value)
    assert _snapshot(engine) == before
    engine.dispose()


def test_bad_seed_on_empty_database_creates_nothing(empty_database_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    engine = make_engine(empty_database_url)
    with pytest.raises(SeedError):
        init_database(engine, bad)
    assert "site" not in inspect(engine).get_table_names()
    engine.dispose()


def test_operator_edit_survives_a_later_seed_load(database_url: str) -> None:
    engine = make_engine(database_url)
    moved = datetime(2027, 4, 2, 8, 0, tzinfo=UTC)
    move_launch(engine, "soyuz-ms-30", net=moved, status="Go", precision="minute", actor="test")
    report = init_database(engine, SEED_FILE)
    assert "launches soyuz-ms-30" in report.kept_operator_edits
    launch = load_catalogue(engine).launch("soyuz-ms-30")
    assert launch.net == moved and launch.status.value == "Go"
    engine.dispose()


def test_catalogue_round_trips_through_the_database(engine: object) -> None:
    from tourplanner.store.seed import parse_seed

    assert load_catalogue(engine) == _sorted(parse_seed(SEED_FILE))  # type: ignore[arg-type]


def _sorted(catalogue: object) -> object:
    """The store returns records ordered by id (launches by time); the seed keeps file order."""
    from dataclasses import replace

    from tourplanner.planning.model import Catalogue

    assert isinstance(catalogue, Catalogue)
    return replace(
        catalogue,
        sites=tuple(sorted(catalogue.sites, key=lambda s: s.id)),
        regions=tuple(sorted(catalogue.regions, key=lambda r: r.id)),
        access_rules=tuple(sorted(catalogue.access_rules, key=lambda r: r.id)),
        transfers=tuple(sorted(catalogue.transfers, key=lambda t: t.id)),
        launches=tuple(sorted(catalogue.launches, key=lambda x: (x.net, x.id))),
    )
