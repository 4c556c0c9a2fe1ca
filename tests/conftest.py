"""Shared fixtures: every test that touches a database gets its own, fresh one.

SQLite by default (a file in the test's tmp dir, copied from a migrated and seeded template); set
TOURPLANNER_TEST_DATABASE_URL to a PostgreSQL URL to run the same tests there, each in a schema of
its own (a copy of a seeded template database) that is dropped afterwards.
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

REPO = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("TOURPLANNER_TEST_DATABASE_URL", "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use a database are marked `db`, so the PostgreSQL run can select exactly them."""
    for item in items:
        if {"database_url", "engine", "app", "client"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def _seed(url: str) -> None:
    from tourplanner.resources import SEED_FILE
    from tourplanner.services import init_database
    from tourplanner.store.db import make_engine

    engine = make_engine(url)
    try:
        init_database(engine, SEED_FILE)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite"
    _seed(f"sqlite:///{path}")
    return path


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it (not even the schema)."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    yield from _postgres_database()


def _postgres_admin(statement: str) -> None:
    """CREATE/DROP DATABASE cannot run inside a transaction: one autocommit statement on the server."""
    from tourplanner.store.db import make_engine

    admin = make_engine(POSTGRES_URL)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def _postgres_database(template: str | None = None) -> Iterator[str]:
    """A database of its own on the test server, copied from `template` when given (a file copy on the
    server, far quicker than migrating and seeding again), dropped afterwards."""
    name = f"tp_{uuid.uuid4().hex[:16]}"
    _postgres_admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _postgres_template() -> Iterator[str]:
    """Migrated and seeded once per test process; each test gets a copy."""
    for url in _postgres_database():
        _seed(url)
        yield make_url(url).database or ""


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database holding the seed catalogue, private to this test. Job threads a test started
    (an app that is not `testing` starts them on its first request) stop before it is dropped: they
    would poll a database that is gone and log tracebacks."""
    from tourplanner.background import stop_all

    if not POSTGRES_URL:
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "test.sqlite"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        stop_all()
        return
    for url in _postgres_database(template=request.getfixturevalue("_postgres_template")):
        yield url
        stop_all()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    from tourplanner.store.db import make_engine

    value = make_engine(database_url)
    yield value
    value.dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    from tourplanner import create_app

    application = create_app({"database_url": database_url, "testing": True, "tiles": None,
                              "SERVER_NAME": "tourplanner.test"})
    yield application
    application.extensions["tourplanner"].engine.dispose()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def smtp() -> Iterator[Any]:
    """A real SMTP server on loopback: `smtp.url` for TOURPLANNER_SMTP_URL, `smtp.inbox` what it got."""
    from types import SimpleNamespace

    from smtp_server import smtp_server

    with smtp_server() as (url, inbox):
        yield SimpleNamespace(url=url, inbox=inbox)


@pytest.fixture
def mail_app(database_url: str, smtp: Any) -> Iterator[Any]:
    """The app with its mail going to the loopback SMTP server."""
    from tourplanner import create_app

    application = create_app({"database_url": database_url, "testing": True, "tiles": None,
                              "SERVER_NAME": "tourplanner.test", "smtp_url": smtp.url})
    yield application
    application.extensions["tourplanner"].engine.dispose()
