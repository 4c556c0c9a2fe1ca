"""Languages: how a page picks its language, and catalogues that are complete and compiled."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tourplanner.resources import TRANSLATIONS_DIR

REPO = Path(__file__).resolve().parents[2]
LANGS = ("ru", "kk")


def _catalogue(lang: str) -> Any:
    with open(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    catalogue = _catalogue(lang)
    untranslated = [m.id for m in catalogue if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"{lang}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{lang}: fuzzy {fuzzy[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_holds_every_message_of_the_code(lang: str, tmp_path: Path) -> None:
    """A string wrapped in the code or a template but missing from the catalogue would show in English."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", str(REPO / "babel.cfg"),
                    "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
                   cwd=REPO, check=True)
    with open(pot, "rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(lang) if m.id}
    assert sorted(wanted - have) == [], "run `make i18n-update`, translate, `make i18n-compile`"


def _pairs(catalogue: Any) -> dict[Any, Any]:
    """msgid -> msgstr, plural messages as tuples (read_mo gives lists, which cannot be keys)."""
    def plain(value: Any) -> Any:
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {plain(m.id): plain(m.string) for m in catalogue if m.id}


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(lang))
    compiled.seek(0)
    with open(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        shipped = read_mo(handle)
    fresh = read_mo(compiled)
    assert _pairs(shipped) == _pairs(fresh), \
        "run `make i18n-compile`"


def test_accept_language_picks_the_language(client: Any) -> None:
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ru">' in page and "Спланировать поездку" in page


def test_kazakh_from_accept_language(client: Any) -> None:
    page = client.get("/", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert '<html lang="kk">' in page and "Сапарды жоспарлау" in page


def test_unknown_language_falls_back_to_english(client: Any) -> None:
    page = client.get("/", headers={"Accept-Language": "de, fr;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Plan a trip" in page


def test_explicit_choice_is_remembered_and_beats_the_browser(client: Any) -> None:
    first = client.get("/?lang=kk", headers={"Accept-Language": "ru"})
    assert '<html lang="kk">' in first.get_data(as_text=True)
    assert "lang=kk" in first.headers.get("Set-Cookie", "")
    later = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="kk">' in later


def test_switch_links_keep_the_page_and_mark_the_current_language(client: Any) -> None:
    page = client.get("/plan?lang=ru").get_data(as_text=True)
    assert 'href="/plan?lang=kk"' in page and 'href="/plan?lang=en"' in page
    assert '<span lang="ru" aria-current="true">Русский</span>' in page


def test_a_bogus_lang_parameter_is_ignored(client: Any) -> None:
    response = client.get("/?lang=%3Cscript%3E")
    assert response.status_code == 200 and '<html lang="en">' in response.get_data(as_text=True)
    assert "lang=" not in response.headers.get("Set-Cookie", "")
