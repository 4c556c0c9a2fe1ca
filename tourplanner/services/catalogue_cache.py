"""The catalogue kept in memory per catalogue revision, with the bytes of the answers built from it.

Loading the whole catalogue from the database costs several milliseconds; reading the revision counter
(store/revision.py: every catalogue write bumps it in its own transaction) costs one small query. A
process therefore keeps one snapshot (revision, catalogue, rendered answers) and asks the database for the
revision at most once per `check_seconds`: an operator's change shows everywhere within that time, and
at once in the process that made it (`changed()`). A request takes one snapshot and keeps it, so what it
answers is never a mix of two revisions. The revision is read before the catalogue, in one session:
changes commit in revision order, so the catalogue read holds at least everything up to that revision.
"""
from __future__ import annotations

import hashlib
import importlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..planning.model import Catalogue
from ..store import catalogue as store_catalogue

CHECK_SECONDS = 1.0
NO_REVISION = -1  # the database has no revision counter (store/revision.py absent): nothing is reused


def _revision(session: Session) -> int:
    """The catalogue revision (store/revision.py, the re-planning branch's counter); without it every
    snapshot is new, so answers stay right and only the saving is lost."""
    try:
        module = importlib.import_module("tourplanner.store.revision")
    except ImportError:
        return NO_REVISION
    value: int = module.current(session)
    return value
RENDER_WAIT = 10.0  # seconds a thread waits for another's rendering of the same answer
MAX_BODIES = 256  # rendered answers kept per snapshot (catalogue answers, feeds, trip pages, ...)


@dataclass(frozen=True)
class Body:
    """A rendered answer and its strong ETag (a digest of the bytes, quoted)."""

    data: bytes
    etag: str


@dataclass
class Snapshot:
    revision: int
    catalogue: Catalogue
    _bodies: OrderedDict[Hashable, Body] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _rendering: dict[Hashable, tuple[threading.Event, int]] = field(default_factory=dict)

    def body(self, key: Hashable, make: Callable[[], bytes]) -> Body:
        """The answer for `key` at this revision, rendered once: threads that miss the same key while it
        is being rendered wait for those bytes (up to RENDER_WAIT seconds, then render themselves) rather
        than each rendering it again; with 4 threads a worker's first page took them all 4 renders long."""
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
            me = threading.get_ident()
            pending = self._rendering.get(key)
            owner = pending is None
            if pending is None:
                pending = self._rendering[key] = (threading.Event(), me)
        rendering, renderer = pending
        if not owner and renderer != me:  # (the renderer itself asking again renders: no self-wait)
            rendering.wait(RENDER_WAIT)
            with self._lock:
                found = self._bodies.get(key)
            if found is not None:
                return found
        try:
            data = make()
            made = Body(data, hashlib.sha256(data).hexdigest()[:32])
            with self._lock:
                self._bodies[key] = made
                while len(self._bodies) > MAX_BODIES:
                    self._bodies.popitem(last=False)
            return made
        finally:
            if owner:  # done or failed: waiters take the bytes, or render (and fail) themselves
                with self._lock:
                    self._rendering.pop(key, None)
                rendering.set()


class CatalogueCache:
    """One per process (per app): the current snapshot, refreshed when the revision moves."""

    def __init__(self, check_seconds: float = CHECK_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.check_seconds = check_seconds
        self.clock = clock
        self.loads = 0  # how many times the whole catalogue was read (tests, benchmarks)
        self._snapshot: Snapshot | None = None
        self._checked = -float("inf")
        self._lock = threading.Lock()

    def snapshot(self, engine: Engine) -> Snapshot:
        now = self.clock()
        with self._lock:
            current, checked = self._snapshot, self._checked
        if current is not None and now - checked < self.check_seconds:
            return current
        with Session(engine) as session:
            revision = _revision(session)
            if current is not None and current.revision == revision != NO_REVISION:
                fresh = current
            else:
                catalogue = store_catalogue.to_domain(session)
                self.loads += 1
                # Without a counter, an unchanged catalogue keeps its snapshot (and rendered answers).
                same = current is not None and revision == NO_REVISION and catalogue == current.catalogue
                fresh = current if same and current is not None else Snapshot(revision, catalogue)
        with self._lock:
            if self._snapshot is None or fresh.revision >= self._snapshot.revision or fresh.revision == NO_REVISION:
                self._snapshot = fresh
            self._checked = now
            return self._snapshot

    def changed(self) -> None:
        """This process wrote to the catalogue: the next snapshot asks for the revision again."""
        with self._lock:
            self._checked = -float("inf")
