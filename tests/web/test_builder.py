"""The trip builder and re-plan forms, as a browser without JavaScript sends them (CSRF on)."""
from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, datetime
from typing import Any

import pytest

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SEED_FORM: list[tuple[str, str]] = [
    ("launch", "soyuz-ms-05"), ("start_date", "2017-07-21"), ("end_date", "2017-07-29"),
    ("sites", "kremlin-wall-necropolis"), ("sites", "museum-of-cosmonautics"), ("sites", "vdnkh"),
    ("sites", "star-city"), ("sites", "baikonur-gagarins-start"), ("must_see", "star-city"),
    ("nationality", "FR"), ("age", "30"), ("party_size", "1"),
    ("companion_nationality", ""), ("companion_age", ""), ("companion_nationality", ""), ("companion_age", ""),
    ("day_start", "09:00"), ("day_end", "19:00"), ("booking_date", "2017-04-01"),
]


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from tourplanner.web import exports_views, pages, trips

    for module in (pages, trips, exports_views):
        monkeypatch.setattr(module, "utcnow", lambda: NOW)


def csrf_token(client: Any, url: str = "/plan") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True))
    assert match, "every form carries a CSRF token"
    return match.group(1)


def post(client: Any, url: str, fields: list[tuple[str, str]], token: str | None = None) -> Any:
    data = [*fields, ("csrf_token", token if token is not None else csrf_token(client))]
    return client.post(url, data=_multidict(data))


def _multidict(pairs: list[tuple[str, str]]) -> Any:
    from werkzeug.datastructures import MultiDict

    return MultiDict(pairs)


def replace(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(k, value if k == name else v) for k, v in fields]


def field_block(page: str, field_id: str) -> str:
    """The <div class="field"> holding the input with this id: where its label and errors are."""
    start = page.rindex('<div class="field', 0, page.index(f'id="{field_id}"'))
    depth, i = 0, start
    while True:
        opening, closing = page.find("<div", i), page.find("</div>", i)
        if opening != -1 and opening < closing:
            depth, i = depth + 1, opening + 4
        else:
            depth, i = depth - 1, closing + 6
            if depth == 0:
                return page[start:i]


# --- the empty form -------------------------------------------------------------------------------


def test_builder_offers_sites_by_region_launches_grouped_and_countries(client: Any) -> None:
    page = client.get("/plan").get_data(as_text=True)
    assert '<input type="hidden" name="csrf_token"' in page
    assert re.search(r'<fieldset class="region">\s*<legend>Moscow</legend>', page)
    assert re.search(r'<fieldset class="region">\s*<legend>Baikonur</legend>', page)
    # Upcoming launches only; those that already flew on request (to replay an old trip).
    assert '<optgroup label="Upcoming launches">' in page and "Already flown" not in page
    assert 'href="/plan?past=1">Show launches that already flew</a>' in page
    past = client.get("/plan?past=1").get_data(as_text=True)
    assert '<optgroup label="Already flown, 2017">' in past
    assert past.index("Upcoming launches") < past.index("Already flown, 2026")
    assert ">Soyuz MS-30 — TBD, no earlier than March 2027<" in page
    assert '<option value="FR">France (FR)</option>' in page
    assert 'id="booking_date" name="booking_date" value="2026-11-22"' in page  # today by default
    assert "Apply for the permit" in page  # rules shown with the sites
    for name in ("start_date", "end_date", "nationality", "age", "party_size", "day_start", "day_end"):
        assert f'<label for="{name}">' in page, name  # every field has a label
    assert 'name="companion_nationality"' in page and 'value="add_companion"' in page


def test_builder_around_a_launch_fills_dates_and_suggests_sites(client: Any) -> None:
    page = client.get("/plan?launch=soyuz-ms-05").get_data(as_text=True)
    assert 'name="start_date" value="2017-07-21"' in page and 'name="end_date" value="2017-07-29"' in page
    assert re.search(r'value="soyuz-ms-05"[^>]* selected', page)
    for site in ("museum-of-cosmonautics", "star-city", "baikonur-gagarins-start"):
        assert re.search(rf'id="site-{site}" name="sites" value="{site}" checked', page), site


# --- success and failure --------------------------------------------------------------------------


def test_a_valid_form_creates_the_trip_and_redirects_to_it(client: Any, app: Any) -> None:
    from tourplanner import services

    response = post(client, "/plan", SEED_FORM)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    token = re.fullmatch(r"(?:http://tourplanner\.test)?/trips/([\w-]+)", response.headers["Location"])
    assert token and len(token.group(1)) >= 20
    view = services.get_trip(app.extensions["tourplanner"].engine, token.group(1))
    assert view.request["traveller"]["nationality"] == "FR" and view.request["launch"] == "soyuz-ms-05"
    assert view.request["booking_date"] == "2017-04-01" and view.request["must_see"] == ["star-city"]
    assert view.request["companions"] == []  # blank companion rows are not people
    assert client.get(response.headers["Location"]).status_code == 200


def test_dates_left_empty_with_a_launch_plan_around_it(client: Any, app: Any) -> None:
    from tourplanner import services

    fields = replace(replace(SEED_FORM, "start_date", ""), "end_date", "")
    response = post(client, "/plan", fields)
    assert response.status_code == 303
    view = services.get_trip(app.extensions["tourplanner"].engine, response.headers["Location"].rsplit("/", 1)[1])
    assert (view.request["start_date"], view.request["end_date"]) == ("2017-07-21", "2017-07-29")


def test_errors_are_shown_next_to_their_fields_and_the_input_is_kept(client: Any) -> None:
    fields = replace(replace(SEED_FORM, "nationality", ""), "end_date", "2017-07-01")
    fields = replace(fields, "age", "thirty")
    response = post(client, "/plan", fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page
    nationality = field_block(page, "nationality")
    assert 'class="field-error"' in nationality and "Choose your nationality" in nationality
    assert 'aria-invalid="true"' in nationality
    end = field_block(page, "end_date")
    # In the form's words: fields named by their labels, dates written out (the API says "start_date").
    assert ("\u201cLast day\u201d (1 July 2017) is before \u201cFirst day\u201d (21 July 2017)"
            in htmllib.unescape(end)) and 'value="2017-07-01"' in end
    assert "start_date" not in htmllib.unescape(end)
    age = field_block(page, "age")
    assert "whole number" in age and 'value="thirty"' in age
    assert 'class="field-error"' not in field_block(page, "start_date")
    # Everything else comes back as sent.
    assert 'name="start_date" value="2017-07-21"' in page
    assert re.search(r'value="soyuz-ms-05"[^>]* selected', page)
    assert 'id="site-star-city" name="sites" value="star-city" checked' in page
    assert re.search(r'name="must_see" value="star-city" checked', page)
    assert 'id="booking_date" name="booking_date" value="2017-04-01"' in page


def test_a_companion_error_lands_on_its_row(client: Any) -> None:
    fields = [(k, v) for k, v in SEED_FORM if not k.startswith("companion_")]
    fields += [("companion_nationality", "RU"), ("companion_age", "12"),
               ("companion_nationality", ""), ("companion_age", ""),  # blank: not a person, dropped
               ("companion_nationality", "ZZ"), ("companion_age", "40")]
    response = post(client, "/plan", fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    first, second = page.split('id="companion_nationality-1"')
    assert "choose a nationality" not in htmllib.unescape(first.split('id="companion_nationality-0"')[1])
    row = second.split("data-companion>")[0]
    assert "Companion 2: choose a nationality from the list." in htmllib.unescape(row)
    assert "ISO 3166-1" not in htmllib.unescape(row)
    assert '<option value="ZZ" selected>ZZ</option>' in row and 'value="40"' in row


def test_no_site_and_no_launch_asks_for_a_site(client: Any) -> None:
    fields = [(k, v) for k, v in SEED_FORM if k not in ("sites", "must_see", "launch")]
    page = post(client, "/plan", fields).get_data(as_text=True)
    assert "Tick at least one site" in page


def test_a_must_see_counts_as_a_site_even_unticked(client: Any, app: Any) -> None:
    from tourplanner import services

    fields = [(k, v) for k, v in SEED_FORM if (k, v) != ("sites", "star-city")]
    response = post(client, "/plan", fields)
    assert response.status_code == 303
    view = services.get_trip(app.extensions["tourplanner"].engine, response.headers["Location"].rsplit("/", 1)[1])
    assert "star-city" in view.request["sites"]


def test_add_companion_without_javascript_shows_another_row(client: Any) -> None:
    fields = [*SEED_FORM, ("action", "add_companion")]
    fields = [(k, v) for k, v in fields if not k.startswith("companion_")]
    fields += [("companion_nationality", "RU"), ("companion_age", "12")]
    response = post(client, "/plan", fields)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('name="companion_nationality"') == 2  # the one filled in + a blank one
    blank = post(client, "/plan", [*SEED_FORM, ("action", "add_companion")]).get_data(as_text=True)
    assert blank.count('name="companion_nationality"') == 3  # two blank rows were shown: now three
    assert re.search(r'id="companion_nationality-0".*?<option value="RU" selected>', page, re.DOTALL)
    assert 'class="field-error"' not in page


def test_typed_text_is_escaped_when_the_form_comes_back(client: Any) -> None:
    response = post(client, "/plan", replace(SEED_FORM, "age", '"><script>alert(1)</script>'))
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


# --- CSRF -----------------------------------------------------------------------------------------


def test_csrf_is_on_in_the_test_app_and_refuses_a_post_without_token(client: Any, app: Any) -> None:
    assert app.config.get("WTF_CSRF_ENABLED", True) is True and app.testing
    response = client.post("/plan", data=_multidict(SEED_FORM))
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert post(client, "/plan", SEED_FORM, token="forged").status_code == 400


def test_replan_without_token_is_refused(client: Any) -> None:
    location = post(client, "/plan", SEED_FORM).headers["Location"]
    token = location.rsplit("/", 1)[1]
    assert client.post(f"/trips/{token}/replan", data=_multidict(SEED_FORM)).status_code == 400


# --- re-plan --------------------------------------------------------------------------------------


def test_replan_makes_a_new_version_at_the_same_link(client: Any) -> None:
    location = post(client, "/plan", SEED_FORM).headers["Location"]
    token = location.rsplit("/", 1)[1]
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    assert "Version 1" in page
    # The re-plan form starts from the trip as it is.
    assert 'name="start_date" value="2017-07-21"' in page and re.search(r'<option value="FR" selected>', page)
    fields = [*replace(SEED_FORM, "end_date", "2017-07-30"), ("sites", "baikonur-museum")]
    response = post(client, f"/trips/{token}/replan", fields, token=csrf_token(client, f"/trips/{token}"))
    assert response.status_code == 303
    assert re.fullmatch(rf"(?:http://tourplanner\.test)?/trips/{token}(#top)?", response.headers["Location"])
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    assert "Version 2, re-planned on 22 November 2026" in page or "Version 2, re-planned on" in page
    assert "30 July 2017" in page
    from dataclasses import fields as dataclass_fields

    from tourplanner.services import TripView

    if "reason" in {f.name for f in dataclass_fields(TripView)}:  # services keeps each version's reason
        assert re.search(r"Version 2, re-planned on [^<]* because dates now 21–30 July 2017; added ", page)
    ics = client.get(f"/trips/{token}.ics").data.decode()
    assert "version 2" in ics.replace("\r\n ", "")  # the calendar follows the newest version


def test_replan_reason_in_the_travellers_words(client: Any, app: Any) -> None:
    from tourplanner.web import present

    catalogue_old = {"start_date": "2017-07-21", "end_date": "2017-07-29", "sites": ["star-city"]}
    catalogue_new = {"start_date": "2017-07-22", "end_date": "2017-07-30", "sites": ["star-city", "vdnkh"]}
    with app.app_context():
        from tourplanner import services

        catalogue = services.load_catalogue(app.extensions["tourplanner"].engine)
    words = present.change_reason(catalogue_old, catalogue_new, catalogue)
    assert "dates now 22–30 July 2017" in words and "added VDNKh" in words


def test_replan_errors_keep_the_form_open_with_messages(client: Any) -> None:
    location = post(client, "/plan", SEED_FORM).headers["Location"]
    token = location.rsplit("/", 1)[1]
    fields = replace(SEED_FORM, "end_date", "2017-07-01")
    response = post(client, f"/trips/{token}/replan", fields, token=csrf_token(client, f"/trips/{token}"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r"<details open data-replan>", page)
    assert "is before \u201cFirst day\u201d" in htmllib.unescape(field_block(page, "end_date"))
    assert "Version 1" in page  # nothing was saved


def test_today_default_booking_date(client: Any, app: Any) -> None:
    from tourplanner import services

    fields = [(k, v) for k, v in SEED_FORM if k != "booking_date"]
    fields = replace(replace(fields, "start_date", "2027-02-20"), "end_date", "2027-03-02")
    fields = replace(fields, "launch", "soyuz-ms-30")
    response = post(client, "/plan", fields)
    assert response.status_code == 303
    view = services.get_trip(app.extensions["tourplanner"].engine, response.headers["Location"].rsplit("/", 1)[1])
    assert view.request["booking_date"] == "2026-11-22"  # today (the pinned clock)


# --- spare days after the launch, in case it slips --------------------------------------------------


def test_spare_days_control_in_the_launch_section(client: Any) -> None:
    page = client.get("/plan").get_data(as_text=True)
    when = page.split('<fieldset class="step">')[1]  # step 1: the launch and the dates
    block = field_block(when, "slip_buffer_days")
    assert '<label for="slip_buffer_days">Keep spare days in Baikonur in case the launch slips</label>' in block
    assert re.findall(r'<option value="(\d)"', block) == ["0", "1", "2"]
    assert re.search(r'<option value="0" selected>', block)
    assert "<script" not in block  # a plain select: works without JavaScript


def test_spare_day_is_saved_shown_on_the_trip_and_prefilled_for_replanning(client: Any, app: Any) -> None:
    from tourplanner import services

    fields = [*replace(SEED_FORM, "end_date", "2017-07-30"), ("slip_buffer_days", "1")]
    response = post(client, "/plan", fields)
    assert response.status_code == 303
    token = response.headers["Location"].rsplit("/", 1)[1]
    view = services.get_trip(app.extensions["tourplanner"].engine, token)
    assert view.request["slip_buffer_days"] == 1
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    launch_line = page.split('<p class="launch-line">')[1].split("</p>")[0]
    assert "With 1 spare day after it in case it slips." in launch_line
    assert "Spare time" in page and "A spare day follows in case the launch slips." in page
    assert re.search(r'<option value="1" selected>1 spare day</option>', field_block(page, "slip_buffer_days"))
    # Back to none: the re-plan names the change.
    fields = replace(fields, "slip_buffer_days", "0")
    assert post(client, f"/trips/{token}/replan", fields,
                token=csrf_token(client, f"/trips/{token}")).status_code == 303
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    assert "spare days after the launch now 0" in page and "Spare time" not in page
    assert "in case it slips." not in page.split('<p class="launch-line">')[1].split("</p>")[0]


def test_a_spare_day_the_trip_has_no_room_for_is_said_on_the_trip(client: Any) -> None:
    response = post(client, "/plan", [*SEED_FORM, ("slip_buffer_days", "2")])  # ends the day after the launch
    assert response.status_code == 303
    page = htmllib.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "2 spare days asked for after it, none kept" in page
    assert "Ending the trip on 31 July 2017 would keep both." in page


def test_spare_days_count_when_the_dates_are_left_empty(client: Any, app: Any) -> None:
    from tourplanner import services

    fields = [*replace(replace(SEED_FORM, "start_date", ""), "end_date", ""), ("slip_buffer_days", "2")]
    response = post(client, "/plan", fields)
    assert response.status_code == 303
    view = services.get_trip(app.extensions["tourplanner"].engine, response.headers["Location"].rsplit("/", 1)[1])
    assert (view.request["start_date"], view.request["end_date"]) == ("2017-07-21", "2017-07-31")
    assert not view.itinerary["warnings"]


@pytest.mark.parametrize(("value", "words"), [("x", "whole number"), ("4", "from 0 to 3")])
def test_a_bad_spare_day_value_is_refused_next_to_the_control_and_kept(client: Any, value: str, words: str) -> None:
    response = post(client, "/plan", [*SEED_FORM, ("slip_buffer_days", value)])
    assert response.status_code == 422
    block = field_block(response.get_data(as_text=True), "slip_buffer_days")
    assert 'class="field-error"' in block and words in block and 'aria-invalid="true"' in block
    assert f'<option value="{value}" selected>' in block
