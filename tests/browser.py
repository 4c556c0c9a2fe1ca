"""Shared helpers for browser tests: Debian's headless Chromium and the real app on a free port.

`chrome()` gives a fresh browser with its own temporary profile (a new one is a fresh visitor with no
cookies); `live_server(app)` serves a Flask app with werkzeug in a thread. Without chromium or
chromedriver the tests skip with the reason, unless TOURPLANNER_REQUIRE_BROWSER=1 (CI), then they fail.
Screenshots go to test-artifacts/ (git-ignored) for a human to look at.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-default-apps", "--disable-extensions")


def require_browser() -> tuple[str, str]:
    """Paths of chromium and chromedriver, or skip (fail under TOURPLANNER_REQUIRE_BROWSER=1) saying why."""
    chromium = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    driver = CHROMEDRIVER if os.access(CHROMEDRIVER, os.X_OK) else shutil.which("chromedriver")
    missing = [name for name, path in (("chromium", chromium), ("chromedriver", driver)) if path is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[dev]')")
    if missing:
        reason = f"browser tests need {', '.join(missing)} (make browser-deps installs Debian's)"
        if os.environ.get("TOURPLANNER_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; TOURPLANNER_REQUIRE_BROWSER=1 forbids skipping")
        pytest.skip(reason)
    assert chromium is not None and driver is not None
    return chromium, driver


@contextmanager
def chrome(width: int = 1280, height: int = 900, *, mobile: bool = False,
           javascript: bool = True) -> Iterator[WebDriver]:
    """A headless Chromium with a profile of its own, removed afterwards (`javascript=False`: off)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = require_browser()
    profile = tempfile.mkdtemp(prefix="tp-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(30)
    if mobile or width < 500:  # headless windows are at least 500 px wide: emulate a phone's viewport
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve `app` on a free 127.0.0.1 port in a thread; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def screenshot(driver: WebDriver, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG under test-artifacts/: the whole page (`full_page`) or what the viewport shows."""
    import base64

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if not full_page:
        driver.save_screenshot(str(path))
        return path
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 12000), "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def console_errors(driver: WebDriver, ignore: tuple[str, ...] = ()) -> list[str]:
    """SEVERE messages from the page's console since the last call (tile and favicon noise filtered)."""
    messages = [str(entry.get("message", "")) for entry in driver.get_log("browser")
                if entry.get("level") == "SEVERE"]
    return [m for m in messages if not any(part in m for part in ignore)]
