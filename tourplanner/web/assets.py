"""Content-Security-Policy with a nonce per response, and fingerprinted static files cached for a year.

Scripts run only from this origin or with this response's nonce: templates mark their own scripts
(`nonce="{{ csp_nonce() }}"`), and the maps' generated parts get it through the `nonced` filter, which
is applied to folium's output only, never to anything a user typed, so an injected <script> never
carries it. Inline event handlers (`onclick=`) are not allowed; app.js wires behaviour instead.

Static URLs carry a fingerprint of the static files (`/static/<12 hex>/css/app.css`): a new release
changes every URL, so browsers may keep a file for a year (`immutable`). Unversioned URLs (old pages,
hand-typed) still answer, cached for an hour.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, g, send_from_directory
from markupsafe import Markup
from werkzeug.wrappers import Response

from ..resources import STATIC_DIR

YEAR = 365 * 24 * 3600
_VERSIONED = re.compile(r"^([0-9a-f]{12})/(.+)$")
_SCRIPT_TAG = re.compile(r"<script\b(?![^>]*\bnonce=)", re.IGNORECASE)


@cache
def fingerprint(root: Path = STATIC_DIR) -> str:
    """12 hex digits of a hash over every static file's path and bytes (once per process)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def csp_nonce() -> str:
    """This response's nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    value: str = g.csp_nonce
    return value


NONCE_SLOT = "csp-nonce-slot-9b2e7d"  # stands for the response's nonce in cached page bytes


def with_fresh_nonce(make_cached: Callable[[], bytes], slots: Mapping[str, Callable[[], str]] | None = None
                     ) -> bytes:
    """Page bytes from a cache that outlives one response, with this response's own nonce.

    The page is rendered (when the cache misses) with a placeholder nonce and the placeholder is
    filled on every response: a cached page that kept the first visitor's nonce would have its
    scripts blocked by the next response's Content-Security-Policy (and would reuse a nonce).
    `slots`: other placeholders and what fills them (a session's CSRF token), asked only when the page
    holds them. The page's split at its placeholders is kept too, so an answer is one join.
    """
    had = g.pop("csp_nonce", None)
    g.csp_nonce = NONCE_SLOT
    try:
        data = make_cached()
    finally:
        g.pop("csp_nonce", None)
        if had is not None:
            g.csp_nonce = had
    fillers: dict[str, Callable[[], str]] = {NONCE_SLOT: csp_nonce, **(slots or {})}
    parts = _split(data, tuple(sorted(fillers)))
    if len(parts) == 1:
        return data
    values: dict[bytes, bytes] = {}
    out = list(parts)
    for i in range(1, len(parts), 2):  # odd parts are the placeholders re.split kept
        slot = parts[i]
        if slot not in values:
            values[slot] = fillers[slot.decode()]().encode()
        out[i] = values[slot]
    return b"".join(out)


@lru_cache(maxsize=64)
def _split(data: bytes, slots: tuple[str, ...]) -> list[bytes]:
    """`data` cut at each placeholder, placeholders kept (bytes hash once: a repeated page is a hit)."""
    pattern = re.compile(b"(" + b"|".join(re.escape(slot.encode()) for slot in slots) + b")")
    return pattern.split(data)


def nonced(html: str | Markup) -> Markup:
    """Our generated HTML (folium's map parts) with this response's nonce on each of its <script> tags."""
    return Markup(_SCRIPT_TAG.sub(f'<script nonce="{csp_nonce()}"', str(html)))


def content_security_policy(tiles: str | None, nonce: str | None) -> str:
    """Scripts from this origin and this response's nonce only; styles may be inline (folium positions
    its map with style attributes); images also from the tile server. Without a nonce the policy is
    the same string for every answer, so it is built once."""
    if nonce is None:
        return _policy_without_nonce(tiles)
    return _policy(tiles, nonce)


@cache
def _policy_without_nonce(tiles: str | None) -> str:
    return _policy(tiles, None)


def _policy(tiles: str | None, nonce: str | None) -> str:
    tile_origin = ""
    if tiles:
        parts = urlsplit(tiles)
        tile_origin = f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"  # {s}: tile subdomains
    script = "script-src 'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    return (f"default-src 'self'; {script}; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:{tile_origin}; font-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")


def _static(filename: str) -> Response:
    match = _VERSIONED.match(filename)
    name = match.group(2) if match else filename
    response = send_from_directory(STATIC_DIR, name, max_age=YEAR if match else 3600)
    if match and match.group(1) == fingerprint():
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:  # an old release's URL or none: the current file, not for long
        response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "filename" in values and not _VERSIONED.match(values["filename"]):
        values["filename"] = f"{fingerprint()}/{values['filename']}"


def init_app(app: Flask) -> None:
    app.view_functions["static"] = _static
    app.url_defaults(_add_fingerprint)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.filters["nonced"] = nonced


def policy_for_response() -> str:
    """The header value for the current response (the nonce only if a template asked for one)."""
    settings = current_app.extensions["tourplanner"].settings
    return content_security_policy(settings.tiles, g.get("csp_nonce"))
