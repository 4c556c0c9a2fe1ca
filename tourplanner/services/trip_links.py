"""The trip's calendar feed link: revoked (calendar apps holding it get 404) and issued anew."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from ..store.db import transaction
from .trips import editable_trip, new_token


def reissue_feed(engine: Engine, token: str) -> str:
    """A new feed link (edit link only); the old one stops working."""
    with transaction(engine) as session:
        trip = editable_trip(session, token)
        trip.feed_token = new_token()
        session.add(trip)
        return trip.feed_token


def revoke_feed(engine: Engine, token: str) -> None:
    with transaction(engine) as session:
        trip = editable_trip(session, token)
        trip.feed_token = None
        session.add(trip)
