"""Planning tests need no app: the seed catalogue, parsed once from data/sites.json."""
from __future__ import annotations

import pytest

from tourplanner.planning.model import Catalogue
from tourplanner.resources import SEED_FILE
from tourplanner.store.seed import parse_seed


@pytest.fixture(scope="session")
def seed() -> Catalogue:
    return parse_seed(SEED_FILE)
