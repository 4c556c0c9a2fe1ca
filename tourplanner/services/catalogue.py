"""Catalogue use cases: load the seed into the database, read the catalogue."""
from __future__ import annotations

import threading
import weakref
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..planning.model import Catalogue, Launch
from ..store import catalogue as store_catalogue
from ..store import revision as store_revision
from ..store.db import transaction
from ..store.migrate import upgrade


def init_database(engine: Engine, seed_file: Path) -> store_catalogue.UpsertReport:
    """Validate the seed first (nothing touched if it is bad), then migrate and upsert in one go."""
    from ..store.seed import parse_seed

    parsed = parse_seed(seed_file)
    upgrade(engine)
    with transaction(engine) as session:
        store_revision.bump(session)  # first: takes the counter, so catalogue writes commit in revision order
        return store_catalogue.upsert_catalogue(session, parsed)


def load_catalogue(engine: Engine) -> Catalogue:
    with Session(engine) as session:
        return store_catalogue.to_domain(session)


_cache: weakref.WeakKeyDictionary[Engine, tuple[int, Catalogue]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def current_catalogue(engine: Engine) -> tuple[int, Catalogue]:
    """The catalogue and the revision it includes, loaded once per revision in this process.

    Re-plans of ten thousand trips read one small counter each instead of the whole catalogue. The
    revision is read first: the catalogue read after it includes at least that revision (catalogue writes
    commit in revision order), so a plan made with it may safely clear marks up to that revision.
    """
    with Session(engine) as session:
        revision = store_revision.current(session)
        with _cache_lock:
            cached = _cache.get(engine)
        if cached is not None and cached[0] == revision:
            return cached
        loaded = (revision, store_catalogue.to_domain(session))
    with _cache_lock:
        if engine not in _cache or _cache[engine][0] <= revision:
            _cache[engine] = loaded
    return loaded


def upcoming_launches(catalogue: Catalogue, now: datetime) -> list[Launch]:
    return [launch for launch in catalogue.launches if launch.net >= now]
