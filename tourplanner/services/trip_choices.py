"""What a trip offers beside its plan: choices when its launch left its dates, suggested dates."""
from __future__ import annotations

from typing import Any

from ..planning.model import Catalogue
from .trips import TripView


def trip_extras(catalogue: Catalogue, view: TripView) -> dict[str, Any]:
    """`choices` (shift / extend / keep, each with the request that applies it) and `suggestions`."""
    return {"choices": [], "suggestions": list(view.itinerary.get("suggestions") or [])}
