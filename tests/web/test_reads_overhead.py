"""Cached reads with the per-request overhead taken out (web/overhead.py, GET /api/trips/<token> from the
caches): each shortcut must still answer what the long way answered."""
from __future__ import annotations

import re
from typing import Any

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text

from tourplanner.store import revision
from tourplanner.store.db import transaction
from tourplanner.web import api
from tourplanner.web.overhead import SMALL_PAYLOAD, SmallPayloadSerializer

TRIP = {"start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05",
        "sites": ["museum-of-cosmonautics", "star-city", "baikonur-gagarins-start"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2017-04-01"}


@pytest.fixture
def trip(client: Any) -> dict[str, Any]:
    made = client.post("/api/trips", json=TRIP)
    assert made.status_code == 201
    body: dict[str, Any] = made.get_json()
    return body


def test_api_trip_is_built_once_and_answers_304_on_its_etag(client: Any, trip: dict[str, Any],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = api.trip_payload
    monkeypatch.setattr(api, "trip_payload", lambda view: calls.append(view) or real(view))
    url = f"/api/trips/{trip['token']}"
    first, second = client.get(url), client.get(url)
    assert first.data == second.data and len(calls) == 1  # the second came from the cache
    assert first.get_json()["token"] == trip["token"] and first.headers["Date"]
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"1-[0-9a-f]{16}"', etag)
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert "Content-Security-Policy" in again.headers and again.headers["X-Content-Type-Options"] == "nosniff"
    shared = client.get(f"/api/trips/{trip['share_token']}")
    assert shared.get_json()["token"] is None  # the share link's own answer, never the edit link's
    assert shared.headers["ETag"] != etag


def test_the_get_etag_works_in_if_match_and_a_new_version_moves_it(client: Any, trip: dict[str, Any]) -> None:
    url = f"/api/trips/{trip['token']}"
    etag = client.get(url).headers["ETag"]
    changed = {**TRIP, "end_date": "2017-07-30"}
    assert client.put(url, json=changed, headers={"If-Match": etag}).status_code == 200
    assert client.put(url, json=TRIP, headers={"If-Match": etag}).status_code == 412  # version 1 is stale
    now = client.get(url, headers={"If-None-Match": etag})
    assert now.status_code == 200 and now.get_json()["version"] == 2 and now.headers["ETag"].startswith('"2-')


def test_a_catalogue_change_shows_in_the_api_trip_at_once(client: Any, app: Any, trip: dict[str, Any]) -> None:
    url = f"/api/trips/{trip['token']}"
    before = client.get(url)
    assert before.get_json()["summary"]["title"] == "Moscow & Baikonur"
    with transaction(app.extensions["tourplanner"].engine) as session:
        session.execute(text("UPDATE region SET name = 'Greater Moscow' WHERE name = 'Moscow'"))
        revision.bump(session)
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["summary"]["title"] == "Greater Moscow & Baikonur"
    assert after.headers["ETag"].startswith('"1-') and after.headers["ETag"] != before.headers["ETag"]


def test_languages_do_not_share_cached_bytes(client: Any, trip: dict[str, Any]) -> None:
    sites = {lang: client.get("/api/sites", headers={"Accept-Language": lang}) for lang in ("en", "ru", "kk")}
    assert len({r.data for r in sites.values()}) == 3 and len({r.headers["ETag"] for r in sites.values()}) == 3
    assert client.get("/api/sites", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).data == sites["ru"].data
    page = f"/trips/{trip['share_token']}"
    langs = {}
    for lang in ("ru", "kk"):
        client.set_cookie("lang", lang, domain="tourplanner.test")
        langs[lang] = client.get(page).get_data(as_text=True)
        assert f'lang="{lang}"' in langs[lang][:400]
    assert re.sub(r'nonce="[^"]+"|value="[^"]{40,}"', "", langs["ru"]) != re.sub(
        r'nonce="[^"]+"|value="[^"]{40,}"', "", langs["kk"])
    client.delete_cookie("lang", domain="tourplanner.test")
    encoded = client.get(page + "?l%61ng=kk").get_data(as_text=True)  # ?lang= however it is spelled
    assert 'lang="kk"' in encoded[:400]


def test_a_cached_page_s_csrf_token_is_its_session_s_own(app: Any, trip: dict[str, Any]) -> None:
    alice, bob = app.test_client(), app.test_client()
    page = f"/trips/{trip['token']}"
    tokens = [re.findall(r'name="csrf_token" value="([^"]+)"', c.get(page).get_data(as_text=True))[0]
              for c in (alice, bob)]
    assert tokens[0] != tokens[1]
    refused = bob.post(f"{page}/feed-link", data={"csrf_token": tokens[0], "action": "reissue"})
    assert refused.status_code == 400  # Alice's token is no good in Bob's session
    accepted = alice.post(f"{page}/feed-link", data={"csrf_token": tokens[0], "action": "reissue"})
    assert accepted.status_code != 400


def test_session_cookies_read_with_flask_s_own_serializer(app: Any, trip: dict[str, Any]) -> None:
    visitor = app.test_client()
    visitor.get(f"/trips/{trip['token']}")
    cookie = visitor.get_cookie("session", domain="tourplanner.test")
    assert cookie is not None and not cookie.value.startswith(".")  # one token: never compressed
    flask_own = SecureCookieSessionInterface().get_signing_serializer(app)
    assert flask_own is not None and len(flask_own.loads(cookie.value)["csrf_token"]) == 40
    small = SmallPayloadSerializer("key", salt="s")
    large = {"_flashes": [["changed", "the same words again"]] * 20}
    dumped = small.dumps(large)
    assert len(small.dump_payload(large)) > 0 and SMALL_PAYLOAD < len(str(large))
    assert dumped.startswith(".") and URLSafeTimedSerializer("key", salt="s").loads(dumped) == large


def test_unlimited_reads_carry_no_limit_headers_and_limited_views_still_count(database_url: str) -> None:
    from tourplanner import create_app

    limited = create_app({"database_url": database_url, "testing": True, "tiles": None,
                          "SERVER_NAME": "tourplanner.test", "RATELIMIT_ENABLED": True,
                          "RATELIMIT_PLANS": "2/minute"})
    client = limited.test_client()
    assert "X-RateLimit-Limit" not in client.get("/api/sites").headers
    answers = [client.post("/api/plan", json=TRIP) for _ in range(3)]
    assert answers[0].headers["X-RateLimit-Limit"] == "2"
    assert [a.status_code for a in answers][-1] == 429 and answers[-1].headers["Retry-After"]
    limited.extensions["tourplanner"].engine.dispose()


def test_kept_serializers_sign_byte_for_byte_as_itsdangerous(monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import time

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    flask_own = SecureCookieSessionInterface()
    options = {"serializer": flask_own.serializer,
               "signer_kwargs": {"key_derivation": flask_own.key_derivation, "digest_method": flask_own.digest_method}}
    token = hashlib.sha1(b"a visitor").hexdigest()
    session = URLSafeTimedSerializer(["old", "new"], salt=flask_own.salt, **options)  # type: ignore[arg-type]
    kept = SmallPayloadSerializer(["old", "new"], salt=flask_own.salt, **options)  # type: ignore[arg-type]
    assert kept.dumps({"csrf_token": token}) == session.dumps({"csrf_token": token})
    csrf = URLSafeTimedSerializer("new", salt="wtf-csrf-token")  # as Flask-WTF builds it
    assert SmallPayloadSerializer(["new"], salt="wtf-csrf-token").dumps(token) == csrf.dumps(token)


def test_threads_missing_the_same_answer_render_it_once() -> None:
    import threading

    from tourplanner.services.catalogue_cache import Snapshot

    snapshot = Snapshot(1, None)  # type: ignore[arg-type]  # bodies need no catalogue
    started, release, calls = threading.Event(), threading.Event(), []

    def make() -> bytes:
        calls.append(1)
        started.set()
        release.wait(5)
        return b"the page"

    got: list[Any] = []
    first = threading.Thread(target=lambda: got.append(snapshot.body("k", make)))
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=lambda: got.append(snapshot.body("k", make)))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first rendering, not rendering again
    release.set()
    first.join(5), second.join(5)
    assert len(calls) == 1 and got[0] is got[1] and got[0].data == b"the page"

    def fails() -> bytes:
        raise RuntimeError("no page")

    with pytest.raises(RuntimeError):
        snapshot.body("broken", fails)
    assert snapshot.body("broken", lambda: b"now").data == b"now"  # a failure leaves nobody waiting
    import time

    began = time.monotonic()  # the renderer asking for its own key again renders, never waits for itself
    assert snapshot.body("nested", lambda: snapshot.body("nested", lambda: b"in").data + b"!").data == b"in!"
    assert time.monotonic() - began < 5
