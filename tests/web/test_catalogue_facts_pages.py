"""Catalogue facts on the traveller's pages and in the API: expected closures, placeholders, sources."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from tourplanner.web import pages

    monkeypatch.setattr(pages, "utcnow", lambda: NOW)


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return str(response.get_data(as_text=True))


def test_necropolis_page_shows_the_expected_yearly_closures_as_unconfirmed(client: Any) -> None:
    html = page(client, "/sites/kremlin-wall-necropolis")
    expected = html.split("Expected closures")[1].split("</ul>")[0]
    assert "not yet confirmed" in html.split("Expected closures")[1][:200]
    assert "18 April – 19 May" in expected and "2027 dates are not yet confirmed" in expected
    assert "4 November" in expected


def test_site_page_names_the_point_and_dates_its_sources(client: Any) -> None:
    html = page(client, "/sites/kremlin-wall-necropolis")
    assert "The map point marks Lenin&#39;s Mausoleum" in html or "The map point marks Lenin's Mausoleum" in html
    sources = html.split('id="sources-h"')[1]
    assert "read 2026-11-30" in sources and 'href="https://' in sources


def test_api_site_carries_yearly_closures_point_and_dated_sources(client: Any) -> None:
    site = client.get("/api/sites/kremlin-wall-necropolis").get_json()
    [spring, autumn] = site["yearly_closures"]
    assert (spring["start"], spring["end"], spring["confirmed"], spring["from_year"]) == ("04-18", "05-19", False, 2026)
    assert autumn["start"] == autumn["end"] == "11-04"
    assert site["point"].startswith("Lenin's Mausoleum")
    assert all(s.get("url") or s.get("publication") for s in site["sources"])
    assert all(s.get("date") == "2026-11-30" for s in site["sources"])


def test_a_trip_on_11_may_2027_asking_for_the_necropolis_gets_it_unscheduled_as_an_expected_closure(client: Any) -> None:
    """The issue's must-show, end to end through the API a traveller's page uses."""
    body = {"start_date": "2027-05-11", "end_date": "2027-05-11", "sites": ["kremlin-wall-necropolis"],
            "must_see": ["kremlin-wall-necropolis"], "traveller": {"nationality": "FR", "age": 30},
            "booking_date": "2026-12-01"}
    response = client.post("/api/plan", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    itinerary = response.get_json()
    visited = [item for day in itinerary["days"] for item in day.get("items", [])
               if item.get("site") == "kremlin-wall-necropolis"]
    assert visited == []
    [entry] = [u for u in itinerary["unscheduled"] if u["site"] == "kremlin-wall-necropolis"]
    [reason] = entry["reasons"]
    assert reason["code"] == "closed"
    assert "expected" in reason["message"] and "not yet confirmed" in reason["message"]
