"""A catalogue change's summary reads in the page's language: the public site page and the operator's
history re-word the stored English summary (services/change_words.py); English readers get it as stored."""
from __future__ import annotations

import html
import re
from typing import Any

import pytest
from test_operator import PASSWORD, apply_preview, csrf, sign_in

from tourplanner import services

ENGLISH = ("closed", "May", " to ", "visit length", "changed", "new site")
EXPECTED = {"ru": ("закрыто с 4 мая 2099 по 7 мая 2099", "ВДНХ"),
            "kk": ("жабық", "мамыр", "ВДНХ")}


@pytest.fixture
def changed(app: Any, client: Any) -> str:
    """An operator closes VDNKh for four days through the closures form; the stored English summary."""
    engine = app.extensions["tourplanner"].engine
    services.create_operator(engine, "ops@example.com", PASSWORD, role="admin")
    sign_in(client, "ops@example.com")
    token = csrf(client.get("/operator/").get_data(as_text=True))
    preview = client.post("/operator/closures", data={"site": "vdnkh", "start": "2099-05-04", "end": "2099-05-07",
                                                       "reason": "Filming", "csrf_token": token})
    assert apply_preview(client, preview).status_code == 303
    summary = services.recent_changes(engine)[0].summary
    assert summary.endswith(": closed 4 May 2099 to 7 May 2099 (Filming)")
    return summary


def _site_changes(client: Any, lang: str) -> str:
    page = client.get("/sites/vdnkh", headers={"Accept-Language": lang}).get_data(as_text=True)
    match = re.search(r'<ul id="site-changes">(.*?)</ul>', page, re.DOTALL)
    assert match, "no list of changes on the site page"
    return html.unescape(match.group(1))


def _history(client: Any, lang: str) -> str:
    page = client.get("/operator/history/site:vdnkh", headers={"Accept-Language": lang}).get_data(as_text=True)
    match = re.search(r"<p><strong>(.*?)</strong><br>", page, re.DOTALL)
    assert match, "no change in the record's history"
    return html.unescape(match.group(1))


def test_english_readers_see_the_summary_as_stored(client: Any, changed: str) -> None:
    assert changed in _site_changes(client, "en")
    assert _history(client, "en") == changed


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_summary_reads_in_the_pages_language(client: Any, changed: str, lang: str) -> None:
    for words in (_site_changes(client, lang), _history(client, lang)):
        assert changed not in words
        for expected in EXPECTED[lang]:
            assert expected in words, (lang, words)
        left = [w for w in ENGLISH if w in words.replace("(Filming)", "")]
        assert not left, (lang, words, left)  # the operator's own reason stays as written


def test_a_site_edit_words_each_changed_field_in_russian(app: Any) -> None:
    """Several fields at once, re-worded from the stored before/after records."""
    from tourplanner.planning.i18n import using
    from tourplanner.services.change_words import change_words
    from tourplanner.services.site_edits import site_record

    engine = app.extensions["tourplanner"].engine
    before = site_record(services.load_catalogue(engine), "vdnkh")
    after = {**before, "visit_minutes": before["visit_minutes"] + 30, "address": "elsewhere"}
    stored = "VDNKh: visit length, address changed"
    with using("ru"):
        words = change_words("site:vdnkh", before, after, stored)
    assert words == f"{before['name_ru']}: изменено: продолжительность посещения, адрес"
    with using("en"):
        assert change_words("site:vdnkh", before, after, stored) == stored
    with using("kk"):  # a record this module cannot read keeps its English words
        assert change_words("site:vdnkh", {"id": "vdnkh"}, {"id": "vdnkh"}, stored) == stored
