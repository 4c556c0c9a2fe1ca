"""Seasonal hours and documents required in the operator's browser forms (no JavaScript needed): the
form reads back what it shows, a bad line names its field and keeps the input, the preview shows the
hours in words and lists the trip a summer season takes Star City away from, apply, the site page says
it, undo brings the hours back; a rule's documents reach the site page."""
from __future__ import annotations

import re
from typing import Any

from test_operator import PASSWORD, apply_preview, csrf, sign_in
from test_operator_api import STAR_CITY_TRIP, star_city_days

from tourplanner import services
from tourplanner.background.jobs import drain
from tourplanner.services.site_edits import site_record
from tourplanner.store.seed import default_seed_path, parse_seed
from tourplanner.store.seed_json import site_json
from tourplanner.web.operator.season_form import parse_seasons, seasons_text
from tourplanner.web.operator.site_form import form_from_record, record_from_form

SEASON = "summer 05-01..09-30: sat 10:00-17:00 last 16:00"


def test_seasons_read_back_through_the_form_and_a_bad_line_names_the_field() -> None:
    catalogue = parse_seed(default_seed_path())
    regions = {r.id: r.timezone for r in catalogue.regions}
    record = site_json(catalogue.site("museum-of-cosmonautics"))
    record["hours"]["seasons"] = [
        {"name": "winter", "start": "10-01", "end": "04-30",
         "weekly": {d: [{"open": "10:00", "close": "16:00"}] for d in ("wed", "thu", "fri", "sat", "sun")}},
        {"start": "06-01", "end": "08-31", "weekly": {"mon": [{"open": "09:00", "close": "12:00"},
                                                              {"open": "13:00", "close": "21:00"}]}}]
    form = form_from_record(record)
    assert form["seasons"] == ("winter 10-01..04-30: wed-sun 10:00-16:00\n"
                               "06-01..08-31: mon 09:00-12:00, 13:00-21:00")
    again, errors = record_from_form(form, record, regions)
    assert errors == {} and again == record
    errors = {}
    assert parse_seasons("summer 05-01..09-30: mon-fri ten till six", errors) == []
    assert "could not read 'summer 05-01..09-30: mon-fri ten till six'" in errors["seasons"]
    assert parse_seasons("05-01..09-30: sat,sun 10:00-17:00; tue 9:00-12:00", {}) == [
        {"start": "05-01", "end": "09-30", "weekly": {"tue": [{"open": "09:00", "close": "12:00"}],
                                                      "sat": [{"open": "10:00", "close": "17:00"}],
                                                      "sun": [{"open": "10:00", "close": "17:00"}]}}]
    assert seasons_text([]) == ""


def _site_form(client: Any, site_id: str, **changes: str) -> dict[str, str]:
    page = client.get(f"/operator/sites/{site_id}").get_data(as_text=True)
    record = site_record(services.load_catalogue(client.application.extensions["tourplanner"].engine), site_id)
    return {**form_from_record(record), "csrf_token": csrf(page), **changes}


def test_a_summer_season_in_the_browser_previews_in_words_applies_and_undoes(client: Any, app: Any) -> None:
    services.create_operator(app.extensions["tourplanner"].engine, "seasons@example.com", PASSWORD)
    trip = client.post("/api/trips", json=STAR_CITY_TRIP).get_json()
    assert star_city_days(trip)  # a weekday in May 2027
    hours_before = client.get("/api/sites/star-city").get_json()["hours"]
    sign_in(client, "seasons@example.com")

    bad = client.post("/operator/sites/star-city", data=_site_form(client, "star-city", seasons="summer: weekends"))
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="seasons-error"' in body and "summer: weekends" in body

    overlapping = client.post("/operator/sites/star-city", data=_site_form(
        client, "star-city", seasons=f"{SEASON}\nlate 09-01..10-31: sun 10:00-12:00"))
    assert overlapping.status_code == 422 and "overlaps the season" in overlapping.get_data(as_text=True)

    preview = client.post("/operator/sites/star-city", data=_site_form(
        client, "star-city", seasons=SEASON, note="Summer: Saturdays only"))
    text = preview.get_data(as_text=True)
    assert '<span id="affected-count">1</span>' in text, text[:3000]
    diff = re.search(r'<table id="change-diff">.*?</table>', text, re.DOTALL)
    assert diff is not None and '{"weekly"' not in diff.group(0)  # words, not raw JSON
    assert "In summer (1 May – 30 Sep): Mon–Fri: closed; Sat: 10:00–17:00 (last entry 16:00); Sun: closed." in text
    assert apply_preview(client, preview).status_code == 303

    assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}
    replanned = client.get(f"/api/trips/{trip['token']}").get_json()
    assert star_city_days(replanned) == []
    [missed] = [u for u in replanned["itinerary"]["unscheduled"] if u["site"] == "star-city"]
    assert "in summer (1 May – 30 Sep)" in missed["reasons"][0]["message"]
    site_page = client.get("/sites/star-city").get_data(as_text=True)
    assert "In summer (1 May – 30 Sep): Mon–Fri: closed; Sat: 10:00–17:00 (last entry 16:00); Sun: closed." in site_page
    assert client.get("/api/sites/star-city").get_json()["hours"]["seasons"][0]["start"] == "05-01"

    history = client.get("/operator/history/site:star-city").get_data(as_text=True)
    assert "Summer: Saturdays only" in history and "In summer (1 May – 30 Sep)" in history
    change_id = re.search(r"/operator/changes/(\d+)/undo", history)
    assert change_id
    client.post(f"/operator/changes/{change_id.group(1)}/undo", data={"csrf_token": csrf(history)})
    assert client.get("/api/sites/star-city").get_json()["hours"] == hours_before


def test_a_rules_documents_are_edited_in_the_browser_and_shown_to_travellers(client: Any, app: Any) -> None:
    services.create_operator(app.extensions["tourplanner"].engine, "docs@example.com", PASSWORD)
    sign_in(client, "docs@example.com")
    page = client.get("/operator/rules/star-city-pre-registration").get_data(as_text=True)
    assert 'name="documents"' in page
    preview = client.post("/operator/rules/star-city-pre-registration", data={
        "csrf_token": csrf(page), "title": "Star City pre-registration", "kind": "pre_registration",
        "scope": "site:star-city", "lead_days": "RU: 5\n*: 30", "passport_required": "1",
        "documents": "passport\n<b>permit letter</b>\n"})
    assert apply_preview(client, preview).status_code == 303
    site_page = client.get("/sites/star-city").get_data(as_text=True)
    assert "Documents required: passport, &lt;b&gt;permit letter&lt;/b&gt;." in site_page  # escaped
    again = client.get("/operator/rules/star-city-pre-registration").get_data(as_text=True)
    assert "passport\n&lt;b&gt;permit letter&lt;/b&gt;</textarea>" in again


def test_seasons_through_the_json_api_replan_show_in_history_and_undo(client: Any, app: Any) -> None:
    from test_operator_api import _token

    headers = {"Authorization": f"Bearer {_token(app, 'api-seasons@example.com', 'editor')}"}
    trip = client.post("/api/trips", json=STAR_CITY_TRIP).get_json()
    got = client.get("/api/operator/sites/star-city", headers=headers)
    hours_before = got.get_json()["hours"]
    assert hours_before["seasons"] == []
    summer = {"name": "summer", "start": "05-01", "end": "09-30",
              "weekly": {"sat": [{"start": "10:00", "end": "17:00", "last_admission": "16:00"}]}}
    assert client.patch("/api/operator/sites/star-city", json={"hours": {"seasons": [summer]}}).status_code == 401
    changed = client.patch("/api/operator/sites/star-city", headers={**headers, "If-Match": got.headers["ETag"]},
                           json={"hours": {"seasons": [summer]}, "note": "Summer: Saturdays only"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["affected_trips"] == 1
    season = changed.get_json()["hours"]["seasons"][0]
    assert (season["name"], season["start"], season["end"]) == ("summer", "05-01", "09-30")
    assert season["weekly"]["sat"] == [{"start": "10:00", "end": "17:00", "last_admission": "16:00"}]
    assert any("In summer (1 May – 30 Sep)" in line for line in changed.get_json()["hours"]["text"])
    # What GET answers can be sent back as it is (derived fields and empty days are ignored).
    same = client.patch("/api/operator/sites/star-city", headers={**headers, "If-Match": changed.headers["ETag"]},
                        json={"hours": changed.get_json()["hours"]})
    assert same.status_code == 200 and same.get_json()["affected_trips"] == 0, same.get_json()
    stale = client.patch("/api/operator/sites/star-city", headers={**headers, "If-Match": got.headers["ETag"]},
                         json={"hours": {"seasons": []}})
    assert stale.status_code == 412
    overlapping = client.patch("/api/operator/sites/star-city", headers=headers,
                               json={"hours": {"seasons": [summer, {**summer, "name": "late", "start": "09-01",
                                                                    "end": "10-31"}]}})
    assert overlapping.status_code == 422
    assert {e["field"] for e in overlapping.get_json()["errors"]} == {"hours.seasons[1].start"}

    assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}
    assert star_city_days(client.get(f"/api/trips/{trip['token']}").get_json()) == []
    [entry] = client.get("/api/operator/history?record=site:star-city", headers=headers).get_json()
    assert "seasons" not in entry["before"]["hours"] and entry["after"]["hours"]["seasons"][0]["start"] == "05-01"
    undone = client.post(f"/api/operator/changes/{entry['id']}/undo", headers=headers, json={"note": "Back"})
    assert undone.status_code == 200 and undone.get_json()["hours"] == hours_before
