"""Geodesics kept per catalogue: a plan over the same catalogue (revision) reuses its predecessors' roads.

A catalogue object never changes (frozen dataclasses), so the kilometres between two of its places, by
id, hold as long as it lives; a new revision is a new object with a memo of its own. The memo is held
for the last few catalogues only, by identity (a weak reference tells a reused id() from the original).
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

from .model import Catalogue
from .travel import KmMemo

KEPT_CATALOGUES = 4  # a worker sees the current revision and, for a moment, the one before it
_lock = threading.Lock()
_memos: OrderedDict[int, tuple[weakref.ref[Catalogue], KmMemo]] = OrderedDict()


def memo_for(catalogue: Catalogue) -> KmMemo:
    """The geodesic memo of this catalogue object (shared by threads: entries are only ever added, and a
    value written twice is the same number)."""
    key = id(catalogue)
    with _lock:
        held = _memos.get(key)
        if held is not None and held[0]() is catalogue:
            _memos.move_to_end(key)
            return held[1]
        memo: KmMemo = {}
        _memos[key] = (weakref.ref(catalogue), memo)
        while len(_memos) > KEPT_CATALOGUES:
            _memos.popitem(last=False)
        return memo


def clear() -> None:
    """Forget every memo (benchmarks measure the first plan after a catalogue change with it)."""
    with _lock:
        _memos.clear()
