"""A small in-process LRU for rendered maps, so a page view does not re-render a folium map.

A trip's map only changes when the trip is re-planned (its version grows) or the tile setting
changes, so `(token, version, tiles)` identifies a rendering. Add a catalogue revision to the key
if operator edits (a renamed site, a new rule) must show before the trip is re-planned. The cache
is per process (each gunicorn worker has its own); that is enough to spare repeated page views.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class MapCache(Generic[V]):
    """Least-recently-used cache of rendered maps (any value: HTML, MapParts), thread-safe."""

    def __init__(self, maxsize: int = 128) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], V]) -> V:
        """The cached value for `key`, or `render()`'s, stored. Renders outside the lock: two
        threads missing the same key at once both render, and the results are equal."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = render()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items


def trip_map_key(token: str, version: int, tiles: str | None, *extra: Hashable) -> tuple[Hashable, ...]:
    """The cache key of a trip's map: (token, version, tiles) plus whatever else shapes it
    (static prefix, catalogue revision). `None` and "none" tiles are the same rendering."""
    normalised = None if tiles is None or tiles.strip().lower() in ("", "none") else tiles
    return ("trip", token, version, normalised, *extra)
