"""Operators sign in, move launches and close sites; dependent trips are marked, then workers update them."""
from __future__ import annotations

import re
from typing import Any

import pytest

from tourplanner import services
from tourplanner.background.jobs import drain

PASSWORD = "correct horse battery"


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "form without a CSRF token"
    return match.group(1)


@pytest.fixture
def operator(app: Any) -> str:
    services.create_operator(app.extensions["tourplanner"].engine, "Ops@Example.com", PASSWORD)
    return "ops@example.com"


def apply_preview(client: Any, preview: Any) -> Any:
    """Submit the preview page's form (the Apply / Confirm step) as the browser would."""
    import html

    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[:2000]
    form = page[page.index('<form method="post" action="', page.index("affected-count")):]
    action = html.unescape(re.search(r'action="([^"]+)"', form).group(1))  # type: ignore[union-attr]
    fields = {html.unescape(name): html.unescape(value)
              for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.split("</form>")[0])}
    return client.post(action, data=fields)


def sign_in(client: Any, email: str, password: str = PASSWORD, next_url: str = "") -> Any:
    token = csrf(client.get("/operator/login").get_data(as_text=True))
    url = "/operator/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


def test_pages_need_a_signed_in_operator(client: Any) -> None:
    response = client.get("/operator/")
    assert response.status_code == 302 and "/operator/login" in response.headers["Location"]
    assert client.get("/operator/launches/soyuz-ms-30").status_code == 302


def test_wrong_password_is_refused(client: Any, operator: str) -> None:
    response = sign_in(client, operator, "wrong password!!")
    assert response.status_code == 401
    assert client.get("/operator/").status_code == 302


def test_login_without_csrf_token_is_refused(client: Any, operator: str) -> None:
    response = client.post("/operator/login", data={"email": operator, "password": PASSWORD})
    assert response.status_code == 400


def test_password_is_stored_hashed(app: Any, operator: str) -> None:
    from sqlmodel import Session, select

    from tourplanner.store.tables import OperatorRow

    with Session(app.extensions["tourplanner"].engine) as session:
        row = session.exec(select(OperatorRow)).one()
    assert PASSWORD not in row.password_hash and row.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_no_open_redirect_after_login(client: Any, operator: str) -> None:
    response = sign_in(client, operator, next_url="//evil.example/")
    assert response.status_code == 303 and response.headers["Location"].endswith("/operator/")


def test_weak_passwords_and_duplicates_are_refused(app: Any, operator: str) -> None:
    engine = app.extensions["tourplanner"].engine
    with pytest.raises(services.OperatorError, match="12 characters"):
        services.create_operator(engine, "other@example.com", "short")
    with pytest.raises(services.OperatorError, match="exists"):
        services.create_operator(engine, "OPS@example.com", PASSWORD)


def test_bad_launch_time_keeps_input_and_names_the_field(client: Any, operator: str) -> None:
    sign_in(client, operator)
    page = client.get("/operator/launches/soyuz-ms-30").get_data(as_text=True)
    response = client.post("/operator/launches/soyuz-ms-30",
                           data={"net_local": "next spring", "status": "TBD", "precision": "month",
                                 "csrf_token": csrf(page)})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "next spring" in body and "net_local-error" in body


def test_moving_a_launch_replans_the_trips_that_depend_on_it(client: Any, app: Any, operator: str) -> None:
    request = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
               "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
               "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}
    created = client.post("/api/trips", json=request)
    assert created.status_code == 201, created.get_json()
    token = created.get_json()["token"]
    other = client.post("/api/trips", json={**request, "launch": None}).get_json()["token"]

    sign_in(client, operator)
    page = client.get("/operator/launches/soyuz-ms-30").get_data(as_text=True)
    assert "1 saved trip depends on this launch" in page
    preview = client.post("/operator/launches/soyuz-ms-30",
                          data={"net_local": "2027-03-02T13:10", "status": "Go", "precision": "minute",
                                "csrf_token": csrf(page)})
    assert '<span id="affected-count">1</span>' in preview.get_data(as_text=True)
    response = apply_preview(client, preview)
    assert response.status_code == 303
    progress = client.get("/operator/").get_data(as_text=True)
    assert re.search(r"Soyuz MS-30: moved from [^<]*</a></td><td>1</td>", progress)
    pending = client.get(f"/api/trips/{token}").get_json()
    assert pending["version"] == 1 and pending["pending"] is True
    assert "update of this plan is pending" in client.get(f"/trips/{token}").get_data(as_text=True)

    assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}
    trip = client.get(f"/api/trips/{token}").get_json()
    assert trip["version"] == 2 and trip["pending"] is False
    launches = [i for d in trip["itinerary"]["days"] for i in d["items"] if i["type"] == "launch"]
    assert [i["start"] for i in launches] == ["2027-03-02T13:10:00+05:00"]
    assert client.get(f"/api/trips/{other}").get_json()["version"] == 1
    launch = next(x for x in client.get("/api/launches").get_json() if x["id"] == "soyuz-ms-30")
    assert launch["net"] == "2027-03-02T08:10:00Z" and launch["status"] == "Go"


def test_cli_creates_operators_and_moves_launches(database_url: str) -> None:
    from click.testing import CliRunner

    from tourplanner.cli import main

    env = {"TOURPLANNER_DATABASE_URL": database_url}
    runner = CliRunner()
    added = runner.invoke(main, ["operator", "add", "cli@example.com", "--password", PASSWORD], env=env)
    assert added.exit_code == 0, added.output
    moved = runner.invoke(main, ["move-launch", "soyuz-ms-31", "--net", "2027-10-05T12:00Z", "--status", "TBC"],
                          env=env)
    assert moved.exit_code == 0 and "0 trip(s) marked" in moved.output, moved.output
    naive = runner.invoke(main, ["move-launch", "soyuz-ms-31", "--net", "2027-10-05T12:00"], env=env)
    assert naive.exit_code != 0 and "offset" in naive.output


def test_closing_a_site_replans_trips_that_visit_it_then(client: Any, app: Any, operator: str) -> None:
    request = {"start_date": "2027-05-04", "end_date": "2027-05-07", "sites": ["museum-of-cosmonautics"],
               "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}
    trip = client.post("/api/trips", json=request).get_json()
    visit = next(i for d in trip["itinerary"]["days"] for i in d["items"] if i["type"] == "visit")
    day = visit["start"][:10]
    sign_in(client, operator)
    token = csrf(client.get("/operator/").get_data(as_text=True))
    preview = client.post("/operator/closures", data={"site": "museum-of-cosmonautics", "start": day, "end": day,
                                                      "reason": "Filming <b>day</b>", "csrf_token": token})
    assert "Filming &lt;b&gt;day&lt;/b&gt;" in preview.get_data(as_text=True)
    response = apply_preview(client, preview)
    assert response.status_code == 303
    assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}
    again = client.get(f"/api/trips/{trip['token']}").get_json()
    assert again["version"] == 2
    visits = [i for d in again["itinerary"]["days"] for i in d["items"] if i["type"] == "visit"]
    assert visits and all(not v["start"].startswith(day) for v in visits)
    page = client.get("/sites/museum-of-cosmonautics").get_data(as_text=True)
    assert "Filming &lt;b&gt;day&lt;/b&gt;" in page  # operator text is escaped


def test_closure_with_end_before_start_is_refused(client: Any, operator: str) -> None:
    sign_in(client, operator)
    token = csrf(client.get("/operator/").get_data(as_text=True))
    response = client.post("/operator/closures", data={"site": "vdnkh", "start": "2027-05-07", "end": "2027-05-04",
                                                       "reason": "x", "csrf_token": token})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "before it starts" in body and 'id="closures-error"' in body
    assert "2027-05-07..2027-05-04: x" in body  # the operator's input is kept


def test_a_preview_says_when_it_lists_only_the_first_trips(client: Any, operator: str, monkeypatch: Any) -> None:
    """Thousands of trips are counted but not listed: the page must not read as if the list were complete."""
    from tourplanner.services import catalogue_changes

    request = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
               "sites": ["museum-of-cosmonautics"], "traveller": {"nationality": "RU", "age": 40},
               "booking_date": "2026-11-21"}
    for _ in range(3):
        assert client.post("/api/trips", json=request).status_code == 201
    sign_in(client, operator)
    page = client.get("/operator/launches/soyuz-ms-30").get_data(as_text=True)
    fields = {"net_local": "2027-03-02T13:10", "status": "Go", "precision": "minute", "csrf_token": csrf(page)}
    complete = client.post("/operator/launches/soyuz-ms-30", data=fields).get_data(as_text=True)
    assert '<span id="affected-count">3</span>' in complete and "affected-listed" not in complete
    monkeypatch.setattr(catalogue_changes, "PREVIEW_LIMIT", 2)
    partial = client.post("/operator/launches/soyuz-ms-30", data=fields).get_data(as_text=True)
    assert '<span id="affected-count">3</span>' in partial
    assert partial.count("data-trip-id=") == 2
    assert "Only the first 2 are listed here." in partial
