"""What a trip offers beside its plan: choices when its launch left its dates (shift, extend, keep) or a
closure hit a pinned visit (the nearest open time), suggested dates, and an honest summary.

Choices are planned (each a full plan), so they are worked out once per trip version and catalogue and
kept in a small in-process cache; only the newest version offers them.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..exports.map_cache import MapCache
from ..planning.i18n import language
from ..planning.model import Catalogue, Itinerary
from ..store.tables import TripRow, TripVersionRow
from ..store.times import utcnow
from .trips import TripView

_choices: MapCache[tuple[dict[str, Any], ...]] = MapCache(128)


class ChoiceGone(LookupError):
    """The choice asked for is not offered (any more): the trip changed, or the launch is back in its dates."""


def _before_slip(engine: Engine, view: TripView, launch: str) -> Itinerary | None:
    """The newest earlier version that still held the launch: the slip is measured from it."""
    from ..planning.serialize import itinerary_from_json

    key = f"launch:{launch}"
    with Session(engine) as session:
        trip = session.exec(select(TripRow).where(TripRow.token == view.token)).first()
        if trip is None:
            return None
        rows = session.exec(select(TripVersionRow).where(TripVersionRow.trip_id == trip.id,
                                                         col(TripVersionRow.version) < view.version)
                            .order_by(col(TripVersionRow.version).desc())).all()
        for row in rows:
            if any(i.get("key") == key for d in row.itinerary.get("days") or () for i in d.get("items") or ()):
                try:
                    return itinerary_from_json(row.itinerary)
                except (KeyError, ValueError):
                    return None
    return None


def choices(engine: Engine, catalogue: Catalogue, view: TripView, today: date | None = None
            ) -> tuple[dict[str, Any], ...]:
    """The trip JSON's `choices` for the newest version; () for older versions and trips on course."""
    if view.version != view.latest:
        return ()
    day = today or utcnow().date()

    def make() -> tuple[dict[str, Any], ...]:
        from ..planning import choices as planning_choices
        from ..planning.serialize import RequestError, itinerary_from_json, parse_request

        try:
            booking = date.fromisoformat(str(view.request.get("booking_date")))
            request = parse_request(view.request, today=booking, catalogue=catalogue)
            itinerary = itinerary_from_json(view.itinerary)
        except (RequestError, KeyError, ValueError):
            return ()  # saved under rules that no longer read: the page says what is wrong, no choices
        found = []
        if request.launch is not None and planning_choices.launch_outside(request, catalogue):
            previous = _before_slip(engine, view, request.launch)
            found += planning_choices.slip_choices(request, catalogue, previous, today=day)
        found += planning_choices.pin_choices(request, catalogue, itinerary)
        return tuple(planning_choices.choices_to_json(found))

    # the words are in the page's language: one entry per language
    return _choices.get_or_render((view.token, view.version, day, hash(catalogue), language()), make)


def summary(catalogue: Catalogue, view: TripView) -> dict[str, Any]:
    """Title, headline (what cannot happen and why), booking line: from what is really planned."""
    from ..planning.serialize import itinerary_from_json
    from ..planning.summary import summarize, summary_to_json

    try:
        return summary_to_json(summarize(itinerary_from_json(view.itinerary), catalogue))
    except (KeyError, ValueError):
        return {}


def trip_extras(engine: Engine, catalogue: Catalogue, view: TripView) -> dict[str, Any]:
    """`choices`, `suggestions` and `summary` of the trip's JSON and page."""
    return {"choices": list(choices(engine, catalogue, view)),
            "suggestions": list(view.itinerary.get("suggestions") or []),
            "summary": summary(catalogue, view)}


def choice_request(engine: Engine, catalogue: Catalogue, view: TripView, kind: str, index: int | None = None
                   ) -> tuple[dict[str, Any], str]:
    """The request and words of the choice offered now: the `index`-th if it is of `kind`, else the first
    of `kind` (ChoiceGone when there is none)."""
    offered = choices(engine, catalogue, view)
    if index is not None and 0 <= index < len(offered) and offered[index]["kind"] == kind:
        return dict(offered[index]["request"]), str(offered[index]["summary"])
    for choice in offered:
        if choice["kind"] == kind:
            return dict(choice["request"]), str(choice["summary"])
    raise ChoiceGone(kind)
