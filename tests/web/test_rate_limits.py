"""Anonymous trip creation and planning are limited per address: 429 with Retry-After, others unaffected."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tourplanner.web.limits import storage_url

GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-05", "sites": ["museum-of-cosmonautics"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}


@pytest.fixture
def limited(database_url: str) -> Iterator[Any]:
    from tourplanner import create_app

    app = create_app({"database_url": database_url, "testing": True, "tiles": None,
                      "SERVER_NAME": "tourplanner.test", "RATELIMIT_ENABLED": True,
                      "RATELIMIT_TRIPS": "2/minute", "RATELIMIT_PLANS": "3/minute"})
    yield app
    app.extensions["tourplanner"].engine.dispose()


def _from(address: str) -> dict[str, str]:
    return {"REMOTE_ADDR": address}


def test_trip_creation_is_limited_per_address(limited: Any) -> None:
    client = limited.test_client()
    for _ in range(2):
        assert client.post("/api/trips", json=GOOD, environ_base=_from("203.0.113.1")).status_code == 201
    refused = client.post("/api/trips", json=GOOD, environ_base=_from("203.0.113.1"))
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["error"] == "Too Many Requests"
    # another address still has its budget
    assert client.post("/api/trips", json=GOOD, environ_base=_from("203.0.113.2")).status_code == 201


def test_builder_form_shares_the_trip_budget(limited: Any) -> None:
    client = limited.test_client()
    for _ in range(2):
        client.post("/api/trips", json=GOOD, environ_base=_from("203.0.113.3"))
    limited.config["WTF_CSRF_ENABLED"] = False
    form = {"start_date": "2027-05-04", "end_date": "2027-05-05", "sites": "museum-of-cosmonautics",
            "nationality": "FR", "age": "30"}
    refused = client.post("/plan", data=form, environ_base=_from("203.0.113.3"))
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "text/html" in refused.content_type
    # adding a companion row creates nothing and is not counted
    assert client.post("/plan", data={**form, "action": "add_companion"},
                       environ_base=_from("203.0.113.3")).status_code == 200
    assert client.get("/plan", environ_base=_from("203.0.113.3")).status_code == 200


def test_plan_requests_are_limited(limited: Any) -> None:
    client = limited.test_client()
    codes = [client.post("/api/plan", json=GOOD, environ_base=_from("203.0.113.4")).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_limits_are_off_in_other_tests(client: Any) -> None:
    codes = {client.post("/api/plan", json=GOOD).status_code for _ in range(70)}
    assert codes == {200}


def test_storage_comes_from_settings() -> None:
    assert storage_url({}) == "memory://"
    assert storage_url({"TOURPLANNER_QUEUE_URL": "redis://q:6379/1"}) == "redis://q:6379/1"
    assert storage_url({"TOURPLANNER_QUEUE_URL": "redis://q:6379/1",
                        "TOURPLANNER_RATELIMIT_STORAGE_URL": "redis://r:6379/2"}) == "redis://r:6379/2"


def test_counts_live_in_redis_when_configured(database_url: str) -> None:
    """Several workers see one budget: two apps on the same Redis share the count."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except Exception:  # noqa: BLE001
        pytest.skip("no Redis at 127.0.0.1:6379")
    from tourplanner import create_app

    address = f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"  # a key no other run shares
    config = {"database_url": database_url, "testing": True, "tiles": None, "SERVER_NAME": "tourplanner.test",
              "RATELIMIT_ENABLED": True, "RATELIMIT_PLANS": "2/minute",
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}
    first = create_app(config)
    codes = [first.test_client().post("/api/plan", json=GOOD, environ_base=_from(address)).status_code]
    second = create_app(config)  # a second worker: fresh process state, same Redis
    codes += [second.test_client().post("/api/plan", json=GOOD, environ_base=_from(address)).status_code
              for _ in range(2)]
    assert codes == [200, 200, 429]
    for app in (first, second):
        app.extensions["tourplanner"].engine.dispose()


def test_reads_no_limit_names_skip_the_limiter_and_limited_views_do_not(limited: Any) -> None:
    """The shortcut for unlimited reads (limits._nothing_to_count) asks the limiter's own resolution:
    a view with a limit on any method is never skipped, so a limit added later still counts."""
    from tourplanner.web.limits import _declares_no_limit

    with limited.test_request_context("/"):
        assert _declares_no_limit(limited, "api.sites", "api")
        assert _declares_no_limit(limited, "pages.trip_feed", "pages")
        assert not _declares_no_limit(limited, "api.plan", "api")
        assert not _declares_no_limit(limited, "pages.plan", "pages")  # its limit is for POST; GET not skipped
        assert not _declares_no_limit(limited, "pages.my_trips", "pages")
