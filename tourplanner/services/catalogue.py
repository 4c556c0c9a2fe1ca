"""Catalogue use cases: load the seed into the database, read the catalogue."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..planning.model import Catalogue, Launch
from ..store import catalogue as store_catalogue
from ..store.db import transaction
from ..store.migrate import upgrade


def init_database(engine: Engine, seed_file: Path) -> store_catalogue.UpsertReport:
    """Validate the seed first (nothing touched if it is bad), then migrate and upsert in one go."""
    from ..store.seed import parse_seed

    parsed = parse_seed(seed_file)
    upgrade(engine)
    with transaction(engine) as session:
        return store_catalogue.upsert_catalogue(session, parsed)


def load_catalogue(engine: Engine) -> Catalogue:
    with Session(engine) as session:
        return store_catalogue.to_domain(session)


def upcoming_launches(catalogue: Catalogue, now: datetime) -> list[Launch]:
    return [launch for launch in catalogue.launches if launch.net >= now]
