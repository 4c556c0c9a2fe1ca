"""Each day's map as a small inline SVG, for paper: the trip page's and the pack's print view.

Why: a Leaflet map prints at the size and view it had on screen (and the trip page holds one map for
the whole trip), so printing lost the maps. An SVG drawn on the server needs no script, no network and
no resize: it prints as it is, one per day, with the same numbers and colours as the day list and the
interactive map. It is drawn from the same offline data as the basemap (countries, rivers, built-up
areas, place names), in Web Mercator like the map on screen, clipped to the day's frame.
"""
from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tourplanner.exports import map_assets
from tourplanner.exports.maps import (
    ROCKET_TYPES,
    _item_point,
    _item_site,
    _place,
    _route_segments,
    day_colour,
    great_circle,
)
from tourplanner.planning.i18n import gettext
from tourplanner.planning.model import Catalogue, Day, Itinerary

Point = tuple[float, float]  # lat, lon
WIDTH, HEIGHT, PAD = 640, 400, 36  # the SVG's user units; PAD keeps stops off the edges
MIN_SPAN_KM = 3.0  # a one-stop day still shows the streets' worth of surroundings
PLACES_UNDER_KM = 120  # town names only where they help (not on a Moscow-Baikonur flight's map)
RIVERS_FROM_KM = 20  # the rivers are 1:3M (up to 2.5 km off in Moscow): not on a frame narrower than this
LAND, EDGE, WATER, TOWN = "#eceae4", "#b8bcc2", "#7fa9d6", "#f3ecdf"


Merc = tuple[float, float]  # Web Mercator degrees: x = lon, y = _y(lat)


class _Shape:
    """A ring or line with its box in Mercator degrees (to skip it at once when a day's frame misses
    it), projected only when first drawn: most of the world's rings never are."""

    def __init__(self, coords: Sequence[Sequence[float]]) -> None:
        self.coords = coords
        lons, lats = [c[0] for c in coords], [c[1] for c in coords]
        self.box = (min(lons), _y(min(lats)), max(lons), _y(max(lats)))  # Mercator is monotonic in lat
        self._points: tuple[Merc, ...] | None = None

    @property
    def points(self) -> tuple[Merc, ...]:
        if self._points is None:
            self._points = tuple((lon, _y(lat)) for lon, lat in self.coords)
        return self._points


def _shape(coords: Sequence[Sequence[float]]) -> _Shape:
    return _Shape(coords)


@lru_cache(maxsize=1)
def _data() -> tuple[list[_Shape], list[tuple[str, list[_Shape]]], list[tuple[str, Merc]]]:
    """Country rings, detail features (kind, rings or one line) and places, projected, read once."""
    def load(path: str) -> Any:
        return json.loads((map_assets.STATIC_DIR / path).read_text(encoding="utf-8"))

    rings: list[_Shape] = []
    for feature in load(map_assets.BASEMAP)["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings += [_shape(ring) for polygon in polygons for ring in polygon]
    detail: list[tuple[str, list[_Shape]]] = []
    for feature in load(map_assets.DETAIL)["features"]:
        coords = feature["geometry"]["coordinates"]
        parts = coords if feature["geometry"]["type"] == "Polygon" else [coords]
        detail.append((feature["properties"]["kind"], [_shape(part) for part in parts]))
    places = [(name, (lon, _y(lat))) for name, lat, lon in load(map_assets.PLACES)["places"]]
    return rings, detail, places


def _y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


@dataclass(frozen=True)
class _Frame:
    """Web Mercator degrees -> SVG units, the same scale both ways (north up)."""

    x0: float
    y1: float
    scale: float  # SVG units per Mercator degree

    @staticmethod
    def around(points: Sequence[Point]) -> _Frame:
        xs, ys = [p[1] for p in points], [_y(p[0]) for p in points]
        mid_lat = sum(p[0] for p in points) / len(points)
        least = MIN_SPAN_KM / (111.32 * max(math.cos(math.radians(mid_lat)), 0.1))  # degrees of longitude
        dx, dy = max(max(xs) - min(xs), least), max(max(ys) - min(ys), least)
        scale = min((WIDTH - 2 * PAD) / dx, (HEIGHT - 2 * PAD) / dy)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        return _Frame(x0=cx - WIDTH / 2 / scale, y1=cy + HEIGHT / 2 / scale, scale=scale)

    def xy(self, p: Point) -> tuple[float, float]:
        return self.mxy((p[1], _y(p[0])))

    def mxy(self, m: Merc) -> tuple[float, float]:
        return (m[0] - self.x0) * self.scale, (self.y1 - m[1]) * self.scale

    def misses(self, shape: _Shape) -> bool:
        x0, y0, x1, y1 = shape.box
        return (x1 < self.x0 or x0 > self.x0 + WIDTH / self.scale
                or y1 < self.y1 - HEIGHT / self.scale or y0 > self.y1)

    def km_per_unit(self, lat: float) -> float:
        return 111.32 * math.cos(math.radians(lat)) / self.scale


def _outcode(x: float, y: float) -> int:
    m = 20  # units of slack, so a line's width never shows a cut at the edge
    return (x < -m) | (x > WIDTH + m) << 1 | (y < -m) << 2 | (y > HEIGHT + m) << 3


def _path(frame: _Frame, points: Iterable[Point], closed: bool) -> str:
    return _mpath(frame, ((p[1], _y(p[0])) for p in points), closed)


def _shape_path(frame: _Frame, shape: _Shape, closed: bool) -> str:
    return "" if frame.misses(shape) else _mpath(frame, shape.points, closed)


def _mpath(frame: _Frame, points: Iterable[Merc], closed: bool) -> str:
    """SVG path data, with runs of points beyond one side of the frame folded to their ends (a chord
    between two points past the same edge stays past it, so the picture is unchanged) and points
    closer than half a unit dropped: a country's ring shrinks to what shows."""
    out: list[tuple[float, float, int]] = []
    for x, y in (frame.mxy(p) for p in points):
        code = _outcode(x, y)
        if len(out) >= 2 and code and out[-1][2] & out[-2][2] & code:
            out[-1] = (x, y, code)  # the middle of a run outside one edge: only its ends matter
        elif not out or abs(x - out[-1][0]) + abs(y - out[-1][1]) >= 0.5:
            out.append((x, y, code))
    if len(out) < 2 or all(c for _, _, c in out) and _all_beyond_one_edge(out):
        return ""
    head, *rest = out
    return f"M{head[0]:.0f} {head[1]:.0f}" + "".join(f"L{x:.0f} {y:.0f}" for x, y, _ in rest) + ("Z" if closed else "")


def _all_beyond_one_edge(points: Sequence[tuple[float, float, int]]) -> bool:
    common = points[0][2]
    for _, _, code in points:
        common &= code
    return bool(common)


def _text(x: float, y: float, words: str, css: str, anchor: str = "middle") -> str:
    return f'<text x="{x:.0f}" y="{y:.0f}" class="{css}" text-anchor="{anchor}">{html.escape(words)}</text>'


def _stops(day: Day, catalogue: Catalogue) -> list[tuple[str, Point, str]]:
    """(kind, point, name) of what the day's map marks: visits, rockets, own items with a place."""
    out = []
    for item in day.items:
        point = _item_point(catalogue, item)
        if point is None or item.type not in ("visit", "own", *ROCKET_TYPES):
            continue
        site = _item_site(catalogue, item)
        out.append((item.type, point, site.name if site and item.type == "visit" else item.title))
    return out


def _base(day: Day, catalogue: Catalogue) -> Point | None:
    region = next((r for r in catalogue.regions if r.id == day.region), None)
    if day.lodging_place is not None:
        return (day.lodging_place.lat, day.lodging_place.lon)
    return (region.lat, region.lon) if region else None


def day_svg(day: Day, catalogue: Catalogue, *, index: int, first_number: int, label: str) -> str:
    """One day's map: land, built-up areas, rivers, towns, the route, numbered visits, rockets, base."""
    rings, detail, places = _data()
    colour = day_colour(index)
    segments = _route_segments(catalogue, day)
    arcs = [great_circle(a, b) for item in day.items if item.type == "transfer"
            for a, b in [(_place(catalogue, item.origin), _place(catalogue, item.destination))]
            if a is not None and b is not None]
    stops = _stops(day, catalogue)
    base = _base(day, catalogue)
    frame_points = [p for s in segments for p in s] + [p for a in arcs for p in a] + [p for _, p, _ in stops]
    frame_points += [base] if base is not None else []
    if not frame_points:
        return ""
    frame = _Frame.around(frame_points)
    mid_lat = sum(p[0] for p in frame_points) / len(frame_points)
    span_km = frame.km_per_unit(mid_lat) * WIDTH
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dfe7ef"/>']
    land = " ".join(d for d in (_shape_path(frame, ring, True) for ring in rings) if d)
    parts.append(f'<path d="{land}" fill="{LAND}" stroke="{EDGE}" stroke-width="1" fill-rule="evenodd"/>')
    for kind, pieces in detail:
        if kind == "built_up":
            d = " ".join(x for x in (_shape_path(frame, ring, True) for ring in pieces) if x)
            if d:
                parts.append(f'<path d="{d}" fill="{TOWN}" stroke="#d9cdb8" fill-rule="evenodd"/>')
        elif span_km >= RIVERS_FROM_KM and (d := _shape_path(frame, pieces[0], False)):
            parts.append(f'<path d="{d}" fill="none" stroke="{WATER}" stroke-width="2.5"/>')
    if span_km < PLACES_UNDER_KM:
        taken: list[tuple[float, float, float]] = []
        for name, point in places:
            x, y = frame.mxy(point)
            half = 3.2 * len(name)
            if not (half < x < WIDTH - half and 12 < y < HEIGHT - 4) or any(
                    abs(x - tx) < half + th + 6 and abs(y - ty) < 14 for tx, ty, th in taken):
                continue
            taken.append((x, y, half))
            parts.append(_text(x, y, name, "pm-place"))
    for segment in segments:
        parts.append(f'<path d="{_path(frame, segment, False)}" fill="none" stroke="{colour}" stroke-width="3.5" '
                     'stroke-linejoin="round" opacity=".8"/>')
    for arc in arcs:
        parts.append(f'<path d="{_path(frame, arc, False)}" fill="none" stroke="{colour}" stroke-width="3" '
                     'stroke-dasharray="8 6"/>')
    spread = _Spread()
    number = first_number
    for kind, point, _name in stops:
        x, y, lead = spread.place(*frame.xy(point))
        parts.append(lead)
        if kind == "visit":
            parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="11" fill="{colour}" stroke="#fff" stroke-width="2"/>'
                         + _text(x, y + 4, str(number), "pm-num"))
            number += 1
        else:
            fill = {"launch": "#d63e2a", "rollout": "#f69730"}.get(kind, "#d252b9")
            parts.append(f'<path d="M{x:.0f} {y - 11:.0f}l10 18h-20z" fill="{fill}" stroke="#fff" stroke-width="1.5"/>')
    if base is not None:  # last: a stop at the hotel's door keeps its place, the bed moves aside
        x, y, lead = spread.place(*frame.xy(base))
        parts.append(lead + f'<rect x="{x - 8:.0f}" y="{y - 8:.0f}" width="16" height="16" rx="3" fill="#333"/>'
                     + _text(x, y + 4, "H", "pm-num"))
    parts.append(_scale_bar(frame, mid_lat))
    parts.append(_text(WIDTH - 6, HEIGHT - 6, "Natural Earth · GSHHG · GeoNames", "pm-credit", "end"))
    title = html.escape(label)
    return (f'<svg class="print-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{title}" '
            f'xmlns="http://www.w3.org/2000/svg"><style>.pm-num{{font:700 11px sans-serif;fill:#fff}}'
            ".pm-place{font:11px sans-serif;fill:#555}.pm-credit{font:9px sans-serif;fill:#666}"
            ".pm-scale{font:10px sans-serif;fill:#333}</style>" + "".join(parts) + "</svg>")


class _Spread:
    """Markers that would cover each other (the Museum of Cosmonautics and VDNKh, 300 m apart) are set
    beside the first one, each with a thin line to where it really is: no number hides another."""

    GAP = 22  # SVG units between two markers' centres
    OFFSETS = ((0, 0), (1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1), (2, 0), (-2, 0))

    def __init__(self) -> None:
        self.taken: list[tuple[float, float]] = []

    def place(self, x: float, y: float) -> tuple[float, float, str]:
        """Where to draw a marker whose point is (x, y), and the leader line to it ("" if none)."""
        for dx, dy in self.OFFSETS:
            nx, ny = x + dx * self.GAP, y + dy * self.GAP
            if all(math.hypot(nx - tx, ny - ty) >= self.GAP - 1 for tx, ty in self.taken):
                break
        self.taken.append((nx, ny))
        lead = "" if (nx, ny) == (x, y) else (
            f'<path d="M{x:.0f} {y:.0f}L{nx:.0f} {ny:.0f}" stroke="#333" stroke-width="1"/>'
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="2.5" fill="#333"/>')
        return nx, ny, lead


def _scale_bar(frame: _Frame, lat: float) -> str:
    """A bar of a round length near a quarter of the width, bottom left."""
    per_unit = frame.km_per_unit(lat)
    target = per_unit * WIDTH / 4
    length = max(n * 10 ** e for e in range(-2, 5) for n in (1, 2, 5) if n * 10 ** e <= target)
    units = length / per_unit
    words = gettext("%(km)s km", km=f"{length:g}") if length >= 1 else gettext("%(m)s m", m=f"{length * 1000:g}")
    return (f'<path d="M10 {HEIGHT - 14}v6h{units:.0f}v-6" fill="none" stroke="#333" stroke-width="2"/>'
            + _text(10, HEIGHT - 18, words, "pm-scale", "start"))


def day_svgs(itinerary: Itinerary, catalogue: Catalogue,
             label: Callable[[int], str] = "Map of day {}".format) -> dict[str, str]:
    """Every day's print map by ISO date, numbered as on the trip's map (visits count across days);
    `label(n)` names day n's map for screen readers (the page's language)."""
    known = {s.id for s in catalogue.sites}
    out: dict[str, str] = {}
    number = 1
    for index, day in enumerate(itinerary.days):
        out[day.date.isoformat()] = day_svg(day, catalogue, index=index, first_number=number,
                                            label=label(index + 1))
        number += sum(1 for item in day.items if item.type == "visit" and item.site in known)
    return out
