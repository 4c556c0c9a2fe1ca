"""Itinerary and catalogue -> folium.Map: pure functions of planning objects, no CDN at run time.

Why this shape:
- Maps take the planning dataclasses (never DB rows, never Flask), so the web layer, the CLI and
  tests draw the same map from the same Itinerary.
- Every JS/CSS link folium would take from a CDN is swapped for a vendored file under the app's
  static prefix (see map_assets) when the map renders; an unknown link fails loudly.
- Tiles are configuration (`tiles`, `None`/"none" for none); under them a Natural Earth basemap
  shipped with the app is always drawn, so markers, lines and popups make sense offline.
- folium pastes popup and tooltip HTML into JavaScript template literals, and Leaflet inserts
  layer names as HTML: every text that comes from data goes through `_e`.
"""
from __future__ import annotations

import html
import json
import math
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen, MarkerCluster
from folium.template import Template

from tourplanner.exports import map_assets
from tourplanner.planning.availability import hours_on
from tourplanner.planning.describe import (
    TRAVEL_MODES,
    describe_closure,
    describe_hours,
    describe_intervals,
    describe_net,
    describe_rule,
    long_date,
    plain_words,
    utc_offset,
)
from tourplanner.planning.i18n import _l, day_short, gettext
from tourplanner.planning.model import AccessRule, Catalogue, Day, Item, Itinerary, Launch, Precision, Site
from tourplanner.planning.travel import geodesic_km

__all__ = [
    "DEFAULT_TILES",
    "OSM_ATTRIBUTION",
    "MapParts",
    "Point",
    "catalogue_map",
    "day_colour",
    "great_circle",
    "itinerary_map",
    "render_html",
    "render_parts",
    "restrictions",
]

Point = tuple[float, float]  # (lat, lon)

DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                   "contributors")

# One colour per day, distinguishable and readable under white digits; cycles after 14 days.
DAY_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e07b00", "#0f8fa0", "#8c564b",
               "#c2408a", "#5b6770", "#7d7a00", "#393b79", "#4e7a27", "#8c6d31", "#843c39")
LAUNCH_PIN, ROLLOUT_PIN = ("red", "#d63e2a"), ("orange", "#f69730")  # awesome-markers name, its hex
OWN_PIN = ("purple", "#d252b9")  # the traveller's own items
ROCKET_TYPES = ("launch", "rollout")
# Site kind -> (Font Awesome solid icon, colour, label).
KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "museum": ("building-columns", "#1d4ed8", _l("Museum")),
    "memorial": ("monument", "#6d28d9", _l("Memorial")),
    "launch-pad": ("rocket", "#dc2626", _l("Launch pad")),
    "ruin": ("house-chimney-crack", "#78716c", _l("Ruin")),
    "school": ("school", "#059669", _l("School")),
    "park": ("tree", "#15803d", _l("Park")),
    "training-centre": ("user-astronaut", "#0e7490", _l("Training centre")),
}
OTHER_KIND = ("location-dot", "#475569", _l("Other"))
# Restriction badge -> (css class, icon).
BADGES = {"permit": ("tp-permit", "id-card"), "guided": ("tp-guided", "person-chalkboard"),
          "nophoto": ("tp-nophoto", "camera")}


def day_colour(index: int) -> str:
    """The colour of day `index` (0-based) on the map; the trip page's day list uses the same."""
    return DAY_COLOURS[index % len(DAY_COLOURS)]


def _e(value: object) -> str:
    """Escape data for HTML that folium also pastes into a JS template literal (`...${}...`)."""
    return (html.escape(str(value), quote=True)
            .replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;"))


def _js(value: object) -> str:
    """JSON for a <script>: nothing from data can close the script or open a template literal."""
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                       ("`", "\\u0060"), ("$", "\\u0024")):
        text = text.replace(char, code)
    return text


# --- geometry ------------------------------------------------------------------------------------


def great_circle(a: Point, b: Point, segments: int = 64) -> list[Point]:
    """Points along the great circle from a to b: a long transfer drawn the way it is flown.

    On a Mercator map the straight segment Moscow-Baikonur is not the shortest way; the arc bows
    north. Longitudes are unwrapped so a line crossing the antimeridian stays continuous.
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    v1 = (math.cos(lat1) * math.cos(lon1), math.cos(lat1) * math.sin(lon1), math.sin(lat1))
    v2 = (math.cos(lat2) * math.cos(lon2), math.cos(lat2) * math.sin(lon2), math.sin(lat2))
    cross = (v1[1] * v2[2] - v1[2] * v2[1], v1[2] * v2[0] - v1[0] * v2[2], v1[0] * v2[1] - v1[1] * v2[0])
    angle = math.atan2(math.sqrt(sum(c * c for c in cross)), sum(p * q for p, q in zip(v1, v2)))
    if angle < 1e-9 or segments < 2:
        return [a, b]
    points: list[Point] = []
    for i in range(segments + 1):
        t = i / segments
        f1, f2 = math.sin((1 - t) * angle) / math.sin(angle), math.sin(t * angle) / math.sin(angle)
        x, y, z = (f1 * p + f2 * q for p, q in zip(v1, v2))
        lat, lon = math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))
        if points:
            lon += 360 * round((points[-1][1] - lon) / 360)
        points.append((round(lat, 5), round(lon, 5)))
    points[0], points[-1] = a, (b[0], b[1] + 360 * round((points[-1][1] - b[1]) / 360))
    return points


# --- catalogue look-ups that tolerate stale ids ---------------------------------------------------


def _site(catalogue: Catalogue, site_id: str | None) -> Site | None:
    return next((s for s in catalogue.sites if s.id == site_id), None) if site_id else None


def _launch(catalogue: Catalogue, launch_id: str | None) -> Launch | None:
    return next((x for x in catalogue.launches if x.id == launch_id), None) if launch_id else None


def _place(catalogue: Catalogue, place_id: str | None) -> Point | None:
    """A travel end: a site id or a region id (its hotel)."""
    site = _site(catalogue, place_id)
    if site:
        return (site.lat, site.lon)
    region = next((r for r in catalogue.regions if r.id == place_id), None)
    return (region.lat, region.lon) if region else None


def _region_name(catalogue: Catalogue, region_id: str) -> str:
    return next((r.name for r in catalogue.regions if r.id == region_id), region_id)


def _item_site(catalogue: Catalogue, item: Item) -> Site | None:
    """The site an item happens at; a launch or roll-out without one happens at the launch's pad."""
    site = _site(catalogue, item.site)
    if site is None and item.launch:
        launch = _launch(catalogue, item.launch)
        site = _site(catalogue, launch.pad if launch else None)
    return site


def _item_point(catalogue: Catalogue, item: Item) -> Point | None:
    if item.lat is not None and item.lon is not None:
        return (item.lat, item.lon)
    site = _item_site(catalogue, item)
    return (site.lat, site.lon) if site else None


def restrictions(catalogue: Catalogue, site: Site) -> list[tuple[str, str]]:
    """The badges a site earns from its access rules: (badge key, words), e.g. ("permit", "Permit needed")."""
    rules = catalogue.rules_for(site)
    out: list[tuple[str, str]] = []
    permits = [r for r in rules if r.kind in ("permit", "pre_registration")]
    if permits:
        words = gettext("Permit needed") if any(r.kind == "permit" for r in permits) \
            else gettext("Pre-registration needed")
        out.append(("permit", words))
    if any(r.guided_only for r in rules):
        out.append(("guided", gettext("Guided only")))
    photography = {r.photography for r in rules}
    if "forbidden" in photography:
        out.append(("nophoto", gettext("No photos")))
    elif photography & {"restricted", "permit"}:
        out.append(("nophoto", gettext("Photo restrictions")))
    return out


# --- words --------------------------------------------------------------------------------------


def _duration(minutes: float) -> str:
    hours, mins = divmod(round(minutes), 60)
    if hours and mins:
        return gettext("%(hours)s h %(minutes)s min", hours=hours, minutes=f"{mins:02d}")
    return gettext("%(hours)s h", hours=hours) if hours else gettext("%(minutes)s min", minutes=mins)


def _short_date(day: date) -> str:
    return day_short(day)


def _when(start: datetime, end: datetime) -> str:
    """"10:00–12:00 (UTC+3)"; dates and both offsets appear when a span crosses midnight or zones."""
    if start.utcoffset() != end.utcoffset():
        return (f"{_short_date(start.date())} {start:%H:%M} ({utc_offset(start)}) → "
                f"{_short_date(end.date())} {end:%H:%M} ({utc_offset(end)})")
    if start.date() != end.date():
        return (f"{_short_date(start.date())} {start:%H:%M} → {_short_date(end.date())} {end:%H:%M} "
                f"({utc_offset(start)})")
    return f"{start:%H:%M}–{end:%H:%M} ({utc_offset(start)})"


def _badges_html(badges: Sequence[tuple[str, str]]) -> str:
    return "".join(f'<span class="tp-badge {BADGES[key][0]}"><i class="fa fa-{BADGES[key][1]}"></i>'
                   f"{_e(words)}</span>" for key, words in badges)


def _rules_html(rules: Iterable[AccessRule]) -> str:
    items = []
    for rule in rules:
        title, *rest = describe_rule(rule)
        items.append(f"<li><b>{_e(title)}</b>" + "".join(f" {_e(line)}" for line in rest) + "</li>")
    return f'<div class="tp-h">Access</div><ul>{"".join(items)}</ul>' if items else ""


def _list_html(heading: str, lines: Iterable[str], css: str = "") -> str:
    items = "".join(f"<li{css}>{_e(plain_words(line))}</li>" for line in lines)
    return f'<div class="tp-h">{heading}</div><ul>{items}</ul>' if items else ""


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows if v) + "</dl>"


# --- folium plumbing ------------------------------------------------------------------------------


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


class _TourMap(folium.Map):
    """A folium.Map that links only vendored assets and keeps its CSS to itself.

    folium's Map header sets `html, body {margin: 0; height: 100%}` and styles `#map`: fine for a
    standalone file, harmful in a page that embeds the map, so the header is replaced by the map
    div's own size. Links are localised at render time, so elements added later are covered too.
    """

    def __init__(self, *, static_prefix: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.static_prefix = map_assets.check_prefix(static_prefix)
        self.default_css = [*self.default_css, (map_assets.OWN_CSS.name, map_assets.OWN_CSS.path)]
        self.default_js = [*self.default_js, (map_assets.OWN_JS.name, map_assets.OWN_JS.path)]

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        for element in _walk(self):
            if isinstance(element, JSCSSMixin):
                element.default_js = self._local("js", element.default_js)
                element.default_css = self._local("css", element.default_css)
        super().render(**kwargs)  # type: ignore[no-untyped-call]
        figure = self.get_root()
        assert isinstance(figure, Figure)
        figure.header.add_child(Element(
            f"<style>#{self.get_name()} {{ position: relative; width: {self.width[0]}{self.width[1]}; "
            f"height: {self.height[0]}{self.height[1]}; }}</style>"), name=self.get_name())
        for link in figure.header._children.values():
            if isinstance(link, (JavascriptLink, CssLink)) and not link.url.startswith(
                    self.static_prefix + "/"):
                raise RuntimeError(f"map links an asset outside {self.static_prefix}/: {link.url}")

    def _local(self, kind: str, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, f"{self.static_prefix}/{path}") for name, path in map_assets.localised(kind, links)]


def _map_words() -> dict[str, str]:
    """The words maps.js writes itself (buttons, cluster names), in the current language; maps.js fills
    in {numbers}, {count} and {names}."""
    return {"stops": gettext("Stops {numbers} close together: {names}. Select to show them apart."),
            "places": gettext("{count} places close together: {names}. Select to show them apart."),
            "zoom": gettext("Zoom to"), "days": gettext("Days: show or hide"), "map": gettext("Map"),
            # the offline basemap's credits (the data files' own `attribution` says the same in English)
            "borders": gettext("Borders: Natural Earth"), "rivers": gettext("Rivers: GSHHG"),
            "placeNames": gettext("Places: {geonames} (CC BY 4.0)")}


class _Setup(MacroElement):
    """Runs right after the map is created: maps.js's setup (scoping class, popup/tooltip manners,
    accessible names, and the offline basemap under everything).

    The basemap (Natural Earth, served as a static file so browsers cache it across maps) sits in a
    pane below the tile pane: tiles cover it when they load, it shows when they do not.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        tpMaps.setup({{ this._parent.get_name() }}, {{ this.options_js }});
        {% endmacro %}
    """)

    def __init__(self, prefix: str, label: str = "Map") -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TourplannerSetup"
        self.options_js = _js({"basemap": f"{prefix}/{map_assets.BASEMAP}", "places": f"{prefix}/{map_assets.PLACES}",
                               "detail": f"{prefix}/{map_assets.DETAIL}", "label": label, "words": _map_words()})


class _Legend(MacroElement):
    """The legend (bottom left), "zoom to" buttons per region, and fitting the map to the trip.

    Fitting happens in maps.js after the bottom controls exist, so the trip is framed above them
    rather than under them (popups open upwards, so the top stays free). `html` is built from
    escaped parts only; button labels are set as text.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        tpMaps.legend({{ this._parent.get_name() }}, {{ this.options_js }});
        {% endmacro %}
    """)

    def __init__(self, html_: str, bounds: list[Point] | None, zooms: list[tuple[str, list[Point]]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TourplannerLegend"
        self.options_js = _js({"html": html_, "bounds": bounds, "zooms": zooms})


class _Stops(MacroElement):
    """Ties the stops' cluster group to the day list (maps.js `stops`): hiding a day hides its stops."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        tpMaps.stops({{ this._parent.get_name() }}, {{ this.cluster.get_name() }},
                     [{% for group, day in this.days %}[{{ group.get_name() }}, {{ day }}]{{ "," if not loop.last }}{% endfor %}]);
        {% endmacro %}
    """)

    def __init__(self, cluster: MarkerCluster, days: list[tuple[folium.FeatureGroup, int]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TourplannerStops"
        self.cluster = cluster
        self.days = days  # each day's layer (routes) and its index: stops of a hidden day hide too


def _label(text: str) -> str:
    """An accessible name for maps.js, escaped like every text from data (maps.js decodes it as text)."""
    return _e(text)


def _stops_cluster() -> MarkerCluster:
    """Markers that would cover each other join a cluster showing the numbers it holds (maps.js)."""
    return MarkerCluster(  # type: ignore[no-untyped-call]
        name="Stops", control=False, show_coverage_on_hover=False, max_cluster_radius=24,
        spiderfy_on_max_zoom=True, icon_create_function="tpMaps.clusterIcon")


def _legend_row(key_html: str, words: str) -> str:
    return f'<div class="tp-row"><span class="tp-key">{key_html}</span><span>{_e(words)}</span></div>'


def _base_map(tiles: str | None, attribution: str | None, static_prefix: str, label: str) -> _TourMap:
    m = _TourMap(static_prefix=static_prefix, location=(52.0, 50.0), zoom_start=4, tiles=None,
                 width="100%", height="100%", control_scale=True)
    m.options.update(min_zoom=2, max_zoom=18)  # no tile layer -> Leaflet (and MarkerCluster) need a max
    layer = _tile_layer(tiles, attribution)
    if layer is not None:
        layer.add_to(m)
    _Setup(m.static_prefix, label).add_to(m)
    return m


def _tile_layer(tiles: str | None, attribution: str | None) -> folium.TileLayer | None:
    """`None`, "" or "none" mean no tiles (tests, offline); anything else is a URL template or a name."""
    if tiles is None or tiles.strip().lower() in ("", "none"):
        return None
    if attribution is None and tiles == DEFAULT_TILES:
        attribution = OSM_ATTRIBUTION
    elif attribution is None and "{" in tiles:  # a URL folium cannot attribute: name its host
        attribution = gettext("Tiles: %(host)s", host=_e(urlsplit(tiles).netloc or tiles))
    return folium.TileLayer(tiles=tiles, attr=attribution, max_zoom=18, control=False, name="tiles")


def _bounds(points: Sequence[Point]) -> list[Point]:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [(min(lats), min(lons)), (max(lats), max(lons))]


def _finish(m: _TourMap, points: Sequence[Point], legend_html: str,
            regions: dict[str, list[Point]]) -> None:
    """Fullscreen button, legend, a zoom button per region, bounds fitted to everything.

    Call last: the fit measures the bottom controls (layer list, legend) already on the map.
    """
    Fullscreen(  # type: ignore[no-untyped-call]
        position="topleft", title=gettext("Full screen"), title_cancel=gettext("Leave full screen")).add_to(m)
    zooms = [(name, _bounds(pts)) for name, pts in regions.items() if pts]
    if points and len(zooms) > 1:
        zooms.append((gettext("All"), _bounds(points)))
    _Legend(legend_html, _bounds(points) if points else None, zooms).add_to(m)


def _tooltip(text: str) -> folium.Tooltip:
    return folium.Tooltip(_e(text), sticky=False, direction="top", offset=(0, -12))


def _popup(body: str) -> folium.Popup:
    return folium.Popup(f'<div class="tp-popup">{body}</div>', max_width=340, lazy=True)


# --- itinerary ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DayView:
    index: int
    day: Day
    colour: str
    label: str  # plain text


def _day_views(itinerary: Itinerary, catalogue: Catalogue, first_day: int = 0) -> list[_DayView]:
    return [_DayView(i, day, day_colour(i),
                     f"{gettext('Day %(n)s', n=i + 1)} · {_short_date(day.date)} · "
                     f"{_region_name(catalogue, day.region)}")
            for i, day in enumerate(itinerary.days, start=first_day)]


def _route_segments(catalogue: Catalogue, day: Day) -> list[list[Point]]:
    """A day's path in visiting order, cut where a transfer jumps regions (drawn as an arc instead)."""
    segments: list[list[Point]] = [[]]
    for item in day.items:
        if item.type == "transfer":
            segments.append([])
            continue
        ends = ([_place(catalogue, item.origin), _place(catalogue, item.destination)] if item.type == "travel"
                else [_item_point(catalogue, item)])
        for point in ends:
            if point is not None and (not segments[-1] or segments[-1][-1] != point):
                segments[-1].append(point)
    return [s for s in segments if len(s) >= 2]


def _visit_popup(view: _DayView, number: int, item: Item, site: Site | None,
                 catalogue: Catalogue, itinerary: Itinerary) -> str:
    title = site.name if site else item.title
    parts = [f'<div class="tp-day" style="color:{view.colour}">{_e(view.label)}</div>',
             f"<h3>{number}. {_e(title)}</h3>"]
    if site and site.name_ru:
        parts.append(f'<div class="tp-sub">{_e(site.name_ru)}</div>')
    rows = [(gettext("When"), _when(item.start, item.end)),
            (gettext("Visit"), _duration((item.end - item.start).total_seconds() / 60))]
    if site:
        hours = describe_intervals(hours_on(site.hours, item.start.date()))
        rows.append((gettext("Open that day"),
                     hours + (gettext(" (by appointment)") if site.hours.by_appointment else "")))
    parts.append(_dl(rows))
    if site:
        parts.append(_badges_html(restrictions(catalogue, site)))
        parts.append(_rules_html(catalogue.rules_for(site)))
        deadlines = [d.message if long_date(d.due) in d.message
                     else gettext("By %(date)s: %(what)s", date=long_date(d.due), what=d.message)
                     for d in itinerary.deadlines if d.site == site.id]
        parts.append(_list_html(gettext("Before you go"), deadlines, ' class="tp-deadline"'))
    parts.append(_list_html(gettext("Notes"), item.notes))
    return "".join(parts)


def _rocket_popup(view: _DayView, item: Item, catalogue: Catalogue) -> str:
    launch = _launch(catalogue, item.launch)
    site = _item_site(catalogue, item)
    parts = [f'<div class="tp-day" style="color:{view.colour}">{_e(view.label)}</div>',
             f'<h3><i class="fa fa-rocket"></i> {_e(item.title)}</h3>']
    sub = [x for x in ((launch.vehicle if launch else ""), (site.name if site else "")) if x]
    if sub:
        parts.append(f'<div class="tp-sub">{_e(" · ".join(sub))}</div>')
    rows: list[tuple[str, str]] = []
    if item.type == "rollout":
        rows.append((gettext("Roll-out"), f"{item.start:%H:%M} ({utc_offset(item.start)})"))
    if launch:
        # describe_net words the date as precisely as it is known (a TBD month stays a month).
        net = describe_net(launch, launch.net.astimezone(item.start.tzinfo))
        if launch.precision in (Precision.SECOND, Precision.MINUTE):
            net += f" = {launch.net.astimezone(UTC):%H:%M} UTC"
        rows.append((gettext("Lift-off"), net))
    rows += [(gettext("Viewing"), _when(item.start, item.end)),
             (gettext("Status"), launch.status.value if launch else "")]
    parts.append(_dl(rows))
    if site:
        parts.append(_rules_html(catalogue.rules_for(site)))
    parts.append(_list_html(gettext("Notes"), (*item.notes, *((launch.notes,) if launch and launch.notes else ()))))
    return "".join(parts)


def _transfer_popup(view: _DayView, item: Item, catalogue: Catalogue, km: float) -> str:
    transfer = next((t for t in catalogue.transfers
                     if t.origin == item.origin and t.destination == item.destination), None)
    mode = item.mode or (transfer.mode if transfer else "")
    rows = [(gettext("When"), _when(item.start, item.end)),
            (gettext("Takes"), _duration((item.end - item.start).total_seconds() / 60)),
            (gettext("By"), gettext(TRAVEL_MODES[mode]) if mode in TRAVEL_MODES else mode),
            (gettext("Distance"), (gettext("%(km)s km", km=f"{item.distance_km:,.0f}") if item.distance_km
                                   else gettext("%(km)s km as the crow flies", km=f"{km:,.0f}")))]
    parts = [f'<div class="tp-day" style="color:{view.colour}">{_e(view.label)}</div>',
             f'<h3><i class="fa fa-plane"></i> {_e(item.title)}</h3>', _dl(rows)]
    if transfer and transfer.description:
        parts.append(f"<p>{_e(transfer.description)}</p>")
    parts.append(_list_html(gettext("Notes"), item.notes))
    return "".join(parts)


@dataclass
class _Drawn:
    """What the itinerary map has drawn so far: for the bounds, the zoom buttons and the legend."""

    bounds: list[Point] = field(default_factory=list)
    by_region: dict[str, list[Point]] = field(default_factory=dict)
    kinds: set[str] = field(default_factory=set)
    visits: int = 0

    def add(self, region: str, points: Iterable[Point]) -> None:
        points = list(points)
        self.bounds += points
        self.by_region.setdefault(region, []).extend(points)


def _draw_day(group: folium.FeatureGroup, stops: MarkerCluster, view: _DayView, catalogue: Catalogue,
              itinerary: Itinerary, drawn: _Drawn) -> bool:
    """Route and transfer arcs of one day (in `group`), its numbered visits and rocket pins (in the
    shared `stops` cluster, tagged with the day); False when nothing was drawn."""
    region = _region_name(catalogue, view.day.region)
    before = len(drawn.bounds)
    segments = _route_segments(catalogue, view.day)
    if segments:
        drawn.add(region, (point for segment in segments for point in segment))
        road = sum(i.distance_km or 0 for i in view.day.items if i.type == "travel")
        tip = (gettext("%(day)s: route, %(km)s km by road", day=view.label, km=f"{road:.0f}") if road
               else gettext("%(day)s: route", day=view.label))
        folium.PolyLine(segments, color=view.colour, weight=4, opacity=0.75,  # type: ignore[no-untyped-call]
                        tooltip=_tooltip(tip)).add_to(group)
    for item in view.day.items:
        if item.type == "transfer":
            a, b = _place(catalogue, item.origin), _place(catalogue, item.destination)
            if a is None or b is None:
                continue
            arc = great_circle(a, b)
            drawn.bounds += arc
            drawn.kinds.add("transfer")
            tip = f"{item.title} ({_duration((item.end - item.start).total_seconds() / 60)})"
            folium.PolyLine(arc, color=view.colour, weight=3, opacity=0.9,  # type: ignore[no-untyped-call]
                            dash_array="8 8", tooltip=_tooltip(tip),
                            popup=_popup(_transfer_popup(view, item, catalogue, geodesic_km(*a, *b)))
                            ).add_to(group)
            continue
        point = _item_point(catalogue, item)
        if point is None or item.type not in ("visit", "own", *ROCKET_TYPES):
            continue
        drawn.add(region, [point])
        when = f"{gettext('Day %(n)s', n=view.index + 1)}, {item.start:%H:%M}"
        if item.type == "own":  # the traveller's own item with a place (a dinner, a meeting)
            drawn.kinds.add("own")
            place = item.notes[0] if item.notes else ""
            folium.Marker(point, icon=folium.Icon(color=OWN_PIN[0], icon="star", prefix="fa"),
                          tooltip=_tooltip(f"{item.title} · {when}"),
                          popup=_popup(f"<h3>{_e(item.title)}</h3>" + (f'<div class="tp-sub">{_e(place)}</div>'
                                                                        if place else "")
                                       + _dl([(gettext("When"), when)]))).add_to(group)
        elif item.type == "visit":
            drawn.visits += 1
            number = drawn.visits
            site = _item_site(catalogue, item)
            icon = folium.DivIcon(html=f'<div class="tp-num" style="background:{view.colour}">{number}</div>',
                                  icon_size=(26, 26), icon_anchor=(13, 13), class_name="tp-num-icon")
            name = site.name if site else item.title
            folium.Marker(point, icon=icon, tooltip=_tooltip(f"{number}. {name} · {when}"),
                          popup=_popup(_visit_popup(view, number, item, site, catalogue, itinerary)),
                          tp_label=_label(gettext("Stop %(n)s: %(name)s, %(when)s", n=number, name=name,
                                                  when=when)), tp_day=view.index,
                          tp_number=number, tp_colour=view.colour, tp_kind="visit",
                          tp_order=len(drawn.bounds)).add_to(stops)
        else:
            drawn.kinds.add(item.type)
            colour = LAUNCH_PIN[0] if item.type == "launch" else ROLLOUT_PIN[0]
            what = gettext("Launch viewing") if item.type == "launch" else gettext("Roll-out viewing")
            folium.Marker(point, icon=folium.Icon(color=colour, icon="rocket", prefix="fa"),
                          tooltip=_tooltip(f"{item.title} · {when}"),
                          popup=_popup(_rocket_popup(view, item, catalogue)),
                          z_index_offset=1000, tp_label=_label(f"{what}: {item.title}, {when}"),
                          tp_day=view.index, tp_kind=item.type, tp_order=len(drawn.bounds)).add_to(stops)
    return len(drawn.bounds) > before


def _date_ranges(days: Sequence[date]) -> str:
    """"Sun 23 – Tue 25 Jul, Fri 28 Jul": consecutive dates folded into ranges."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(_short_date(r[0]) if len(r) == 1 else f"{r[0]:%a} {r[0].day} – {_short_date(r[-1])}"
                     for r in runs)


def _draw_bases(stops: MarkerCluster, views: Sequence[_DayView], catalogue: Catalogue, drawn: _Drawn) -> None:
    """A bed marker where each region's nights are spent: the day routes start and end there."""
    for region_id in dict.fromkeys(v.day.region for v in views):
        region = next((r for r in catalogue.regions if r.id == region_id), None)
        if region is None:
            continue
        here = [v for v in views if v.day.region == region_id]
        lodging = next((v.day.lodging for v in here if v.day.lodging), "") or region.lodging
        chosen = next((v.day.lodging_place for v in here if v.day.lodging_place is not None), None)
        bed = (chosen.lat, chosen.lon) if chosen is not None else (region.lat, region.lon)  # the traveller's hotel
        drawn.add(region.name, [bed])
        drawn.kinds.add("base")
        body = (f'<h3><i class="fa fa-bed"></i> {_e(region.name)}</h3>'
                + (f'<div class="tp-sub">{_e(lodging)}</div>' if lodging else "")
                + _dl([(gettext("Days based here"), _date_ranges([v.day.date for v in here]))]))
        icon = folium.DivIcon(html='<div class="tp-base"><i class="fa fa-bed"></i></div>', icon_size=(22, 22),
                              icon_anchor=(11, 11), class_name="tp-base-icon")
        folium.Marker(bed, icon=icon,
                      tooltip=_tooltip(gettext("Base: %(place)s", place=lodging or region.name)),
                      popup=_popup(body), tp_kind="base", tp_order=len(drawn.bounds),
                      tp_label=_label(gettext("Where you stay in %(region)s: %(place)s", region=region.name,
                                              place=lodging or region.name))).add_to(stops)


def itinerary_map(itinerary: Itinerary, catalogue: Catalogue, *, tiles: str | None = DEFAULT_TILES,
                  attribution: str | None = None,
                  static_prefix: str = map_assets.DEFAULT_STATIC_PREFIX, first_day: int = 0,
                  first_number: int = 1, label: str = "") -> folium.Map:
    """One layer per day (toggled in the layer control), numbered visits, routes, transfers, rockets.

    Visits are numbered 1..n across the whole trip in visiting order and coloured by day; launch and
    roll-out viewings are rocket pins; a transfer between regions is a dashed great-circle arc; a bed
    marks each region's base. Days with nothing to draw (rest days) get no layer. A map of part of a
    trip (the pack's map of one day) passes where it starts, so days and numbers stay the trip's.
    """
    m = _base_map(tiles, attribution, static_prefix, label or gettext("Map of the trip"))
    drawn = _Drawn(visits=first_number - 1)
    views = _day_views(itinerary, catalogue, first_day)
    stops = _stops_cluster()
    days: list[tuple[folium.FeatureGroup, int]] = []
    for view in views:
        swatch = f'<span class="tp-swatch" style="background:{view.colour}"></span>'
        group = folium.FeatureGroup(name=swatch + _e(view.label), show=True)
        if _draw_day(group, stops, view, catalogue, itinerary, drawn):
            group.add_to(m)
            days.append((group, view.index))
    _draw_bases(stops, views, catalogue, drawn)
    stops.add_to(m)
    _Stops(stops, days).add_to(m)
    if days:
        # Folded into a button (top right) at every size: open, the day list would cover the map.
        folium.LayerControl(position="topright", collapsed=True).add_to(m)
    _finish(m, drawn.bounds, _itinerary_legend(views, drawn.kinds), drawn.by_region)
    return m


def _itinerary_legend(views: Sequence[_DayView], kinds_seen: set[str]) -> str:
    colour = views[0].colour if views else DAY_COLOURS[0]
    rows = [_legend_row(f'<span class="tp-num" style="background:{colour}">1</span>',
                        gettext("Visit, numbered in visiting order; colour = day")),
            _legend_row(f'<span class="tp-line" style="border-color:{colour}"></span>', gettext("Route of the day"))]
    if "transfer" in kinds_seen:
        rows.append(_legend_row(f'<span class="tp-line tp-dashed" style="border-color:{colour}"></span>',
                                gettext("Transfer between regions (great circle)")))
    for kind, (_, hexa), words in (("launch", LAUNCH_PIN, gettext("Launch viewing")),
                                   ("rollout", ROLLOUT_PIN, gettext("Roll-out viewing"))):
        if kind in kinds_seen:
            rows.append(_legend_row(f'<span class="tp-pin" style="background:{hexa}">'
                                    '<i class="fa fa-rocket"></i></span>', words))
    if "own" in kinds_seen:
        rows.append(_legend_row(f'<span class="tp-pin" style="background:{OWN_PIN[1]}">'
                                '<i class="fa fa-star"></i></span>', gettext("Your own item")))
    if "base" in kinds_seen:
        rows.append(_legend_row('<span class="tp-base"><i class="fa fa-bed"></i></span>',
                                gettext("Where you stay; day routes start and end there")))
    if len(views) > 1:
        rows.append(_legend_row('<i class="fa fa-layer-group"></i>',
                                gettext("Show or hide days: the button at the top right")))
    return f'<details><summary>{gettext("Legend")}</summary>{"".join(rows)}</details>'


# --- catalogue ------------------------------------------------------------------------------------


def _kind_style(kind: str) -> tuple[str, str, str]:
    icon, colour, label = KIND_STYLE.get(kind, (OTHER_KIND[0], OTHER_KIND[1], ""))
    return icon, colour, gettext(label) if label else kind.replace("-", " ").capitalize() or gettext(OTHER_KIND[2])


def _site_icon_html(site: Site, badges: Sequence[tuple[str, str]]) -> str:
    icon, colour, _ = _kind_style(site.kind)
    dots = "".join(f'<span class="tp-badge-dot {BADGES[key][0]}" title="{_e(words)}">'
                   f'<i class="fa fa-{BADGES[key][1]}"></i></span>' for key, words in badges)
    return (f'<div class="tp-site" style="background:{colour}"><i class="fa fa-{icon}"></i>'
            + (f'<span class="tp-site-badges">{dots}</span>' if dots else "") + "</div>")


def _site_popup(site: Site, catalogue: Catalogue, badges: Sequence[tuple[str, str]]) -> str:
    _, _, kind_label = _kind_style(site.kind)
    sub = " · ".join(x for x in (site.name_ru, kind_label, _region_name(catalogue, site.region)) if x)
    rows = [(gettext("Typical visit"), _duration(site.visit_minutes))]
    if site.coordinates_confidence in ("L", "unverified"):
        rows.append((gettext("Location"), gettext("approximate")))
    closures = sorted(site.closures, key=lambda c: c.end)[-3:]
    return "".join([
        f"<h3>{_e(site.name)}</h3>", f'<div class="tp-sub">{_e(sub)}</div>', _badges_html(badges), _dl(rows),
        _list_html(gettext("Opening hours"), describe_hours(site.hours)),
        _list_html(gettext("Closures"), [describe_closure(c) for c in closures]),
        _rules_html(catalogue.rules_for(site)),
        f"<p>{_e(plain_words(site.description))}</p>" if site.description else "",
    ])


def catalogue_map(catalogue: Catalogue, *, tiles: str | None = DEFAULT_TILES, attribution: str | None = None,
                  static_prefix: str = map_assets.DEFAULT_STATIC_PREFIX) -> folium.Map:
    """Every site, clustered where dense, an icon by kind and badges for permit / guided / photo rules."""
    m = _base_map(tiles, attribution, static_prefix, gettext("Map of the sites"))
    cluster = MarkerCluster(  # type: ignore[no-untyped-call]
        name="Sites", control=False, show_coverage_on_hover=False,
                            max_cluster_radius=40, spiderfy_on_max_zoom=True).add_to(m)
    kinds: dict[str, None] = {}
    for site in catalogue.sites:
        badges = restrictions(catalogue, site)
        kinds[site.kind] = None
        marker_icon = folium.DivIcon(html=_site_icon_html(site, badges), icon_size=(32, 32),
                                     icon_anchor=(16, 16), class_name="tp-site-icon")
        tip = site.name + ("" if not badges else " — " + ", ".join(words for _, words in badges))
        folium.Marker((site.lat, site.lon), icon=marker_icon, tooltip=_tooltip(tip),
                      popup=_popup(_site_popup(site, catalogue, badges)), tp_label=_label(tip)).add_to(cluster)
    rows = []
    for kind in kinds:
        icon, colour, label = _kind_style(kind)
        swatch = f'<span class="tp-site" style="background:{colour}"><i class="fa fa-{icon}"></i></span>'
        rows.append(_legend_row(swatch, label))
    for key, words in (("permit", gettext("Permit or pre-registration needed")),
                       ("guided", gettext("Guided visits only")),
                       ("nophoto", gettext("No photos / photo restrictions"))):
        rows.append(_legend_row(f'<span class="tp-badge-dot {BADGES[key][0]}">'
                                f'<i class="fa fa-{BADGES[key][1]}"></i></span>', words))
    by_region: dict[str, list[Point]] = {}
    for site in catalogue.sites:
        by_region.setdefault(_region_name(catalogue, site.region), []).append((site.lat, site.lon))
    _finish(m, [(s.lat, s.lon) for s in catalogue.sites],
            f'<details><summary>Legend</summary>{"".join(rows)}</details>', by_region)
    return m


# --- rendering ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapParts:
    """A rendered map split for a page template (no iframe).

    `head` goes in <head> (links to the vendored CSS/JS, map styles), `html` where the map is drawn
    (a div filling its container: give the container a height), `script` in a <script> after it.
    """

    head: str
    html: str
    script: str

    def document(self, title: str = "Map") -> str:
        """A standalone page: the map fills the window."""
        return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                f"<title>{_e(title)}</title>\n{self.head}\n"
                "<style>html, body { height: 100%; margin: 0; }</style>\n</head>\n<body>\n"
                f"{self.html}\n<script>\n{self.script}\n</script>\n</body>\n</html>\n")


_RENDERED: weakref.WeakKeyDictionary[folium.Map, MapParts] = weakref.WeakKeyDictionary()


def render_parts(m: folium.Map) -> MapParts:
    """Render and split into head / html / script for embedding in a Jinja template.

    folium's render is not idempotent (markers re-add their setIcon calls), so the parts are
    kept on the map: a map renders once; build a new one to change it.
    """
    done = _RENDERED.get(m)
    if done is not None:
        return done
    figure = m.get_root()
    assert isinstance(figure, Figure)
    figure.render()
    parts = MapParts(head=figure.header.render(), html=figure.html.render(), script=figure.script.render())
    _RENDERED[m] = parts
    return parts


def render_html(m: folium.Map, title: str = "Map") -> str:
    """The map as a standalone HTML document (what the browser test and the benchmark load)."""
    return render_parts(m).document(title)
