"""The operator's site form reads back exactly what it shows, for every site of the seed, and keeps
facts it does not show (a dated source's extra fields)."""
from __future__ import annotations

import pytest

from tourplanner.store.seed import default_seed_path, parse_seed
from tourplanner.store.seed_json import site_json
from tourplanner.web.operator.site_form import field_of, form_from_record, record_from_form

CATALOGUE = parse_seed(default_seed_path())
REGIONS = {r.id: r.timezone for r in CATALOGUE.regions}


@pytest.mark.parametrize("site", CATALOGUE.sites, ids=lambda s: s.id)
def test_every_seed_site_round_trips_through_the_form(site: object) -> None:
    record = site_json(site)  # type: ignore[arg-type]
    again, errors = record_from_form(form_from_record(record), record, REGIONS)
    assert errors == {} and again == record


def test_a_source_keeps_what_the_form_does_not_show_and_bad_lines_name_their_field() -> None:
    record = site_json(CATALOGUE.site("star-city"))
    record["sources"] = [{"title": "visitgctc.com", "confidence": "M", "publication": "GCTC", "date": "2026-01-02"}]
    form = form_from_record(record)
    form["hours_tue"] = "9-17"
    form["closures"] += "\n2027-05-01 to be decided"
    again, errors = record_from_form(form, record, REGIONS)
    assert again["sources"][0]["publication"] == "GCTC"
    assert set(errors) == {"hours_tue", "closures"} and "Tuesday" in errors["hours_tue"]
    assert field_of("hours.weekly.tue[0].close") == "hours_tue" and field_of("closures[1].end") == "closures"
