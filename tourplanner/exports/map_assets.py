"""The browser files the maps use, served from the package's own static folder (no CDN).

folium names each JS/CSS link it wants (`("leaflet", "https://cdn...")`); this module maps every such
name to a file vendored by `tools/vendor_assets.py` under `tourplanner/static/`, so the maps can
swap the CDN URLs for local ones, and the web layer knows which files to serve. A folium name
missing here is an error, not a silent CDN fallback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DEFAULT_STATIC_PREFIX = "/static"

# Fetched by the page at run time (see maps._Setup), not linked in <head>.
BASEMAP = "vendor/world-atlas/countries.geojson"
PLACES = "maps/places.json"  # town and district names, GeoNames CC BY 4.0 (tools/vendor_places.py)
DETAIL = "maps/detail.json"  # rivers and built-up areas near the sites (tools/vendor_detail.py)
# Our own popup/legend/icon styles, and the map behaviour folium's inline script calls.
MAPS_CSS = "maps/maps.css"
MAPS_JS = "maps/maps.js"

_PREFIX = re.compile(r"^(?:https?://[A-Za-z0-9.:\-\[\]]+|file://)?(?:/[A-Za-z0-9._~\-]+)*$")  # file:// for standalone files


@dataclass(frozen=True)
class Asset:
    """One linked file: `name` is folium's key (links with the same name are emitted once)."""

    name: str
    path: str  # relative to STATIC_DIR
    kind: str  # "js" or "css"

    def url(self, prefix: str = DEFAULT_STATIC_PREFIX) -> str:
        return f"{check_prefix(prefix)}/{self.path}"


def _js(name: str, path: str) -> Asset:
    return Asset(name, path, "js")


def _css(name: str, path: str) -> Asset:
    return Asset(name, path, "css")


# folium's link name -> what replaces it (several files, or none when the maps do not need it).
FOLIUM_JS: dict[str, tuple[Asset, ...]] = {
    "leaflet": (_js("leaflet", "vendor/leaflet/leaflet.js"),),
    "jquery": (_js("jquery", "vendor/jquery/jquery.min.js"),),  # folium's Popup calls $()
    "awesome_markers": (_js("awesome_markers", "vendor/leaflet.awesome-markers/leaflet.awesome-markers.js"),),
    "markerclusterjs": (_js("markerclusterjs", "vendor/leaflet.markercluster/leaflet.markercluster.js"),),
    "Control.Fullscreen.js": (
        _js("Control.Fullscreen.js", "vendor/leaflet.fullscreen/Control.FullScreen.js"),),
    # Bootstrap is vendored but not linked: nothing on our maps uses it, and its global CSS would
    # restyle the page a map is embedded in.
    "bootstrap": (),
}
FOLIUM_CSS: dict[str, tuple[Asset, ...]] = {
    "leaflet_css": (_css("leaflet_css", "vendor/leaflet/leaflet.css"),),
    "awesome_markers_font_css": (
        _css("awesome_markers_font_css", "vendor/fontawesome-free/css/fontawesome.min.css"),
        _css("awesome_markers_font_solid_css", "vendor/fontawesome-free/css/solid.min.css"),
    ),
    "awesome_markers_css": (
        _css("awesome_markers_css", "vendor/leaflet.awesome-markers/leaflet.awesome-markers.css"),
    ),
    "markerclustercss": (_css("markerclustercss", "vendor/leaflet.markercluster/MarkerCluster.css"),),
    "markerclusterdefaultcss": (
        _css("markerclusterdefaultcss", "vendor/leaflet.markercluster/MarkerCluster.Default.css"),
    ),
    "Control.FullScreen.css": (
        _css("Control.FullScreen.css", "vendor/leaflet.fullscreen/Control.FullScreen.css"),),
    "bootstrap_css": (),
    "glyphicons_css": (),  # Bootstrap 3 icons: our awesome-markers use Font Awesome ("fa") instead
    "awesome_rotate_css": (),  # marker rotation: unused
}
OWN_CSS = _css("tourplanner_maps_css", MAPS_CSS)
OWN_JS = _js("tourplanner_maps_js", MAPS_JS)


def check_prefix(prefix: str) -> str:
    """The static URL prefix without its trailing slash; refuses anything that is not a plain path/URL.

    folium writes link URLs into HTML attributes unescaped, so a prefix must not carry quotes or spaces.
    """
    cleaned = prefix.rstrip("/")
    if not _PREFIX.match(cleaned):
        raise ValueError(f"static prefix must be a path like /static, an http(s) URL or a file:// path: {prefix!r}")
    return cleaned


def localised(kind: str, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """folium's (name, cdn_url) links -> (name, path under STATIC_DIR); KeyError for an unknown name.

    Names of our own assets map to themselves, so localising twice (a map rendered again) is a no-op.
    """
    table = FOLIUM_JS if kind == "js" else FOLIUM_CSS
    own = {a.name: a for a in vendored_assets() if a.kind == kind}
    out: list[tuple[str, str]] = []
    for name, url in links:
        if name in table:
            out += [(asset.name, asset.path) for asset in table[name]]
        elif name in own:
            out.append((name, own[name].path))
        else:
            raise KeyError(f"folium wants {kind} {name!r} from {url}: vendor it and list it in map_assets")
    return out


def vendored_assets() -> tuple[Asset, ...]:
    """Every file a map page loads, in link order (JS, CSS, then the basemap fetched at run time)."""
    js = [a for assets in FOLIUM_JS.values() for a in assets] + [OWN_JS]
    css = [a for assets in FOLIUM_CSS.values() for a in assets] + [OWN_CSS]
    return (*js, *css, Asset("basemap", BASEMAP, "json"), Asset("places", PLACES, "json"),
            Asset("detail", DETAIL, "json"))


def static_files() -> tuple[Path, ...]:
    """Every file under static/vendor and static/maps (what a deployment must serve at the prefix)."""
    return tuple(sorted(p for d in ("vendor", "maps") for p in (STATIC_DIR / d).rglob("*") if p.is_file()))
