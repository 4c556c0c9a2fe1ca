"""Every traveller page in Russian and Kazakh (issue 13): the pages are enumerated from the URL map, so a
new page cannot be forgotten; a trip made in Russian keeps its language in its calendar, which passes
every consumer of `ics-check`; the planner's reasons read in each language."""
from __future__ import annotations

import html as htmllib
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from sqlmodel import Session, select

from tourplanner.resources import TRANSLATIONS_DIR

REPO = Path(__file__).resolve().parents[2]
# beside the repository (as in test_calendar_http.py); TOURPLANNER_ICS_CHECK names it elsewhere (a worktree)
ICS_CHECK = Path(os.environ.get("TOURPLANNER_ICS_CHECK") or REPO.parent / "shared" / "tools" / "ics-check" / "ics-check")
LANGS = ("ru", "kk")
# GET pages of the traveller layer that are not HTML pages (calendars, a health probe).
NOT_PAGES = {"pages.healthz", "pages.launches_feed", "pages.trip_ics", "pages.trip_feed"}
TRIP: dict[str, Any] = {
    "start_date": "2017-07-21", "end_date": "2017-07-29",
    "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city", "baikonur-gagarins-start"],
    "must_see": ["star-city"], "launch": "soyuz-ms-05",
    "traveller": {"nationality": "FR", "age": 30, "party_size": 1},
    "booking_date": "2017-04-01", "notify_email": "traveller@example.org",
}


class _Text(HTMLParser):
    """The text a reader sees (and hears: alt, aria-label, title, placeholder), one piece per node."""

    SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        self._in_title = tag == "title"
        for name, value in attrs:
            if name in ("alt", "aria-label", "title", "placeholder", "label") and value:
                self.pieces.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        text = " ".join(data.split())
        if text:
            self.pieces.append(text)
            if self._in_title:
                self.title += text


def _visible(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


def _english_ui() -> tuple[set[str], list[str]]:
    """The interface's English: whole messages (matched as a whole text node) and the literal runs of
    three words or more inside messages with placeholders (matched anywhere)."""
    with open(TRANSLATIONS_DIR / "messages.pot", "rb") as handle:
        ids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id]
    whole = {i.strip() for i in ids if "%(" not in i and i.strip()}
    runs = []
    for message in ids:
        for run in re.split(r"%\(\w+\)[sd]|<[^>]+>", message):
            run = run.strip(" .,:;()\u201c\u201d")
            if len(run.split()) >= 3:
                runs.append(run)
    return whole, runs


def _english_left(page: str, english_page: str) -> list[str]:
    """UI English that shows in both the English page and the translated one: never translated."""
    whole, runs = _english_ui()
    shown = _visible(page).pieces
    in_english = " ".join(_visible(english_page).pieces)
    left = [p for p in shown if p in whole and p in in_english]
    text = " ".join(shown)
    left += [r for r in runs if r in text and r in in_english]
    return left


@pytest.fixture
def trips(client: Any, engine: Any) -> dict[str, dict[str, Any]]:
    """One trip per language (lang in POST /api/trips), with a notification address."""
    out = {}
    for lang in ("en", *LANGS):
        response = client.post("/api/trips", json={**TRIP, "lang": lang})
        assert response.status_code == 201, response.get_data(as_text=True)
        out[lang] = response.get_json()
    from tourplanner.store.tables import TripRow

    with Session(engine) as session:
        for lang, data in out.items():
            trip = session.exec(select(TripRow).where(TripRow.token == data["token"])).one()
            data["notify_key"] = trip.notify_key
    return out


def _pages(app: Any, trip: dict[str, Any], edit: bool) -> list[tuple[str, str]]:
    """(endpoint, path) of every GET page of the traveller layer, its arguments filled in."""
    values = {"token": trip["token"] if edit else trip["share_token"], "site_id": "star-city",
              "launch_id": "soyuz-ms-05", "key": trip["notify_key"]}
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("pages.") or "GET" not in (rule.methods or ()) \
                or rule.endpoint in NOT_PAGES:
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"{rule.rule}: give the test a value for {unknown}"
        with app.test_request_context():
            from flask import url_for

            out.append((rule.endpoint, url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_traveller_page_is_in_the_language_from_title_to_footer(app: Any, client: Any, lang: str,
                                                                      trips: dict[str, dict[str, Any]]) -> None:
    in_english = app.test_client()  # its own cookies: an explicit choice would stick to `client`
    checked = 0
    for edit in (True, False):
        for endpoint, path in _pages(app, trips[lang], edit):
            if endpoint in ("pages.confirm", "pages.unsubscribe") and not edit:
                continue
            page = client.get(path, headers={"Accept-Language": lang})
            # the versions page answers a share link with the error page: that page is checked too
            wanted = 403 if endpoint == "pages.trip_versions" and not edit else 200
            assert page.status_code == wanted, (path, page.status_code)
            body = page.get_data(as_text=True)
            english = in_english.get(f"{path}?lang=en").get_data(as_text=True)
            assert f'<html lang="{lang}">' in body, path
            title = _visible(body).title
            assert title and title != _visible(english).title or "/sites/" in path or "/launches/" in path, \
                (path, title)
            left = _english_left(body, english)
            assert not left, (path, left[:8])
            checked += 1
    assert checked >= 15


def test_a_trip_page_speaks_its_own_language_unless_the_visitor_chose_another(
        client: Any, trips: dict[str, dict[str, Any]]) -> None:
    path = f"/trips/{trips['ru']['share_token']}"
    assert '<html lang="ru">' in client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="kk">' in client.get(f"{path}?lang=kk").get_data(as_text=True)


def test_dates_and_plurals_follow_cldr(client: Any, trips: dict[str, dict[str, Any]]) -> None:
    ru = htmllib.unescape(client.get(f"/trips/{trips['ru']['token']}").get_data(as_text=True))
    assert "21\u201329 июля 2017" in ru  # the month in the genitive (CLDR)
    assert "На 1 человека:" in ru
    kk = htmllib.unescape(client.get(f"/trips/{trips['kk']['token']}").get_data(as_text=True))
    assert "шілде" in kk and "1 адамға:" in kk


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Too late to apply"), ("ru", "Подавать заявку поздно"), ("kk", "Өтінім беруге кеш"),
])
def test_the_planner_gives_its_reasons_in_each_language(lang: str, words: str) -> None:
    """A permit that cannot be had in time: the reason code stays, the message is in the language."""
    from datetime import date

    from tourplanner.planning.i18n import using
    from tourplanner.planning.planner import plan
    from tourplanner.planning.serialize import request_from_json
    from tourplanner.store.seed import default_seed_path, parse_seed

    catalogue = parse_seed(default_seed_path())
    request = request_from_json({**{k: v for k, v in TRIP.items() if k != "notify_email"},
                                 "booking_date": "2017-07-01"}, today=date(2017, 7, 1),
                                known_sites={s.id for s in catalogue.sites},
                                known_launches={x.id for x in catalogue.launches})
    with using(lang):
        itinerary = plan(request, catalogue)
    reasons = [r for u in itinerary.unscheduled for r in u.reasons]
    assert any(r.code == "permit_lead_time" and words in r.message for r in reasons), reasons


@pytest.mark.parametrize("lang", LANGS)
def test_reason_codes_have_plain_words(app: Any, lang: str) -> None:
    from tourplanner.planning.explain import REASON_CODES
    from tourplanner.planning.i18n import using
    from tourplanner.web.present import FIXES, reason_words

    with using(lang):
        for code in REASON_CODES:
            assert reason_words(code) != code.replace("_", " ") and not re.search(r"[a-z]{3}", reason_words(code))
        with using("en"):
            english = {code: reason_words(code) for code in REASON_CODES}
        assert all(reason_words(code) != english[code] for code in REASON_CODES)
    assert set(FIXES) >= set(REASON_CODES)


def test_form_errors_name_the_field_by_its_russian_label(client: Any) -> None:
    page = client.get("/plan?lang=ru").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    response = client.post("/plan?lang=ru", data={
        "csrf_token": token.group(1), "start_date": "2027-06-10", "end_date": "2027-06-01", "sites": "vdnkh",
        "nationality": "FR", "age": "30", "party_size": "1"})
    assert response.status_code == 422
    text = htmllib.unescape(response.get_data(as_text=True))
    assert "«Последний день» (1 июня 2027) раньше, чем «Первый день» (10 июня 2027)" in text
    assert "end_date" not in re.sub(r'(id|name|for|aria-describedby)="[^"]*"', "", text.split("<main")[1])


def test_a_russian_trip_has_a_russian_calendar(client: Any, trips: dict[str, dict[str, Any]]) -> None:
    import icalendar

    data = client.get(f"/trips/{trips['ru']['share_token']}.ics", headers={"Accept-Language": "en"}).data
    calendar = icalendar.Calendar.from_ical(data)
    events = [c for c in calendar.walk("VEVENT")]
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    descriptions = " ".join(str(e.get("DESCRIPTION", "")) for e in events)
    assert "СРОК 2017-" in summaries and "паспортные данные" in summaries
    assert "Поездка: http" in descriptions and "Правила доступа:" in descriptions
    english = client.get(f"/trips/{trips['en']['share_token']}.ics").data.decode()
    assert "DEADLINE 2017-" in english and "СРОК" not in english


def test_a_russian_trip_calendar_passes_every_consumer_of_ics_check(database_url: str) -> None:
    if not os.access(ICS_CHECK, os.X_OK):
        pytest.skip(f"ics-check not found at {ICS_CHECK} (it lives in shared/ beside the repository)")
    import json
    import urllib.request

    from browser import live_server

    from tourplanner import create_app

    app = create_app({"database_url": database_url, "testing": True, "tiles": "none"})
    with live_server(app) as base:
        request = urllib.request.Request(f"{base}/api/trips", data=json.dumps({**TRIP, "lang": "ru"}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request) as answer:
            trip = json.loads(answer.read())
        url = trip["urls"]["ics"]  # the feed's bytes are the same events (test_calendar_http checks it)
        with urllib.request.urlopen(url) as answer:
            assert "СРОК" in answer.read().decode()
        run = subprocess.run([str(ICS_CHECK), url], check=False, capture_output=True, text=True, timeout=900)
        last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
        assert run.returncode == 0, run.stdout + run.stderr
        assert last == "ics-check: 8 consumers ok, 0 failed", run.stdout + run.stderr
