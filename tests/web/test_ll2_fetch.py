"""`tourplanner launches sync --url` against a local LL2 stand-in (a thread serving our LL2-format sample
in two pages): `next` is followed, pages are `--min-interval` apart, a 429's Retry-After is waited out,
a too-long one or an unreachable host is a clear error; the synced launches are those of `--file`."""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tourplanner.cli import main
from tourplanner.services.ll2_fetch import LL2Unavailable, fetch, retry_after_seconds

SAMPLE = json.loads((Path(__file__).resolve().parent.parent / "data" / "ll2_launches_sample.json").read_text())


class LL2StandIn:
    """Two pages of the sample; `throttle` maps a path to the 429s (with Retry-After) it answers first."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, float, int]] = []
        self.throttle: dict[str, list[str]] = {}
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                waits = stand_in.throttle.get(path, [])
                status = 429 if waits else 200 if path in ("/2.3.0/launch/", "/2.3.0/launch/page2/") else 404
                stand_in.hits.append((path, time.monotonic(), status))
                if status == 429:
                    self.send_response(429)
                    self.send_header("Retry-After", waits.pop(0))
                    self.end_headers()
                    return
                if status == 404:
                    self.send_error(404)
                    return
                half = len(SAMPLE["results"]) // 2
                first = path == "/2.3.0/launch/"
                page = {**SAMPLE, "results": SAMPLE["results"][:half] if first else SAMPLE["results"][half:],
                        "next": f"{stand_in.base}/2.3.0/launch/page2/" if first else None}
                body = json.dumps(page).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def gaps(self) -> list[float]:
        return [b[1] - a[1] for a, b in zip(self.hits, self.hits[1:], strict=False)]


@pytest.fixture
def ll2() -> Iterator[LL2StandIn]:
    stand_in = LL2StandIn()
    stand_in.thread.start()
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


def test_sync_url_follows_next_waits_out_a_429_and_moves_creates_ignores(
        ll2: LL2StandIn, database_url: str, client: Any) -> None:
    ll2.throttle["/2.3.0/launch/page2/"] = ["1"]
    result = CliRunner().invoke(main, ["launches", "sync", "--url", f"{ll2.base}/2.3.0/launch/", "--pages", "3",
                                       "--min-interval", "0.5"], env={"TOURPLANNER_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert [(path, status) for path, _, status in ll2.hits] == [
        ("/2.3.0/launch/", 200), ("/2.3.0/launch/page2/", 429), ("/2.3.0/launch/page2/", 200)]
    first, after_429 = ll2.gaps()
    assert first >= 0.5 and after_429 >= 1.0, ll2.gaps()  # the minimum interval, then Retry-After
    assert "moved: soyuz-ms-30" in result.output and "created: progress-ms-38" in result.output
    assert "ignored (not from a catalogue pad): 1" in result.output
    history = client.get("/api/launches/soyuz-ms-30").get_json()["history"]
    assert [(h["new_net"], h["source"]) for h in history] == [("2027-03-03T08:10:00Z", "ll2")]


def test_pages_are_never_closer_than_the_minimum_interval(ll2: LL2StandIn) -> None:
    notes: list[str] = []
    found = fetch(f"{ll2.base}/2.3.0/launch/", max_pages=1, min_interval=0.3, notes=notes)
    assert len(found) == len(SAMPLE["results"]) // 2
    assert "raise --pages" in notes[0] and "/page2/" in notes[0]  # `next` remains: said, not silently dropped
    fetch(f"{ll2.base}/2.3.0/launch/", max_pages=2, min_interval=0.3)
    assert len(ll2.hits) == 3 and ll2.gaps()[-1] >= 0.3


def test_a_retry_after_longer_than_the_limit_stops_with_when_to_come_back(ll2: LL2StandIn, database_url: str) -> None:
    ll2.throttle["/2.3.0/launch/"] = ["3600"]
    result = CliRunner().invoke(main, ["launches", "sync", "--url", f"{ll2.base}/2.3.0/launch/", "--max-wait", "60"],
                                env={"TOURPLANNER_DATABASE_URL": database_url})
    assert result.exit_code == 1 and "throttled us (429): try again in 3600 s" in result.output
    assert len(ll2.hits) == 1  # no hammering
    # Throttled on page 2 past the limit: page 1 is kept and the note says so.
    ll2.throttle["/2.3.0/launch/page2/"] = ["3600"]
    notes: list[str] = []
    found = fetch(f"{ll2.base}/2.3.0/launch/", max_pages=2, min_interval=0, max_wait=60, notes=notes)
    assert len(found) == len(SAMPLE["results"]) // 2 and "synced the 1 page(s) read so far" in notes[0]


def test_an_unreachable_host_is_a_clear_error(database_url: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    result = CliRunner().invoke(main, ["launches", "sync", "--url", f"http://127.0.0.1:{port}/2.3.0/launch/"],
                                env={"TOURPLANNER_DATABASE_URL": database_url})
    assert result.exit_code == 1
    assert f"cannot reach Launch Library 2 at http://127.0.0.1:{port}/2.3.0/launch/" in result.output
    assert "--file" in result.output and "Traceback" not in result.output
    with pytest.raises(LL2Unavailable, match="not an http"):
        fetch("file:///etc/passwd")


def test_a_not_found_page_and_retry_after_dates_are_read(ll2: LL2StandIn) -> None:
    with pytest.raises(LL2Unavailable, match="HTTP 404"):
        fetch(f"{ll2.base}/nowhere/")
    now = datetime(2027, 1, 1, tzinfo=UTC)
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert retry_after_seconds("120") == 120 and retry_after_seconds("soon") is None
