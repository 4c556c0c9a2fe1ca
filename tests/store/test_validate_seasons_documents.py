"""The one validator on seasonal hours and documents required: what the seed loader and every operator
edit accept, refuse (with the JSON path), and how they survive a write-out and a database round trip."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from tourplanner.store import catalogue as store_catalogue
from tourplanner.store.db import make_engine
from tourplanner.store.migrate import upgrade
from tourplanner.store.seed import default_seed_path, parse_seed
from tourplanner.store.seed_json import catalogue_json
from tourplanner.store.validate import SeedError, check_catalogue

SUMMER = {"name": "summer", "start": "05-01", "end": "09-30",
          "weekly": {"tue": [{"open": "10:00", "close": "20:00", "last_admission": "19:00"}],
                     "sat": [{"open": "10:00", "close": "18:00"}]}}


def _document() -> tuple[dict[str, Any], int, int]:
    document = catalogue_json(parse_seed(default_seed_path()))
    site = next(i for i, s in enumerate(document["sites"]) if s["id"] == "star-city")
    rule = next(i for i, r in enumerate(document["access_rules"]) if r.get("site") == "star-city")
    return document, site, rule


def _problems(document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(SeedError) as caught:
        check_catalogue(document, "edit")
    return {p.path: p.message for p in caught.value.problems}


def test_seasons_and_documents_are_read_and_written_back_the_same() -> None:
    document, site, rule = _document()
    document["sites"][site]["hours"]["seasons"] = [SUMMER]
    document["access_rules"][rule]["documents"] = ["passport", "permit letter"]
    catalogue = check_catalogue(document, "edit")
    star = catalogue.site("star-city")
    assert star.hours.season_on(date(2027, 7, 6)) is not None and star.hours.season_on(date(2027, 10, 5)) is None
    assert next(r for r in catalogue.access_rules if r.site == "star-city").documents == ("passport", "permit letter")
    again = check_catalogue(catalogue_json(catalogue), "export")
    assert again.sites == catalogue.sites and again.access_rules == catalogue.access_rules


def test_the_store_keeps_seasons_and_documents(tmp_path: Any) -> None:
    document, site, rule = _document()
    document["sites"][site]["hours"]["seasons"] = [SUMMER]
    document["access_rules"][rule]["documents"] = ["passport"]
    catalogue = check_catalogue(document, "edit")
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(engine)  # the migration adds the columns
    with Session(engine) as session:
        store_catalogue.upsert_catalogue(session, catalogue)
        session.commit()
    with Session(engine) as session:
        back = store_catalogue.to_domain(session)
    assert back.site("star-city").hours == catalogue.site("star-city").hours
    assert next(r for r in back.access_rules if r.site == "star-city").documents == ("passport",)


def test_overlapping_seasons_are_refused() -> None:
    document, site, _ = _document()
    winter = {"start": "09-15", "end": "04-30", "weekly": {"wed": [{"open": "10:00", "close": "16:00"}]}}
    document["sites"][site]["hours"]["seasons"] = [SUMMER, winter]
    problems = _problems(document)
    assert "overlaps the season" in problems[f"$.sites[{site}].hours.seasons[1].start"]


@pytest.mark.parametrize(("change", "path", "fragment"), [
    ({"start": "02-29"}, "start", "not a day that exists every year"),
    ({"end": "13-01"}, "end", "13-01"),
    ({"weekly": {}}, "weekly", "a season needs opening hours"),
    ({"weekly": {"mon": [{"open": "18:00", "close": "10:00"}]}}, "weekly.mon[0].close", "must end after it starts"),
])
def test_a_bad_season_is_refused_naming_its_field(change: dict[str, Any], path: str, fragment: str) -> None:
    document, site, _ = _document()
    document["sites"][site]["hours"]["seasons"] = [{**SUMMER, **change}]
    problems = _problems(document)
    assert fragment in problems[f"$.sites[{site}].hours.seasons[0].{path}"]


def test_a_document_listed_twice_or_empty_is_refused() -> None:
    document, _, rule = _document()
    document["access_rules"][rule]["documents"] = ["Passport", "passport", "  "]
    problems = _problems(document)
    assert "listed twice" in problems[f"$.access_rules[{rule}].documents[1]"]
    assert "needs a name" in problems[f"$.access_rules[{rule}].documents[2]"]
