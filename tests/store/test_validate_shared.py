"""One validator: the seed loader and operator edits run the same rules over the same JSON shape."""
from __future__ import annotations

import pytest

from tourplanner.store.seed import default_seed_path, parse_seed
from tourplanner.store.seed_json import catalogue_json
from tourplanner.store.validate import SeedError, check_catalogue


def test_the_catalogue_written_out_reads_back_the_same() -> None:
    catalogue = parse_seed(default_seed_path())
    again = check_catalogue(catalogue_json(catalogue), "export")
    assert again.sites == catalogue.sites and again.launches == catalogue.launches
    assert again.access_rules == catalogue.access_rules and set(again.regions) == set(catalogue.regions)


def test_an_edited_record_meets_the_seed_rules() -> None:
    document = catalogue_json(parse_seed(default_seed_path()))
    index = next(i for i, s in enumerate(document["sites"]) if s["id"] == "star-city")
    document["sites"][index]["hours"]["weekly"]["mon"] = [{"open": "17:00", "close": "10:00"}]
    document["sites"][index]["timezone"] = "Asia/Qyzylorda"
    with pytest.raises(SeedError) as caught:
        check_catalogue(document, "edit")
    paths = {p.path for p in caught.value.problems}
    assert f"$.sites[{index}].hours.weekly.mon[0].close" in paths
    assert f"$.sites[{index}].timezone" in paths


def test_records_seen_valid_are_skipped_but_the_schema_says_the_same_about_a_broken_one() -> None:
    """The schema check skips records it has already passed (an edit re-checks the whole catalogue);
    what it says about a broken record, first or later in its section, must not change."""
    from tourplanner.store import validate
    from tourplanner.store.validate_base import _leaf, _schema_message

    document = catalogue_json(parse_seed(default_seed_path()))
    validator = validate._validator(validate.default_schema_path().resolve())
    check_catalogue(document, "warm")  # every record is now known valid
    document["launches"][2]["net"] = "soon"
    document["launches"][0]["status"] = "Maybe"
    document["sites"][3]["visit_minutes"] = "long"
    document["regions"] = []

    def said(errors: object) -> set[tuple[str, str]]:
        return {(_leaf(e).json_path, _schema_message(_leaf(e))) for e in errors}  # type: ignore[attr-defined]

    expected = said(validator.iter_errors(document))
    assert {"$.launches[2].net", "$.launches[0].status", "$.sites[3].visit_minutes", "$.regions"} <= \
        {path for path, _ in expected}
    assert said(validate._schema_errors(validator, document)) == expected
