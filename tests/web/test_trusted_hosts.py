"""Links never come from a Host header a client chose: outside debug, unknown hosts get 400."""
from __future__ import annotations

from typing import Any

import pytest

from tourplanner.config import ConfigError, Settings, check_serving

GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-05", "sites": ["museum-of-cosmonautics"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}


def _app(database_url: str, **settings: Any) -> Any:
    from tourplanner import create_app

    return create_app({"database_url": database_url, "tiles": None, "secret_key": "k" * 32, **settings})


def test_other_host_gets_400_and_links_use_public_url(database_url: str) -> None:
    app = _app(database_url, public_url="https://trips.example")
    client = app.test_client()
    evil = client.post("/api/trips", json=GOOD, headers={"Host": "evil.example"})
    assert evil.status_code == 400
    assert "not trusted" in evil.get_json()["message"]
    created = client.post("/api/trips", json=GOOD, headers={"Host": "trips.example"})
    assert created.status_code == 201
    urls = created.get_json()["urls"]
    assert all(u is None or u.startswith("https://trips.example/") for u in urls.values()), urls
    page = client.get(f"/trips/{created.get_json()['token']}", headers={"Host": "trips.example"})
    assert b"evil.example" not in page.data and b"webcal://trips.example/" in page.data
    assert client.get("/healthz", headers={"Host": "127.0.0.1:8000"}).status_code == 200  # container check
    app.extensions["tourplanner"].engine.dispose()


def test_trusted_hosts_without_public_url(database_url: str) -> None:
    app = _app(database_url, trusted_hosts=("trips.example", ".trips.example"))
    client = app.test_client()
    assert client.get("/api/sites", headers={"Host": "evil.example"}).status_code == 400
    created = client.post("/api/trips", json=GOOD, headers={"Host": "eu.trips.example"})
    assert created.status_code == 201
    assert created.get_json()["urls"]["share"].startswith("http://eu.trips.example/")
    app.extensions["tourplanner"].engine.dispose()


def test_debug_accepts_any_host(database_url: str) -> None:
    app = _app(database_url, debug=True)
    assert app.test_client().get("/api/sites", headers={"Host": "laptop.local:5000"}).status_code == 200
    app.extensions["tourplanner"].engine.dispose()


def test_serving_needs_a_public_url_or_trusted_hosts() -> None:
    with pytest.raises(ConfigError, match="TOURPLANNER_PUBLIC_URL"):
        check_serving(Settings(database_url="sqlite://", secret_key="k" * 32))
    check_serving(Settings(database_url="sqlite://", secret_key="k" * 32, public_url="https://trips.example"))
    check_serving(Settings(database_url="sqlite://", secret_key="k" * 32, trusted_hosts=("trips.example",)))
    check_serving(Settings(database_url="sqlite://", debug=True))
