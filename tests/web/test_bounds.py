"""Hostile input gets a small 4xx naming what is wrong, quickly: never a 500, never an echo of the input."""
from __future__ import annotations

import json
from typing import Any

import pytest

GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-05", "sites": ["museum-of-cosmonautics"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}
SMALL = 2000  # bytes: an answer to a bad request says what is wrong, it does not echo the request


def _post(client: Any, url: str, body: Any) -> Any:
    return client.post(url, data=body if isinstance(body, (bytes, str)) else json.dumps(body),
                       content_type="application/json")


@pytest.mark.parametrize(("field", "value"), [
    ("start_date", "0001-01-01"), ("end_date", "9999-12-31"), ("booking_date", "9999-12-31"),
    ("booking_date", "0001-01-01"),
])
def test_extreme_dates(client: Any, field: str, value: str) -> None:
    body = {**GOOD, field: value}
    if field == "start_date":
        body["end_date"] = "0001-01-03"
    for url in ("/api/plan", "/api/trips"):
        response = _post(client, url, body)
        assert response.status_code == 422, response.get_data(as_text=True)
        assert field in {e["field"] for e in response.get_json()["errors"]}


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,
    json.dumps({**GOOD, "traveller": "X"})[:-1].replace('"X"', "[" * 5000 + "]" * 5000) + "}",
    json.dumps({**GOOD, "traveller": {"nationality": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {
        "i": {"j": {"k": {"l": {"m": 1}}}}}}}}}}}}}}}),
])
def test_deep_nesting(client: Any, body: str) -> None:
    response = _post(client, "/api/plan", body)
    assert response.status_code == 422
    assert "nested" in response.get_json()["errors"][0]["message"]
    assert len(response.data) < SMALL


def test_huge_body_is_refused_unread(client: Any) -> None:
    body = json.dumps({**GOOD, "sites": ["x" * (10 * 1024 * 1024)]})
    response = _post(client, "/api/plan", body)
    assert response.status_code == 413
    assert len(response.data) < SMALL and b"xxxx" not in response.data


@pytest.mark.parametrize(("field", "value"), [
    ("companions", [{"nationality": "FR", "age": 30}] * 500),
    ("sites", ["museum-of-cosmonautics"] * 1000),
    ("must_see", ["star-city"] * 1000),
    ("fixed", [{"type": "own", "title": "x"}] * 1000),
])
def test_list_caps_name_the_field(client: Any, field: str, value: list[Any]) -> None:
    response = _post(client, "/api/trips", {**GOOD, field: value})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors == [{"field": field, "message": errors[0]["message"]}] and "at most" in errors[0]["message"]


def test_long_unknown_id_is_not_echoed(client: Any) -> None:
    response = _post(client, "/api/plan", {**GOOD, "sites": ["y" * 100_000]})
    assert response.status_code == 422 and len(response.data) < SMALL
    assert response.get_json()["errors"][0]["field"] == "sites[0]"


def test_nul_bytes(client: Any) -> None:
    response = _post(client, "/api/trips", {**GOOD, "sites": ["star\x00city"]})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "sites[0]", "message": "contains a NUL character"}]
    assert client.get("/api/sites/star%00city").status_code == 400


def test_text_plain_json_is_not_accepted(client: Any) -> None:
    """The API skips CSRF because a cross-site form cannot send application/json: keep it that way."""
    response = client.post("/api/trips", data=json.dumps(GOOD), content_type="text/plain")
    assert response.status_code == 422


def _form(client: Any, app: Any, **extra: str) -> dict[str, Any]:
    app.config["WTF_CSRF_ENABLED"] = False
    return {"start_date": "2027-05-04", "end_date": "2027-05-05", "sites": "museum-of-cosmonautics",
            "nationality": "FR", "age": "30", **extra}


def test_builder_add_companion_flood_is_bounded(client: Any, app: Any) -> None:
    from werkzeug.datastructures import MultiDict

    form = MultiDict(_form(client, app, action="add_companion"))
    for _ in range(240):
        form.add("companion_nationality", "")
        form.add("companion_age", "")
    response = client.post("/plan", data=form)
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('name="companion_nationality"') <= 20
    for _ in range(10_000):  # the outside probe: 10,000 blank rows, a 380 KB request
        form.add("companion_nationality", "")
        form.add("companion_age", "")
    response = client.post("/plan", data=form)
    assert response.status_code == 413 and len(response.data) < 20_000


@pytest.mark.parametrize(("field", "value"), [("start_date", "0001-01-01"), ("end_date", "9999-12-31"),
                                              ("booking_date", "9999-12-31")])
def test_builder_extreme_dates(client: Any, app: Any, field: str, value: str) -> None:
    response = client.post("/plan", data=_form(client, app, **{field: value}))
    assert response.status_code == 422
    # The form says the range in a traveller's words (the API keeps "between 1957-10-04 and 2100-12-31").
    assert "a date from 4 October 1957 to 31 December 2100" in response.get_data(as_text=True)


def test_replan_form_extreme_dates_and_nul(client: Any, app: Any) -> None:
    token = _post(client, "/api/trips", GOOD).get_json()["token"]
    response = client.post(f"/trips/{token}/replan", data=_form(client, app, start_date="0001-01-01"))
    assert response.status_code == 422
    response = client.post(f"/trips/{token}/replan", data=_form(client, app, reason="because\x00"))
    assert response.status_code == 422 and b"NUL" in response.data


def test_every_json_endpoint_refuses_deep_nesting(client: Any) -> None:
    """Not only the planner's: any view that reads JSON (the operator API's too) is behind the guard."""
    response = _post(client, "/api/trips/no-such-trip/feed", "[" * 50_000 + "]" * 50_000)
    assert response.status_code == 422 and "nested" in response.get_json()["message"]
