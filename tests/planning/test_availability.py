"""Opening rules, one test each: weekly hours, dated and monthly closures, last admission, tour slots,
"by appointment", the traveller's day; checked on the windows and on planned itineraries."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, time

from planning_helpers import outside_hours, reasons, request, visits, with_site

from tourplanner.planning.availability import DEFAULT_BOOKABLE, day_windows, nth_weekday
from tourplanner.planning.model import Catalogue, Interval, MonthlyClosure, OpeningHours, Site
from tourplanner.planning.planner import plan
from tourplanner.planning.tz import zone

MOSCOW = zone("Europe/Moscow")


def windows(site: Site, day: str, start: str = "09:00", end: str = "19:00") -> list[tuple[str, str]]:
    found = day_windows(site, date.fromisoformat(day), zone(site.timezone), day_start=time.fromisoformat(start),
                        day_end=time.fromisoformat(end))
    return [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in found.starts]


def test_museum_of_cosmonautics_is_closed_on_mondays(seed: Catalogue) -> None:
    museum = seed.site("museum-of-cosmonautics")
    monday = day_windows(museum, date(2017, 7, 24), MOSCOW, day_start=time(9), day_end=time(19))
    assert monday.starts == () and monday.closed == "closed on Mondays"
    assert windows(museum, "2017-07-25")  # Tuesday is open


def test_a_monday_at_the_museum_is_not_scheduled_that_day(seed: Catalogue) -> None:
    one_monday = plan(request("2017-07-24", "2017-07-24", ["museum-of-cosmonautics"]), seed)
    assert reasons(one_monday, "museum-of-cosmonautics") == ["closed"]
    message = one_monday.unscheduled[0].reasons[0].message
    assert "closed on Mondays" in message and "Mon 24 Jul" in message

    monday_tuesday = plan(request("2017-07-24", "2017-07-25", ["museum-of-cosmonautics"]), seed)
    assert visits(monday_tuesday)["museum-of-cosmonautics"].start.date() == date(2017, 7, 25)


def test_mausoleum_maintenance_closure_names_the_dates(seed: Catalogue) -> None:
    # 1-4 March 2023 (Wed-Sat): the weekly hours would allow Wed, Thu and Sat.
    itinerary = plan(request("2023-03-01", "2023-03-04", ["kremlin-wall-necropolis"], booking="2023-01-01"), seed)
    assert reasons(itinerary, "kremlin-wall-necropolis") == ["closed"]
    message = itinerary.unscheduled[0].reasons[0].message
    assert "closed for maintenance 13 Feb – 15 Apr 2023" in message


def test_closed_message_gives_every_reason_once(seed: Catalogue) -> None:
    # Sun 12 Feb 2023 (weekly), Mon 13 and Tue 14 (maintenance; Monday is also a weekly closing day).
    itinerary = plan(request("2023-02-12", "2023-02-14", ["kremlin-wall-necropolis"], booking="2023-01-01"), seed)
    message = itinerary.unscheduled[0].reasons[0].message
    assert message.count("closed for maintenance 13 Feb – 15 Apr 2023") == 1
    assert "closed on Sundays" in message and "Sun 12 Feb, Mon 13 Feb, Tue 14 Feb" in message


def test_mausoleum_open_again_after_the_closure(seed: Catalogue) -> None:
    itinerary = plan(request("2023-04-15", "2023-04-18", ["kremlin-wall-necropolis"], booking="2023-01-01"), seed)
    assert visits(itinerary)["kremlin-wall-necropolis"].start.date() == date(2023, 4, 18)  # Tue after Sat 15th


def test_last_friday_of_the_month(seed: Catalogue) -> None:
    assert nth_weekday(2017, 7, 4, -1) == date(2017, 7, 28)
    assert nth_weekday(2017, 9, 4, -1) == date(2017, 9, 29)
    assert nth_weekday(2017, 7, 4, 5) is None  # July 2017 has four Fridays
    museum = seed.site("tsiolkovsky-museum")
    last = day_windows(museum, date(2017, 7, 28), MOSCOW, day_start=time(9), day_end=time(19))
    assert last.starts == () and last.closed is not None and "last Friday" in last.closed
    assert windows(museum, "2017-07-21")  # the Friday before is open


def test_last_friday_closure_in_a_plan(seed: Catalogue) -> None:
    friday_only = with_site(seed, "tsiolkovsky-museum", lambda s: dataclasses.replace(s, hours=dataclasses.replace(
        s.hours, weekly=((),) * 4 + ((Interval(time(9, 30), time(17)),),) + ((),) * 2)))
    itinerary = plan(request("2017-07-26", "2017-07-30", ["tsiolkovsky-museum"]), friday_only)
    assert reasons(itinerary, "tsiolkovsky-museum") == ["closed"]
    message = itinerary.unscheduled[0].reasons[0].message
    assert "last Friday of the month" in message and "every day of the trip" in message
    assert [d.region for d in itinerary.days] == ["moscow"] * 5  # no journey to Kaluga for nothing


def test_a_visit_starts_by_last_admission_and_ends_by_closing(seed: Catalogue) -> None:
    museum = seed.site("museum-of-cosmonautics")  # Tue 10:00-19:00, last admission 18:00, 150 min
    assert windows(museum, "2017-07-25", end="23:00") == [("10:00", "16:30")]  # ends by 19:00
    short = dataclasses.replace(museum, visit_minutes=30)
    assert windows(short, "2017-07-25", end="23:00") == [("10:00", "18:00")]  # last admission binds
    assert windows(short, "2017-07-27", end="23:00") == [("10:00", "20:00")]  # Thursday: to 21:00


def test_the_travellers_day_bounds_the_windows(seed: Catalogue) -> None:
    museum = seed.site("museum-of-cosmonautics")
    assert windows(museum, "2017-07-25", start="11:00", end="15:00") == [("11:00", "12:30")]
    assert windows(museum, "2017-07-25", start="17:00", end="21:00") == []


def test_hours_outside_the_travellers_day_give_outside_day(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-25", "2017-07-26", ["kremlin-wall-necropolis"], day_start=time(14),
                             day_end=time(22)), seed)
    assert reasons(itinerary, "kremlin-wall-necropolis") == ["outside_day"]
    assert "10:00–13:00" in itinerary.unscheduled[0].reasons[0].message


def test_buran_tours_start_on_the_twenty_minute_slots(seed: Catalogue) -> None:
    vdnkh = seed.site("vdnkh")
    slots = windows(vdnkh, "2017-07-25")
    assert slots[:3] == [("11:00", "11:00"), ("11:20", "11:20"), ("11:40", "11:40")]
    assert slots[-1] == ("17:00", "17:00")  # 120 min must end by the traveller's 19:00
    itinerary = plan(request("2017-07-25", "2017-07-25", ["museum-of-cosmonautics", "vdnkh"]), seed)
    visit = visits(itinerary)["vdnkh"]
    assert (visit.start.hour * 60 + visit.start.minute - 11 * 60) % 20 == 0
    assert outside_hours(vdnkh, visit) == []
    assert any("Guided tour departing at" in n for n in visit.notes)


def test_by_appointment_without_hours_gets_the_default_window() -> None:
    site = Site(id="x", name="X", name_ru="X", kind="museum", region="moscow", country="RU", lat=55.0, lon=37.0,
                timezone="Europe/Moscow", visit_minutes=60, hours=OpeningHours(by_appointment=True))
    assert windows(site, "2017-07-24") == [("10:00", "16:00")]  # Monday, 10:00-17:00 minus the visit
    assert windows(site, "2017-07-23") == []  # Sunday
    assert DEFAULT_BOOKABLE[5] == DEFAULT_BOOKABLE[6] == ()


def test_star_city_by_appointment_notes_the_booking(seed: Catalogue) -> None:
    itinerary = plan(request("2017-07-24", "2017-07-24", ["star-city"]), seed)
    assert any("book this visit in advance" in n for n in visits(itinerary)["star-city"].notes)


def test_windows_are_in_the_sites_own_zone(seed: Catalogue) -> None:
    pad = seed.site("baikonur-site-31")
    found = day_windows(pad, date(2017, 7, 25), zone(pad.timezone), day_start=time(9), day_end=time(19))
    assert found.starts[0][0] == datetime(2017, 7, 25, 10, tzinfo=zone("Asia/Qyzylorda"))
    assert found.starts[0][0].utcoffset().total_seconds() == 6 * 3600  # type: ignore[union-attr]


def test_monthly_closure_week_numbers() -> None:
    assert nth_weekday(2024, 2, 3, 5) == date(2024, 2, 29)  # a fifth Thursday
    assert MonthlyClosure(weekday=1, week=-1, reason="").week == -1
