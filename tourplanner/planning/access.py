"""Access rules against the party: refusals (age, group size, nationality), lead times and notes.

Every rule is checked for the lead traveller and every companion; for lead times the longest one wins
(the party applies together). A minimum group size concerns private bookings only: smaller parties join
an operator's group tour, so it never refuses anyone (DESIGN.md, "Modelling choices").
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from . import explain
from .i18n import _, _l
from .model import AccessRule, Person, Reason


@dataclass(frozen=True)
class LeadTime:
    """An application that must be in `days` before the first day it is needed."""

    rule: AccessRule
    days: int
    who: str  # whose nationality sets the lead time, in words

    def earliest_day(self, booking: date) -> date:
        """The first day the permit can still be ready for when applying on `booking`."""
        return booking + timedelta(days=self.days)

    def due(self, day: date) -> date:
        return day - timedelta(days=self.days)

    @property
    def kind(self) -> str:
        """Deadline kind: what the traveller has to send."""
        if self.rule.passport_required:
            return "passport_data"
        return "registration" if self.rule.kind == "pre_registration" else "permit"


PHOTOGRAPHY = {"allowed": _l("Photography allowed."), "restricted": _l("Photography restricted."),
              "forbidden": _l("No photography."), "permit": _l("Photography needs a permit (part of the package).")}


@dataclass(frozen=True)
class Verdict:
    refusals: tuple[Reason, ...] = ()
    leads: tuple[LeadTime, ...] = ()
    notes: tuple[str, ...] = ()
    photography: str = ""  # the first rule's word: a site's own rule comes before its region's

    def __add__(self, other: Verdict) -> Verdict:
        return Verdict(self.refusals + other.refusals, self.leads + other.leads,
                       tuple(dict.fromkeys(self.notes + other.notes)), self.photography or other.photography)

    @property
    def all_notes(self) -> tuple[str, ...]:
        if not self.photography:
            return self.notes
        words = PHOTOGRAPHY.get(self.photography)
        return (*self.notes, _(words) if words else _("Photography: %(policy)s.", policy=self.photography))


def describe_person(index: int, person: Person) -> str:
    if index == 0:
        return _("the lead traveller (%(country)s)", country=person.nationality.upper())
    return _("companion %(n)s (%(country)s)", n=index, country=person.nationality.upper())


def party_size(people: tuple[Person, ...], declared: int) -> int:
    """The declared party size, but never fewer than the people named."""
    return max(declared, len(people))


def assess(rules: Iterable[AccessRule], people: tuple[Person, ...], declared_party: int,
           place: str) -> Verdict:
    """Check `rules` of `place` (a site or region name) against everybody in the party."""
    verdict = Verdict()
    for rule in rules:
        verdict = verdict + _assess_rule(rule, people, party_size(people, declared_party), place)
    return verdict


def _assess_rule(rule: AccessRule, people: tuple[Person, ...], party: int, place: str) -> Verdict:
    refusals: list[Reason] = []
    notes: list[str] = []
    if rule.min_age is not None:
        young = [(p.age, i, p) for i, p in enumerate(people) if p.age is not None and p.age < rule.min_age]
        if young:
            age, i, person = min(young, key=lambda t: (t[0], t[1]))
            refusals.append(explain.reason(explain.MIN_AGE, explain.min_age_message(
                place, rule.min_age, describe_person(i, person), age)))
        elif any(p.age is None for p in people):
            notes.append(_("Minimum age %(age)s.", age=rule.min_age))
    if rule.group_max is not None and party > rule.group_max:
        refusals.append(explain.reason(explain.GROUP_SIZE, explain.group_size_message(
            place, rule.group_max, party)))
    if rule.group_min is not None and party < rule.group_min:
        notes.append(_("Private bookings need at least %(min)s people; your party joins an operator's group tour.",
                       min=rule.group_min))
    if rule.allowed_nationalities:
        allowed = {n.upper() for n in rule.allowed_nationalities}
        outsider = next(((i, p) for i, p in enumerate(people) if p.nationality.upper() not in allowed), None)
        if outsider is not None:
            i, person = outsider
            refusals.append(explain.reason(explain.NATIONALITY, explain.nationality_message(
                place, rule.allowed_nationalities, describe_person(i, person), person.nationality.upper())))
    leads = []
    needed = [(days, i) for i, p in enumerate(people) if (days := rule.lead_days_for(p.nationality)) is not None]
    if needed:
        days, i = max(needed, key=lambda t: (t[0], -t[1]))
        if days > 0:
            leads.append(LeadTime(rule=rule, days=days, who=describe_person(i, people[i])))
    if rule.guided_only:
        notes.append(_("Guided visits only."))
    if rule.passport_required:
        notes.append(_("Passport data is checked in advance: carry the same passport."))
    return Verdict(tuple(refusals), tuple(leads), tuple(notes), rule.photography)
