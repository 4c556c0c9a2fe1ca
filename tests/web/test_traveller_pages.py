"""The traveller's pages in a traveller's words (issue 16): no developer words or editors' marks, every
change the app makes to the input said on the page, /sites and /launches in the menu, the builder
listing upcoming launches and reached from a site with that site ticked."""
from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FORM: list[tuple[str, str]] = [
    ("start_date", "2027-06-10"), ("end_date", "2027-06-12"),
    ("sites", "museum-of-cosmonautics"), ("sites", "vdnkh"),
    ("nationality", "FR"), ("age", "30"), ("party_size", "1"),
    ("day_start", "09:00"), ("day_end", "19:00"), ("booking_date", "2027-05-01"),
]


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from tourplanner.web import exports_views, pages, trips

    for module in (pages, trips, exports_views):
        monkeypatch.setattr(module, "utcnow", lambda: NOW)


def post(client: Any, fields: list[tuple[str, str]], url: str = "/plan") -> Any:
    page = client.get("/plan").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    return client.post(url, data=MultiDict([*fields, ("csrf_token", token.group(1))]))


def text(response: Any) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def with_(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    return [(k, values.get(k, v)) for k, v in fields]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"end_date": "2027-06-01"}, "end_date",
     "\u201cLast day\u201d (1 June 2027) is before \u201cFirst day\u201d (10 June 2027)"),
    ({"day_start": "18:00", "day_end": "08:00"}, "day_end",
     "\u201cDay ends\u201d (08:00) must be later than \u201cDay starts\u201d (18:00)"),
    ({"nationality": "XX"}, "nationality", "Choose your nationality from the list."),
    ({"party_size": "0"}, "party_size", "\u201cPeople in all\u201d: at least 1 (you)"),
    ({"booking_date": "2020-01-01"}, "booking_date",
     "\u201cBooking from\u201d (1 January 2020) is more than three years before the first day"),
    ({"booking_date": "1800-01-01"}, "booking_date",
     "\u201cBooking from\u201d: a date from 4 October 1957 to 31 December 2100."),
])
def test_messages_name_the_field_as_the_form_labels_it(client: Any, change: dict[str, str], field: str,
                                                     words: str) -> None:
    response = post(client, with_(FORM, **change))
    assert response.status_code == 422
    errors = " ".join(htmllib.unescape(m) for m in re.findall(
        r'<p class="field-error" id="error-([^"]+)"', response.get_data(as_text=True)))
    messages = htmllib.unescape(" ".join(re.findall(r'class="field-error"[^>]*>(.*?)</p>',
                                                    response.get_data(as_text=True), re.DOTALL)))
    assert words in messages and field in errors
    for developer in ("start_date", "end_date", "day_start", "ISO 3166", "alpha-2", "party_size", "booking_date"):
        assert developer not in messages, developer


def test_the_api_still_refuses_an_absurd_booking_date(client: Any) -> None:
    body = {"start_date": "2027-06-10", "end_date": "2027-06-12", "sites": ["vdnkh"],
            "traveller": {"nationality": "FR"}, "booking_date": "2020-01-01"}
    response = client.post("/api/plan", json=body)
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["booking_date"]


def test_a_party_smaller_than_its_companions_is_planned_for_everyone_and_said(client: Any) -> None:
    fields = [*FORM, ("companion_nationality", "DE"), ("companion_age", "40"),
              ("companion_nationality", "RU"), ("companion_age", "12")]
    response = post(client, fields)
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "For 3 people" in page
    assert ("Planned for 3 people: you and 2 companions, although \u201cPeople in all\u201d said 1."
            in page)
    assert "Planned for 3 people" not in text(client.get(response.headers["Location"]))  # said once


def test_a_past_trip_or_launch_is_said_so(client: Any) -> None:
    response = post(client, with_(FORM, start_date="2020-06-10", end_date="2020-06-12",
                                  booking_date="2020-05-01"))
    assert response.status_code == 303
    assert "These dates are in the past (the trip ends on 12 June 2020)" in text(
        client.get(response.headers["Location"]))
    fields = [*with_(FORM, start_date="2017-07-21", end_date="2017-07-29", booking_date="2017-04-01"),
              ("launch", "soyuz-ms-05")]
    response = post(client, fields)
    assert "Soyuz MS-05 has already happened: it lifted off on 28 July 2017" in text(
        client.get(response.headers["Location"]))


def test_the_builder_lists_upcoming_launches_and_flown_ones_on_request(client: Any) -> None:
    page = client.get("/plan").get_data(as_text=True)
    assert 'value="soyuz-ms-05"' not in page and "Show launches that already flew" in page
    past = client.get("/plan?past=1").get_data(as_text=True)
    assert re.search(r'value="soyuz-ms-05" [^>]*data-flown="28 July 2017"', past)


def test_plan_a_trip_from_a_site_page_ticks_that_site(client: Any) -> None:
    site = client.get("/sites/vdnkh").get_data(as_text=True)
    assert 'href="/plan?site=vdnkh"' in site
    page = client.get("/plan?site=vdnkh").get_data(as_text=True)
    assert 'id="site-vdnkh" name="sites" value="vdnkh" checked' in page
    assert len(re.findall(r'name="sites" value="[^"]+" checked', page)) == 1
    assert 'checked' not in client.get("/plan?site=no-such-site").get_data(as_text=True).split(
        'name="sites"')[1].split(">")[0]


def test_sites_and_launches_pages_are_in_the_menu(client: Any) -> None:
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/sites"' in home and '<a href="/launches"' in home
    sites = client.get("/sites")
    assert sites.status_code == 200
    body = text(sites)
    assert "Museum of Cosmonautics" in body and "Gagarin's Start" in body
    launches = client.get("/launches")
    assert launches.status_code == 200
    body = text(launches)
    assert "Soyuz MS-30" in body and "Date last changed" in body
    assert body.index("Upcoming") < body.index("Past launches") < body.index("Soyuz MS-05")
    assert 'aria-current="page">Launches<' in launches.get_data(as_text=True)


def test_launches_page_shows_each_launchs_slip_history_in_its_row(client: Any, app: Any) -> None:
    """Old date -> new date (the pad's time), when it moved and who said so, on the schedule itself."""
    from datetime import timedelta

    from tourplanner import services

    engine = app.extensions["tourplanner"].engine
    first = datetime(2027, 3, 1, 6, 0, tzinfo=UTC)
    for days, source in ((17, "operator"), (20, "ll2")):
        services.move_launch(engine, "soyuz-ms-30", net=first + timedelta(days=days), status="Go",
                             precision="minute", source=source)
    page = client.get("/launches").get_data(as_text=True)
    row = next(r for r in page.split("<tr>") if "Soyuz MS-30</a>" in r)
    moves = [htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li))).strip()
             for li in row.split('<ol class="slips')[1].split("</ol>")[0].split("<li>")[1:]]
    assert len(moves) == 2, moves
    # Baikonur is UTC+5: the seed's 1 March 00:00 UTC is 05:00 at the pad, 06:00 UTC is 11:00.
    assert moves[0].startswith("Moved from 1 March 2027 05:00 to 18 March 2027 11:00"), moves
    assert "source: tour operator" in moves[0]
    assert moves[1].startswith("Moved from 18 March 2027 11:00 to 21 March 2027 11:00"), moves
    assert "source: Launch Library 2" in moves[1]
    other = next(r for r in page.split("<tr>") if "Soyuz MS-05</a>" in r)
    assert 'class="slips' not in other  # a launch that never moved lists no moves


def test_no_editors_marks_and_named_must_see_boxes(client: Any) -> None:
    for url in ("/", "/sites", "/sites/baikonur-gagarins-start", "/sites/museum-of-cosmonautics", "/plan"):
        body = text(client.get(url))
        assert not re.search(r"\((?:L|M|H|confidence [LMH])\)", body), url
    gagarin = text(client.get("/sites/baikonur-gagarins-start"))
    assert "turned into a museum (unconfirmed)" in gagarin
    page = client.get("/plan").get_data(as_text=True)
    names = re.findall(r'name="must_see" value="[^"]+"[^>]*> must-see<span class="visually-hidden">: ([^<]+)<', page)
    assert len(names) == len(set(names)) > 10 and "VDNKh" in " ".join(names)


def test_plain_words_turns_marks_into_words() -> None:
    from tourplanner.planning.describe import plain_words

    assert plain_words("being turned into a museum (L).") == "being turned into a museum (unconfirmed)."
    assert plain_words("one hour before closing is assumed (M).") == "one hour before closing is assumed."
    assert plain_words("Soyuz (MS) and Site (H2)") == "Soyuz (MS) and Site (H2)"


def test_printing_the_trip_page_keeps_each_days_map_with_the_day_lists_numbers(client: Any) -> None:
    """The print view hides the interactive map; each day carries its own drawn map (print-only), whose
    numbered stops are exactly the numbers that day's list shows."""
    request = {"start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05",
               "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city",
                         "baikonur-gagarins-start"],
               "traveller": {"nationality": "FR", "age": 30, "party_size": 1}, "booking_date": "2017-04-01"}
    created = client.post("/api/trips", json=request)
    assert created.status_code == 201, created.get_json()
    page = client.get(created.get_json()["urls"]["page"]).get_data(as_text=True)
    days = page.split('<ol class="days plain">')[1].split("</ol>\n  </section>")[0].split('<li class="day card')[1:]
    assert len(days) == 9
    for number, day in enumerate(days, start=1):
        listed = re.findall(r'<span class="map-num"[^>]*><span class="visually-hidden">Map number </span>(\d+)<', day)
        figure = day.split('<figure class="print-only print-map-box">')[1].split("</figure>")[0]
        assert f'aria-label="Map of day {number}"' in figure
        drawn = re.findall(r'<circle [^>]*r="11"[^>]*/><text [^>]*>(\d+)</text>', figure)
        assert drawn == listed, (number, drawn, listed)
    assert sum(len(re.findall(r'r="11"', d)) for d in days) == 5  # the five sites, each once
    russian = client.get(created.get_json()["urls"]["page"] + "?lang=ru").get_data(as_text=True)
    assert 'aria-label="Карта дня 9"' in russian  # the drawn maps are named in the page's language
