"""The trip pack's maps and assets: one HTML file that works from disk with no network at all.

Why: at Baikonur there is often no network, and a browser tab or a phone's "save page" does not keep
a map. The pack carries everything inline: Leaflet and its plugins, the map styles and icons (images
and the icon font as data: URIs), the offline basemap, and one folium map per day drawn from that
day alone. The web layer puts these parts into its page template with the itinerary in words.
"""
from __future__ import annotations

import base64
import json
import re
from dataclasses import replace
from pathlib import Path

from tourplanner.exports import map_assets, maps
from tourplanner.planning.i18n import gettext
from tourplanner.planning.model import Catalogue, Itinerary

PREFIX = "/static"  # any prefix: the pack drops the links and inlines the files they name
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".gif": "image/gif"}
_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def _data_uri(path: Path) -> str:
    mime = _MIME.get(path.suffix)
    if mime is None or not path.is_file():
        return "data:,"  # a format the pack does not carry (the .ttf twin of the .woff2 font)
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    """A stylesheet whose url(...)s point into the pack itself."""
    def swap(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        return f'url("{_data_uri((path.parent / target.split("?")[0].split("#")[0]).resolve())}")'

    return _URL.sub(swap, path.read_text(encoding="utf-8"))


def _script(text: str) -> str:
    return "<script>\n" + text.replace("</script", "<\\/script") + "\n</script>"


def assets_head() -> str:
    """Every stylesheet and script the maps link, inline, and the basemap as data (no fetch from disk)."""
    parts: list[str] = []
    for asset in map_assets.vendored_assets():
        path = map_assets.STATIC_DIR / asset.path
        if asset.kind == "css":
            parts.append("<style>\n" + _inline_css(path) + "\n</style>")
        elif asset.kind == "js":
            parts.append(_script(path.read_text(encoding="utf-8")))
        else:  # the basemap and place names: maps.js draws these globals instead of fetching the files
            data = json.loads(path.read_text(encoding="utf-8"))
            name = {"places": "tpPlacesData", "detail": "tpDetailData"}.get(asset.name, "tpBasemapData")
            parts.append(_script(f"window.{name} = " + json.dumps(data, separators=(",", ":")) + ";"))
    return "\n".join(parts)


def day_maps(itinerary: Itinerary, catalogue: Catalogue) -> list[maps.MapParts]:
    """One map per day (that day's routes, stops and hotel), numbered as on the whole trip's map."""
    out = []
    for index, day in enumerate(itinerary.days):
        alone = replace(itinerary, days=(day,))
        m = maps.itinerary_map(alone, catalogue, tiles=None, static_prefix=PREFIX, first_day=index,
                               first_number=_visits_before(itinerary, catalogue, index) + 1,
                               label=gettext("Map of day %(n)s", n=index + 1))
        out.append(maps.render_parts(m))
    return out


def _visits_before(itinerary: Itinerary, catalogue: Catalogue, index: int) -> int:
    known = {s.id for s in catalogue.sites}
    return sum(1 for day in itinerary.days[:index] for item in day.items
               if item.type == "visit" and item.site in known)
