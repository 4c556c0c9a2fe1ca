"""Reads per catalogue revision: ETag/304 on catalogue answers, changes seen after a revision bump, the
revision asked at most once per interval, and trip pages cached without anyone's CSRF token."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tourplanner.services.catalogue_cache import CatalogueCache
from tourplanner.store.db import transaction

SEED_TRIP = {
    "start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05",
    "sites": ["museum-of-cosmonautics", "star-city", "baikonur-gagarins-start"],
    "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2017-04-01",
}


def test_catalogue_answers_carry_an_etag_and_answer_304_when_unchanged(client: Any) -> None:
    first = client.get("/api/sites")
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get("/api/sites", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    launches = client.get("/api/launches?pad=baikonur-site-31")
    assert launches.status_code == 200
    other = client.get("/api/launches?pad=baikonur-gagarins-start")
    assert other.get_json() != launches.get_json()  # the query is part of what is cached
    assert client.get("/api/launches?pad=baikonur-site-31").data == launches.data


def test_a_catalogue_change_shows_on_the_next_read(client: Any, app: Any) -> None:
    revision = pytest.importorskip("tourplanner.store.revision")  # the re-planning branch's counter
    engine: Engine = app.extensions["tourplanner"].engine
    before = client.get("/api/sites/vdnkh")
    with transaction(engine) as session:
        session.execute(_rename("vdnkh", "VDNKh (renamed)"))
        revision.bump(session)
    after = client.get("/api/sites/vdnkh")
    assert after.get_json()["name"] == "VDNKh (renamed)"
    assert after.headers["ETag"] != before.headers["ETag"]


def _rename(site_id: str, name: str) -> Any:
    from sqlalchemy import text

    return text("UPDATE site SET name = :name WHERE id = :id").bindparams(name=name, id=site_id)


def test_the_revision_is_asked_at_most_once_per_interval(engine: Engine) -> None:
    revision = pytest.importorskip("tourplanner.store.revision")
    now = [100.0]
    cache = CatalogueCache(check_seconds=1.0, clock=lambda: now[0])
    first = cache.snapshot(engine)
    with transaction(engine) as session:
        revision.bump(session)
    now[0] += 0.5
    assert cache.snapshot(engine) is first  # within the second: not even the revision is read
    now[0] += 0.6
    second = cache.snapshot(engine)
    assert second.revision == first.revision + 1 and cache.loads == 2
    now[0] += 0.1
    with transaction(engine) as session:
        revision.bump(session)
    cache.changed()  # a write in this process: the next read asks at once
    assert cache.snapshot(engine).revision == second.revision + 1
    with Session(engine) as session:
        assert revision.current(session) == second.revision + 1


def test_trip_pages_are_cached_without_the_csrf_token(app: Any) -> None:
    made = app.test_client().post("/api/trips", json=SEED_TRIP)
    token = made.get_json()["token"]
    alice, bob = app.test_client(), app.test_client()
    page_a = alice.get(f"/trips/{token}").get_data(as_text=True)
    page_b = bob.get(f"/trips/{token}").get_data(as_text=True)
    token_a = re.findall(r'name="csrf_token" value="([^"]+)"', page_a)
    token_b = re.findall(r'name="csrf_token" value="([^"]+)"', page_b)
    assert token_a and token_b and token_a[0] != token_b[0]  # each session its own token
    nonce_a = re.findall(r'nonce="([^"]+)"', page_a)
    nonce_b = re.findall(r'nonce="([^"]+)"', page_b)
    assert nonce_a and nonce_b and nonce_a[0] != nonce_b[0]  # each response its own CSP nonce
    # the rest is the same bytes
    assert (page_a.replace(token_a[0], "").replace(nonce_a[0], "")
            == page_b.replace(token_b[0], "").replace(nonce_b[0], ""))
    assert "csrf-token-slot" not in page_a
    cached = [b.data for b in app.extensions["tourplanner.catalogue_cache"]._snapshot._bodies.values()]
    assert not any(token_a[0].encode() in data or token_b[0].encode() in data for data in cached)
    map_page = alice.get(f"/trips/{token}/map")
    again = alice.get(f"/trips/{token}/map")
    unnonced = [re.sub(rb'nonce="[^"]+"', b"", page.data) for page in (map_page, again)]
    assert map_page.status_code == 200 and unnonced[0] == unnonced[1]
