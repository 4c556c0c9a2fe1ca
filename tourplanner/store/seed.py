"""The seed catalogue (data/sites.json) -> domain Catalogue. Pure: no database, no network.

Reading only: the file, JSON without silent surprises (duplicate keys remembered, NaN refused). The
rules live in store/validate.py, shared with operator edits; any problem raises SeedError whose
message has one line per problem naming the file, the JSON path and what is wrong.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..planning.model import Catalogue
from .validate import (
    SCHEMA_NAME,
    Problem,
    SeedError,
    _object,
    check_catalogue,
    default_schema_path,
    mission_slug,
)

__all__ = [
    "Problem",
    "SeedError",
    "default_schema_path",
    "default_seed_path",
    "mission_slug",
    "parse_seed",
    "parse_seed_data",
]


def default_seed_path() -> Path:
    from ..resources import SEED_FILE

    return SEED_FILE


class _NotJson:
    """Stands in for NaN/Infinity, which JSON does not have: every schema type rejects it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name



def _loads(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_object, parse_constant=_NotJson)


def parse_seed(path: Path, *, schema_path: Path | None = None) -> Catalogue:
    """Read, validate and convert a seed file; raises SeedError naming `path`."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(source, [Problem("$", f"cannot read the file: {error}")]) from error
    try:
        data = _loads(text)
    except json.JSONDecodeError as error:
        raise SeedError(source, [Problem(
            "$", f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}")]) from error
    if schema_path is None:
        beside = Path(path).with_name(SCHEMA_NAME)
        schema_path = beside if beside.is_file() else default_schema_path()
    return parse_seed_data(data, source, schema_path=schema_path)


def parse_seed_data(data: object, source: str, *, schema_path: Path | None = None) -> Catalogue:
    """Validate and convert already-loaded JSON (e.g. from an upload); `source` names it in errors."""
    return check_catalogue(data, source, schema_path=schema_path)
