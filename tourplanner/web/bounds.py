"""Bounded work per request: body size, JSON depth, list lengths, dates in a sane range, no NUL bytes.

Checked at the edge, before the planner or the database see anything, so a hostile request costs
little and answers a small 4xx naming the field (values are clipped, never echoed whole).
The planner's own validation (planning/serialize.py) then says everything else in its words.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date

from flask import Flask, abort, jsonify, request

MAX_BODY_BYTES = 256 * 1024  # a plan request with every site, companion and pinned item is ~30 KB
MAX_FORM_PARTS = 500  # the builder sends ~60 fields; werkzeug answers 413 past this
MAX_DEPTH = 12  # the contract's deepest path (fixed[i].place.lat) is 4 levels
# Lists of a plan request (and the builder form, which becomes one): the seed catalogue has ~30 sites.
LIST_CAPS: Mapping[str, int] = {"sites": 100, "must_see": 100, "companions": 49, "fixed": 100}
MAX_STRING = 2000  # no field of the contract needs more (a note, a title)
FIRST_DATE = date(1957, 10, 4)  # Sputnik: no trip or launch is earlier
LAST_DATE = date(2100, 12, 31)
DATE_FIELDS = ("start_date", "end_date", "booking_date")
_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}")


def clip(value: object, limit: int = 60) -> str:
    """repr() of a value for a message, never longer than `limit` characters."""
    text = repr(value) if not isinstance(value, str) else repr(value[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def in_range(day: date) -> bool:
    return FIRST_DATE <= day <= LAST_DATE


def date_problem(value: object) -> str | None:
    """Why a date string is outside the range the planner works in (None: fine or not a date at all,
    which the planner reports in its own words)."""
    if not isinstance(value, str) or not (match := _DATE.match(value)):
        return None
    year = int(match.group(1))
    if FIRST_DATE.year <= year <= LAST_DATE.year:
        return None
    return f"must be between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}, not {clip(value, 20)}"


def _walk(value: object, path: str, depth: int) -> Iterator[tuple[str, str]]:
    """(field, problem) for nesting too deep, NUL characters and overlong strings anywhere in `value`."""
    if depth > MAX_DEPTH:
        yield path or "$", f"nested more than {MAX_DEPTH} levels deep"
        return
    if isinstance(value, str):
        if "\x00" in value:
            yield path or "$", "contains a NUL character"
        elif len(value) > MAX_STRING:
            yield path or "$", f"is {len(value)} characters long; at most {MAX_STRING}"
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key or len(key) > 100:
                yield path or "$", f"has a key that is not a field name: {clip(key, 30)}"
                continue
            yield from _walk(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]", depth + 1)


def request_problems(data: object) -> list[dict[str, str]]:
    """Lists too long and dates out of range in a plan request (JSON or the builder form's): these
    stop it before the planner runs (empty: go on)."""
    errors: list[dict[str, str]] = []
    if not isinstance(data, dict):
        return errors
    for name, cap in LIST_CAPS.items():
        value = data.get(name)
        if isinstance(value, list) and len(value) > cap:
            errors.append({"field": name, "message": f"has {len(value)} entries; at most {cap}"})
    for name in DATE_FIELDS:
        if problem := date_problem(data.get(name)):
            errors.append({"field": name, "message": problem})
    return errors


def read_json() -> tuple[object, list[dict[str, str]]]:
    """The request's JSON body, or the problems with it (not JSON, too deep, NUL bytes).

    Only with Content-Type application/json: the API is exempt from CSRF because a cross-site form
    cannot send that type, so a text/plain body that happens to be JSON must not be accepted."""
    not_json = [{"field": "$", "message": "the body must be a JSON object (Content-Type: application/json)"}]
    if not request.is_json:
        return None, not_json
    raw = request.get_data(cache=True)  # bounded by MAX_CONTENT_LENGTH: 413 past it
    try:
        data = json.loads(raw)
    except RecursionError:
        return None, [{"field": "$", "message": f"nested more than {MAX_DEPTH} levels deep"}]
    except ValueError:
        return None, not_json
    if data is None:
        return None, not_json
    return data, [{"field": f, "message": m} for f, m in _walk(data, "", 0)][:20]


def _no_nul() -> None:
    """PostgreSQL text cannot hold NUL: refuse it in the URL, query and form before anything reads them."""
    if "\x00" in request.path:
        abort(400, description="The address contains a NUL character.")
    sources = ([request.args] if request.environ.get("QUERY_STRING") else []) + (
        [request.form] if request.method == "POST" else [])  # no query string: no arguments to parse
    for source in sources:
        for key, values in source.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                abort(422, description=f"The field {clip(key, 40)} contains a NUL character.")


def _json_guard() -> None:
    """Every JSON body, on any endpoint (the operator API's too): too deep, NULs or overlong strings are
    a 422 before a view parses it (json.loads raising RecursionError is not a ValueError: a 500)."""
    if request.method in ("POST", "PUT", "PATCH") and request.is_json and request.content_length:
        _, problems = read_json()
        if problems:
            response = jsonify({"error": "Unprocessable Entity", "message": problems[0]["message"],
                                "errors": problems})
            response.status_code = 422
            abort(response)


def init_app(app: Flask) -> None:
    # Flask's defaults are None and 1000 (present in app.config already, so no setdefault).
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or MAX_BODY_BYTES
    app.config["MAX_FORM_PARTS"] = min(app.config.get("MAX_FORM_PARTS") or MAX_FORM_PARTS, MAX_FORM_PARTS)
    app.before_request(_no_nul)
    app.before_request(_json_guard)
