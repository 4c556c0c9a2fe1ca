"""Roads kept per catalogue: a plan over the same catalogue (revision) reuses its predecessors' roads.

The geodesics, road km and minutes between a catalogue's places, by coordinates, hold as long as the catalogue object
lives (catalogue_memo.py says why and for how long).
"""
from __future__ import annotations

from .catalogue_memo import PerCatalogue, clear
from .model import Catalogue
from .travel import TravelMemo

__all__ = ["clear", "memo_for"]  # clear(): every per-catalogue memo, geodesics and windows alike (bench)

_roads: PerCatalogue[TravelMemo] = PerCatalogue(TravelMemo)


def memo_for(catalogue: Catalogue) -> TravelMemo:
    """The road memo of this catalogue object."""
    return _roads.of(catalogue)
