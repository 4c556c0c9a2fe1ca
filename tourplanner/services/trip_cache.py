"""Trip views kept in memory per link, checked against the trip's row at most once a second.

Opening a trip through a link costs a few queries and the parse of its stored itinerary (5 to 8 ms);
the trip's row alone (version, links, language, mark) is one small query by primary key. A process
keeps the views its links opened and re-reads only that row ("the stamp"): at most once per
`check_seconds` per link, and at once after any transaction of this process that wrote to the `trip`
table (Session events below count them: `generation()`). It loads the view again only when the row
differs. So a change made by another process (a worker's re-plan, an edit, a feed link switched off)
shows within `check_seconds`, one made by this process on its next read. The stamp is taken from the
very row the view was built from, so a view is never kept under a newer stamp than its own.
Versions are never rewritten (a restore or re-plan adds one), so only the trip's row can go stale.
"""
from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.elements import TextClause
from sqlmodel import Session

from ..store.tables import TripMarkRow, TripRow
from .trips import TripNotFound, TripView, load_view

CHECK_SECONDS = 1.0
MAX_VIEWS = 1024  # links kept per process (a view holds a version's itinerary: tens of kB)

# Every field of the trip's row that a TripView shows or that decides what a link opens.
# The trip's mark (trip_mark.change_id: a pending update) is the stamp's last field.
STAMP_FIELDS = ("token", "share_token", "feed_token", "version", "updated_at", "lang", "notify_email",
                "notify_confirmed_at")
MARKED = (TripRow.__tablename__, TripMarkRow.__tablename__)
Stamp = tuple[Any, ...]
Key = tuple[str, int | None, bool]
_WROTE = "tourplanner.trip_written"
_TEXT_WRITE = re.compile(r"^\s*(update|insert\s+into|delete\s+from)\s+\"?trip(_mark)?\"?[\s(]", re.IGNORECASE)


class _Generation:
    """How many committed transactions of this process wrote to the trip table."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def bump(self) -> None:
        with self._lock:
            self.value += 1


_generation = _Generation()
_installed = threading.Lock()


def generation() -> int:
    return _generation.value


def _wrote_statement(state: ORMExecuteState) -> None:
    statement = state.statement
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(statement, "table", None)
        if getattr(table, "name", None) in MARKED:
            state.session.info[_WROTE] = True
    elif isinstance(statement, TextClause) and _TEXT_WRITE.match(statement.text):
        state.session.info[_WROTE] = True


def _wrote_objects(session: OrmSession, _context: object) -> None:
    if any(isinstance(o, (TripRow, TripMarkRow)) for group in (session.new, session.dirty, session.deleted) for o in group):
        session.info[_WROTE] = True


def _committed(session: OrmSession) -> None:
    if session.info.pop(_WROTE, False):
        _generation.bump()  # after the commit: a read that checks now sees the new row


def _rolled_back(session: OrmSession, _previous: object) -> None:
    session.info.pop(_WROTE, None)


def install() -> None:
    """Listen to every Session of the process (idempotent): writes to `trip` bump the generation."""
    with _installed:
        if event.contains(OrmSession, "after_commit", _committed):
            return
        event.listen(OrmSession, "do_orm_execute", _wrote_statement)
        event.listen(OrmSession, "after_flush", _wrote_objects)
        event.listen(OrmSession, "after_commit", _committed)
        event.listen(OrmSession, "after_soft_rollback", _rolled_back)


def current_stamp(session: Session, trip_id: int) -> Stamp | None:
    table, marks = TripRow.__table__, TripMarkRow.__table__  # type: ignore[attr-defined]
    row = session.execute(select(*(table.c[name] for name in STAMP_FIELDS), marks.c.change_id)
                          .select_from(table.outerjoin(marks, marks.c.trip_id == table.c.id))
                          .where(table.c.id == trip_id)).first()
    return tuple(row) if row is not None else None


def _agrees(stamp: Stamp | None, view: TripView) -> Stamp | None:
    """The stamp read just after the view, if it shows the same trip state (else None: checked again)."""
    if stamp is None or stamp[STAMP_FIELDS.index("version")] != view.latest or (stamp[-1] is not None) != view.pending:
        return None
    return stamp


@dataclass(frozen=True)
class _Entry:
    trip_id: int
    view: TripView
    stamp: Stamp | None  # None: never matches, the next check loads the view again
    checked: float
    generation: int


class TripCache:
    """One per process (per app): the views links opened, each with the stamp it was built from."""

    def __init__(self, check_seconds: float = CHECK_SECONDS, clock: Callable[[], float] = time.monotonic,
                 size: int = MAX_VIEWS) -> None:
        install()
        self.check_seconds = check_seconds
        self.clock = clock
        self.size = size
        self.loads = 0  # views read from the database (tests, benchmarks)
        self.checks = 0  # stamps read
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def view(self, engine: Engine, token: str, version: int | None = None, *, feed: bool = False) -> TripView:
        """What services.get_trip answers for these arguments, at most `check_seconds` old (raises
        TripNotFound as it does: a link switched off is forgotten at its first check)."""
        key: Key = (token, version, feed)
        now, current = self.clock(), generation()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry.generation == current and now - entry.checked < self.check_seconds:
            return entry.view
        with Session(engine) as session:
            if entry is not None:
                self.checks += 1
                if current_stamp(session, entry.trip_id) == entry.stamp:
                    self._keep(key, _Entry(entry.trip_id, entry.view, entry.stamp, now, current))
                    return entry.view
            try:
                trip, view = load_view(session, token, version, feed=feed)
            except TripNotFound:
                self.forget(key)
                raise
            self.loads += 1
            assert trip.id is not None
            self._keep(key, _Entry(trip.id, view, _agrees(current_stamp(session, trip.id), view), now, current))
            return view

    def forget(self, key: Key) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def _keep(self, key: Key, entry: _Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
