"""Tried as a new user would: plan a trip around a launch, pin the charter, drag a visit to another day,
add a hotel, ask for mail; an operator slips the launch, the mail arrives, and "shift the trip" takes
two clicks (the mail's link, then the button)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from browser import chrome, live_server, require_browser, screenshot

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = pytest.mark.browser
WAIT = 30
ADDRESS = "new.user@example.org"

DRAG = """
const [source, target] = arguments;
const data = new DataTransfer();
source.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));
source.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));
"""


@pytest.fixture
def site(database_url: str, smtp: Any) -> Iterator[tuple[str, Any]]:
    require_browser()
    from tourplanner import create_app

    app = create_app({"database_url": database_url, "testing": True, "tiles": None, "smtp_url": smtp.url})
    with live_server(app) as url:
        yield url, app
    app.extensions["tourplanner"].engine.dispose()


def wait(driver: WebDriver, condition: Any) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The page may be replaced between finding an element and reading it (a loaded machine): try again.
    return WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def css(driver: WebDriver, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def click(driver: WebDriver, element: Any) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def submit_and_wait(driver: WebDriver, button: Any, version: int) -> None:
    """Press a button that makes a new version and wait for the page that shows it."""
    click(driver, button)
    wait(driver, lambda d: f"Version {version}," in d.find_element("css selector", ".trip-head").text)


def api(app: Any, token: str) -> dict[str, Any]:
    response = app.test_client().get(f"/api/trips/{token}")
    body: dict[str, Any] = response.get_json()
    return body


def test_a_new_user_plans_edits_and_shifts_the_trip_after_a_slip_mail(site: tuple[str, Any], smtp: Any) -> None:
    from selenium.webdriver.support.ui import Select
    from smtp_server import Inbox

    from tourplanner import services
    from tourplanner.mail import Mailer
    from tourplanner.services import notify

    base, app = site
    with chrome() as driver:
        # Plan a trip around the next launch, as the home page offers it.
        driver.get(base + "/plan?launch=soyuz-ms-30")
        Select(css(driver, "#nationality")).select_by_value("RU")
        css(driver, "#age").send_keys("40")
        click(driver, css(driver, "button.primary"))
        wait(driver, lambda d: "/trips/" in d.current_url)
        token = driver.current_url.split("/trips/")[1].split("#")[0]
        planned = api(app, token)
        charter = next(i for d in planned["itinerary"]["days"] for i in d["items"]
                       if i["type"] == "transfer" and i["to"] == "baikonur")

        # Pin the charter.
        item = css(driver, f"li[data-key='{charter['key']}']")
        click(driver, item.find_element("css selector", "details.item-edit summary"))
        submit_and_wait(driver, item.find_element("css selector", "button[data-pin]"), 2)
        assert api(app, token)["version"] == 2

        # Drag a Moscow visit onto another Moscow day.
        moscow = [(d["date"], i) for d in api(app, token)["itinerary"]["days"] for i in d["items"]
                  if i["type"] == "visit" and d["region"] == "moscow"]
        day, visit = moscow[0]
        moscow_days = [d["date"] for d in api(app, token)["itinerary"]["days"]
                       if d["region"] == "moscow" and d["date"] < charter["start"][:10]]
        target = next(d for d in moscow_days if d != day)
        source = css(driver, f"li[data-drag-site='{visit['site']}']")
        driver.execute_script(DRAG, source, css(driver, f"li[data-day='{target}']"))
        wait(driver, lambda d: "Version 3," in d.find_element("css selector", ".trip-head").text)
        moved = api(app, token)
        [(new_day, new_visit)] = [(d["date"], i) for d in moved["itinerary"]["days"] for i in d["items"]
                                  if i.get("key") == visit["key"]]
        assert new_day == target and new_visit["pinned"] and new_visit["start"][11:16] == visit["start"][11:16]

        # Add a hotel in Baikonur, with its address and position.
        Select(css(driver, "#hotel-region")).select_by_value("baikonur")
        css(driver, "#hotel-name").send_keys("Hotel Sputnik")
        css(driver, "#hotel-address").send_keys("Lenin St 1")
        css(driver, "#hotel-lat").send_keys("45.6226")
        css(driver, "#hotel-lon").send_keys("63.3141")
        submit_and_wait(driver, css(driver, "#add form:last-of-type button[type=submit]"), 4)
        assert "Hotel Sputnik" in css(driver, "ol.days").text
        screenshot(driver, "trips11-edited-trip")

        # Ask for mail, confirm the address from the mail.
        email = css(driver, "#notify-email")
        email.send_keys(ADDRESS)
        click(driver, css(driver, "#notify button[type=submit]"))
        wait(driver, lambda d: "We sent a link" in d.page_source)
        [confirmation] = smtp.inbox.to(ADDRESS)
        confirm = re.search(r"(https?://\S+/confirm)", Inbox.body(confirmation))
        assert confirm
        driver.get(confirm.group(1))
        click(driver, css(driver, "main form button[type=submit]"))
        wait(driver, lambda d: "Address confirmed" in d.page_source)

        # An operator slips the launch 17 days; the background re-plan runs; the mail goes out.
        engine = app.extensions["tourplanner"].engine
        services.move_launch(engine, "soyuz-ms-30", net=datetime(2027, 3, 1, tzinfo=UTC) + timedelta(days=17),
                             status="Go", precision="minute", actor="operator@example.com")
        import importlib.util

        if importlib.util.find_spec("tourplanner.background") is not None:
            from tourplanner.background.jobs import drain

            drain(engine)
        assert notify.send_pending(engine, Mailer(smtp.url, "tourplanner <t@localhost>"), notify.Links(base)) == 1
        mail = smtp.inbox.to(ADDRESS)[-1]
        text = Inbox.body(mail)
        assert "Soyuz MS-30" in mail["Subject"] + text
        link = re.search(r"(https?://\S+#choices)", text)
        assert link

        # Two clicks: the mail's link (the mail program opens a new tab), then "Shift the trip".
        driver.switch_to.new_window("tab")
        driver.get(link.group(1))
        shift = wait(driver, lambda d: d.find_element("css selector", "[data-choice=shift] button"))
        assert "Shift the trip" in shift.text
        screenshot(driver, "trips11-choices")
        click(driver, shift)
        wait(driver, lambda d: "you chose" in d.find_element("css selector", ".trip-head").text)
        shifted = api(app, token)
        assert any(i["type"] == "launch" for d in shifted["itinerary"]["days"] for i in d["items"])
        assert shifted["choices"] == []
        assert "Lift-off" in css(driver, "ol.days").text
