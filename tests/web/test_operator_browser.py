"""The operator's main story in headless Chromium: close Star City on the day a saved trip visits it,
see the trip in the preview, apply, the trip is re-planned and says why (the public note, not who),
the site's history shows before and after, undo brings the hours back. Also: a stale edit gets the
conflict page, and a bad hours line keeps the operator's input with the error under the field.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from browser import chrome, console_errors, live_server, require_browser, screenshot
from test_operator import PASSWORD
from test_operator_api import STAR_CITY_TRIP, WEEKDAYS, star_city_days

from tourplanner import services
from tourplanner.background.jobs import drain

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = pytest.mark.browser
WAIT = 20
NOTE = "Star City is closed that day for a cosmonaut exam"


@pytest.fixture
def served(database_url: str) -> Iterator[tuple[Any, str]]:
    require_browser()
    from tourplanner import create_app

    app = create_app({"database_url": database_url, "testing": True, "tiles": None})
    services.create_operator(app.extensions["tourplanner"].engine, "ops@example.com", PASSWORD)
    with live_server(app) as url:
        yield app, url
    app.extensions["tourplanner"].engine.dispose()


def css(driver: WebDriver, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def wait(driver: WebDriver, condition: Any) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition)


def sign_in(driver: WebDriver, base: str) -> None:
    driver.get(base + "/operator/")
    css(driver, "#email").send_keys("ops@example.com")
    css(driver, "#password").send_keys(PASSWORD)
    css(driver, "form button[type=submit]").click()
    wait(driver, lambda d: d.current_url.endswith("/operator/"))


def button(driver: WebDriver, words: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.XPATH, f"//button[starts-with(normalize-space(.), '{words}')]")


def test_operator_closes_star_city_on_a_visit_day_previews_applies_and_undoes(served: tuple[Any, str]) -> None:
    app, base = served
    client = app.test_client()
    trip = client.post("/api/trips", json=STAR_CITY_TRIP).get_json()
    visit_day = star_city_days(trip)[0]
    weekday = WEEKDAYS[date.fromisoformat(visit_day).weekday()]
    hours_before = client.get("/api/sites/star-city").get_json()["hours"]

    with chrome() as driver:
        sign_in(driver, base)
        driver.get(base + "/operator/sites/star-city")
        wait(driver, lambda d: d.find_elements("css selector", f"#hours_{weekday}"))  # a loaded machine is slow
        field = css(driver, f"#hours_{weekday}")
        assert field.get_attribute("value") == "10:00-17:00"
        field.clear()
        css(driver, "#note").send_keys(NOTE)
        screenshot(driver, "operator-site-form")
        button(driver, "Preview").click()

        wait(driver, lambda d: "Preview" in d.title)
        assert css(driver, "#affected-count").text == "1"
        listed = css(driver, "#affected-trips").text
        assert visit_day in listed and STAR_CITY_TRIP["start_date"] in listed
        assert "opening hours changed" in css(driver, "#change-summary").text
        before, after = (c.text for c in driver.find_elements("css selector", "#change-diff td"))
        assert "Mon–Fri: 10:00–17:00" in before and "Mon–Fri: 10:00–17:00" not in after  # words, not JSON
        assert re.search(rf"\b{weekday.title()}(–\w+)?: closed|–{weekday.title()}: closed", after), after
        assert css(driver, "#note").get_attribute("value") == NOTE
        screenshot(driver, "operator-preview")
        button(driver, "Apply").click()

        wait(driver, lambda d: "/operator/history/site:star-city" in d.current_url)
        assert "1 saved trip will be re-planned" in driver.page_source
        assert drain(app.extensions["tourplanner"].engine) == {"updated": 1}

        driver.get(f"{base}/trips/{trip['token']}")
        assert NOTE in driver.page_source and "ops@example.com" not in driver.page_source
        replanned = client.get(f"/api/trips/{trip['token']}").get_json()
        assert visit_day not in star_city_days(replanned)
        feed = client.get(f"/trips/{trip['token']}/feed.ics").get_data(as_text=True).replace("\r\n ", "")
        assert NOTE in feed and "ops@example.com" not in feed

        driver.get(base + "/operator/history/site:star-city")
        diff = css(driver, ".change-diff").text
        assert "hours" in diff and "10:00" in diff
        assert NOTE in driver.page_source and "ops@example.com" in driver.page_source
        screenshot(driver, "operator-history")
        button(driver, "Undo this change").click()
        wait(driver, lambda d: "Undo" in d.page_source and len(d.find_elements("css selector", "li.card")) == 2)
        assert client.get("/api/sites/star-city").get_json()["hours"] == hours_before
        assert not console_errors(driver, ignore=("favicon",))


def test_bad_hours_keep_the_input_and_a_stale_edit_gets_the_conflict_page(served: tuple[Any, str]) -> None:
    app, base = served
    with chrome() as driver, chrome() as other:
        sign_in(driver, base)
        sign_in(other, base)
        driver.get(base + "/operator/sites/star-city")
        other.get(base + "/operator/sites/star-city")

        field = css(driver, "#hours_mon")
        field.clear()
        field.send_keys("ten to five")
        button(driver, "Preview").click()
        wait(driver, lambda d: d.find_elements("css selector", "#hours_mon-error"))
        assert css(driver, "#hours_mon").get_attribute("value") == "ten to five"
        assert "Monday" in css(driver, "#hours_mon-error").text
        field = css(driver, "#hours_mon")
        field.clear()
        field.send_keys("17:00-10:00")
        button(driver, "Preview").click()
        wait(driver, lambda d: d.find_elements("css selector", "#hours_mon-error"))
        assert "closes at 10:00 but opens at 17:00" in css(driver, "#hours_mon-error").text
        assert css(driver, "#hours_mon").get_attribute("value") == "17:00-10:00"

        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(driver).move_to_element_with_offset(css(driver, "#site-map"), 60, 40).click().perform()
        lat, lon = float(css(driver, "#lat").get_attribute("value")), float(css(driver, "#lon").get_attribute("value"))
        assert (lat, lon) != (55.8806, 38.1105) and abs(lat - 55.8806) < 0.05 and abs(lon - 38.1105) < 0.05

        visit = css(other, "#visit_minutes")
        visit.clear()
        visit.send_keys("120")
        button(other, "Preview").click()
        wait(other, lambda d: "Preview" in d.title)
        button(other, "Apply").click()
        wait(other, lambda d: "/operator/history/" in d.current_url)

        field = css(driver, "#hours_mon")
        field.clear()
        field.send_keys("11:00-17:00")
        button(driver, "Preview").click()
        wait(driver, lambda d: "Preview" in d.title)
        button(driver, "Apply").click()
        wait(driver, lambda d: "changed this record meanwhile" in d.page_source)
        meanwhile = css(driver, "#changed-meanwhile").text
        assert "visit_minutes" in meanwhile and "150" in meanwhile and "120" in meanwhile
        screenshot(driver, "operator-conflict")
    assert app.test_client().get("/api/sites/star-city").get_json()["hours"]["weekly"]["mon"][0]["start"] == "10:00"
