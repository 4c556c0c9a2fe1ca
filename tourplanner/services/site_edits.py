"""Site edits (details, hours, closures): preview the trips they touch, then apply them as a change.

A site edit is the site's record in the seed's shape (store/seed_json.py). `propose_site` checks it by
the seed's rules and lists the saved trips whose plan it changes: a trip visiting the site on a day
whose opening (hours, closures, monthly closures, slots) differs, or on any future day when a
planning fact of the whole site changes (visit length, position, time zone, region, retirement).
`apply_site` writes it in one transaction with its audit record and the marks on those trips; the
background re-planning (services/replan.py) brings the trips up to date.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..messages import Msg as _l
from ..planning.availability import closed_reason, hours_on
from ..planning.model import Catalogue, Site
from ..store import catalogue as store_catalogue
from ..store.db import transaction
from ..store.seed_json import site_json
from ..store.tables import SiteRow, TripVisitRow
from .catalogue_changes import NOTHING, Applied, Touched, affected_trips, commit_change, visiting
from .edits import Conflict, EditErrors, NotFound, Proposal, changed_fields, etag, validate

#: Fields whose change moves every future visit (the rest only matter on the days they differ).
WHOLE_SITE = ("visit_minutes", "lat", "lon", "timezone", "region", "retired", "kind")
#: Public words for what changed, in the order travellers read them.
WORDS = (("hours", "opening hours"), ("closures", "closures"), ("yearly_closures", "yearly closures"), ("visit_minutes", "visit length"),
         ("lat", "position"), ("lon", "position"), ("timezone", "time zone"), ("retired", "no longer offered"),
         ("name", "name"), ("name_ru", "name"), ("name_kk", "name"), ("description", "description"),
         ("address", "address"), ("what_to_bring", "what to bring"), ("sources", "sources"))


def site_record(catalogue: Catalogue, site_id: str) -> dict[str, Any]:
    site = next((s for s in catalogue.sites if s.id == site_id), None)
    if site is None:
        raise NotFound(f"no site {site_id!r}")
    return site_json(site)


def _closure_words(before: list[dict[str, str]], after: list[dict[str, str]]) -> list[str]:
    def dates(c: dict[str, str]) -> str:
        start, end = date.fromisoformat(c["start"]), date.fromisoformat(c["end"])
        return f"{start:%-d %B %Y}" if start == end else f"{start:%-d %B %Y} to {end:%-d %B %Y}"

    words = [f"closed {dates(c)} ({c['reason']})" for c in after if c not in before]
    words += [f"closure of {dates(c)} lifted" for c in before if c not in after]
    return words


def summary(name: str, before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """What changed, in travellers' words; never who changed it."""
    if before is None:
        return f"{name}: new site"
    changed = changed_fields(before, after)
    words: list[str] = []
    if "closures" in changed:
        words += _closure_words(before.get("closures", []), after.get("closures", []))
        changed = tuple(c for c in changed if c != "closures")
        if not changed:
            return f"{name}: {', '.join(words)}"
    for key, word in WORDS:
        if key in changed and word not in words:
            words.append(word)
    if not words and changed:
        words.append("details")
    return f"{name}: {', '.join(words) or 'no change'}" + (" changed" if words and words != ["no longer offered"]
                                                           else "")


def _day_key(site: Site, day: date) -> tuple[Any, ...]:
    return (closed_reason(site, day), hours_on(site.hours, day), site.hours.slots,
            site.hours.by_appointment)


def touched_visits(session: Session, before: Site | None, after: Site, today: date) -> Touched:
    """The trips visiting the site, from today on, on the days whose plan the edit changes (every day
    when a planning fact of the whole site changes). Reads the distinct visiting days, not the trips."""
    if before is None:
        return NOTHING
    if any(getattr(before, f) != getattr(after, f) for f in WHOLE_SITE):
        return visiting([after.id], today)
    days = session.exec(select(col(TripVisitRow.day)).where(TripVisitRow.site_id == after.id,
                                                             col(TripVisitRow.day) >= today).distinct()).all()
    return visiting([after.id], today, {day for day in days if _day_key(before, day) != _day_key(after, day)})


def _check(catalogue: Catalogue, site_id: str | None, record: dict[str, Any]) -> tuple[Site | None, Site]:
    if site_id is not None and record.get("id") != site_id:
        raise EditErrors({"id": _l("a site's id cannot change (retire it and create another)")})
    before = next((s for s in catalogue.sites if s.id == record.get("id")), None)
    if site_id is None and before is not None:
        raise EditErrors({"id": _l("a site {id!r} exists already", id=record["id"])})
    after_catalogue = validate(catalogue, "sites", record)
    return before, after_catalogue.site(str(record["id"]))


def propose_site(engine: Engine, site_id: str | None, record: dict[str, Any], *, today: date) -> Proposal:
    """What saving `record` would do (`site_id` None: a new site); raises EditErrors."""
    with Session(engine) as session:
        catalogue = store_catalogue.to_domain(session)
        before, after = _check(catalogue, site_id, record)
        after_record = site_json(after)
        before_record = site_json(before) if before else None
        count, trips = affected_trips(session, touched_visits(session, before, after, today))
    return Proposal(record=f"site:{after.id}", before=before_record, after=after_record,
                    summary=summary(after.name, before_record, after_record), affected=tuple(trips),
                    affected_count=count,
                    changed=changed_fields(before_record, after_record))


def apply_site(engine: Engine, site_id: str | None, record: dict[str, Any], *, base: str | None,
               actor_id: int | None, source: str, note: str, today: date) -> Applied:
    """Save the site if it is still as the editor saw it (`base` = its ETag; None for a new site).

    Raises Conflict when it changed meanwhile, EditErrors when the record breaks a rule.
    """
    with transaction(engine) as session:
        # First statement: hold the site's row (PostgreSQL) / the write lock (SQLite) until commit, so
        # two saves of one site are serialised and the second sees the first (then its ETag is stale).
        session.execute(update(SiteRow).where(col(SiteRow.id) == record.get("id")).values(origin=SiteRow.origin))
        catalogue = store_catalogue.to_domain(session)
        current = next((site_json(s) for s in catalogue.sites if s.id == record.get("id")), None)
        if base is not None and etag(current) != base:
            raise Conflict(f"site:{record.get('id')}", current)
        before, after = _check(catalogue, site_id, record)
        after_record = site_json(after)
        if current == after_record:
            return Applied(change_id=None, affected=0, record=f"site:{after.id}")
        store_catalogue.write_site(session, after)
        touched = touched_visits(session, before, after, today)
        return commit_change(session, actor_id=actor_id, source=source, record=f"site:{after.id}",
                             summary=summary(after.name, current, after_record), note=note,
                             before=current, after=after_record, touched=touched)
