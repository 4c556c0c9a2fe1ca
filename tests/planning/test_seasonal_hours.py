"""Seasonal hours (date ranges every year), one rule a test: a season's week replaces the usual week on
the days it covers, a season may run past 31 December, a weekday a season leaves out is closed with
the season named, and the planner keeps visits inside the season's hours."""
from __future__ import annotations

import dataclasses
from datetime import date, time

from planning_helpers import reasons, request, visits, with_site

from tourplanner.planning.availability import day_windows, hours_on
from tourplanner.planning.describe import describe_hours
from tourplanner.planning.model import Catalogue, Interval, OpeningHours, SeasonalHours, Site
from tourplanner.planning.planner import plan
from tourplanner.planning.tz import zone

MOSCOW = zone("Europe/Moscow")
SHORT = (Interval(time(10), time(16), time(15, 30)),)
# Winter, 1 October to 30 April (across the new year): 10:00-16:00, closed on Mondays and Tuesdays.
WINTER = SeasonalHours(10, 1, 4, 30, ((), (), SHORT, SHORT, SHORT, SHORT, SHORT), name="winter")


def wintered(site: Site) -> Site:
    return dataclasses.replace(site, hours=dataclasses.replace(site.hours, seasons=(WINTER,)))


def starts(site: Site, day: date) -> list[tuple[str, str]]:
    found = day_windows(site, day, MOSCOW, day_start=time(9), day_end=time(19))
    return [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in found.starts]


def test_a_season_covers_its_dates_every_year_and_across_the_new_year() -> None:
    assert WINTER.covers(date(2017, 10, 1)) and WINTER.covers(date(2017, 12, 31))
    assert WINTER.covers(date(2018, 1, 15)) and WINTER.covers(date(2030, 4, 30))
    assert not WINTER.covers(date(2017, 5, 1)) and not WINTER.covers(date(2017, 9, 30))
    summer = SeasonalHours(5, 1, 9, 30, ((),) * 7)
    assert summer.covers(date(2017, 7, 21)) and not summer.covers(date(2017, 10, 1))


def test_the_seasons_week_replaces_the_usual_week_on_its_days(seed: Catalogue) -> None:
    museum = wintered(seed.site("museum-of-cosmonautics"))
    usual = seed.site("museum-of-cosmonautics")
    # Wed 18 Oct 2017 is winter: the season's 10:00-16:00 with last admission 15:30, not the usual hours.
    assert hours_on(museum.hours, date(2017, 10, 18)) == SHORT
    latest = 16 * 60 - museum.visit_minutes
    expected_latest = min(latest, 15 * 60 + 30)
    assert starts(museum, date(2017, 10, 18)) == [("10:00", f"{expected_latest // 60:02d}:{expected_latest % 60:02d}")]
    # Wed 19 Jul 2017 is outside the season: exactly what the site had without seasons.
    assert starts(museum, date(2017, 7, 19)) == starts(usual, date(2017, 7, 19))
    assert hours_on(museum.hours, date(2017, 7, 19)) == usual.hours.weekly[2]


def test_a_weekday_the_season_leaves_out_is_closed_and_says_which_season(seed: Catalogue) -> None:
    museum = wintered(seed.site("museum-of-cosmonautics"))
    tuesday = day_windows(museum, date(2017, 10, 17), MOSCOW, day_start=time(9), day_end=time(19))
    assert tuesday.starts == ()
    assert tuesday.closed == "closed on Tuesdays in winter (1 Oct – 30 Apr)"
    assert starts(museum, date(2017, 7, 18))  # a Tuesday in July keeps the usual hours


def test_the_planner_keeps_visits_inside_the_seasons_hours(seed: Catalogue) -> None:
    catalogue = with_site(seed, "museum-of-cosmonautics", wintered)
    # Tue 17 Oct is closed in winter, Wed 18 Oct opens 10:00-16:00: the visit moves to Wednesday.
    itinerary = plan(request("2017-10-17", "2017-10-18", ["museum-of-cosmonautics"], booking="2017-09-01"),
                     catalogue)
    visit = visits(itinerary)["museum-of-cosmonautics"]
    assert visit.start.date() == date(2017, 10, 18)
    assert time(10) <= visit.start.time() <= time(15, 30) and visit.end.time() <= time(16)
    # Only the Tuesday: not scheduled, and the reason names the season.
    tuesday_only = plan(request("2017-10-17", "2017-10-17", ["museum-of-cosmonautics"], booking="2017-09-01"),
                        catalogue)
    assert reasons(tuesday_only, "museum-of-cosmonautics") == ["closed"]
    assert "in winter (1 Oct – 30 Apr)" in tuesday_only.unscheduled[0].reasons[0].message


def test_the_site_page_words_name_each_season() -> None:
    hours = OpeningHours(weekly=((Interval(time(10), time(19)),),) * 7, seasons=(WINTER,))
    lines = describe_hours(hours)
    assert "In winter (1 Oct – 30 Apr): Mon–Tue: closed; Wed–Sun: 10:00–16:00 (last entry 15:30)." in lines
    assert "The rest of the year:" in lines and "Mon–Sun: 10:00–19:00" in lines
