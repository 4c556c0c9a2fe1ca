"""The OpenAPI document: valid 3.1, built from the models that validate requests, covering every /api URL."""
from __future__ import annotations

from typing import Any

import pytest

GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-05", "sites": ["museum-of-cosmonautics"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}
UNDOCUMENTED = {"openapi.openapi_json", "openapi.docs"}  # the document and its page describe the rest


def test_document_is_valid_openapi_31(client: Any) -> None:
    from openapi_spec_validator import validate

    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_api_url_is_documented(app: Any, client: Any) -> None:
    from tourplanner.web.openapi import operation_id

    document = client.get("/api/openapi.json").get_json()
    documented = {(op["operationId"], method) for path in document["paths"].values() for method, op in path.items()}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint in UNDOCUMENTED:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (operation_id(rule.endpoint), method.lower()) in documented, (rule.rule, method)


def test_request_schema_is_the_validating_model(client: Any) -> None:
    """The caps in the document are the ones enforced: one over the documented maxItems is refused."""
    document = client.get("/api/openapi.json").get_json()
    schema = document["components"]["schemas"]["PlanRequest"]
    cap = schema["properties"]["companions"]["anyOf"][0]["maxItems"]
    body = {**GOOD, "companions": [{"nationality": "FR", "age": 30}] * (cap + 1)}
    assert client.post("/api/plan", json=body).status_code == 422
    assert "traveller" in schema["required"] and "start_date" in schema["required"]


@pytest.mark.parametrize(("body", "field"), [
    ({**GOOD, "traveller": {"nationality": "FR", "age": True}}, "traveller.age"),
    ({**GOOD, "slip_buffer_days": "1"}, "slip_buffer_days"),
    ({**GOOD, "lang": "fr"}, "lang"),
    ({**GOOD, "notify_email": 42}, "notify_email"),
])
def test_model_and_planner_errors_come_together(client: Any, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/trips", json={**body, "sites": ["atlantis"]})
    assert response.status_code == 422
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {field, "sites[0]"} <= fields, fields


def test_docs_page_is_served_here(client: Any) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "POST /api/trips" in text and "PlanRequest" in text
    assert "https://" not in text.split("<main", 1)[1].split("</main>", 1)[0]  # nothing from a CDN
