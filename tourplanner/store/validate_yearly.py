"""Yearly expected closures in the seed's shape -> YearlyClosure; one problem per mistake.

Kept apart from validate.py (the record checker) because the rule is small and self-contained: MM-DD
spans that exist every year (no 29 February) and end after they start within one year.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from ..messages import Msg as _l
from ..planning.model import Source, YearlyClosure, texts


def yearly_closures(items: Iterable[Mapping[str, Any]], path: str, add: Callable[[str, str], None],
                    sources: Callable[[Iterable[Mapping[str, Any]]], tuple[Source, ...]]) -> tuple[YearlyClosure, ...]:
    out = []
    for j, raw in enumerate(items):
        item = yearly_closure(raw, f"{path}.yearly_closures[{j}]", add, sources)
        if item is not None:
            out.append(item)
    return tuple(out)


def yearly_closure(raw: Mapping[str, Any], path: str, add: Callable[[str, str], None],
                   sources: Callable[[Iterable[Mapping[str, Any]]], tuple[Source, ...]]) -> YearlyClosure | None:
    bounds = []
    for key in ("start", "end"):
        month, day = (int(x) for x in raw[key].split("-"))
        try:
            date(2001, month, day)  # not a leap year: 02-29 is refused
        except ValueError:
            add(f"{path}.{key}", _l("{value!r} is not a day that exists every year (MM-DD)", value=raw[key]))
            return None
        bounds.append((month, day))
    (sm, sd), (em, ed) = bounds
    if (em, ed) < (sm, sd):
        add(f"{path}.end", _l("yearly closure ends ({end}) before it starts ({start}) in the year; split a closure "
                              "over New Year in two", end=raw["end"], start=raw["start"]))
        return None
    return YearlyClosure(start_month=sm, start_day=sd, end_month=em, end_day=ed, reason=raw["reason"],
                         from_year=raw.get("from_year"), notes=raw.get("notes", ""),
                         sources=sources(raw.get("sources", ())), reason_i18n=texts(raw.get("reason_i18n")))
