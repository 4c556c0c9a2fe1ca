"""Per-request work that does not depend on the request, done once (issue 12: cached reads near the
framework's ceiling).

A cached read answers bytes it already has, so what is left of its cost is the framework's: hooks,
signing, headers. This module keeps what is the same for every request:

- which hooks and views are coroutines (Flask asks `inspect` for each of ~11 callables per request);
- the signing serializers of the session cookie and the CSRF token, which also never try zlib on a
  payload too small for it to pay (a fresh visitor's session is one token: two `zlib.compress` calls,
  ~50 us each, that itsdangerous then throws away). Cookies and tokens stay readable by Flask's and
  Flask-WTF's own serializers (they decompress only what is marked compressed);
- the `Date` header, formatted once a second;
- CSRF validation and the limiter's response headers are skipped on methods they never act on
  (GET/HEAD of views no limit names), as the limiter's own check already is (limits.py).
"""
from __future__ import annotations

import hashlib
import hmac
import inspect
import os
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate
from typing import Any, TypeVar

from flask import Flask, current_app, g, request, session
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, want_bytes
from itsdangerous.signer import HMACAlgorithm
from itsdangerous.timed import TimestampSigner
from itsdangerous.url_safe import URLSafeSerializerMixin

SMALL_PAYLOAD = 128  # bytes of JSON below which compression is not tried (a session with a CSRF token: ~60)
MAX_SYNC_KNOWN = 512
F = TypeVar("F", bound=Callable[..., Any])


class App(Flask):
    """Flask, remembering which callables need no async wrapper (checked once per callable)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync_known: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        known = self._sync_known
        try:
            return known[func]
        except (KeyError, TypeError):  # TypeError: an unhashable callable, asked every time
            pass
        found = super().ensure_sync(func)
        if len(known) < MAX_SYNC_KNOWN and not inspect.iscoroutinefunction(func):
            try:
                known[func] = found
            except TypeError:
                pass
        return found


_derived: dict[tuple[Any, ...], bytes] = {}
_names: dict[Any, str] = {}


class KeptKeySigner(TimestampSigner):
    """TimestampSigner that derives each key once (an HMAC per signature otherwise) and signs with the
    C HMAC of hashlib for named digests (Flask and itsdangerous pass sha1 as a Python function, which
    sends every HMAC down the pure-Python path). The same signatures, byte for byte."""

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        key = (self.secret_keys[-1] if secret_key is None else want_bytes(secret_key), self.salt,
               self.key_derivation, self.digest_method)
        found = _derived.get(key)
        if found is None:
            found = _derived[key] = super().derive_key(secret_key)
        return found

    def get_signature(self, value: str | bytes) -> bytes:
        algorithm = self.algorithm
        if type(algorithm) is HMACAlgorithm:
            name = _names.get(algorithm.digest_method)
            if name is None:
                name = _names[algorithm.digest_method] = algorithm.digest_method().name
            return base64_encode(hmac.digest(self.derive_key(), want_bytes(value), name))
        return super().get_signature(value)


class SmallPayloadSerializer(URLSafeTimedSerializer):
    """URLSafeTimedSerializer that does not try zlib on payloads under SMALL_PAYLOAD bytes, signing
    with KeptKeySigner."""

    default_signer = KeptKeySigner

    def dump_payload(self, obj: Any) -> bytes:
        data = super(URLSafeSerializerMixin, self).dump_payload(obj)  # the JSON, before the mixin's zlib
        if len(data) >= SMALL_PAYLOAD:
            compressed = zlib.compress(data)
            if len(compressed) < len(data) - 1:  # the mixin's rule
                return b"." + base64_encode(compressed)
        return base64_encode(data)


_serializers: dict[tuple[Any, ...], SmallPayloadSerializer] = {}
_serializers_lock = threading.Lock()


def serializer(keys: tuple[str | bytes, ...], salt: str, **kwargs: Any) -> SmallPayloadSerializer:
    """One serializer per (keys, salt, options): it holds no per-request state."""
    key = (keys, salt, tuple(sorted((k, repr(v)) for k, v in kwargs.items())))
    found = _serializers.get(key)
    if found is None:
        with _serializers_lock:
            found = _serializers.setdefault(key, SmallPayloadSerializer(
                list(keys), salt=salt, **kwargs))  # type: ignore[arg-type]  # as Flask passes its keys
    return found


def csrf_token() -> str:
    """flask_wtf.csrf.generate_csrf for the app's own key and field name, with a kept serializer: the
    same token in the same place (g.csrf_token; the raw token in session["csrf_token"]), so Flask-WTF's
    validate_csrf and its template helper see exactly what they would have made."""
    config = current_app.config
    if config.get("WTF_CSRF_SECRET_KEY") or config.get("WTF_CSRF_FIELD_NAME", "csrf_token") != "csrf_token":
        from flask_wtf.csrf import generate_csrf

        return str(generate_csrf())
    if "csrf_token" not in g:
        secret = current_app.secret_key
        assert secret is not None
        signing = serializer((secret,), "wtf-csrf-token")
        if "csrf_token" not in session:
            session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()
        try:
            g.csrf_token = signing.dumps(session["csrf_token"])
        except TypeError:
            session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()
            g.csrf_token = signing.dumps(session["csrf_token"])
    return str(g.csrf_token)


_date: tuple[int, str] = (0, "")


def http_date_now() -> str:
    """The `Date` header for now (RFC 9110 IMF-fixdate), formatted at most once a second."""
    global _date
    now = int(time.time())
    kept = _date
    if kept[0] != now:
        kept = _date = (now, formatdate(now, usegmt=True))
    return kept[1]


def skip_on_safe_methods(hook: F, methods: Callable[[], Any]) -> F:
    """`hook` (a before-request check) only for methods in `methods()`; others return at once."""
    def guarded() -> Any:
        if request.method not in methods():
            return None
        return hook()
    guarded.__name__ = getattr(hook, "__name__", "guarded")
    return guarded  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    """Wrap Flask-WTF's before-request check so GET and HEAD (never checked) skip its exemption walk."""
    hooks = app.before_request_funcs.setdefault(None, [])
    for i, hook in enumerate(hooks):
        if getattr(hook, "__qualname__", "").startswith("CSRFProtect.init_app"):
            hooks[i] = skip_on_safe_methods(hook, lambda: current_app.config["WTF_CSRF_METHODS"])
