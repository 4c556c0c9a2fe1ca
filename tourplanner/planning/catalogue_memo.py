"""Memos kept per catalogue object: what a plan works out from the catalogue alone holds for the next plan.

A catalogue object never changes (frozen dataclasses), so anything computed from it alone (the geodesics
between its places, a site's start windows on a day) holds as long as it lives; a new revision is a new
object with memos of its own. Each kind of memo is held for the last few catalogues only, by identity (a
weak reference tells a reused id() from the original), so a worker keeps no memo of a revision it no
longer serves. `clear()` forgets every memo of every kind (the benchmark's first plan after a change).
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from .model import Catalogue

KEPT_CATALOGUES = 4  # a worker sees the current revision and, for a moment, the one before it
T = TypeVar("T")
_every: weakref.WeakSet[PerCatalogue[object]] = weakref.WeakSet()


class PerCatalogue(Generic[T]):
    """One kind of memo, a fresh `make()` per catalogue object. Shared by threads: a memo's user only
    ever adds entries whose value is the same whoever computes it, so a race costs work, never a value."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._memos: OrderedDict[int, tuple[weakref.ref[Catalogue], T]] = OrderedDict()
        _every.add(self)  # type: ignore[arg-type]  # (invariant T: the set only ever calls clear())

    def of(self, catalogue: Catalogue) -> T:
        """This catalogue object's memo."""
        key = id(catalogue)
        with self._lock:
            held = self._memos.get(key)
            if held is not None and held[0]() is catalogue:
                self._memos.move_to_end(key)
                return held[1]
            memo = self._make()
            self._memos[key] = (weakref.ref(catalogue), memo)
            while len(self._memos) > KEPT_CATALOGUES:
                self._memos.popitem(last=False)
            return memo

    def clear(self) -> None:
        with self._lock:
            self._memos.clear()


def clear() -> None:
    """Forget every memo of every kind (benchmarks measure the first plan after a catalogue change)."""
    for kind in list(_every):
        kind.clear()
