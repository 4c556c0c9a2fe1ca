"""Every traveller's page at a phone's 390 px and a desktop's 1280 px, in headless Chromium: axe-core
(vendored from npm under tests/vendor, injected by the test, never served) finds no serious or critical
violation, every element a keyboard or screen reader can reach has an accessible name, and nothing
scrolls sideways. Screenshots of each page at both widths are kept in test-artifacts/.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import chrome, live_server, require_browser, screenshot

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
WAIT = 20
SEED_REQUEST = {"start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05",
                "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city",
                          "baikonur-gagarins-start"],
                "traveller": {"nationality": "FR", "age": 30, "party_size": 1}, "booking_date": "2017-04-01"}
MAP_PAGES = ("home", "sites", "site", "trip", "map")

# Everything a keyboard or a screen reader lands on must say what it is.
NAMELESS = """
const reach = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], ' +
              '[role=link], [role=checkbox], [tabindex]:not([tabindex="-1"])';
axe.setup(document);
try {
  return [...document.querySelectorAll(reach)].filter(el => {
    // Only what is shown (a closed <details> hides its content from everyone).
    if (el.closest('[aria-hidden=true]') || !el.checkVisibility({visibilityProperty: true})) { return false; }
    return !axe.commons.text.accessibleText(el).trim();
  }).map(el => el.outerHTML.slice(0, 160));
} finally { axe.teardown(); }
"""


@pytest.fixture(scope="module")
def site_and_trip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Callable[[], str]]]:
    """The app on a free port with the seed trip saved; (base URL, trip token)."""
    require_browser()
    from tourplanner import create_app, services
    from tourplanner.resources import SEED_FILE
    from tourplanner.store.db import make_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'a11y.sqlite'}"
    engine = make_engine(url)
    services.init_database(engine, SEED_FILE)
    engine.dispose()
    app = create_app({"database_url": url, "testing": True, "tiles": None})
    engine = app.extensions["tourplanner"].engine
    # A launch that moved, so /launches and the launch's page show their slip history under axe too.
    services.move_launch(engine, "soyuz-ms-30", net=datetime(2027, 3, 18, 6, 0, tzinfo=UTC), status="Go",
                         precision="minute", source="ll2")
    with live_server(app) as base:
        # A trip of its own for each test that asks (pages are cached per trip; each test starts afresh).
        yield base, lambda: services.create_trip(engine, SEED_REQUEST, date(2017, 4, 1)).token
    engine.dispose()


def pages(token: str) -> dict[str, str]:
    return {"home": "/", "sites": "/sites", "launches": "/launches", "builder": "/plan",
            "builder-past": "/plan?past=1", "site": "/sites/museum-of-cosmonautics",
            "launch": "/launches/soyuz-ms-30", "trip": f"/trips/{token}", "map": f"/trips/{token}/map"}


def run_axe(driver: WebDriver) -> list[dict[str, Any]]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)),"
        " e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
    return [v for v in json.loads(result) if v.get("impact") in ("serious", "critical")]


def settle(driver: WebDriver, name: str) -> None:
    """Wait until the page's map (if any) has drawn its markers, so they are checked too."""
    from selenium.webdriver.support.ui import WebDriverWait

    if name in MAP_PAGES:
        try:
            WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(
                "return document.querySelectorAll('.leaflet-marker-pane > *').length > 0"))
        except Exception:  # noqa: BLE001 - any failure: say what the console said
            logs = [e["message"] for e in driver.get_log("browser")]
            raise AssertionError(f"{name}: no markers; console: {logs[:5]}") from None


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_passes_axe_and_names_everything(site_and_trip: tuple[str, Callable[[], str]], width: int) -> None:
    base, new_trip = site_and_trip
    token = new_trip()
    problems: dict[str, Any] = {}
    with chrome(width, 844 if width < 500 else 900) as driver:
        for name, path in pages(token).items():
            driver.get(base + path)
            settle(driver, name)
            screenshot(driver, f"ux-{name}-{width}", full_page=name != "map")
            if name in ("trip", "site"):
                screenshot(driver, f"ux-{name}-{width}-first-screen", full_page=False)
            violations = run_axe(driver)
            nameless = driver.execute_script(NAMELESS)
            wide = driver.execute_script("return document.documentElement.scrollWidth") > width
            if violations or nameless or wide:
                problems[name] = {
                    "axe": [(v["id"], v["impact"], v["help"], [n["html"][:120] for n in v["nodes"][:3]])
                            for v in violations],
                    "nameless": nameless[:5], "scrolls sideways": wide}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_the_trip_map_on_a_phone_leaves_the_map_usable(site_and_trip: tuple[str, Callable[[], str]]) -> None:
    """390 px: the day list is a button, not a panel over the map; zoom, "Zoom to" and the scale show;
    every stop is a named marker or a named cluster; route lines are not in the tab order."""
    base, new_trip = site_and_trip
    token = new_trip()
    with chrome(390, 844) as phone:
        phone.get(f"{base}/trips/{token}/map")
        settle(phone, "map")
        box = phone.execute_script("return document.querySelector('.leaflet-container').getBoundingClientRect()"
                                   ".toJSON()")
        layers = phone.execute_script(
            "return document.querySelector('.leaflet-control-layers:not(.tp-legend)').getBoundingClientRect().toJSON()")
        assert layers["width"] * layers["height"] < 0.05 * box["width"] * box["height"], layers  # folded
        for selector in (".leaflet-control-zoom-in", ".tp-zoom button", ".leaflet-control-scale"):
            rect = phone.execute_script(f"return document.querySelector('{selector}').getBoundingClientRect()"
                                        ".toJSON()")
            centre = phone.execute_script(
                "const r = arguments[0]; const el = document.elementFromPoint(r.x + r.width / 2, r.y + 4);"
                f"return !!el && !!el.closest('{selector}');", rect)
            assert centre, f"{selector} is covered"
        assert phone.execute_script(
            "return [...document.querySelectorAll('.leaflet-overlay-pane path')]"
            ".every(p => p.getAttribute('tabindex') === '-1')")
        labels = phone.execute_script(
            "return [...document.querySelectorAll('.leaflet-marker-pane > *')].map(m => m.getAttribute('aria-label'))")
        assert labels and all(labels), labels
        screenshot(phone, "ux-map-390-phone", full_page=False)
        # "Zoom to Moscow" with no tiles: rivers and the built-up area are drawn, and district names.
        phone.execute_script("[...document.querySelectorAll('.tp-zoom button')]"
                             ".find(b => b.textContent === 'Moscow').click()")
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(phone, WAIT).until(lambda d: d.execute_script(
            "return document.querySelector('.leaflet-tp-detail-pane canvas') !== null"
            " && [...document.querySelectorAll('.tp-place')].some(p => p.style.visibility !== 'hidden')"))
        screenshot(phone, "ux-map-390-moscow", full_page=False)
        scale = phone.execute_script("return document.querySelector('.leaflet-control-scale').getBoundingClientRect()"
                                     ".toJSON()")
        credits = phone.execute_script("return document.querySelector('.leaflet-control-attribution')"
                                       ".getBoundingClientRect().toJSON()")
        assert credits["left"] >= scale["right"] or credits["top"] >= scale["bottom"], (scale, credits)
        # The layer button opens the day list, and it can be folded away again.
        phone.execute_script("document.querySelector('.leaflet-control-layers-toggle').click()")
        assert phone.execute_script(
            "return document.querySelector('.leaflet-control-layers-expanded') !== null")


def test_the_seed_trips_pack_opens_without_a_network_and_shows_every_days_map(
        site_and_trip: tuple[str, Callable[[], str]], tmp_path: Path) -> None:
    """The trip pack (one .html file) saved to disk and opened with the network switched off: every day
    has its map, with its stops, on the bundled basemap; nothing is fetched; axe finds nothing serious."""
    import urllib.request

    from selenium.webdriver.support.ui import WebDriverWait

    base, new_trip = site_and_trip
    token = new_trip()
    with urllib.request.urlopen(f"{base}/trips/{token}/pack", timeout=60) as response:
        assert "attachment" in response.headers["Content-Disposition"]
        body = response.read()
    assert len(body) < 2_500_000, f"the pack is {len(body)} bytes"  # budget: one phone download
    pack = tmp_path / "trip-pack.html"
    pack.write_bytes(body)
    days = len(re.findall(rb'<li class="day card pack-day', body))
    assert days == 9  # the seed trip: 21-29 July 2017
    for width in (390, 1280):
        with chrome(width, 844 if width < 500 else 900) as driver:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
                "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
            driver.get(pack.as_uri())
            WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(
                "return [...document.querySelectorAll('[data-pack-map]')].every(b =>"
                " b.querySelector('.leaflet-marker-pane > *') && b.querySelector('.leaflet-tp-basemap-pane canvas'))"))
            maps = driver.execute_script(
                "return [...document.querySelectorAll('[data-pack-map]')].map(b => b.querySelectorAll("
                "'.leaflet-container').length)")
            assert maps == [1] * days
            # Rivers and built-up areas are inline too, and drawn on the days framed at regional zoom.
            assert driver.execute_script("return document.querySelectorAll('.leaflet-tp-detail-pane canvas').length") > 0
            fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
            assert [u for u in fetched if not u.startswith(("file:", "data:"))] == []
            errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert errors == []
            assert driver.execute_script("return document.documentElement.scrollWidth") <= width
            screenshot(driver, f"ux-pack-{width}")
            assert run_axe(driver) == []


PRINTED_MAPS = """
return [...document.querySelectorAll('li.day')].map(day => {
  const svg = day.querySelector('svg.print-map');
  const box = svg ? svg.getBoundingClientRect() : null;
  return box ? [Math.round(box.width), Math.round(box.height), svg.querySelectorAll('path[d^=M]').length] : null;
});
"""


def _print_pdf(driver: WebDriver, name: str) -> bytes:
    """Chromium's own print of the page to PDF (kept in test-artifacts/ for a person to look at)."""
    import base64

    from browser import ARTIFACTS

    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    return pdf


def test_printing_the_trip_page_and_the_pack_keeps_every_days_map(
        site_and_trip: tuple[str, Callable[[], str]], tmp_path: Path) -> None:
    """Print media: the interactive maps are hidden (they print at their screen size and view) and each
    day shows its drawn map, full width, with land, routes and stops; the pack does the same from disk
    with no network. Chromium prints both to PDF."""
    import urllib.request

    base, new_trip = site_and_trip
    token = new_trip()
    with urllib.request.urlopen(f"{base}/trips/{token}/pack", timeout=60) as response:
        pack = tmp_path / "trip-pack.html"
        pack.write_bytes(response.read())
    with chrome(1280, 900) as driver:
        for name, url in (("trip", f"{base}/trips/{token}"), ("pack", pack.as_uri())):
            if name == "pack":
                driver.execute_cdp_cmd("Network.enable", {})
                driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
                    "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
            driver.get(url)
            on_screen = driver.execute_script(PRINTED_MAPS)
            assert len(on_screen) == 9 and all(d and d[:2] == [0, 0] for d in on_screen), on_screen  # hidden
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            drawn = driver.execute_script(PRINTED_MAPS)
            assert len(drawn) == 9 and all(d and d[0] > 300 and d[1] > 180 and d[2] >= 2 for d in drawn), drawn
            assert driver.execute_script(
                "return [...document.querySelectorAll('.leaflet-container')].every(m => !m.checkVisibility())")
            screenshot(driver, f"ux-{name}-print")
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            assert _print_pdf(driver, f"ux-{name}-print").startswith(b"%PDF")


# Each launch table cell that shows: where it is, whether a scroll box hides part of its table, how it is
# laid out, and (on a phone) the label its line starts with.
LAUNCH_CELLS = """
return [...document.querySelectorAll('table.launches > tbody > tr > *')].filter(c => c.checkVisibility()).map(c => {
  const r = c.getBoundingClientRect(), box = c.closest('.table-scroll');
  return {cell: c.textContent.trim().slice(0, 40), left: r.left, right: r.right, display: getComputedStyle(c).display,
          label: c.dataset.label || null, shown: getComputedStyle(c, '::before').content,
          hidden_in_box: box.scrollWidth > box.clientWidth + 1};
});
"""


def test_launch_tables_fit_a_phone_in_every_language_and_print_as_tables(
        site_and_trip: tuple[str, Callable[[], str]]) -> None:
    """390 px: a launch table as wide as its columns scrolled sideways inside its box and cut off its last
    column (the "Plan a trip" link), worst in Russian and Kazakh. Every cell of every launch table (home
    page, /launches upcoming and past) must lie inside the viewport, nothing hidden in a scroll box, each
    line led by its column's name; at 1280 px and in print it is still a table (print without the link)."""
    base, _ = site_and_trip
    with chrome(390, 844) as phone:
        for lang in ("en", "ru", "kk"):
            for path in ("/launches", "/"):
                phone.get(f"{base}{path}?lang={lang}")
                phone.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
                cells = phone.execute_script(LAUNCH_CELLS)
                width = phone.execute_script("return document.documentElement.clientWidth")
                assert len(cells) > 10, (path, lang, cells)
                cut = [c for c in cells if c["left"] < -0.5 or c["right"] > width + 0.5 or c["hidden_in_box"]]
                assert not cut, (path, lang, width, cut[:4])
                assert all(c["display"] == "block" for c in cells), (path, lang, cells[:3])
                unlabelled = [c for c in cells if c["label"] and c["label"] not in c["shown"]]
                assert not unlabelled, (path, lang, unlabelled[:3])
                assert len({c["label"] for c in cells if c["label"]}) == 3, (path, lang)  # status, when, pad
        phone.get(f"{base}/launches?lang=kk")
        screenshot(phone, "ux-launches-390-kk", full_page=False)
    with chrome(1280, 900) as desk:
        desk.get(f"{base}/launches?lang=ru")
        cells = desk.execute_script(LAUNCH_CELLS)
        assert cells and all(c["display"] == "table-cell" and c["shown"] == "none" for c in cells), cells[:3]
        headers = desk.execute_script("return [...document.querySelectorAll('table.launches > thead th')]"
                                      ".map(h => h.getBoundingClientRect().height)")
        assert headers and all(h > 10 for h in headers), headers
        desk.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        printed = desk.execute_script(LAUNCH_CELLS)
        assert printed and all(c["display"] == "table-cell" for c in printed), printed[:3]
        assert not [c for c in printed if "Plan" in c["cell"] or "Спланировать" in c["cell"]], printed
        rows = desk.execute_script("return [...document.querySelectorAll('table.launches > tbody > tr')]"
                                   ".filter(r => r.checkVisibility()).length")
        assert rows and len(printed) == 4 * rows, printed  # mission, status, when, pad
