"""Every operator page in Russian and Kazakh: <html lang>, a translated title, and no English UI text.

The pages are found from the URL map (every GET route of the operator and sign-in blueprints), so a
page added later is checked too. "No English" means: no text node, button or label equal to an English
message of the catalogue, and no run of plain English words outside the catalogue's own data (form
values, JSON, codes and the change summaries stored with each change).
"""
from __future__ import annotations

import html
import re
import string
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from test_operator import PASSWORD, apply_preview, csrf, sign_in

from tourplanner import services
from tourplanner.resources import TRANSLATIONS_DIR

LANGS = ("ru", "kk")
SKIP_TAGS = re.compile(r"<(script|style|textarea|code|select)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]{2,} [a-z]{2,} [a-z]{2,}\b")


def _english_messages() -> set[str]:
    """The catalogue's English messages that a translation changes (placeholders cut out)."""
    with open(TRANSLATIONS_DIR / "ru" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle)
    out = set()
    for message in catalogue:
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            if msgid and "%(" not in msgid and "{" not in msgid and msgid != message.string and len(msgid) > 2:
                out.add(msgid)
    return out


def _arguments(app: Any, rule: Any) -> dict[str, str] | None:
    from tourplanner.web.operator.accounts import password_link

    engine = app.extensions["tourplanner"].engine
    values = {"site_id": "museum-of-cosmonautics", "launch_id": "soyuz-ms-30",
              "rule_id": services.load_catalogue(engine).access_rules[0].id,
              "record": "site:museum-of-cosmonautics", "email": "ops@example.com"}
    if "token" in rule.arguments:
        with app.test_request_context():
            values["token"] = password_link(services.find_operator(engine, "ops@example.com")).rsplit("/", 1)[1]
    if not set(rule.arguments) <= set(values):
        return None
    return {name: values[name] for name in rule.arguments}


def operator_pages(app: Any) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("operator", "auth") or "GET" not in (rule.methods or ()):
            continue
        arguments = _arguments(app, rule)
        assert arguments is not None, f"no test values for {rule.rule}"
        with app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **arguments))
    return sorted(set(urls))


def visible_text(page: str) -> list[str]:
    body = page.split("<body", 1)[1]
    body = SKIP_TAGS.sub(" ", body)
    texts = [html.unescape(t).strip() for t in TAG.split(body)]
    labels = re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', body)
    return [t for t in texts + [html.unescape(x) for x in labels] if t]


@pytest.fixture
def admin(app: Any) -> str:
    services.create_operator(app.extensions["tourplanner"].engine, "ops@example.com", PASSWORD, role="admin")
    return "ops@example.com"


def test_the_operator_blueprint_has_the_pages_this_test_checks(app: Any, admin: str) -> None:
    urls = operator_pages(app)
    for expected in ("/operator/", "/operator/sites", "/operator/rules", "/operator/accounts", "/operator/tokens",
                     "/operator/launches/new", "/operator/login", "/operator/changes"):
        assert expected in urls


@pytest.mark.parametrize("lang", LANGS)
def test_every_operator_page_is_in_the_language_asked_for(app: Any, client: Any, admin: str, lang: str,
                                                          tmp_path: Path) -> None:
    english = _english_messages()
    engine = app.extensions["tourplanner"].engine
    sign_in(client, admin)
    # One change first, so the history, dashboard and conflict parts that list changes have rows.
    token = csrf(client.get("/operator/").get_data(as_text=True))
    preview = client.post("/operator/closures", data={"site": "vdnkh", "start": "2099-05-04", "end": "2099-05-07",
                                                       "reason": "Filming", "csrf_token": token})
    assert apply_preview(client, preview).status_code == 303
    assert services.recent_changes(engine)
    client.get("/operator/")  # shows (and so spends) the flash, worded in the language of the request that saved
    summaries = {c.summary for c in services.recent_changes(engine)}
    problems = []
    for url in operator_pages(app):
        response = client.get(url, headers={"Accept-Language": lang})
        page = response.get_data(as_text=True)
        assert response.status_code == 200, (url, response.status_code)
        assert f'<html lang="{lang}">' in page, url
        title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
        assert title and title.group(1).split(" · ")[0].strip() not in english, (url, title)
        for text in visible_text(page):
            if text in summaries:
                continue
            if text in english or ENGLISH_RUN.search(text):
                problems.append((url, text))
    assert not problems, "\n".join(map(str, problems[:60]))


def _fields(text: str) -> tuple[set[str], set[str]]:
    """The placeholders of a message: str.format fields and %(name)s fields."""
    braces = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return braces, set(re.findall(r"%\((\w+)\)", text))


@pytest.mark.parametrize("lang", LANGS)
def test_every_translation_keeps_the_placeholders_of_its_message(lang: str) -> None:
    """A translation that drops or renames a field would fall back to English (Msg) or raise (gettext)."""
    with open(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale=lang)
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = _fields(ids[-1])
        for text in strings:
            braces, named = _fields(text)
            # a singular form may leave the count out ("одна поездка"); every other field must be there
            if braces != expected[0] or not named <= expected[1] or expected[1] - named - {"num"}:
                wrong.append((ids[0], text))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize(("lang", "words"), [("ru", "заканчивается"), ("kk", "аяқталады")])
def test_the_validators_field_errors_read_in_the_operators_language(client: Any, admin: str, lang: str,
                                                                   words: str) -> None:
    """The seed validator's message (English for the seed loader) shows translated under its field."""
    sign_in(client, admin)
    token = csrf(client.get("/operator/").get_data(as_text=True))
    response = client.post("/operator/closures", headers={"Accept-Language": lang},
                           data={"site": "vdnkh", "start": "2027-05-07", "end": "2027-05-04", "reason": "x",
                                 "csrf_token": token})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="closures-error"' in body
    match = re.search(r'id="closures-error"[^>]*><span aria-hidden="true">⚠</span>(.*?)</span>', body, re.DOTALL)
    assert match
    error = match.group(1)
    assert words in error and "2027-05-04" in error and "before it starts" not in body


def test_a_validator_problem_is_english_text_for_the_seed_loader_and_russian_for_an_operator(app: Any) -> None:
    from tourplanner.messages import Msg
    from tourplanner.store.validate import SeedError, check_catalogue
    from tourplanner.web.operator.words import say

    with pytest.raises(SeedError) as raised:
        check_catalogue({"regions": []}, "test.json")
    problem = raised.value.problems[0]
    assert isinstance(problem.message, Msg) and str(problem.message) in str(raised.value)
    assert "is missing" not in str(raised.value)  # jsonschema's own words, as the seed tests expect
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert "обязательно" in say(problem.message) and "'" + problem.message.params["name"] + "'" in say(
            problem.message)
