"""End to end in headless Chromium: a traveller builds the 2017 seed trip through the form, reads its
deadlines and map, downloads the calendar, and a friend opens the share link in a fresh browser.

The real app runs on a free 127.0.0.1 port (tiles off, its own seeded database); screenshots of the
desktop and a 390-px phone are kept in test-artifacts/ for a human to look at.
"""
from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import icalendar
import pytest

# tests/ is on sys.path (its conftest.py has no package), so the shared helpers import as `browser`.
from browser import chrome, console_errors, live_server, require_browser, screenshot

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = pytest.mark.browser
MOSCOW_SITES = ("kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh")
WAIT = 20


@pytest.fixture
def server(database_url: str) -> Iterator[str]:
    require_browser()
    from tourplanner import create_app

    app = create_app({"database_url": database_url, "testing": True, "tiles": None})
    with live_server(app) as url:
        yield url
    app.extensions["tourplanner"].engine.dispose()


def wait(driver: WebDriver, condition: Any) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition)


def css(driver: WebDriver, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def css_all(driver: WebDriver, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def markers(driver: WebDriver) -> list[Any]:
    """The stops shown: visits and rocket pins as markers of their own (awesome-markers' pins lack
    .leaflet-marker-icon, so count the pane) or inside a cluster's pill; not the hotel ("base") markers."""
    return css_all(driver, ".leaflet-marker-pane > :not(.tp-cluster-icon):not(.tp-base-icon), "
                           ".tp-cluster .tp-num-small:not(.tp-cluster-base)")


def only_local_requests(driver: WebDriver, base: str) -> list[str]:
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return [n for n in names if not n.startswith(base)]


def build_seed_trip(driver: WebDriver, base: str) -> str:
    """Fill the builder as a person would (with JavaScript on) and return the trip page's URL."""
    from selenium.webdriver.support.ui import Select

    driver.get(base + "/")
    css(driver, "header nav a[href='/plan']").click()
    wait(driver, lambda d: d.current_url.endswith("/plan"))
    screenshot(driver, "e2e-desktop-builder-empty")
    # Only upcoming launches are offered; the 2017 one is a replay, shown on request.
    assert not css_all(driver, "#launch option[value='soyuz-ms-05']")
    css(driver, "a[href='/plan?past=1']").click()
    wait(driver, lambda d: d.current_url.endswith("/plan?past=1"))
    Select(css(driver, "#launch")).select_by_value("soyuz-ms-05")
    flown = css(driver, "[data-flown-notice]")  # said at once, not as "too late to apply" later
    assert flown.is_displayed() and "has already happened" in flown.text
    # Choosing a launch fills the empty dates around it (JavaScript); the seed trip's dates exactly.
    assert css(driver, "#start_date").get_attribute("value") == "2017-07-21"
    assert css(driver, "#end_date").get_attribute("value") == "2017-07-29"
    # Spare days in case the launch slips move a last day filled that way (and back).
    Select(css(driver, "#slip_buffer_days")).select_by_value("2")
    assert css(driver, "#end_date").get_attribute("value") == "2017-07-31"
    Select(css(driver, "#slip_buffer_days")).select_by_value("0")
    assert css(driver, "#end_date").get_attribute("value") == "2017-07-29"
    for site in (*MOSCOW_SITES, "star-city", "baikonur-gagarins-start"):
        box = css(driver, f"#site-{site}")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
        assert box.is_selected()
    rules = css(driver, "#site-baikonur-gagarins-start").find_element("xpath", "ancestor::div[@data-site-pick]")
    assert rules.find_element("css selector", "details").get_attribute("open") is not None  # shown as picked
    assert "55 days" in rules.text
    Select(css(driver, "#nationality")).select_by_value("FR")
    css(driver, "#age").send_keys("30")
    css(driver, "details.advanced summary").click()
    driver.execute_script("document.getElementById('booking_date').value = '2017-04-01'")
    screenshot(driver, "e2e-desktop-builder-filled")
    submit = css(driver, "button.primary")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
    submit.click()
    wait(driver, lambda d: "/trips/" in d.current_url)
    assert "Soyuz MS-05 has already happened" in css(driver, ".trip-head").text
    return str(driver.current_url)


def test_a_traveller_builds_the_seed_trip_and_shares_it(server: str) -> None:
    with chrome() as driver:
        url = build_seed_trip(driver, server)
        title = css(driver, "h1").text
        assert "Moscow" in title and "Baikonur" in title and "July 2017" in title
        # Deadlines first, in order, in words.
        deadlines = [li.text for li in css_all(driver, "ol.deadline-list li")]
        assert deadlines and any("Baikonur" in d for d in deadlines), deadlines
        assert css(driver, "#deadlines-h").location["y"] < css(driver, "#days-h").location["y"]
        # The map is drawn in the page itself, one marker per stop.
        wait(driver, lambda d: len(markers(d)) > 0)
        assert not css_all(driver, "iframe")
        assert "Baikonur time (UTC+6)" in css(driver, "ol.days").text
        assert only_local_requests(driver, server) == []
        assert console_errors(driver) == []
        screenshot(driver, "e2e-desktop-trip")

        # Take it away: the .ics the button links to parses, with events.
        ics_url = css(driver, "a[href$='.ics'][download]").get_attribute("href")
        with urllib.request.urlopen(ics_url, timeout=30) as response:
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
            assert "attachment" in response.headers["Content-Disposition"]
            events = icalendar.Calendar.from_ical(response.read()).walk("VEVENT")
        assert len(events) >= 3
        webcal = css(driver, ".take-away a[href^='webcal://']").get_attribute("href")
        assert webcal.endswith("/feed.ics")
        share = css(driver, "#share-url").get_attribute("value")
        assert css(driver, "#edit-url").get_attribute("value") == url.split("#")[0]  # the page is the edit link
        assert share != url.split("#")[0] and "/trips/" in share  # the one to share only shows the trip
        copy = css(driver, "button[data-copy]")
        assert copy.is_displayed()
        download = css(driver, "a[href$='.ics'][download]")
        assert download.value_of_css_property("color") != download.value_of_css_property("background-color")

        # Print: the map and buttons are gone from paper.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not css(driver, ".map-box").is_displayed()
        assert not css(driver, "a[href$='.ics'][download]").is_displayed()
        assert css(driver, "ol.deadline-list").is_displayed()
        screenshot(driver, "e2e-print-trip")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    # A friend opens the link in a browser that has never seen the app.
    with chrome() as fresh:
        fresh.get(share)
        assert css(fresh, "h1").text == title
        assert not css_all(fresh, "#replan") and not css_all(fresh, "#edit-url")  # view only
        assert [li.text for li in css_all(fresh, "ol.deadline-list li")] == deadlines
        wait(fresh, lambda d: len(markers(d)) > 0)


def test_the_full_page_map_has_one_marker_per_stop(server: str, app: Any) -> None:
    from datetime import date

    from tourplanner import services

    view = services.create_trip(
        app.extensions["tourplanner"].engine,
        {"start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05",
         "sites": [*MOSCOW_SITES, "star-city", "baikonur-gagarins-start"],
         "traveller": {"nationality": "FR", "age": 30, "party_size": 1}, "booking_date": "2017-04-01"},
        date(2017, 4, 1))
    items = [i for d in view.itinerary["days"] for i in d["items"]]
    stops = [i for i in items if i["type"] in ("visit", "launch", "rollout")]
    visits = [i for i in items if i["type"] == "visit"]
    transfers = [i for i in items if i["type"] == "transfer"]
    assert len(visits) == 5 and len(transfers) == 2 and {"launch", "rollout"} <= {i["type"] for i in stops}
    with chrome() as driver:
        driver.get(f"{server}/trips/{view.token}/map")
        wait(driver, lambda d: len(markers(d)) == len(stops))
        assert len(css_all(driver, ".leaflet-marker-icon.tp-num-icon, .tp-cluster .tp-num-small:not(.tp-cluster-base)"
                                   ":not(.tp-cluster-launch):not(.tp-cluster-rollout)")) == len(visits)  # every visit
        assert len(css_all(driver, ".leaflet-marker-pane .awesome-marker .fa-rocket, .tp-cluster-launch, "
                                   ".tp-cluster-rollout")) == 2  # launch, roll-out
        # The Moscow <-> Baikonur legs are dashed great-circle arcs. Leaflet drops points that lie on a
        # straight screen line, so a straight leg would keep one segment; a curve keeps several.
        arcs = driver.execute_script(
            "return [...document.querySelectorAll('.leaflet-overlay-pane path[stroke-dasharray]')]"
            ".map(p => (p.getAttribute('d').match(/L/g) || []).length)")
        assert len(arcs) == len(transfers) and all(points >= 4 for points in arcs), arcs
        assert css(driver, ".map-box").size["height"] > 300
        assert console_errors(driver) == []
        assert only_local_requests(driver, server) == []  # no network needed (tiles are off in tests)
        screenshot(driver, "e2e-desktop-map", full_page=False)


def test_a_phone_sized_visitor_can_plan_around_the_next_launch(server: str) -> None:
    """390 px wide: the home page leads to the builder, the form fits, and the trip page reads."""
    from selenium.webdriver.support.ui import Select

    with chrome(390, 844) as phone:
        phone.get(server + "/")
        width = phone.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, "no sideways scrolling on a phone"
        screenshot(phone, "e2e-phone-home")
        cta = css(phone, ".hero a.button")
        assert "Plan a trip around" in cta.text
        cta.click()
        wait(phone, lambda d: "/plan" in d.current_url)
        assert css(phone, "#start_date").get_attribute("value")  # dates around the launch
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        Select(css(phone, "#nationality")).select_by_value("DE")
        css(phone, "#age").send_keys("41")
        screenshot(phone, "e2e-phone-builder")
        button = css(phone, "button.primary")
        phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        wait(phone, lambda d: "/trips/" in d.current_url)
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        assert css(phone, "#deadlines-h").is_displayed()
        screenshot(phone, "e2e-phone-trip")


def test_the_form_reports_errors_next_to_fields_in_the_browser(server: str) -> None:
    with chrome() as driver:
        driver.get(server + "/plan")
        css(driver, "button.primary").click()
        wait(driver, lambda d: css_all(d, ".field-error"))
        error = css(driver, "#error-nationality")
        assert "nationality" in error.text.lower()
        field = css(driver, "#nationality")
        assert field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("aria-describedby") == "error-nationality"
        screenshot(driver, "e2e-desktop-builder-errors")


def test_the_builder_works_without_javascript(server: str) -> None:
    """A plain form: add a companion via the server, Enter plans the trip (not "add a companion")."""
    from selenium.webdriver.support.ui import Select

    with chrome(javascript=False) as driver:
        driver.get(server + "/plan?launch=soyuz-ms-05")
        Select(css(driver, "#nationality")).select_by_value("FR")
        css(driver, "#age").send_keys("30")
        css(driver, "[data-add-companion]").click()
        wait(driver, lambda d: len(css_all(d, "[name=companion_nationality]")) == 3)
        assert css(driver, "#nationality").get_attribute("value") == "FR"  # kept across the round trip
        Select(css_all(driver, "[name=companion_nationality]")[0]).select_by_value("RU")
        css(driver, "#companion_age-0").send_keys("12")
        css(driver, "#age").send_keys("\n")
        wait(driver, lambda d: "/trips/" in d.current_url)
        assert "a companion (Russian Federation, 12)" in css(driver, ".trip-head").text
        assert not css(driver, "button[data-copy]").is_displayed()  # needs JavaScript: stays hidden
        assert css(driver, "#edit-url").get_attribute("value").endswith(driver.current_url.rsplit("/", 1)[1])
