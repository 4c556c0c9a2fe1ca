"""Catalogue texts in three languages: the reader's language when there is a text in it, else English
marked as such (never blank); operators edit the translations in the back office and the API."""
from __future__ import annotations

import html
import re
from typing import Any

import pytest
from test_operator import PASSWORD, apply_preview, csrf, sign_in

from tourplanner import services
from tourplanner.services.tokens import create_token

SITE = "museum-of-cosmonautics"


@pytest.fixture
def token(app: Any) -> dict[str, str]:
    engine = app.extensions["tourplanner"].engine
    account = services.create_operator(engine, "editor@example.com", PASSWORD, role="editor")
    return {"Authorization": f"Bearer {create_token(engine, account.id, 'tests')}"}


def _patch(client: Any, token: dict[str, str], body: dict[str, Any]) -> Any:
    got = client.get(f"/api/operator/sites/{SITE}", headers=token)
    return client.patch(f"/api/operator/sites/{SITE}", headers={**token, "If-Match": got.headers["ETag"]}, json=body)


def _lede(page: str) -> str:
    match = re.search(r'<p class="lede">(.*?)</p>', page, re.DOTALL)
    assert match, "no description on the page"
    return match.group(1)


@pytest.mark.parametrize(("lang", "words", "name"), [
    ("ru", "Главный космический музей России", "Музей космонавтики"),
    ("kk", "Ресейдің басты ғарыш мұражайы", "Космонавтика мұражайы"),
])
def test_the_seed_catalogue_speaks_the_readers_language(client: Any, lang: str, words: str, name: str) -> None:
    page = client.get(f"/sites/{SITE}", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert words in _lede(page) and 'lang="en"' not in _lede(page)
    assert f"<h1>{name}</h1>" in page and f"<title>{name} ·" in page
    api = client.get(f"/api/sites/{SITE}", headers={"Accept-Language": lang}).get_json()
    assert api["localized"] == {"lang": lang, "name": name, "name_lang": lang,
                                "description": api["description_i18n"][lang], "description_lang": lang}
    assert api["description"].startswith("Russia's main space museum")  # the contract's fields stay English


def test_a_missing_translation_falls_back_to_english_and_says_so(client: Any, token: dict[str, str]) -> None:
    changed = _patch(client, token, {"description_i18n": {"ru": "Только по-русски."}})
    assert changed.status_code == 200, changed.get_json()
    kazakh = client.get(f"/sites/{SITE}", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    lede = _lede(kazakh)
    assert html.unescape(lede).startswith('<span lang="en">Russia\'s main space museum'), lede
    assert '<small class="in-english">(ағылшынша)</small>' in lede
    russian = _lede(client.get(f"/sites/{SITE}", headers={"Accept-Language": "ru"}).get_data(as_text=True))
    assert russian == "Только по-русски."
    english = _lede(client.get(f"/sites/{SITE}", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "in-english" not in english and english.startswith("Russia")
    api = client.get(f"/api/sites/{SITE}", headers={"Accept-Language": "kk"}).get_json()["localized"]
    assert api["description_lang"] == "en" and api["description"].startswith("Russia's main space museum")


def test_a_closure_reason_without_a_translation_is_marked_english(client: Any, token: dict[str, str]) -> None:
    closures = [{"start": "2099-05-01", "end": "2099-05-03", "reason": "Filming day",
                 "reason_i18n": {"ru": "Съёмочный день"}}]
    assert _patch(client, token, {"closures": closures}).status_code == 200
    russian = client.get(f"/sites/{SITE}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    kazakh = client.get(f"/sites/{SITE}", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert re.search(r"<li>[^<]*2099[^<]*: Съёмочный день</li>", russian)
    assert not re.search(r"<li>[^<]*2099[^<]*: Filming day", russian)
    assert re.search(r"<li>[^<]*2099[^<]*: Filming day \(ағылшынша\)</li>", kazakh)


def test_the_api_round_trips_what_it_shows(client: Any, token: dict[str, str]) -> None:
    """A client may PATCH back the closures it got (with their `localized` parts) without an error."""
    _patch(client, token, {"closures": [{"start": "2099-05-01", "end": "2099-05-03", "reason": "Filming day"}]})
    got = client.get(f"/api/operator/sites/{SITE}", headers={**token, "Accept-Language": "ru"}).get_json()
    assert got["closures"][0]["localized"] == {"lang": "ru", "reason": "Filming day", "reason_lang": "en"}
    again = _patch(client, token, {"closures": got["closures"], "description_i18n": got["description_i18n"]})
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["closures"][0]["reason"] == "Filming day"


def test_an_unknown_language_is_refused_by_name(client: Any, token: dict[str, str]) -> None:
    refused = _patch(client, token, {"description_i18n": {"de": "Nur auf Deutsch."}})
    assert refused.status_code == 422 and "description_i18n" in str(refused.get_json())


def test_editing_a_translation_in_the_site_form_reaches_the_public_page(client: Any, app: Any) -> None:
    services.create_operator(app.extensions["tourplanner"].engine, "ops@example.com", PASSWORD)
    sign_in(client, "ops@example.com")
    page = client.get(f"/operator/sites/{SITE}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert 'name="description_kk"' in page and "Ресейдің басты ғарыш мұражайы" in page
    fields = {html.unescape(n): html.unescape(v) for n, v in re.findall(
        r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page) if n != "csrf_token"}
    fields.update({html.unescape(n): html.unescape(v) for n, v in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.DOTALL)})
    fields.update({n: re.search(rf'<select[^>]*name="{n}".*?<option value="([^"]*)" selected', page,
                                re.DOTALL).group(1)  # type: ignore[union-attr]
                   for n in ("kind", "region", "coordinates_confidence")})
    fields["description_kk"] = "Жаңа қазақша сипаттама."
    fields["closures"] = "2099-06-01..2099-06-02: Filming day"
    fields["closures_kk"] = "2099-06-01..2099-06-02: Түсірілім күні"
    preview = client.post(f"/operator/sites/{SITE}", data={**fields, "csrf_token": csrf(page)})
    assert preview.status_code == 200, preview.get_data(as_text=True)[:3000]
    assert apply_preview(client, preview).status_code == 303
    kazakh = client.get(f"/sites/{SITE}", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert _lede(kazakh) == "Жаңа қазақша сипаттама." and "Түсірілім күні" in kazakh
    russian = client.get(f"/sites/{SITE}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Главный космический музей России" in _lede(russian)  # the other language was kept


def test_a_reason_for_a_closure_that_is_not_listed_is_refused_in_the_form(client: Any, app: Any) -> None:
    services.create_operator(app.extensions["tourplanner"].engine, "ops@example.com", PASSWORD)
    sign_in(client, "ops@example.com")
    token = csrf(client.get("/operator/").get_data(as_text=True))
    from tourplanner.services.site_edits import site_record
    from tourplanner.web.operator.site_form import form_from_record

    form = form_from_record(site_record(services.load_catalogue(app.extensions["tourplanner"].engine), SITE))
    form["closures_ru"] = "2099-01-01..2099-01-02: Нет такого закрытия"
    response = client.post(f"/operator/sites/{SITE}", data={**form, "csrf_token": token})
    assert response.status_code == 422 and 'id="closures_ru-error"' in response.get_data(as_text=True)


def test_editing_a_rules_translation_in_the_form(client: Any, app: Any) -> None:
    services.create_operator(app.extensions["tourplanner"].engine, "ops@example.com", PASSWORD)
    sign_in(client, "ops@example.com")
    rule_id = "mausoleum-security"
    page = client.get(f"/operator/rules/{rule_id}").get_data(as_text=True)
    assert "Мавзолей: досмотр" in page
    from tourplanner.services.rule_edits import rule_record
    from tourplanner.web.operator.rules import form_from_record

    form = form_from_record(rule_record(services.load_catalogue(app.extensions["tourplanner"].engine), rule_id))
    form["notes_kk"] = "Жаңа ескертпе."
    preview = client.post(f"/operator/rules/{rule_id}", data={**form, "csrf_token": csrf(page)})
    assert apply_preview(client, preview).status_code == 303
    rule = next(r for r in services.load_catalogue(app.extensions["tourplanner"].engine).access_rules
                if r.id == rule_id)
    assert dict(rule.notes_i18n)["kk"] == "Жаңа ескертпе." and dict(rule.title_i18n)["ru"].startswith("Мавзолей")


def test_a_rules_translation_through_the_operator_api(client: Any, token: dict[str, str]) -> None:
    url = "/api/operator/rules/mausoleum-security"
    got = client.get(url, headers={**token, "Accept-Language": "kk"})
    body = got.get_json()
    assert body["localized"]["title"].startswith("Кесене") and body["localized"]["title_lang"] == "kk"
    again = client.patch(url, headers={**token, "If-Match": got.headers["ETag"]},
                         json={**{k: v for k, v in body.items() if k not in ("id", "text")},
                               "notes_i18n": {"ru": body["notes_i18n"]["ru"]}})
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["notes_i18n"] == {"ru": body["notes_i18n"]["ru"]}  # Kazakh removed
    page = client.get("/sites/kremlin-wall-necropolis", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert "Free. No bags" in page and "(ағылшынша)" in page
