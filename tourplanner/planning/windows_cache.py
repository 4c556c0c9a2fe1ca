"""Sites' day windows kept per catalogue: plans over the same revision ask for the same sites on the same
days again and again (the layout tries every stay on every day), and the answer depends on little else.

`day_windows(site, day, zone, day_start, day_end)` reads the site and its region's zone, both the
catalogue's (a new revision is a new catalogue object, catalogue_memo.py), the traveller's day, and the
language: a closed day's reason is text in the current language. So a memo is shared by the plans over
one catalogue object with the same day and language, and holds DayWindows by (site id, day).
"""
from __future__ import annotations

from datetime import date, time

from .availability import DayWindows
from .catalogue_memo import PerCatalogue
from .model import Catalogue

WindowsMemo = dict[tuple[str, date], DayWindows]
Shape = tuple[time, time, str]  # day_start, day_end, language
MAX_SHAPES = 16  # traveller's days x languages per catalogue; more starts afresh (a bound, not a policy)
MAX_WINDOWS = 40_000  # per shape: 400 sites x 100 days; past it the memo starts afresh, not grows

_memos: PerCatalogue[dict[Shape, WindowsMemo]] = PerCatalogue(dict)


def windows_memo(catalogue: Catalogue, day_start: time, day_end: time, language: str) -> WindowsMemo:
    """The memo of day windows of this catalogue's sites for a traveller's day, in `language`.

    Callers key it by (site id, day) for the catalogue's own Site objects in their region's zone only.
    Threads share it: an entry is only ever added, with the value anyone would compute.
    """
    shapes = _memos.of(catalogue)
    shape = (day_start, day_end, language)
    memo = shapes.get(shape)
    if memo is None or len(memo) > MAX_WINDOWS:
        if len(shapes) >= MAX_SHAPES:
            shapes.clear()
        memo = shapes[shape] = {}
    return memo
