"""Visitor (access) rules through the operator JSON API: GET with an ETag, PATCH answering the trips it
touches, 412 on a stale If-Match, 401 without a token, 403 for an editor adding a rule, documents
required shown to travellers, history and undo of a rule change."""
from __future__ import annotations

from typing import Any

from test_operator_api import STAR_CITY_TRIP, admin_token, editor_token, star_city_days  # noqa: F401

from tourplanner.background.jobs import drain

RULE = "/api/operator/rules/star-city-pre-registration"


def test_a_stricter_star_city_rule_through_the_api_replans_and_names_its_documents(
        client: Any, app: Any, editor_token: dict[str, str]) -> None:  # noqa: F811
    trip = client.post("/api/trips", json=STAR_CITY_TRIP).get_json()
    assert star_city_days(trip)
    listed = client.get("/api/operator/rules", headers=editor_token)
    assert listed.status_code == 200 and any(r["id"] == "star-city-pre-registration" for r in listed.get_json())

    got = client.get(RULE, headers=editor_token)
    assert got.status_code == 200 and got.headers["ETag"] and got.get_json()["lead_days"] == {"RU": 5, "*": 30}
    changed = client.patch(RULE, headers={**editor_token, "If-Match": got.headers["ETag"]},
                           json={"lead_days": {"RU": 200, "*": 200}, "documents": ["passport", "permit letter"],
                                 "note": "Star City now vets papers 200 days ahead"})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["affected_trips"] == 1 and body["documents"] == ["passport", "permit letter"]
    assert changed.headers["ETag"] != got.headers["ETag"]

    stale = client.patch(RULE, headers={**editor_token, "If-Match": got.headers["ETag"]}, json={"min_age": 18})
    assert stale.status_code == 412
    assert client.get(RULE, headers=editor_token).get_json()["min_age"] is None  # nothing half-saved

    assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}
    replanned = client.get(f"/api/trips/{trip['token']}").get_json()
    assert star_city_days(replanned) == []
    assert [r["code"] for u in replanned["itinerary"]["unscheduled"] if u["site"] == "star-city"
            for r in u["reasons"]] == ["permit_lead_time"]
    page = client.get(f"/trips/{trip['token']}").get_data(as_text=True)
    assert "Star City now vets papers 200 days ahead" in page and "editor@example.com" not in page
    site_page = client.get("/sites/star-city").get_data(as_text=True)
    assert "Documents required: passport, permit letter." in site_page
    assert client.get("/api/sites/star-city").get_json()["access"][0]["documents"] == ["passport", "permit letter"]

    history = client.get("/api/operator/history?record=rule:star-city-pre-registration", headers=editor_token)
    [entry] = history.get_json()
    assert entry["by"] == "editor@example.com" and entry["after"]["documents"] == ["passport", "permit letter"]
    undone = client.post(f"/api/operator/changes/{entry['id']}/undo", headers=editor_token, json={})
    assert undone.status_code == 200, undone.get_json()
    assert undone.get_json()["lead_days"] == {"RU": 5, "*": 30} and undone.get_json()["documents"] == []


def test_rules_need_a_token_and_only_admins_add_them(client: Any, editor_token: dict[str, str],  # noqa: F811
                                                     admin_token: dict[str, str]) -> None:  # noqa: F811
    assert client.get("/api/operator/rules").status_code == 401
    no_token = client.patch(RULE, json={"min_age": 18})
    assert no_token.status_code == 401 and no_token.headers["WWW-Authenticate"].startswith("Bearer")
    new_rule = {"id": "vdnkh-photo-rule", "kind": "info", "title": "VDNKh: no drones", "site": "vdnkh",
                "photography": "restricted", "documents": ["ID card"]}
    assert client.post("/api/operator/rules", headers=editor_token, json=new_rule).status_code == 403
    created = client.post("/api/operator/rules", headers=admin_token, json=new_rule)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["documents"] == ["ID card"] and created.headers["ETag"]

    bad = client.patch("/api/operator/rules/vdnkh-photo-rule", headers=admin_token,
                       json={"region": "baikonur", "documents": ["passport", "Passport"], "colour": "red"})
    assert bad.status_code == 422 and {e["field"] for e in bad.get_json()["errors"]} == {"colour"}
    bad = client.patch("/api/operator/rules/vdnkh-photo-rule", headers=admin_token,
                       json={"region": "baikonur", "documents": ["passport", "Passport"]})
    fields = {e["field"] for e in bad.get_json()["errors"]}
    assert bad.status_code == 422 and "documents[1]" in fields, bad.get_json()
    assert client.get("/api/operator/rules/no-such-rule", headers=admin_token).status_code == 404
