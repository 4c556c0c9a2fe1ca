"""The maps in a real browser (Debian's headless Chromium): Leaflet runs, markers, lines and popups
are there, nothing is fetched from outside 127.0.0.1 but map tiles, and the console stays clean.

The pages are served by a tiny threading http.server (the rendered HTML plus tourplanner/static at
/static), independent of the Flask app. Screenshots go to test-artifacts/ (git-ignored) for a human.
Skipped without chromium/chromedriver unless TOURPLANNER_REQUIRE_BROWSER=1, then it fails.
"""
from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from browser import ARTIFACTS, chrome

from tourplanner.exports import map_assets, maps
from tourplanner.planning.model import Catalogue, Itinerary

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

    from tests.exports.conftest import Expected

pytestmark = pytest.mark.browser

TILE_HOST = urlsplit(maps.DEFAULT_TILES).hostname
FAVICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
           b'<circle cx="8" cy="8" r="7" fill="#1f77b4"/></svg>')


@dataclass
class Site:
    """The local web server: rendered pages by path, the package's static folder at /static."""

    base: str = ""
    pages: dict[str, bytes] = field(default_factory=dict)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    state = Site()
    static = map_assets.STATIC_DIR.resolve()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            body, kind = state.pages.get(path), "text/html; charset=utf-8"
            if path == "/favicon.ico":
                body, kind = FAVICON, "image/svg+xml"
            elif path.startswith("/static/"):
                file = (static / path.removeprefix("/static/")).resolve()
                if file.is_relative_to(static) and file.is_file():
                    body = file.read_bytes()
                    kind = {".js": "text/javascript", ".css": "text/css", ".png": "image/png",
                            ".svg": "image/svg+xml", ".woff2": "font/woff2", ".ttf": "font/ttf",
                            ".geojson": "application/geo+json"}.get(file.suffix, "application/octet-stream")
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chrome() as driver:
        yield driver


@dataclass
class Loaded:
    requests: list[str]
    failed_local: list[str]  # 127.0.0.1 responses >= 400
    console_errors: list[str]


def load(driver: WebDriver, url: str) -> Loaded:
    """Open `url`, wait for the map and the basemap, and collect what the page fetched and logged."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance")
    driver.get_log("browser")
    driver.get(url)
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: d.execute_script("return !!document.querySelector('.leaflet-container')"))
    wait.until(lambda d: d.execute_script(
        "return document.querySelectorAll('.leaflet-tp-basemap-pane canvas').length > 0"))
    return collect(driver)


def collect(driver: WebDriver) -> Loaded:
    requests, failed = [], []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            requests.append(params["request"]["url"])
        elif message.get("method") == "Network.responseReceived":
            response = params["response"]
            if response["url"].startswith("http://127.0.0.1") and response["status"] >= 400:
                failed.append(f'{response["status"]} {response["url"]}')
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return Loaded(requests, failed, errors)


def outside(loaded: Loaded, base: str) -> list[str]:
    """Requests that reached the network beyond the local server (browser-internal schemes aside)."""
    return [u for u in loaded.requests
            if urlsplit(u).scheme in ("http", "https", "ws", "wss", "ftp") and not u.startswith(base + "/")]


def screenshot(driver: WebDriver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))


def count(driver: WebDriver, selector: str) -> int:
    return int(driver.execute_script("return document.querySelectorAll(arguments[0]).length", selector))


def popup_text(driver: WebDriver, title: str) -> str:
    """The text of the popup headed `title`, once it has faded in (a closed one may still be fading
    out)."""
    from selenium.webdriver.support.ui import WebDriverWait

    def visible(d: WebDriver) -> str:
        texts = d.execute_script(  # innerText: what is rendered, read in one go (popups come and go)
            "return [...document.querySelectorAll('.leaflet-popup-content')].map(e => e.innerText)")
        return next((t for t in texts if title in t.replace("\n", " ")), "")

    text = str(WebDriverWait(driver, 10).until(visible))
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(
        "return [...document.querySelectorAll('.leaflet-popup')]"
        ".every(p => getComputedStyle(p).opacity === '1')"))
    return text


# Stops shown: a marker of their own, or a number (or icon) inside a cluster's pill.
SHOWN = {
    "stops": ".leaflet-marker-pane > :not(.tp-cluster-icon), .tp-cluster .tp-num-small",
    "visits": ".leaflet-marker-icon.tp-num-icon, .tp-cluster .tp-num-small:not(.tp-cluster-base)"
              ":not(.tp-cluster-launch):not(.tp-cluster-rollout)",
    "rockets": ".leaflet-marker-pane .awesome-marker .fa-rocket, .tp-cluster-launch, .tp-cluster-rollout",
}


def open_stop(driver: WebDriver, number: int | str) -> None:
    """Bring visit `number` (or the stop of that kind) out of its cluster, zooming or spreading as the
    cluster group does, and click it."""
    from selenium.webdriver.support.ui import WebDriverWait

    find = ("const c = tpMaps.clusters[0], m = c.getLayers().find(l => l.options.tpNumber === arguments[0]"
            " || l.options.tpKind === arguments[0]);")
    driver.execute_script(find + "window.tpShown = false; c.zoomToShowLayer(m, () => { window.tpShown = true; });",
                          number)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.tpShown"))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')"))
    driver.execute_script(find + "m.getElement().dispatchEvent(new MouseEvent('click', {bubbles: true}));", number)


def test_itinerary_map_in_chromium(browser: WebDriver, site: Site, itinerary: Itinerary,
                                   catalogue: Catalogue, expected: Expected) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # Real tile URLs on purpose: offline they fail, and that must be the only thing that does.
    site.pages["/trip"] = maps.render_html(maps.itinerary_map(itinerary, catalogue), "Trip").encode()
    loaded = load(browser, site.base + "/trip")

    assert browser.execute_script("return typeof window.L === 'object' && !!L.map")
    assert count(browser, ".leaflet-container.tp-map") == 1
    # Every stop shows: a marker of its own, or its number inside a cluster where markers would
    # cover each other (awesome-markers' pins lack .leaflet-marker-icon, so count the pane).
    assert count(browser, SHOWN["stops"]) == expected.visits + expected.rockets + expected.bases
    assert count(browser, SHOWN["visits"]) == expected.visits
    assert count(browser, SHOWN["rockets"]) == expected.rockets
    assert count(browser, ".leaflet-overlay-pane path.leaflet-interactive") == expected.routes + expected.transfers
    assert count(browser, ".leaflet-control-layers-overlays input") == expected.days

    # Zoom to Moscow from the legend, then open visit 3's popup.
    browser.execute_script(
        "[...document.querySelectorAll('.tp-zoom button')].find(b => b.textContent === 'Moscow').click()")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return !document.querySelector('.leaflet-zoom-anim')"))
    open_stop(browser, 3)
    text = popup_text(browser, "3. " + expected.evil)  # markup shown as text, not run
    assert "14:50–16:00 (UTC+3)" in text and "1 h 10 min" in text
    assert browser.execute_script("return document.querySelectorAll('.leaflet-popup-content script').length") == 0
    screenshot(browser, "map-itinerary-popup.png")
    browser.find_element(By.CSS_SELECTOR, ".leaflet-popup-close-button").click()

    # Museum of Cosmonautics, day 1: the popup carries the time window and visit length.
    browser.execute_script(
        "[...document.querySelectorAll('.tp-zoom button')].find(b => b.textContent === 'All').click()")
    open_stop(browser, 1)
    text = popup_text(browser, "1. Museum of Cosmonautics")
    assert "10:00–12:30 (UTC+3)" in text
    assert "2 h 30 min" in text and "Open that day" in text

    # A day can be hidden from the day list (folded into a button at the top right), and shown again.
    # (Seen whole: the cluster group draws only the stops in view.)
    browser.execute_script(
        "[...document.querySelectorAll('.tp-zoom button')].find(b => b.textContent === 'All').click()")
    WebDriverWait(browser, 10).until(lambda d: count(d, SHOWN["visits"]) == expected.visits)
    browser.find_element(By.CSS_SELECTOR, ".leaflet-control-layers-toggle").click()
    day1 = browser.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays input")[0]
    day1.click()
    WebDriverWait(browser, 10).until(lambda d: count(d, SHOWN["visits"]) == expected.visits - 3)
    day1.click()
    WebDriverWait(browser, 10).until(lambda d: count(d, SHOWN["visits"]) == expected.visits)

    # The launch pin: lift-off in local time and UTC. (Hiding day 1 closed the museum's popup.)
    open_stop(browser, "launch")
    text = popup_text(browser, "Launch of Soyuz MS-05")
    assert "21:41 (UTC+6) = 15:41 UTC" in text and "Baikonur closed zone" in text
    screenshot(browser, "map-itinerary.png")
    later = collect(browser)
    requests = loaded.requests + later.requests
    assert [u for u in outside(loaded, site.base) + outside(later, site.base)
            if urlsplit(u).hostname != TILE_HOST] == []
    assert any(u.endswith(map_assets.BASEMAP) for u in requests)
    assert loaded.failed_local + later.failed_local == []
    errors = [e for e in loaded.console_errors + later.console_errors if TILE_HOST not in e]
    assert errors == []


def test_catalogue_map_in_chromium(browser: WebDriver, site: Site, catalogue: Catalogue) -> None:
    site.pages["/catalogue"] = maps.render_html(maps.catalogue_map(catalogue, tiles=None), "Sites").encode()
    loaded = load(browser, site.base + "/catalogue")

    clusters = browser.execute_script(
        "return [...document.querySelectorAll('.marker-cluster')].map(e => +e.textContent)")
    singles = count(browser, ".leaflet-marker-icon.tp-site-icon")
    assert clusters and sum(clusters) + singles == len(catalogue.sites)
    browser.execute_script(
        "[...document.querySelectorAll('.tp-zoom button')].find(b => b.textContent === 'Baikonur').click()")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return document.querySelectorAll('.tp-site-icon').length === 4"
        " && !document.querySelector('.marker-cluster, .leaflet-cluster-anim')"))
    assert count(browser, ".tp-site-icon .tp-permit") == 4
    browser.execute_script(
        "[...document.querySelectorAll('.tp-site-icon')].find(e => e.querySelector('.fa-rocket'))"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    text = popup_text(browser, "Launch pad")
    assert "Permit needed" in text and "Guided only" in text and "Apply for the permit" in text
    screenshot(browser, "map-catalogue.png")

    later = collect(browser)
    assert outside(loaded, site.base) + outside(later, site.base) == []  # tiles=None: nothing leaves
    assert loaded.failed_local + later.failed_local == []
    assert loaded.console_errors + later.console_errors == []
