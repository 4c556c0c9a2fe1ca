"""The database down, read-only or full: 503 with Retry-After (page or JSON), /healthz says so, and
everything works again by itself once the database is back. Never a 500."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from faultproxy import CuttableProxy
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("TOURPLANNER_TEST_DATABASE_URL", "")
GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-05", "sites": ["museum-of-cosmonautics"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}


def _app(url: str) -> Any:
    from tourplanner import create_app

    app = create_app({"database_url": url, "testing": True, "tiles": None, "SERVER_NAME": "tourplanner.test",
                      "WTF_CSRF_ENABLED": False})
    return app


def _assert_unavailable(client: Any, token: str | None = None) -> None:
    """Every kind of request answers 503 with Retry-After, JSON under /api and a page elsewhere."""
    answers = [client.post("/api/trips", json=GOOD), client.get("/api/sites"),
               client.get("/"), client.post("/plan", data={"start_date": "2027-05-04", "end_date": "2027-05-05",
                                                          "sites": "museum-of-cosmonautics", "nationality": "FR"})]
    if token:
        answers.append(client.get(f"/trips/{token}"))
    for response in answers:
        assert response.status_code == 503, (response.request.path, response.get_data(as_text=True)[:300])
        assert int(response.headers["Retry-After"]) > 0
        body = response.get_data(as_text=True)
        assert "Nothing was saved" in body and "Traceback" not in body
    assert answers[0].get_json()["error"] == "Service Unavailable"
    assert "text/html" in answers[2].content_type
    health = client.get("/healthz")
    assert health.status_code == 503 and health.headers["Retry-After"]


def _assert_working(client: Any) -> str:
    created = client.post("/api/trips", json=GOOD)
    assert created.status_code == 201, created.get_data(as_text=True)
    assert client.get("/").status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok"}
    token: str = created.get_json()["token"]
    return token


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite file tricks; PostgreSQL: see the proxy test")
def test_sqlite_database_gone_then_back(database_url: str) -> None:
    app = _app(database_url)
    client = app.test_client()
    token = _assert_working(client)
    path = Path(make_url(database_url).database or "")
    aside = path.with_suffix(".aside")
    path.rename(aside)
    path.mkdir()  # a directory where the file was: SQLite cannot open it (like a lost volume)
    app.extensions["tourplanner"].engine.dispose()
    _assert_unavailable(client, token)
    path.rmdir()
    aside.rename(path)
    assert client.get(f"/trips/{token}").status_code == 200  # by itself: no restart, no dispose
    _assert_working(client)
    app.extensions["tourplanner"].engine.dispose()


def _read_only_url(database_url: str) -> str:
    if POSTGRES_URL:
        url = make_url(database_url)
        options = url.query.get("options", "")
        return url.update_query_dict({"options": f"{options} -cdefault_transaction_read_only=on".strip()}
                                     ).render_as_string(hide_password=False)
    return f"sqlite:///file:{make_url(database_url).database}?mode=ro&uri=true"


def test_read_only_database(database_url: str) -> None:
    app = _app(_read_only_url(database_url))
    client = app.test_client()
    assert client.get("/").status_code == 200  # reading still works
    assert client.get("/api/sites").status_code == 200
    response = client.post("/api/trips", json=GOOD)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "read-only" in response.get_json()["message"]
    form = client.post("/plan", data={"start_date": "2027-05-04", "end_date": "2027-05-05",
                                      "sites": "museum-of-cosmonautics", "nationality": "FR", "age": "30"})
    assert form.status_code == 503 and "read-only" in form.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json() == {"status": "database read only"}
    app.extensions["tourplanner"].engine.dispose()


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's page limit stands in for a full disk")
def test_full_database(database_url: str) -> None:
    from sqlalchemy import event

    app = _app(database_url)
    engine = app.extensions["tourplanner"].engine

    @event.listens_for(engine, "connect")
    def _no_room(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    engine.dispose()
    client = app.test_client()
    codes = [client.post("/api/trips", json={**GOOD, "companions": [{"nationality": "FR", "age": 30}] * 40})
             for _ in range(60)]
    statuses = {r.status_code for r in codes}
    assert statuses <= {201, 503} and 503 in statuses
    full = next(r for r in codes if r.status_code == 503)
    assert "no room" in full.get_json()["message"] and full.headers["Retry-After"]
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="needs TOURPLANNER_TEST_DATABASE_URL (PostgreSQL)")
def test_postgres_stopped_then_back(database_url: str) -> None:
    """The server goes away (every connection dropped, new ones refused) and comes back on its own."""
    url = make_url(database_url)
    proxy = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.start()
    try:
        app = _app(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
        client = app.test_client()
        token = _assert_working(client)
        proxy.cut()
        _assert_unavailable(client, token)
        proxy.restore()
        assert client.get(f"/trips/{token}").status_code == 200
        _assert_working(client)
        app.extensions["tourplanner"].engine.dispose()
    finally:
        proxy.cut()


def test_cli_without_schema_says_run_init(empty_database_url: str) -> None:
    from click.testing import CliRunner

    from tourplanner.cli import main

    env = {"TOURPLANNER_DATABASE_URL": empty_database_url}
    for command in (["launches"], ["sites"], ["launches", "--upcoming"]):
        result = CliRunner().invoke(main, command, env=env)
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            "Error: the database schema is missing or out of date: run `tourplanner init` first"], result.output


@pytest.mark.parametrize("command", [["init"], ["sites"], ["launches"]])
def test_cli_unreachable_database_is_one_line(command: list[str], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tourplanner.cli import main

    env = {"TOURPLANNER_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"}
    result = CliRunner().invoke(main, command, env=env)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the database" in lines[0], result.output


