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
