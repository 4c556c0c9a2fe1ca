"""Each day's printed map (exports/print_maps.py): the trip's numbers and colours, every stop inside the
frame, the offline detail near the sites, and nothing from data unescaped."""
from __future__ import annotations

import re

from tourplanner.exports import print_maps
from tourplanner.exports.maps import day_colour
from tourplanner.planning.model import Catalogue, Itinerary

CIRCLE = re.compile(r'<circle cx="(-?\d+)" cy="(-?\d+)" r="11" fill="(#[0-9a-f]{6})"[^>]*/><text [^>]*>(\d+)</text>')


def test_every_day_has_a_map_numbered_and_coloured_as_on_the_trips_map(itinerary: Itinerary,
                                                                      catalogue: Catalogue) -> None:
    svgs = print_maps.day_svgs(itinerary, catalogue)
    assert list(svgs) == [d.date.isoformat() for d in itinerary.days]
    numbers: dict[int, list[int]] = {}
    for index, svg in enumerate(svgs.values()):
        assert svg.startswith('<svg class="print-map"') and f'aria-label="Map of day {index + 1}"' in svg
        for cx, cy, fill, number in CIRCLE.findall(svg):
            assert fill == day_colour(index)
            assert 0 < int(cx) < print_maps.WIDTH and 0 < int(cy) < print_maps.HEIGHT  # inside the frame
            numbers.setdefault(index, []).append(int(number))
    # The conftest trip: 3 visits on day 1, 2 on day 2, none on the transfer day, 1 at Baikonur, 1 back.
    assert numbers == {0: [1, 2, 3], 1: [4, 5], 3: [6], 5: [7]}


def test_a_moscow_day_shows_the_town_the_river_and_a_scale(itinerary: Itinerary, catalogue: Catalogue) -> None:
    day_two = print_maps.day_svgs(itinerary, catalogue)["2017-07-24"]  # the Kremlin and Star City
    assert f'fill="{print_maps.TOWN}"' in day_two  # Moscow's built-up area
    assert f'stroke="{print_maps.WATER}"' in day_two  # the Moskva
    assert re.search(r'class="pm-scale"[^>]*>\d+ k?m<', day_two)
    assert 'class="pm-place"' in day_two  # district and town names
    transfer_day = print_maps.day_svgs(itinerary, catalogue)["2017-07-25"]
    assert 'stroke-dasharray="8 6"' in transfer_day  # the charter's arc
    assert 'class="pm-place"' not in transfer_day  # no town names on a 2,000 km frame


def test_a_day_with_nothing_to_draw_has_no_map_and_data_is_escaped(itinerary: Itinerary,
                                                                   catalogue: Catalogue) -> None:
    from dataclasses import replace

    empty = replace(itinerary.days[0], items=(), region="nowhere")
    assert print_maps.day_svg(empty, catalogue, index=0, first_number=1, label="x") == ""
    svg = print_maps.day_svg(itinerary.days[0], catalogue, index=0, first_number=1, label='Day "1" <b>')
    assert 'aria-label="Day &quot;1&quot; &lt;b&gt;"' in svg and "<script" not in svg and "<b>" not in svg


def test_rivers_too_coarse_for_a_street_frame_are_left_out(itinerary: Itinerary, catalogue: Catalogue) -> None:
    """A frame narrower than RIVERS_FROM_KM (the Museum of Cosmonautics and VDNKh, 300 m apart) would
    show the generalised Moskva kilometres from its banks, so it shows no river; a wide one does."""
    from dataclasses import replace

    near = replace(itinerary.days[0], items=itinerary.days[0].items[1:4], region="nowhere")
    svg = print_maps.day_svg(near, catalogue, index=0, first_number=1, label="near")
    assert re.search(r'class="pm-scale"[^>]*>(?:\d+ m|1 km)<', svg)  # a street-sized frame
    assert f'stroke="{print_maps.WATER}"' not in svg and f'fill="{print_maps.TOWN}"' in svg
    wide = print_maps.day_svgs(itinerary, catalogue)["2017-07-24"]  # the Kremlin and Star City
    assert f'stroke="{print_maps.WATER}"' in wide
