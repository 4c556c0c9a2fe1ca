"""The rendered-map cache: one render per (token, version, tiles), least recently used goes first."""
from __future__ import annotations

import threading

import pytest

from tourplanner.exports import maps
from tourplanner.exports.map_cache import MapCache, trip_map_key
from tourplanner.planning.model import Catalogue, Itinerary


def test_renders_once_per_key() -> None:
    cache: MapCache[str] = MapCache(maxsize=4)
    calls: list[int] = []

    def render() -> str:
        calls.append(1)
        return "<html>"

    key = trip_map_key("tok", 1, None)
    assert cache.get_or_render(key, render) == "<html>"
    assert cache.get_or_render(key, render) == "<html>"
    assert len(calls) == 1 and (cache.hits, cache.misses) == (1, 1)
    cache.get_or_render(trip_map_key("tok", 2, None), render)  # re-planned: a new version renders
    assert len(calls) == 2


def test_least_recently_used_is_evicted() -> None:
    cache: MapCache[int] = MapCache(maxsize=2)
    cache.get_or_render("a", lambda: 1)
    cache.get_or_render("b", lambda: 2)
    cache.get_or_render("a", lambda: 0)  # touch a
    cache.get_or_render("c", lambda: 3)
    assert "a" in cache and "c" in cache and "b" not in cache and len(cache) == 2
    cache.clear()
    assert len(cache) == 0
    with pytest.raises(ValueError):
        MapCache(maxsize=0)


def test_key_treats_every_spelling_of_no_tiles_alike() -> None:
    assert trip_map_key("t", 1, None) == trip_map_key("t", 1, "none") == trip_map_key("t", 1, " NONE")
    assert trip_map_key("t", 1, None) != trip_map_key("t", 1, maps.DEFAULT_TILES)
    assert trip_map_key("t", 1, None, "/static") != trip_map_key("t", 1, None, "/app/static")


def test_caches_real_map_parts_across_threads(itinerary: Itinerary, catalogue: Catalogue) -> None:
    cache: MapCache[maps.MapParts] = MapCache()
    key = trip_map_key("tok", 3, None)
    results: list[maps.MapParts] = []

    def view() -> None:
        results.append(cache.get_or_render(
            key, lambda: maps.render_parts(maps.itinerary_map(itinerary, catalogue, tiles=None))))

    threads = [threading.Thread(target=view) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len(cache) == 1
    assert cache.get_or_render(key, lambda: pytest.fail("rendered again")) is cache.get_or_render(
        key, lambda: pytest.fail("rendered again"))
