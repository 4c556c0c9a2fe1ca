"""Visitor rules in the browser's forms: field errors keep the input, the preview lists the trips a
stricter Star City rule touches, apply records it, undo restores it."""
from __future__ import annotations

import re
from typing import Any

import pytest
from test_operator import PASSWORD, apply_preview, csrf, sign_in
from test_operator_api import STAR_CITY_TRIP

from tourplanner import services


@pytest.fixture
def editor(app: Any) -> str:
    services.create_operator(app.extensions["tourplanner"].engine, "rules@example.com", PASSWORD)
    return "rules@example.com"


def test_a_stricter_star_city_rule_previews_its_trips_and_undo_restores_it(client: Any, editor: str) -> None:
    client.post("/api/trips", json=STAR_CITY_TRIP)
    sign_in(client, editor)
    rules = client.get("/operator/rules").get_data(as_text=True)
    rule_id = re.search(r'/operator/rules/([\w-]+)">Edit<span class="skip"> [^<]*Star City', rules)
    assert rule_id, rules[:3000]
    page = client.get(f"/operator/rules/{rule_id.group(1)}").get_data(as_text=True)
    bad = client.post(f"/operator/rules/{rule_id.group(1)}", data={
        "csrf_token": csrf(page), "title": "Star City pre-registration", "kind": "pre_registration",
        "scope": "site:star-city", "lead_days": "RU: soon", "min_age": "twelve"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="lead_days-error"' in body and 'id="min_age-error"' in body
    assert "RU: soon" in body and 'value="twelve"' in body

    preview = client.post(f"/operator/rules/{rule_id.group(1)}", data={
        "csrf_token": csrf(page), "title": "Star City pre-registration", "kind": "pre_registration",
        "scope": "site:star-city", "lead_days": "RU: 60\n*: 90", "passport_required": "1", "min_age": "18",
        "note": "Star City now asks for papers 60 days ahead"})
    text = preview.get_data(as_text=True)
    assert '<span id="affected-count">1</span>' in text, text[:3000]
    assert apply_preview(client, preview).status_code == 303
    history = client.get(f"/operator/history/rule:{rule_id.group(1)}").get_data(as_text=True)
    assert "visitor rule changed" in history and "Star City now asks for papers 60 days ahead" in history
    change_id = re.search(r"/operator/changes/(\d+)/undo", history)
    assert change_id
    before = client.get("/api/sites/star-city").get_json()["access"]
    client.post(f"/operator/changes/{change_id.group(1)}/undo", data={"csrf_token": csrf(history)})
    after = client.get("/api/sites/star-city").get_json()["access"]
    assert before != after and all(r.get("min_age") != 18 for r in after)
