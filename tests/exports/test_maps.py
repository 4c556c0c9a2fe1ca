"""Maps as folium objects and as HTML: layers, markers, arcs, escaping, no CDN, tiles."""
from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import pytest
from branca.element import Element
from folium.plugins import MarkerCluster, MiniMap

from tourplanner.exports import map_assets, maps
from tourplanner.planning.model import Catalogue, Day, Itinerary, Region

if TYPE_CHECKING:
    from tests.exports.conftest import Expected


MOSCOW, BAIKONUR = (55.7558, 37.6173), (45.6167, 63.3167)


def walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from walk(child)


def of_type(m: folium.Map, kind: type) -> list:
    return [e for e in walk(m) if isinstance(e, kind)]


def asset_urls(page: str) -> list[str]:
    return re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', page)


@pytest.fixture
def trip_map(itinerary: Itinerary, catalogue: Catalogue) -> folium.Map:
    return maps.itinerary_map(itinerary, catalogue, tiles=None)


def test_one_layer_per_day_with_a_layer_control(trip_map: folium.Map, expected: Expected) -> None:
    groups = [g for g in of_type(trip_map, folium.FeatureGroup) if g.control]
    assert len(groups) == expected.days
    assert [re.search(r"Day \d+", g.layer_name).group() for g in groups] == [f"Day {i + 1}" for i in range(6)]
    assert len(of_type(trip_map, folium.LayerControl)) == 1
    html = maps.render_html(trip_map)
    assert "L.control.layers" in html and "L.control.fullscreen" in html


def test_numbered_markers_in_visiting_order_and_rocket_pins(
        trip_map: folium.Map, expected: Expected) -> None:
    markers = of_type(trip_map, folium.Marker)
    numbered = [m for m in markers if isinstance(m.icon, folium.DivIcon) and m.icon.options["class_name"] == "tp-num-icon"]
    rockets = [m for m in markers if isinstance(m.icon, folium.Icon)]
    assert len(numbered) == expected.visits and len(rockets) == expected.rockets
    numbers = [int(re.search(r">(\d+)</div>", m.icon.options["html"]).group(1)) for m in numbered]
    assert numbers == list(range(1, expected.visits + 1))
    assert {m.icon.options["icon"] for m in rockets} == {"rocket"}
    assert {m.icon.options["marker_color"] for m in rockets} == {"red", "orange"}
    # Coloured by day: the two Day 1 visits share a colour, Day 2's differ from it.
    colours = [re.search(r"background:(#[0-9a-f]{6})", m.icon.options["html"]).group(1) for m in numbered]
    assert colours[0] == colours[1] == colours[2] != colours[3] == colours[4]


def test_route_per_day_and_transfers_as_dashed_arcs(trip_map: folium.Map, expected: Expected) -> None:
    lines = of_type(trip_map, folium.PolyLine)
    routes = [x for x in lines if not x.options.get("dashArray")]
    arcs = [x for x in lines if x.options.get("dashArray")]
    assert len(routes) == expected.routes and len(arcs) == expected.transfers
    for arc in arcs:
        assert len(arc.locations) > 30


def _distance_from_great_circle(a: maps.Point, b: maps.Point, p: maps.Point) -> float:
    def vec(q: maps.Point) -> tuple[float, float, float]:
        lat, lon = map(math.radians, q)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
    (ax, ay, az), (bx, by, bz), (px, py, pz) = vec(a), vec(b), vec(p)
    n = (ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx)
    norm = math.sqrt(sum(c * c for c in n))
    return abs(math.degrees(math.asin(sum(c * d for c, d in zip(n, (px, py, pz))) / norm))) * 111.2  # km


def test_geodesic_arc_leaves_the_straight_line() -> None:
    arc = maps.great_circle(MOSCOW, BAIKONUR)
    assert arc[0] == MOSCOW and arc[-1] == BAIKONUR and len(arc) == 65
    # Every point is on the great circle (within rounding)...
    assert max(_distance_from_great_circle(MOSCOW, BAIKONUR, p) for p in arc) < 0.1
    # ...and the inner ones bow north of the straight Mercator-ish line between the ends.
    def straight_lat(lon: float) -> float:
        t = (lon - MOSCOW[1]) / (BAIKONUR[1] - MOSCOW[1])
        return MOSCOW[0] + t * (BAIKONUR[0] - MOSCOW[0])
    bulges = [lat - straight_lat(lon) for lat, lon in arc[1:-1]]
    assert min(bulges) > 0 and max(bulges) > 0.5


def test_arc_on_the_map_is_the_great_circle(trip_map: folium.Map) -> None:
    arc = next(x for x in of_type(trip_map, folium.PolyLine) if x.options.get("dashArray"))
    points = [(p[0], p[1]) for p in arc.locations]
    assert points[0] == MOSCOW and points[-1] == BAIKONUR
    assert all(_distance_from_great_circle(MOSCOW, BAIKONUR, p) < 0.1 for p in points)


def test_great_circle_across_the_antimeridian_stays_continuous() -> None:
    arc = maps.great_circle((64.7, 177.5), (61.2, -149.9))  # Anadyr -> Anchorage
    assert all(abs(b[1] - a[1]) < 10 for a, b in itertools.pairwise(arc))
    assert maps.great_circle(MOSCOW, MOSCOW) == [MOSCOW, MOSCOW]


def test_data_is_escaped_in_popups_tooltips_and_layer_names(
        itinerary: Itinerary, catalogue: Catalogue, expected: Expected) -> None:
    evil_region = replace(catalogue, regions=(Region("moscow", expected.evil, "Europe/Moscow", *MOSCOW),
                                              *catalogue.regions[1:]))
    for page in (maps.render_html(maps.itinerary_map(itinerary, evil_region, tiles=None)),
                 maps.render_html(maps.catalogue_map(evil_region, tiles=None))):
        assert "<script>alert" not in page and "alert('x')" not in page
        # folium pastes popups and tooltips into JS template literals: data must add no backtick
        # (it would end the literal) and no ${ (it would be evaluated).
        assert "`tick`" not in page and "${" not in page
        assert '"quoted"' not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    trip = maps.itinerary_map(itinerary, evil_region, tiles=None)
    tooltips = [t.text for t in of_type(trip, folium.Tooltip)]
    assert any("Evil &lt;script&gt;" in t for t in tooltips)
    assert all("<script" not in t for t in tooltips)
    names = [g.layer_name for g in of_type(trip, folium.FeatureGroup)]
    assert any("Evil &lt;script&gt;" in n for n in names) and all("<script" not in n for n in names)


def test_only_vendored_assets_are_linked(trip_map: folium.Map) -> None:
    page = maps.render_html(trip_map)
    urls = asset_urls(page)
    assert urls and all(u.startswith("/static/") for u in urls)
    for url in urls:
        assert (map_assets.STATIC_DIR / url.removeprefix("/static/")).is_file(), url
    assert not re.search(r"https?://", page), "with tiles=None nothing at all may point outside"
    assert f'"/static/{map_assets.BASEMAP}"' in page


def test_the_offline_basemaps_credits_are_in_the_maps_language(itinerary: Itinerary, catalogue: Catalogue) -> None:
    from tourplanner.planning.i18n import using

    english = maps.render_html(maps.itinerary_map(itinerary, catalogue))
    with using("ru"):
        russian = maps.render_html(maps.itinerary_map(itinerary, catalogue))
    assert "Borders: Natural Earth" in english and "Places: {geonames} (CC BY 4.0)" in english
    assert "Borders: Natural Earth" not in russian and "Границы: Natural Earth" in russian
    assert "Населённые пункты: {geonames} (CC BY 4.0)" in russian and "Реки: GSHHG" in russian


def test_with_tiles_only_the_tile_template_and_its_attribution_are_external(
        itinerary: Itinerary, catalogue: Catalogue) -> None:
    page = maps.render_html(maps.itinerary_map(itinerary, catalogue))
    external = set(re.findall(r"https?://[^\s\"'<>\\]+", page))
    assert external == {maps.DEFAULT_TILES, "https://www.openstreetmap.org/copyright"}
    assert all(u.startswith("/static/") for u in asset_urls(page))
    catalogue_page = maps.render_html(maps.catalogue_map(catalogue))
    assert all(u.startswith("/static/") for u in asset_urls(catalogue_page))
    assert "leaflet.markercluster.js" in catalogue_page


@pytest.mark.parametrize("tiles", [None, "none", " NONE ", ""])
def test_no_tiles(itinerary: Itinerary, catalogue: Catalogue, tiles: str | None) -> None:
    m = maps.itinerary_map(itinerary, catalogue, tiles=tiles)
    assert of_type(m, folium.TileLayer) == []
    assert "L.tileLayer" not in maps.render_html(m)


def test_configured_tiles(itinerary: Itinerary, catalogue: Catalogue) -> None:
    osm = of_type(maps.itinerary_map(itinerary, catalogue), folium.TileLayer)
    assert [t.tiles for t in osm] == [maps.DEFAULT_TILES] and "OpenStreetMap" in osm[0].options["attribution"]
    own = "https://tiles.example.org/{z}/{x}/{y}.png"
    page = maps.render_html(maps.itinerary_map(itinerary, catalogue, tiles=own, attribution="Example maps"))
    assert f'"{own}"' in page and "Example maps" in page and "openstreetmap" not in page.lower()
    layer = of_type(maps.catalogue_map(catalogue, tiles=own), folium.TileLayer)[0]
    assert layer.options["attribution"] == "Tiles: tiles.example.org"


def test_static_prefix_is_configurable(itinerary: Itinerary, catalogue: Catalogue) -> None:
    page = maps.render_html(maps.itinerary_map(itinerary, catalogue, tiles=None, static_prefix="/app/static/"))
    assert all(u.startswith("/app/static/vendor/") or u in ("/app/static/maps/maps.css", "/app/static/maps/maps.js")
               for u in asset_urls(page))
    assert f'"/app/static/{map_assets.BASEMAP}"' in page
    with pytest.raises(ValueError):
        maps.itinerary_map(itinerary, catalogue, static_prefix='/x" onload="alert(1)')


def test_a_folium_element_without_a_vendored_asset_fails_loudly(trip_map: folium.Map) -> None:
    MiniMap().add_to(trip_map)
    with pytest.raises(KeyError, match="vendor it"):
        maps.render_html(trip_map)


def test_embedding_parts_leave_the_page_alone(trip_map: folium.Map) -> None:
    parts = maps.render_parts(trip_map)
    assert "html, body" not in parts.head and "#map {" not in parts.head.replace("\n", " ")
    assert parts.html.count('class="folium-map"') == 1
    assert "L.map(" in parts.script and "<script" not in parts.script
    assert maps.render_parts(trip_map) == parts, "rendering again gives the same parts"
    page = parts.document("Trip <1>")
    assert page.startswith("<!DOCTYPE html>") and "<title>Trip &lt;1&gt;</title>" in page


def test_popups_say_when_how_long_and_the_rules(trip_map: folium.Map) -> None:
    page = maps.render_html(trip_map)
    assert "10:00–12:30 (UTC+3)" in page and "2 h 30 min" in page  # Museum of Cosmonautics
    assert "Open that day" in page and "10:00–19:00" in page
    assert "Star City checkpoint" in page and "at least 30 days ahead" in page
    assert "Guided visits only." in page
    assert "By 30 May 2017: Send passport scans to the tour operator." in page
    assert "Fri 28 July 2017, 21:41 (UTC+6) = 15:41 UTC" in page  # lift-off, local and UTC
    assert "Sun 23 Jul" in page


def test_catalogue_map_clusters_every_site_with_kind_icons_and_badges(catalogue: Catalogue) -> None:
    m = maps.catalogue_map(catalogue, tiles=None)
    clusters = of_type(m, MarkerCluster)
    assert len(clusters) == 1
    markers = of_type(clusters[0], folium.Marker)
    assert len(markers) == len(catalogue.sites)
    by_name = {json.dumps(mk.location): mk.icon.options["html"] for mk in markers}
    site31 = by_name[json.dumps([45.9961, 63.5639])]
    assert "fa-rocket" in site31 and all(b in site31 for b in ("tp-permit", "tp-guided", "tp-nophoto"))
    museum = by_name[json.dumps([55.8228, 37.6398])]
    assert "fa-building-columns" in museum and "tp-badge-dot" not in museum
    page = maps.render_html(m)
    assert "L.markerClusterGroup" in page and "Legend" in page


def test_restrictions_in_words(catalogue: Catalogue) -> None:
    assert maps.restrictions(catalogue, catalogue.site("baikonur-site-31")) == [
        ("permit", "Permit needed"), ("guided", "Guided only"), ("nophoto", "Photo restrictions")]
    assert maps.restrictions(catalogue, catalogue.site("star-city")) == [
        ("permit", "Pre-registration needed"), ("guided", "Guided only")]
    assert maps.restrictions(catalogue, catalogue.site("kremlin-wall-necropolis")) == [("nophoto", "No photos")]
    assert maps.restrictions(catalogue, catalogue.site("vdnkh")) == []


def test_bounds_cover_the_whole_trip(trip_map: folium.Map) -> None:
    page = maps.render_html(trip_map)
    fitted = re.search(r'"bounds": (\[\[.*?\]\])', page)
    assert fitted
    (south, west), (north, east) = json.loads(fitted.group(1))
    assert south <= BAIKONUR[0] and north >= 55.8806 and west <= 37.50 and east >= 63.35


def test_empty_and_unknown_places_do_not_break(
        catalogue: Catalogue, itinerary: Itinerary, expected: Expected) -> None:
    assert "L.map(" in maps.render_html(maps.itinerary_map(Itinerary(days=()), catalogue, tiles=None))
    stale = replace(catalogue, sites=tuple(s for s in catalogue.sites if s.id != "vdnkh"))
    m = maps.itinerary_map(itinerary, stale, tiles=None)
    assert len([x for x in of_type(m, folium.Marker) if "tp-num" in str(x.icon.options.get("html"))]) == (
        expected.visits - 1)


def test_rest_days_get_no_layer_and_bases_get_a_bed(
        catalogue: Catalogue, itinerary: Itinerary, expected: Expected) -> None:
    rest = Day(itinerary.days[-1].date + timedelta(days=1), "moscow", "Europe/Moscow", ())
    m = maps.itinerary_map(replace(itinerary, days=(*itinerary.days, rest)), catalogue, tiles=None)
    layers = [g for g in of_type(m, folium.FeatureGroup) if g.control]
    assert len(layers) == expected.days
    beds = [x for x in of_type(m, folium.Marker) if "fa-bed" in str(x.icon.options.get("html"))]
    assert [tuple(b.location) for b in beds] == [(55.7558, 37.6173), (45.6167, 63.3167)]
    page = maps.render_html(m)
    assert "Sun 23 – Mon 24 Jul, Fri 28 – Sat 29 Jul" in page  # Moscow: the days based there
    assert "Tue 25 – Thu 27 Jul" in page


# --- the vendored files themselves ---------------------------------------------------------------


def test_every_linked_asset_and_css_reference_exists() -> None:
    for asset in map_assets.vendored_assets():
        assert (map_assets.STATIC_DIR / asset.path).is_file(), asset
    for css in map_assets.STATIC_DIR.glob("vendor/**/*.css"):
        for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css.read_text()):
            if ref.startswith(("data:", "#")):
                continue
            assert (css.parent / ref.split("?")[0].split("#")[0]).is_file(), f"{css}: {ref}"


def test_every_vendored_package_carries_its_licence_and_is_listed() -> None:
    vendor = map_assets.STATIC_DIR / "vendor"
    readme = (vendor / "README.md").read_text()
    for package in (p for p in vendor.iterdir() if p.is_dir()):
        assert (package / "LICENSE").is_file(), package
        assert f"`{package.name}/`" in readme


def test_no_cdn_names_in_shipped_files() -> None:
    cdn = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs\.cloudflare|code\.jquery\.com|netdna\.bootstrapcdn")
    for path in map_assets.static_files():
        if path.suffix in (".js", ".css", ".html"):
            assert not cdn.search(path.read_text(errors="replace")), path


def test_basemap_is_small_and_covers_the_trip() -> None:
    path = map_assets.STATIC_DIR / map_assets.BASEMAP
    assert path.stat().st_size < 1_000_000
    data = json.loads(path.read_text())
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Russia", "Kazakhstan", "Uzbekistan", "Ukraine"} <= names


def test_static_files_are_packaged_under_the_package() -> None:
    files = map_assets.static_files()
    assert all(Path(f).is_relative_to(map_assets.STATIC_DIR) for f in files)
    assert map_assets.STATIC_DIR / "vendor/leaflet/leaflet.js" in files


def test_the_offline_basemap_names_the_districts_around_the_sites() -> None:
    """GeoNames places cut to the trip regions (tools/vendor_places.py): names to find one's way by at
    city zoom when there are no tiles; credited on the map."""
    data = json.loads((map_assets.STATIC_DIR / map_assets.PLACES).read_text(encoding="utf-8"))
    assert "GeoNames" in data["attribution"] and "CC BY 4.0" in data["attribution"]
    names = {name for name, _, _ in data["places"]}
    assert {"Ostankinskiy", "Moscow", "Baykonyr", "Toretam"} <= names
    assert any(a.name == "places" and a.path == map_assets.PLACES for a in map_assets.vendored_assets())


def test_the_offline_basemap_has_rivers_and_built_up_areas_by_the_sites() -> None:
    """tools/vendor_detail.py: the Moskva and the Syr Darya, and Moscow's built-up area, near the sites
    they help to find (measured distances: the data is generalised, 1:3M), credited on the map."""
    import itertools
    import math

    data = json.loads((map_assets.STATIC_DIR / map_assets.DETAIL).read_text(encoding="utf-8"))
    assert "GSHHG" in data["attribution"]
    rivers = [f["geometry"]["coordinates"] for f in data["features"] if f["properties"]["kind"] == "river"]
    towns = [f["geometry"]["coordinates"] for f in data["features"] if f["properties"]["kind"] == "built_up"]

    def km(a: list[float], b: list[float]) -> float:
        scale = math.cos(math.radians((a[1] + b[1]) / 2))
        return math.hypot((a[0] - b[0]) * scale, a[1] - b[1]) * 111.2

    def to_river(point: list[float]) -> float:
        return min(km(point, [a[0] + (b[0] - a[0]) * t / 10, a[1] + (b[1] - a[1]) * t / 10])
                   for line in rivers for a, b in itertools.pairwise(line) for t in range(11))

    assert to_river([37.555, 55.715]) < 0.5  # the Moskva's bend at Luzhniki
    assert to_river([63.30, 45.607]) < 0.5  # the Syr Darya at Baikonur town's bridge

    def inside(point: list[float], ring: list[list[float]]) -> bool:
        x, y, odd = point[0], point[1], False
        for (x1, y1), (x2, y2) in zip(ring, ring[-1:] + ring[:-1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                odd = not odd
        return odd

    museum, kremlin = [37.6397, 55.8226], [37.6176, 55.7520]
    assert any(inside(museum, t[0]) and inside(kremlin, t[0]) for t in towns)
    assert not any(inside([63.3167, 45.6167], t[0]) for t in towns)  # nothing claimed where none is known
    assert any(a.name == "detail" and a.path == map_assets.DETAIL for a in map_assets.vendored_assets())
