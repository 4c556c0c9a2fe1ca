"""Notifications by e-mail: an address on a trip, confirmed through a link before anything else is sent
to it; one mail per version the traveller did not make; "e-mail me my trips".

Every mail carries an unsubscribe link. Sending is claimed in the database first (compare-and-set on
`trip.notified_version`), so two workers never send the same mail; a crash between claim and send
loses that one mail rather than sending it twice.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..config import Settings
from ..mail import Mailer, Message
from ..planning.describe import long_date
from ..planning.i18n import _, using
from ..store.db import transaction
from ..store.tables import TripRow, TripVersionRow
from ..store.times import utcnow
from .changes import compare
from .trip_options import email_error, normal_email
from .trips import TripNotFound, _version, editable_trip, new_token

log = logging.getLogger("tourplanner.notify")


class EmailError(ValueError):
    """Not an e-mail address (the message says so in the user's words)."""


@dataclass(frozen=True)
class Links:
    """Absolute links for mails (they are read outside the browser): from TOURPLANNER_PUBLIC_URL."""

    base: str

    def trip(self, token: str) -> str:
        return f"{self.base}/trips/{token}"

    def choices(self, token: str) -> str:
        return f"{self.base}/trips/{token}#choices"

    def confirm(self, key: str) -> str:
        return f"{self.base}/notify/{key}/confirm"

    def unsubscribe(self, key: str) -> str:
        return f"{self.base}/notify/{key}/unsubscribe"

    def my_trips(self) -> str:
        return f"{self.base}/my-trips"


def _trip_name(request: dict[str, object]) -> str:
    try:
        start = date.fromisoformat(str(request.get("start_date")))
        end = date.fromisoformat(str(request.get("end_date")))
    except ValueError:
        return _("your trip")
    return _("your trip of %(dates)s", dates=f"{long_date(start)} \u2013 {long_date(end)}")


def _footer(links: Links, key: str) -> str:
    return "\n\n--\n" + _("You get this because this address was confirmed for the trip. No more mail about it: "
                         "%(url)s", url=links.unsubscribe(key)) + "\n"


def set_email(engine: Engine, token: str, email: str) -> None:
    """Store (or replace) the trip's address, unconfirmed; "" removes it. Edit link only."""
    if email.strip() and (error := email_error(email.strip())) is not None:
        raise EmailError(error["message"])
    with transaction(engine) as session:
        trip = editable_trip(session, token)
        trip.notify_email = normal_email(email) if email.strip() else None
        trip.notify_key = new_token() if email.strip() else None
        trip.notify_confirmed_at = None
        session.add(trip)


def send_confirmation(engine: Engine, token: str, mailer: Mailer, links: Links) -> None:
    """The only mail an unconfirmed address ever gets: the link that confirms it (nothing about the trip,
    so a mistyped address learns nothing)."""
    with Session(engine) as session:
        trip = editable_trip(session, token)
        if not trip.notify_email or not trip.notify_key or trip.notify_confirmed_at is not None:
            return
        email, key, lang = trip.notify_email, trip.notify_key, trip.lang
    with using(lang):
        mailer.send(Message(
            to=email, subject=_("Confirm your address for trip updates"),
            body=_("Someone (we hope you) asked tourplanner to tell this address when a trip changes, for "
                   "example when its launch slips.\n\nTo confirm, open this link and press Confirm:\n"
                   "%(url)s\n\nIf it was not you, ignore this mail: nothing else will be sent.",
                   url=links.confirm(key))
            + _footer(links, key), unsubscribe=links.unsubscribe(key)))


def _by_key(session: Session, key: str) -> TripRow:
    trip = session.exec(select(TripRow).where(TripRow.notify_key == key)).first() if key else None
    if trip is None:
        raise TripNotFound(key)
    return trip


def confirm(engine: Engine, key: str) -> str:
    """Confirm the address of the trip whose mail carried `key`; answers the trip's edit token.
    Mail starts from the versions after this one (nothing about the past)."""
    with transaction(engine) as session:
        trip = _by_key(session, key)
        if trip.notify_confirmed_at is None:
            trip.notify_confirmed_at = utcnow()
            trip.notified_version = trip.version
            session.add(trip)
        return trip.token


def unsubscribe(engine: Engine, key: str) -> None:
    with transaction(engine) as session:
        trip = _by_key(session, key)
        trip.notify_email = None
        trip.notify_key = None
        trip.notify_confirmed_at = None
        session.add(trip)


def send_my_trips(engine: Engine, email: str, mailer: Mailer, links: Links) -> int:
    """One mail with the edit links of every trip this address is confirmed for; none when there is none
    (the page says the same either way, so nobody learns which addresses we know)."""
    if email_error(email.strip(), "email") is not None:
        raise EmailError(f"not an e-mail address: {email!r}")
    address = normal_email(email)
    with Session(engine) as session:
        trips = session.exec(select(TripRow).where(TripRow.notify_email == address,
                                                   col(TripRow.notify_confirmed_at).is_not(None))
                             .order_by(col(TripRow.created_at))).all()
        found = [(trip.token, trip.notify_key or "", _version(session, trip, trip.version).request)
                 for trip in trips]
    if not found:
        log.info("my-trips asked for an address with no confirmed trip")
        return 0
    lines = "\n".join(f"- {_trip_name(request)[:1].upper()}{_trip_name(request)[1:]}: {links.trip(token)}"
                      for token, _key, request in found)
    mailer.send(Message(
        to=address, subject=_("Your trips on tourplanner"),
        body=_("The links below open and change your trips; keep them to yourself (each trip page also has "
               "a view-only link to share).") + f"\n\n{lines}" + _footer(links, found[-1][1]),
        unsubscribe=links.unsubscribe(found[-1][1])))
    return 1


def _claim(session: Session, trip: TripRow) -> tuple[int, int] | None:
    """Move notified_version up to the trip's version, if no one else did; answers the range claimed."""
    old, new = trip.notified_version, trip.version
    result = session.execute(update(TripRow).where(col(TripRow.id) == trip.id,
                                                   col(TripRow.notified_version) == old)
                             .values(notified_version=new))
    return (old, new) if result.rowcount == 1 else None  # type: ignore[attr-defined]


def send_pending(engine: Engine, mailer: Mailer, links: Links, trip_id: int | None = None) -> int:
    """One mail for every version of a trip with a confirmed address that the traveller did not make
    (a slip, a closure, an operator's edit), saying what changed and linking to the choices.

    `trip_id`: only that trip (after its background re-plan); None: every trip (the periodic backstop).
    When the SMTP server fails, the claim is given back so a later run sends the mail; the error is raised.
    """
    sent = 0
    with Session(engine) as session:
        query = select(TripRow.id).where(col(TripRow.notify_confirmed_at).is_not(None),
                                        col(TripRow.notified_version) < col(TripRow.version))
        if trip_id is not None:
            query = query.where(col(TripRow.id) == trip_id)
        ids = session.exec(query).all()
    for found in ids:
        with transaction(engine) as session:
            trip = session.get(TripRow, found)
            if trip is None or not trip.notify_email or not trip.notify_key:
                continue
            claimed = _claim(session, trip)
            if claimed is None:
                continue
            rows = session.exec(select(TripVersionRow).where(
                TripVersionRow.trip_id == trip.id, col(TripVersionRow.version) >= max(claimed[0], 1),
                col(TripVersionRow.version) <= claimed[1]).order_by(col(TripVersionRow.version))).all()
            email, key, token, lang = trip.notify_email, trip.notify_key, trip.token, trip.lang
        previous = {row.version: row for row in rows}
        with using(lang):  # the trip's mail is written in the trip's language
            mails = [_change_mail(email, key, token, previous[row.version - 1], row, links) for row in rows
                     if not row.by_traveller and row.version > claimed[0] and row.version - 1 in previous]
        try:
            for mail in mails:
                mailer.send(mail)
                sent += 1
        except Exception:
            _give_back(engine, int(found or 0), claimed)
            raise
    return sent


def _give_back(engine: Engine, trip_id: int, claimed: tuple[int, int]) -> None:
    with transaction(engine) as session:
        session.execute(update(TripRow).where(col(TripRow.id) == trip_id,
                                              col(TripRow.notified_version) == claimed[1])
                        .values(notified_version=claimed[0]))


_warned: list[bool] = []


def send_pending_from_settings(engine: Engine, settings: Settings, trip_id: int | None = None) -> int:
    """send_pending with the configured SMTP server and public URL (background work has no request);
    failures are logged, never raised: a re-plan is done whether or not its mail could go out."""
    if not settings.public_url and not _warned:
        _warned.append(True)  # once per process, not once per job
        log.warning("TOURPLANNER_PUBLIC_URL is unset: links in notification mail point at http://localhost:5000")
    try:
        return send_pending(engine, Mailer(settings.smtp_url, settings.mail_from),
                            Links(settings.public_url or "http://localhost:5000"), trip_id)
    except Exception:  # SMTP down or misconfigured: the next run tries again
        log.exception("notification mail could not be sent")
        return 0


def _change_mail(email: str, key: str, token: str, old: TripVersionRow, new: TripVersionRow, links: Links
                 ) -> Message:
    changes = compare(old.itinerary, new.itinerary)
    lines = changes.lines() or [_("Nothing you planned around moved; details may have changed.")]
    out = [str(u) for u in changes.newly_unscheduled]
    missing = "\n" + _("No longer possible in this plan: %(what)s.", what=", ".join(out)) + "\n" if out else ""
    name = _trip_name(new.request)
    why = new.reason or _("the catalogue changed")
    return Message(
        to=email, subject=_("Your trip changed: %(why)s", why=why),
        body=(_("%(trip)s has a new version (%(n)s) because %(why)s.", trip=name[:1].upper() + name[1:],
                n=new.version, why=why)
              + "\n\n" + _("What changed:") + "\n" + "\n".join(f"- {line}" for line in lines) + "\n" + missing
              + "\n" + _("See the trip and your choices (one click applies one):") + f"\n{links.choices(token)}\n")
        + _footer(links, key), unsubscribe=links.unsubscribe(key))
