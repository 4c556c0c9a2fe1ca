"""Access rules against the party and the booking date: permits, age, group size, nationality."""
from __future__ import annotations

import dataclasses
from datetime import date

from planning_helpers import BAIKONUR_SITES, reasons, request, visits, with_rule

from tourplanner.planning.describe import describe_rule
from tourplanner.planning.model import Catalogue, Person, PlanRequest
from tourplanner.planning.planner import plan

STAR_CITY_DAY = "2017-07-21"  # a Friday: Star City's default bookable window is Mon-Fri


def test_permit_exactly_on_time_is_scheduled_with_its_deadline(seed: Catalogue) -> None:
    # Foreigners register 30 days ahead: for 21 July it is due on 21 June, and booking that day is in time.
    itinerary = plan(request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], booking="2017-06-21"), seed)
    assert "star-city" in visits(itinerary)
    [deadline] = itinerary.deadlines
    assert (deadline.site, deadline.kind, deadline.due) == ("star-city", "passport_data", date(2017, 6, 21))
    assert deadline.message.startswith("Send passport data for Star City") and "21 June 2017" in deadline.message


def test_permit_one_day_too_late_is_unschedulable_with_the_due_date(seed: Catalogue) -> None:
    itinerary = plan(request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], booking="2017-06-22"), seed)
    assert reasons(itinerary, "star-city") == ["permit_lead_time"]
    message = itinerary.unscheduled[0].reasons[0].message
    assert "due by 21 June 2017" in message and "30 days" in message
    assert itinerary.deadlines == ()


def test_site_permit_uses_the_later_days_when_the_early_ones_are_too_soon(seed: Catalogue) -> None:
    # Booked 2017-06-22: Friday 21 July is one day too soon, Monday 24 July is fine.
    itinerary = plan(request("2017-07-21", "2017-07-24", ["star-city"], booking="2017-06-22"), seed)
    assert visits(itinerary)["star-city"].start.date() == date(2017, 7, 24)
    assert itinerary.deadlines[0].due == date(2017, 6, 24)


def test_russian_citizens_have_a_shorter_lead_time(seed: Catalogue) -> None:
    itinerary = plan(request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], booking="2017-07-10", nationality="RU"),
                     seed)
    assert "star-city" in visits(itinerary)
    assert itinerary.deadlines[0].due == date(2017, 7, 16)  # 5 days


def test_the_longest_lead_time_in_the_party_wins(seed: Catalogue) -> None:
    req = request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], booking="2017-07-10", nationality="RU",
                  companions=(Person("FR", 40),))
    itinerary = plan(req, seed)
    assert reasons(itinerary, "star-city") == ["permit_lead_time"]
    assert "companion 1 (FR)" in itinerary.unscheduled[0].reasons[0].message


def _seed_trip(booking: str, nationality: str = "FR", companions: tuple[Person, ...] = ()) -> PlanRequest:
    return request("2017-07-21", "2017-07-29", BAIKONUR_SITES, booking=booking, nationality=nationality,
                   launch="soyuz-ms-05", companions=companions)


def test_baikonur_permit_on_time_and_one_day_late(seed: Catalogue) -> None:
    # The party arrives in Baikonur on 25 July (the day before the roll-out): 55 days before is 31 May.
    on_time = plan(_seed_trip("2017-05-31"), seed)
    assert set(BAIKONUR_SITES) <= set(visits(on_time))
    [deadline] = on_time.deadlines
    assert deadline.due == date(2017, 5, 31) and deadline.message == "Send passport data for Baikonur by 31 May 2017"
    assert {i.type for i in on_time.items()} >= {"rollout", "launch"}

    # One day late for the roll-out: the party can still arrive on 26 July and see the launch.
    late = plan(_seed_trip("2017-06-01"), seed)
    assert reasons(late, "baikonur-gagarins-start", "rollout") == ["permit_lead_time"]
    assert "due by 31 May 2017" in late.unscheduled[-1].reasons[0].message
    assert any(i.type == "launch" for i in late.items())
    assert late.deadlines[0].due == date(2017, 6, 1)


def test_baikonur_permit_too_late_even_for_the_launch(seed: Catalogue) -> None:
    # The latest arrival that still makes the launch is 28 July: due 3 June. A day later, nothing in Baikonur.
    last_chance = plan(_seed_trip("2017-06-03"), seed)
    assert any(i.type == "launch" for i in last_chance.items())
    assert reasons(last_chance, "baikonur-museum") == ["permit_lead_time"]  # no day left for the sites

    late = plan(_seed_trip("2017-06-04"), seed)
    assert not visits(late)
    for site in BAIKONUR_SITES:
        assert reasons(late, site) == ["permit_lead_time"]
    assert reasons(late, "baikonur-gagarins-start", "launch") == ["permit_lead_time"]
    assert reasons(late, "baikonur-gagarins-start", "rollout") == ["permit_lead_time"]
    assert [w.code for w in late.warnings] == ["permit_lead_time"]
    assert "roll-out and launch" in late.warnings[0].message and "31 May 2017" in late.warnings[0].message
    assert not any(i.type in ("launch", "rollout", "transfer") for i in late.items())


def test_baikonur_permit_checks_every_companion(seed: Catalogue) -> None:
    russians_only = plan(_seed_trip("2017-07-10", nationality="RU"), seed)
    assert set(BAIKONUR_SITES) <= set(visits(russians_only))
    assert russians_only.deadlines[0].due == date(2017, 7, 15)  # 10 days before 25 July
    with_french = plan(_seed_trip("2017-07-10", nationality="RU", companions=(Person("KZ", 35), Person("FR", 8))),
                       seed)
    assert reasons(with_french, "baikonur-museum") == ["permit_lead_time"]
    assert "companion 2 (FR)" in with_french.unscheduled[0].reasons[0].message


def test_a_minor_companion_under_min_age(seed: Catalogue) -> None:
    catalogue = with_rule(seed, site="star-city", min_age=14)
    adult = request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"])
    assert "star-city" in visits(plan(adult, catalogue))
    family = request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], companions=(Person("RU", 12),))
    itinerary = plan(family, catalogue)
    assert reasons(itinerary, "star-city") == ["min_age"]
    assert "companion 1 (RU) is 12" in itinerary.unscheduled[0].reasons[0].message


def test_region_min_age_keeps_the_launch_out_too(seed: Catalogue) -> None:
    catalogue = with_rule(seed, region="baikonur", min_age=16)
    itinerary = plan(_seed_trip("2017-01-01", companions=(Person("FR", 12),)), catalogue)
    assert reasons(itinerary, "baikonur-gagarins-start", "launch") == ["min_age"]
    assert reasons(itinerary, "baikonur-museum") == ["min_age"]
    assert {w.code for w in itinerary.warnings} == {"min_age"}


def test_party_size_over_the_group_maximum(seed: Catalogue) -> None:
    # VDNKh's Buran tours take 20 people.
    twenty = request("2017-07-25", "2017-07-25", ["vdnkh"], party_size=20)
    assert "vdnkh" in visits(plan(twenty, seed))
    itinerary = plan(request("2017-07-25", "2017-07-25", ["vdnkh"], party_size=21), seed)
    assert reasons(itinerary, "vdnkh") == ["group_size"]
    assert "at most 20" in itinerary.unscheduled[0].reasons[0].message


def test_companions_count_towards_the_party_size(seed: Catalogue) -> None:
    catalogue = with_rule(seed, site="museum-of-cosmonautics", group_max=2)
    req = request("2017-07-25", "2017-07-25", ["museum-of-cosmonautics"], companions=(Person("FR"), Person("FR")))
    assert reasons(plan(req, catalogue), "museum-of-cosmonautics") == ["group_size"]


def test_a_solo_traveller_is_never_refused_for_a_group_minimum(seed: Catalogue) -> None:
    # Star City: private bookings need 5; a solo traveller joins an operator's group tour.
    itinerary = plan(request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"]), seed)
    visit = visits(itinerary)["star-city"]
    assert any("at least 5 people" in n for n in visit.notes)


def test_nationality_rule_for_traveller_and_companions(seed: Catalogue) -> None:
    catalogue = with_rule(seed, site="star-city", allowed_nationalities=("RU", "KZ"))
    french = request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], nationality="FR")
    assert reasons(plan(french, catalogue), "star-city") == ["nationality"]
    mixed = request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], nationality="RU", companions=(Person("DE"),))
    itinerary = plan(mixed, catalogue)
    assert reasons(itinerary, "star-city") == ["nationality"]
    assert "companion 1 (DE)" in itinerary.unscheduled[0].reasons[0].message
    allowed = request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], nationality="RU", companions=(Person("KZ"),))
    assert "star-city" in visits(plan(allowed, catalogue))


def test_several_refusals_are_all_reported(seed: Catalogue) -> None:
    catalogue = with_rule(seed, site="museum-of-cosmonautics", min_age=18, group_max=1, allowed_nationalities=("RU",))
    req = request("2017-07-25", "2017-07-25", ["museum-of-cosmonautics"], companions=(Person("FR", 10),))
    assert reasons(plan(req, catalogue), "museum-of-cosmonautics") == ["min_age", "group_size", "nationality"]


def test_a_region_rule_in_the_gateway_counts_from_the_first_day(seed: Catalogue) -> None:
    catalogue = with_rule(seed, kind="permit", title="Moscow test permit", region="moscow", lead_days=(("*", 20),))
    on_time = plan(request("2017-07-25", "2017-07-27", ["vdnkh"], booking="2017-07-05"), catalogue)
    assert "vdnkh" in visits(on_time)
    assert [(d.kind, d.due, d.message) for d in on_time.deadlines] == [
        ("permit", date(2017, 7, 5), "Apply for the Moscow permit by 5 July 2017")]
    late = plan(request("2017-07-25", "2017-07-27", ["vdnkh"], booking="2017-07-06"), catalogue)
    assert reasons(late, "vdnkh") == ["permit_lead_time"]


def test_the_documents_a_rule_requires_are_named_with_its_deadline(seed: Catalogue) -> None:
    star_rule = next(r for r in seed.access_rules if r.site == "star-city")
    papered = dataclasses.replace(star_rule, documents=("passport", "permit letter"))
    catalogue = dataclasses.replace(seed, access_rules=tuple(papered if r is star_rule else r
                                                             for r in seed.access_rules))
    [deadline] = plan(request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], booking="2017-06-21"), catalogue).deadlines
    assert deadline.message.endswith("21 June 2017 (documents: passport, permit letter)")
    [plain] = plan(request(STAR_CITY_DAY, STAR_CITY_DAY, ["star-city"], booking="2017-06-21"), seed).deadlines
    assert "documents" not in plain.message
    assert "Documents required: passport, permit letter." in describe_rule(papered)
