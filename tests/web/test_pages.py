"""Traveller pages with the Flask test client: home, site pages, the trip page and its exports."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import icalendar
import pytest
from sqlalchemy import text

SEED_TRIP = {"start_date": "2017-07-21", "end_date": "2017-07-29",
             "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city",
                       "baikonur-gagarins-start"],
             "must_see": ["star-city"], "launch": "soyuz-ms-05",
             "traveller": {"nationality": "FR", "age": 30, "party_size": 1},
             "booking_date": "2017-04-01"}
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # a Sunday; Soyuz MS-30 is the next launch


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages read the clock for "upcoming" and "this week": pin it so the tests do not age."""
    from tourplanner.web import exports_views, pages, trips

    for module in (pages, trips, exports_views):
        monkeypatch.setattr(module, "utcnow", lambda: NOW)


@pytest.fixture
def trip(app: Any) -> Any:
    from tourplanner import services

    return services.create_trip(app.extensions["tourplanner"].engine, SEED_TRIP, date(2017, 4, 1))


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return str(response.get_data(as_text=True))


# --- home and sites -------------------------------------------------------------------------------


def test_home_explains_the_service_and_lists_upcoming_launches_in_words(client: Any) -> None:
    html = page(client, "/")
    assert "Plan a space-heritage trip" in html
    table = html.split('id="launches-h"')[1].split("</table>")[0]
    row = re.search(r"<tr><th scope=\"row\">(?:<a [^>]*>)?Soyuz MS-30.*?</tr>", table, re.DOTALL)
    assert row and "TBD" in row.group(0) and "no earlier than March 2027" in row.group(0)
    assert "Soyuz MS-05" not in html.split('id="sites"')[0]  # past launches are not "upcoming"
    assert 'href="/plan?launch=soyuz-ms-30"' in html
    assert "webcal://tourplanner.test/launches.ics" in html


def test_home_has_the_catalogue_map_and_list_without_cdn(client: Any) -> None:
    html = page(client, "/")
    assert "L.map(" in html and 'class="map-box"' in html
    assert "Museum of Cosmonautics" in html and "Baikonur" in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")) or "tourplanner.test" in url \
            or url.startswith(("https://en.wikipedia", "https://www.openstreetmap")), url
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html


def test_site_page_shows_this_weeks_hours_in_local_time_and_rules(client: Any) -> None:
    html = page(client, "/sites/museum-of-cosmonautics")
    week = html.split('id="week-h"')[1].split("</table>")[0]
    for day in range(16, 23):  # Mon 16 – Sun 22 November 2026
        assert f" {day} Nov" in week
    assert re.search(r"Mon 16 Nov.*?Closed on Mondays", week, re.DOTALL)
    assert re.search(r"Tue 17 Nov.*?\d\d:\d\d–\d\d:\d\d", week, re.DOTALL)
    assert 'aria-current="date"' in week  # today is marked
    assert "Europe/Moscow" in html and "Sources" in html and 'class="map-box"' in html


def test_site_page_applies_closures_and_spells_out_permits(client: Any, app: Any) -> None:
    from sqlmodel import Session

    from tourplanner.store.tables import ClosureRow

    with Session(app.extensions["tourplanner"].engine) as db:
        db.add(ClosureRow(site_id="baikonur-museum", start=date(2026, 11, 18), end=date(2026, 11, 19),
                          reason="staff training"))
        db.add(ClosureRow(site_id="baikonur-museum", start=date(2027, 1, 1), end=date(2027, 1, 2),
                          reason="New Year"))
        db.commit()
    html = page(client, "/sites/baikonur-museum")
    week = html.split('id="week-h"')[1].split("</table>")[0]
    assert re.search(r"Wed 18 Nov.*?Closed for staff training", week, re.DOTALL)
    assert "Closures ahead" in html and "New Year" in html
    html = page(client, "/sites/baikonur-gagarins-start")
    assert "55 days" in html and "Passport data" in html and "Photography" in html


def test_unknown_site_is_a_404_page(client: Any) -> None:
    html = page(client, "/sites/no-such-site", 404)
    assert "no site" in html.lower()


def test_operator_text_is_escaped_everywhere(client: Any, app: Any) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with app.extensions["tourplanner"].engine.begin() as db:
        db.execute(text("UPDATE site SET name = :n, description = :n WHERE id = 'vdnkh'"), {"n": evil})
    for url in ("/", "/sites/vdnkh", "/plan"):
        html = page(client, url)
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert" in html or "&amp;lt;script" in html or "&#" in html, url


# --- a trip -----------------------------------------------------------------------------------------


def test_trip_page_shows_deadlines_in_order_at_the_top(client: Any, trip: Any) -> None:
    html = page(client, f"/trips/{trip.token}")
    top = html.split('id="days-h"')[0]
    due = [d["due"] for d in trip.itinerary["deadlines"]]
    assert due, "the seed trip has deadlines (Baikonur permit, Star City)"
    found = re.findall(r'<li class="deadline[^"]*">\s*<span class="what">([^<]+)', top)
    assert len(found) == len(due)
    assert [m for m in found] == [d["message"] for d in sorted(trip.itinerary["deadlines"],
                                                                 key=lambda d: (d["due"], d["message"]))]
    assert "Baikonur" in " ".join(found)
    assert top.index('id="deadlines-h"') < top.index('id="map-h"')


def test_trip_page_names_the_zone_of_every_time(client: Any, trip: Any) -> None:
    html = page(client, f"/trips/{trip.token}")
    days = html.split('id="days-h"')[1]
    assert "Moscow time (UTC+3)" in days
    assert "Baikonur time (UTC+6)" in days  # 2017: Qyzylorda was UTC+6
    times = re.findall(r'<span class="time">([^<]*)', days)
    assert times and all(re.match(r"(Lift-off )?\d\d:\d\d", t) for t in times if t), times
    if any(i["type"] == "launch" for d in trip.itinerary["days"] for i in d["items"]):
        assert "Lift-off 21:41" in days


def test_trip_page_has_map_calendar_subscribe_and_share(client: Any, trip: Any) -> None:
    html = page(client, f"/trips/{trip.token}")
    assert "L.map(" in html and "<iframe" not in html
    assert f'href="/trips/{trip.share_token}.ics"' in html  # downloads carry the view-only link
    assert f"webcal://tourplanner.test/trips/{trip.feed_token}/feed.ics" in html
    assert f"http://tourplanner.test/trips/{trip.feed_token}/feed.ics" in html
    assert f'value="http://tourplanner.test/trips/{trip.share_token}"' in html  # the share link, visible
    assert f'value="http://tourplanner.test/trips/{trip.token}"' in html  # and the edit link, said as such
    assert "data-copy" in html
    assert 'name="csrf_token"' in html  # the re-plan form


def test_trip_page_explains_what_is_not_in_the_plan(client: Any, app: Any) -> None:
    from tourplanner import services

    late = dict(SEED_TRIP, booking_date="2017-07-01")  # 55 days ahead is long gone
    view = services.create_trip(app.extensions["tourplanner"].engine, late, date(2017, 7, 1))
    assert view.itinerary["unscheduled"]
    html = page(app.test_client(), f"/trips/{view.token}")
    section = html.split('id="unscheduled-h"')[1].split("</section>")[0]
    assert "What would fix it" in section
    for u in view.itinerary["unscheduled"]:
        for reason in u["reasons"]:
            assert reason["message"].replace("'", "&#39;").replace('"', "&#34;") in section


def test_unknown_trip_is_a_404(client: Any) -> None:
    assert client.get("/trips/not-a-token").status_code == 404
    assert client.get("/trips/not-a-token.ics").status_code == 404
    assert client.get("/trips/not-a-token/feed.ics").status_code == 404
    assert client.get("/trips/not-a-token/map").status_code == 404


def test_trip_map_page_draws_one_marker_per_stop(client: Any, trip: Any) -> None:
    html = page(client, f"/trips/{trip.token}/map")
    stops = [i for d in trip.itinerary["days"] for i in d["items"] if i["type"] in ("visit", "launch", "rollout")]
    assert stops
    assert html.count("L.marker(") - html.count('"tp-base-icon"') == len(stops)  # hotels have their own
    assert "<iframe" not in html and re.search(r"/static/[0-9a-f]{12}/vendor/leaflet/leaflet\.js", html)


def _events(body: bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(body)
    return [c for c in calendar.walk("VEVENT")]


def test_ics_download(client: Any, trip: Any) -> None:
    response = client.get(f"/trips/{trip.token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.match(r'attachment; filename="tourplanner-trip-2017-07-21\.ics"',
                    response.headers["Content-Disposition"])
    events = _events(response.data)
    assert events
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert "DEADLINE" in summaries


def test_feed_is_the_same_calendar_never_gzipped(client: Any, trip: Any) -> None:
    download = client.get(f"/trips/{trip.token}.ics")
    feed = client.get(f"/trips/{trip.token}/feed.ics", headers={"Accept-Encoding": "gzip"})
    assert feed.status_code == 200
    assert feed.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Encoding" not in feed.headers and "no-transform" in feed.headers["Cache-Control"]
    assert "attachment" not in feed.headers.get("Content-Disposition", "")
    assert {str(e["UID"]) for e in _events(feed.data)} == {str(e["UID"]) for e in _events(download.data)}
    again = client.get(f"/trips/{trip.token}/feed.ics", headers={"If-None-Match": feed.headers["ETag"]})
    assert again.status_code == 304


def test_feed_links_use_the_public_url(database_url: str, app: Any) -> None:
    from tourplanner import create_app, services

    public = create_app({"database_url": database_url, "testing": True, "tiles": None,
                         "public_url": "https://trips.example.com"})
    view = services.create_trip(public.extensions["tourplanner"].engine, SEED_TRIP, date(2017, 4, 1))
    body = public.test_client().get(f"/trips/{view.feed_token}/feed.ics").data.decode()
    unfolded = body.replace("\r\n ", "")
    assert f"https://trips.example.com/trips/{view.share_token}" in unfolded  # the view-only link
    assert view.token not in unfolded  # never the key that changes the trip
    html = public.test_client().get(f"/trips/{view.token}").get_data(as_text=True)
    assert f"webcal://trips.example.com/trips/{view.feed_token}/feed.ics" in html
    public.extensions["tourplanner"].engine.dispose()


def test_launches_feed_lists_upcoming_launches_with_rollouts(client: Any, app: Any) -> None:
    from tourplanner import services

    response = client.get("/launches.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    summaries = [str(e["SUMMARY"]) for e in _events(response.data)]
    assert any("Soyuz MS-30" in s for s in summaries)
    assert not any("Soyuz MS-05" in s for s in summaries)
    # Once the date is known to the minute, the roll-out is in the feed too.
    services.move_launch(app.extensions["tourplanner"].engine, "soyuz-ms-30",
                         net=datetime(2027, 3, 14, 9, 30, tzinfo=UTC), status="Go", precision="minute",
                         actor="test")
    summaries = [str(e["SUMMARY"]) for e in _events(client.get("/launches.ics").data)]
    assert any("Soyuz MS-30" in s and "oll-out" in s for s in summaries), summaries


def test_print_stylesheet_hides_the_map_and_buttons(client: Any) -> None:
    css = client.get("/static/css/app.css").get_data(as_text=True)
    printed = css.split("@media print", 1)[1]
    for selector in (".map-box", "button", ".button", "nav", "#replan"):
        assert selector in printed
    assert client.get("/static/favicon.svg").status_code == 200
    assert client.get("/static/js/app.js").status_code == 200


def test_items_after_midnight_name_their_date(client: Any) -> None:
    """A night launch listed under the evening before says which day it really is."""
    request = {"start_date": "2026-04-20", "end_date": "2026-04-28", "launch": "progress-ms-34",
               "sites": ["museum-of-cosmonautics", "baikonur-site-31"],
               "traveller": {"nationality": "RU", "age": 30}, "booking_date": "2026-01-10"}
    trip = client.post("/api/trips", json=request).get_json()
    launch = next(i for d in trip["itinerary"]["days"] for i in d["items"] if i["type"] == "launch")
    assert launch["start"] == "2026-04-26T03:22:00+05:00"
    page = client.get(f"/trips/{trip['token']}").get_data(as_text=True)
    assert "Lift-off 03:22, Sun 26 Apr" in page
