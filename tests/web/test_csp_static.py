"""A strict Content-Security-Policy (scripts: this origin and the response's nonce, maps included; no
inline handlers) and fingerprinted static files cached for a year."""
from __future__ import annotations

import re
from typing import Any

GOOD = {"start_date": "2027-05-04", "end_date": "2027-05-06", "sites": ["museum-of-cosmonautics", "vdnkh"],
        "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}
_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _check_page(response: Any) -> None:
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    script_src = policy.split("script-src ", 1)[1].split(";", 1)[0]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    nonce = re.search(r"'nonce-([A-Za-z0-9_-]+)'", script_src)
    html = response.get_data(as_text=True)
    tags = _TAG.findall(html)
    assert tags, "the page has scripts (the map)"
    for attributes in tags:
        if "src=" in attributes:
            assert re.search(r'src="/static/', attributes), attributes  # this origin only
        else:
            assert nonce and f'nonce="{nonce.group(1)}"' in attributes, attributes
    assert not _HANDLER.search(html), _HANDLER.search(html)


def test_pages_with_maps_run_only_nonced_scripts(client: Any) -> None:
    _check_page(client.get("/"))
    _check_page(client.get("/sites/star-city"))
    token = client.post("/api/trips", json=GOOD).get_json()["token"]
    _check_page(client.get(f"/trips/{token}"))
    _check_page(client.get(f"/trips/{token}/map"))


def test_each_response_has_its_own_nonce(client: Any) -> None:
    first, second = (client.get("/").headers["Content-Security-Policy"] for _ in range(2))
    assert first != second


def test_cached_trip_pages_carry_each_responses_own_nonce(client: Any) -> None:
    """Trip pages and maps come from a cache: every visit after the first must still run its scripts."""
    token = client.post("/api/trips", json=GOOD).get_json()["token"]
    for path in (f"/trips/{token}", f"/trips/{token}/map"):
        first, second = client.get(path), client.get(path)
        _check_page(first)
        _check_page(second)
        assert first.headers["Content-Security-Policy"] != second.headers["Content-Security-Policy"]


def test_static_files_are_fingerprinted_and_cached_long(client: Any) -> None:
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/[0-9a-f]{12}/css/app\.css)"', html)
    assert css, "the stylesheet's URL carries the fingerprint"
    response = client.get(css.group(1))
    assert response.status_code == 200 and "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"] and "no-cache" not in response.headers["Cache-Control"]
    for stale in ("/static/css/app.css", "/static/000000000000/css/app.css"):
        old = client.get(stale)
        assert old.status_code == 200 and old.headers["Cache-Control"] == "public, max-age=3600"
    assert client.get("/static/../pyproject.toml").status_code == 404


def test_fingerprint_follows_the_files(tmp_path: Any) -> None:
    from tourplanner.web.assets import fingerprint

    (tmp_path / "a.css").write_text("a{}")
    before = fingerprint(tmp_path)
    (tmp_path / "a.css").write_text("a{color:red}")
    assert fingerprint.__wrapped__(tmp_path) != before
