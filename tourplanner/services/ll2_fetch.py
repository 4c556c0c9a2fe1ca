"""Launch Library 2 pages over HTTP, within LL2's rate limits. No database: launches out, or a clear error.

LL2's free tier allows 15 requests an hour, so pages are fetched at least `min_interval` seconds apart
(240 s by default); `next` is followed up to `max_pages`. A 429 is honoured: its Retry-After (seconds
or an HTTP date) is waited out when it is no longer than `max_wait`, up to `retries` times; otherwise
the fetch stops, keeping the pages already read (with a note) or, on the first page, failing with
when to come back. An unreachable host, a timeout, an HTTP error or an answer that is not JSON is an
`LL2Unavailable` that says which and what to do.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from .ll2 import LL2FormatError, LL2Launch, parse_answer

USER_AGENT = "tourplanner-ll2-sync (+https://github.com/)"
MIN_INTERVAL = 240.0  # 15 an hour
MAX_WAIT = 900.0


class LL2Unavailable(LL2FormatError):
    """Launch Library 2 could not be read (network, throttling, HTTP error): nothing was synced."""


class _Throttled(Exception):
    def __init__(self, retry_after: float | None) -> None:
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date (RFC 9110); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _get(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        if error.code == 429:
            raise _Throttled(retry_after_seconds(error.headers.get("Retry-After"))) from error
        raise LL2Unavailable(f"Launch Library 2 answered HTTP {error.code} ({error.reason}) for {url}") from error
    except urllib.error.URLError as error:
        raise LL2Unavailable(f"cannot reach Launch Library 2 at {url} ({error.reason}): check the network, "
                             "or sync from a saved answer with --file") from error
    except TimeoutError as error:
        raise LL2Unavailable(f"Launch Library 2 did not answer within {timeout:g} s at {url}: try again later, "
                             "or sync from a saved answer with --file") from error
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise LL2Unavailable(f"the answer from {url} is not JSON ({error}): is it an LL2 /launch/ URL?") from error


def fetch(url: str, *, max_pages: int = 1, min_interval: float = MIN_INTERVAL, max_wait: float = MAX_WAIT,
          retries: int = 2, timeout: float = 30.0, notes: list[str] | None = None,
          sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic
          ) -> list[LL2Launch]:
    """The launches of up to `max_pages` pages from `url` on, following `next`; see the module's rules."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise LL2Unavailable(f"{url!r} is not an http(s) URL of the LL2 /launch/ endpoint")
    launches: list[LL2Launch] = []
    next_url: str | None = url
    last: float | None = None
    pages = 0
    while next_url is not None and pages < max_pages:
        throttled = 0
        while True:
            if last is not None and clock() - last < min_interval:
                sleep(min_interval - (clock() - last))
            try:
                data = _get(next_url, timeout)
                break
            except _Throttled as slow:
                last = clock()  # from the end of the answer: LL2 sees requests at least this far apart
                throttled += 1
                wait = slow.retry_after
                if wait is not None and wait <= max_wait and throttled <= retries:
                    sleep(wait)
                    continue
                when = f"in {wait:.0f} s" if wait is not None else "later"
                message = f"Launch Library 2 throttled us (429): try again {when}"
                if not launches:
                    raise LL2Unavailable(message) from None
                if notes is not None:
                    notes.append(f"{message}; synced the {pages} page(s) read so far")
                return launches
        last = clock()
        launches += parse_answer(data)
        pages += 1
        following = data.get("next") if isinstance(data, dict) else None
        next_url = following if isinstance(following, str) and following else None
    if next_url is not None and notes is not None:
        notes.append(f"more launches remain after {pages} page(s) (raise --pages to read them): {next_url}")
    return launches
