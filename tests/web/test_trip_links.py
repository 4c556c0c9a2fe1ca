"""Three links (edit, view-only, feed), versions (list, open, compare, restore) and PUT with If-Match."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

REQUEST = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
           "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
           "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}


@pytest.fixture
def trip(client: Any) -> dict[str, Any]:
    created = client.post("/api/trips", json=REQUEST)
    assert created.status_code == 201, created.get_json()
    body: dict[str, Any] = created.get_json()
    return body


def launch_starts(body: dict[str, Any]) -> list[str]:
    return [i["start"] for d in body["itinerary"]["days"] for i in d["items"] if i["type"] == "launch"]


def test_a_new_trip_has_three_links(trip: dict[str, Any]) -> None:
    token, share = trip["token"], trip["share_token"]
    assert token and share and token != share
    urls = trip["urls"]
    assert urls["page"] == f"http://tourplanner.test/trips/{token}"
    assert urls["share"] == f"http://tourplanner.test/trips/{share}"
    assert urls["map"].endswith(f"/trips/{share}/map") and urls["ics"].endswith(f"/trips/{share}.ics")
    feed = urls["feed"].rsplit("/", 2)[1]
    assert feed not in (token, share)
    assert trip["pending"] is False and trip["choices"] == [] and trip["version"] == 1


def test_the_share_link_shows_and_never_changes(client: Any, trip: dict[str, Any]) -> None:
    share = trip["share_token"]
    seen = client.get(f"/api/trips/{share}")
    assert seen.status_code == 200
    body = seen.get_json()
    assert body["token"] is None and body["urls"]["page"] is None and body["urls"]["feed"] is None
    assert trip["token"] not in seen.get_data(as_text=True)  # the edit key never leaks to a viewer
    assert body["itinerary"] == trip["itinerary"]
    assert client.put(f"/api/trips/{share}", json=REQUEST).status_code == 403
    assert client.get(f"/api/trips/{share}/versions").status_code == 403
    assert client.post(f"/api/trips/{share}/versions/1/restore").status_code == 403
    assert client.post(f"/api/trips/{share}/feed").status_code == 403
    assert client.delete(f"/api/trips/{share}/feed").status_code == 403
    feed = trip["urls"]["feed"].rsplit("/", 2)[1]
    assert client.put(f"/api/trips/{feed}", json=REQUEST).status_code == 404
    assert client.get(f"/api/trips/{feed}").status_code == 404
    page = client.get(f"/trips/{share}").get_data(as_text=True)
    assert trip["token"] not in page and "Re-plan the trip" not in page and "view-only link" in page
    html = client.post(f"/trips/{share}/replan", data={})
    assert html.status_code in (400, 403)  # CSRF or the view-only refusal: never a change
    assert client.get(f"/api/trips/{trip['token']}").get_json()["version"] == 1


def test_put_replans_and_a_stale_if_match_gets_412(client: Any, trip: dict[str, Any]) -> None:
    token = trip["token"]
    changed = {**REQUEST, "sites": ["museum-of-cosmonautics", "vdnkh", "baikonur-gagarins-start"]}
    stale = client.put(f"/api/trips/{token}", json=changed, headers={"If-Match": '"1"'})
    assert stale.status_code == 200 and stale.get_json()["version"] == 2
    assert stale.headers["ETag"] == '"2"'
    again = client.put(f"/api/trips/{token}", json=REQUEST, headers={"If-Match": '"1"'})
    assert again.status_code == 412 and again.is_json
    assert client.get(f"/api/trips/{token}").get_json()["version"] == 2
    bad = client.put(f"/api/trips/{token}", json={**REQUEST, "end_date": "2027-01-01"})
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "end_date"
    assert client.get(f"/api/trips/{token}").get_json()["version"] == 2


def test_versions_open_compare_and_restore(client: Any, app: Any, trip: dict[str, Any]) -> None:
    from tourplanner import services

    token = trip["token"]
    v1_request = trip["request"]
    client.put(f"/api/trips/{token}", json={**REQUEST, "sites": ["museum-of-cosmonautics"]})
    listed = client.get(f"/api/trips/{token}/versions").get_json()
    assert [v["version"] for v in listed] == [2, 1]
    assert listed[1]["reason"] == "created"
    old = client.get(f"/api/trips/{token}?version=1").get_json()
    assert old["version"] == 1 and old["latest_version"] == 2 and old["request"] == v1_request
    assert client.get(f"/api/trips/{trip['share_token']}?version=1").status_code == 200
    assert client.get(f"/api/trips/{token}?version=7").status_code == 404
    assert client.get(f"/api/trips/{token}?version=x").status_code == 422
    compared = client.get(f"/api/trips/{token}/compare?from=1&to=2").get_json()
    assert any("Baikonur" in w["title"] or "Gagarin" in w["title"] for w in compared["went"])

    # the launch slips between version 2 and the restore: the restored plan has today's time
    from tourplanner.background.jobs import drain

    engine = app.extensions["tourplanner"].engine
    services.move_launch(engine, "soyuz-ms-30", net=datetime(2027, 3, 2, 8, 10, tzinfo=UTC), status="Go",
                         precision="minute")
    assert drain(engine) == {"updated": 1}  # the workers bring the trip up to date: version 3
    restored = client.post(f"/api/trips/{token}/versions/1/restore")
    assert restored.status_code == 200, restored.get_json()
    body = restored.get_json()
    assert body["version"] == 4 and body["request"]["sites"] == v1_request["sites"]
    assert launch_starts(body) == ["2027-03-02T13:10:00+05:00"]
    assert launch_starts(trip) != launch_starts(body)
    assert "restored" in client.get(f"/api/trips/{token}/versions").get_json()[0]["reason"]
    page = client.get(f"/trips/{token}/versions?from=1&to=4").get_data(as_text=True)
    assert "Restore version 1" in page and "Moved" in page


def test_the_feed_link_can_be_revoked_and_issued_anew(client: Any, trip: dict[str, Any]) -> None:
    token = trip["token"]
    feed = trip["urls"]["feed"].removeprefix("http://tourplanner.test")
    assert client.get(feed).status_code == 200
    assert client.get(f"/trips/{trip['share_token']}/feed.ics").status_code == 404  # not a feed link
    assert client.get(f"/trips/{token}/feed.ics").status_code == 200  # feeds subscribed before stay valid
    assert client.delete(f"/api/trips/{token}/feed").status_code == 204
    assert client.get(feed).status_code == 404
    assert client.get(f"/api/trips/{token}").get_json()["urls"]["feed"] is None
    new = client.post(f"/api/trips/{token}/feed").get_json()["feed"].removeprefix("http://tourplanner.test")
    assert new != feed and client.get(new).status_code == 200 and client.get(feed).status_code == 404


def test_trip_options_are_checked_and_named(client: Any) -> None:
    bad = client.post("/api/trips", json={**REQUEST, "notify_email": "not an address", "lang": "de"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.get_json()["errors"]} == {"notify_email", "lang"}
    good = client.post("/api/trips", json={**REQUEST, "notify_email": "Ann@Example.org", "lang": "ru"})
    assert good.status_code == 201 and good.get_json()["lang"] == "ru"
    assert good.get_json()["notify"] == {"email": "ann@example.org", "confirmed": False}
    shared = client.get(f"/api/trips/{good.get_json()['share_token']}")
    assert "example.org" not in shared.get_data(as_text=True)


def test_an_older_version_page_offers_restore_and_the_newest(client: Any, trip: dict[str, Any]) -> None:
    token = trip["token"]
    client.put(f"/api/trips/{token}", json={**REQUEST, "sites": ["museum-of-cosmonautics"]})
    html = client.get(f"/trips/{token}?version=1").get_data(as_text=True)
    assert "You are looking at version 1" in html and "Restore version 1" in html
    assert "Re-plan the trip" not in html  # editing starts from the newest version
    assert client.get(f"/trips/{token}?version=1").status_code == 200


def test_a_trip_keeps_the_language_it_was_made_in(client: Any) -> None:
    made = client.post("/api/trips", json=REQUEST, headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_json()
    assert made["lang"] == "ru"
    page = client.get(f"/trips/{made['share_token']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ru"' in page  # the trip's language wins over the browser's...
    chosen = client.get(f"/trips/{made['share_token']}?lang=kk").get_data(as_text=True)
    assert '<html lang="kk"' in chosen  # ...but not over the visitor's own choice


def test_the_page_revokes_the_feed_and_restores_a_version(client: Any, trip: dict[str, Any]) -> None:
    import re

    token = trip["token"]
    feed = trip["urls"]["feed"].removeprefix("http://tourplanner.test")
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf and "Switch the feed link off" in page
    off = client.post(f"/trips/{token}/feed-link", data={"csrf_token": csrf.group(1), "action": "revoke"},
                      follow_redirects=True)
    assert "no longer works" in off.get_data(as_text=True) and client.get(feed).status_code == 404
    client.put(f"/api/trips/{token}", json={**REQUEST, "sites": ["museum-of-cosmonautics"]})
    versions = client.get(f"/trips/{token}/versions").get_data(as_text=True)
    assert "Version 1" in versions and "Restore version 1" in versions and "No longer in the plan" not in versions
    back = client.post(f"/trips/{token}/versions/1/restore", data={"csrf_token": csrf.group(1)},
                       follow_redirects=True)
    assert "Version 1 restored" in back.get_data(as_text=True)
    body = client.get(f"/api/trips/{token}").get_json()
    assert body["version"] == 3 and body["request"]["sites"] == REQUEST["sites"]
    share = trip["share_token"]
    assert client.get(f"/trips/{share}/versions").status_code == 403
    assert client.post(f"/trips/{share}/versions/1/restore", data={"csrf_token": csrf.group(1)}).status_code == 403


def test_version_numbers_beyond_the_trip_are_not_found(client: Any, trip: dict[str, Any]) -> None:
    """A number past the newest version (even one too large for the database's integers) is a 404."""
    token, huge = trip["token"], "9" * 30
    assert client.get(f"/api/trips/{token}/compare?from={huge}&to=1").status_code == 404
    assert client.get(f"/api/trips/{token}/compare?from=1&to=2").status_code == 404
    assert client.get(f"/api/trips/{token}?version={huge}").status_code == 404
    assert client.post(f"/api/trips/{token}/versions/{huge}/restore").status_code == 404
    assert client.get(f"/trips/{token}/versions?from={huge}&to=1").status_code in (200, 404)
