"""Revisions (SEQUENCE / LAST-MODIFIED per entry) and re-planning: UIDs stay, changed events bump."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from ical_fixtures import LATER, MOVED_NET, NOW, as_utc, catalogue, events, soyuz_ms_05, trip, trip_info

from tourplanner.exports.ical import itinerary_to_ics
from tourplanner.exports.revisions import (
    Revision,
    revise,
    revise_fingerprints,
    revisions_from_json,
    revisions_to_json,
)
from tourplanner.planning.model import LaunchStatus


def test_revise_fingerprints_rules() -> None:
    previous = {"same": Revision("a", 3, NOW), "changed": Revision("b", 1, NOW), "gone": Revision("c", 0, NOW)}
    result = revise_fingerprints(previous, {"same": "a", "changed": "B", "new": "n"}, LATER)
    assert result == {"same": Revision("a", 3, NOW), "changed": Revision("B", 2, LATER),
                      "new": Revision("n", 0, LATER)}
    with pytest.raises(ValueError, match="aware"):
        revise_fingerprints({}, {}, datetime(2017, 7, 1))


@pytest.mark.parametrize("with_catalogue", [False, True])
def test_revise_is_stable_for_an_unchanged_itinerary(with_catalogue: bool) -> None:
    cat = catalogue() if with_catalogue else None
    first = revise({}, trip(2017), NOW, catalogue=cat)
    assert len(first) == 10 and {r.sequence for r in first.values()} == {0}
    assert revise(first, trip(2017), LATER, catalogue=cat) == first


def test_catalogue_changes_count_only_when_the_catalogue_is_given() -> None:
    first = revise({}, trip(2017), NOW, catalogue=catalogue())
    on_hold = catalogue(launches=(soyuz_ms_05(status=LaunchStatus.HOLD),))
    second = revise(first, trip(2017), LATER, catalogue=on_hold)
    bumped = {k for k, r in second.items() if r.sequence == 1}
    assert bumped == {"launch-soyuz-ms-05", "rollout-soyuz-ms-05"}
    assert revise(revise({}, trip(2017), NOW), trip(2017), LATER) == revise({}, trip(2017), NOW)


def test_json_round_trip_and_rejects_bad_rows() -> None:
    revisions = revise({}, trip(2017), NOW, catalogue=catalogue())
    data = revisions_to_json(revisions)
    text = json.dumps(data)
    assert revisions_from_json(data) == revisions
    assert revisions_from_json(text) == revisions
    assert revisions_from_json(text.encode()) == revisions
    assert revisions_from_json({}) == {}
    with pytest.raises(ValueError, match="object"):
        revisions_from_json("[]")
    with pytest.raises(ValueError, match="malformed"):
        revisions_from_json({"k": {"sequence": 1}})
    with pytest.raises(ValueError, match="aware"):
        revisions_from_json({"k": {"fingerprint": "f", "sequence": 0, "last_modified": "2017-07-01T12:00:00"}})


def test_replan_keeps_every_uid_and_bumps_sequence_only_where_the_launch_moved() -> None:
    before_cat = catalogue()
    after_cat = catalogue(launches=(soyuz_ms_05(net=MOVED_NET, last_updated=LATER),))
    before, after = trip(2017), trip(2017, launch_at=MOVED_NET)
    rev1 = revise({}, before, NOW, catalogue=before_cat)
    rev2 = revise(rev1, after, LATER, catalogue=after_cat)
    ics1 = events(itinerary_to_ics(before, before_cat, trip=trip_info(), revisions=rev1, now=NOW))
    ics2 = events(itinerary_to_ics(after, after_cat, trip=trip_info(version=2), revisions=rev2, now=LATER))

    assert set(ics1) == set(ics2) and len(ics1) == 10
    moved = {uid for uid in ics1 if (ics1[uid]["DTSTART"].dt, ics1[uid]["DTEND"].dt)
             != (ics2[uid]["DTSTART"].dt, ics2[uid]["DTEND"].dt)}
    # the roll-out, the museum visit that day, the drive to the pad and the launch itself
    assert {str(ics2[uid]["SUMMARY"]) for uid in moved} == {
        "Roll-out: Soyuz MS-05 to Gagarin's Start", "Visit: Baikonur Cosmodrome Museum",
        "Travel to the launch viewing point", "Launch: Soyuz MS-05"}
    for uid in ics1:
        old, new = ics1[uid], ics2[uid]
        assert int(old["SEQUENCE"]) == 0
        if uid in moved:
            assert int(new["SEQUENCE"]) == 1
            assert as_utc(new["LAST-MODIFIED"].dt) == LATER == as_utc(new["DTSTAMP"].dt)
        else:
            assert int(new["SEQUENCE"]) == 0
            assert new.to_ical() == old.to_ical()  # byte for byte untouched
    # moved back the day after: another bump, not a return to the old sequence
    rev3 = revise(rev2, before, LATER + timedelta(days=1), catalogue=before_cat)
    assert {r.sequence for k, r in rev3.items() if rev2[k].sequence == 1} == {2}


def test_missing_revisions_mean_sequence_zero_and_now() -> None:
    data = events(itinerary_to_ics(trip(2017), catalogue(), trip=trip_info(), revisions={}, now=LATER))
    assert {int(ev["SEQUENCE"]) for ev in data.values()} == {0}
    assert {as_utc(ev["LAST-MODIFIED"].dt) for ev in data.values()} == {LATER}
