"""The JSON API's shapes as pydantic models: they validate request bodies at the edge AND make the
OpenAPI document (openapi.py), so the document cannot drift from what is accepted.

Request models check types, lengths and ranges (strict: `true` is not an age, `"30"` is not a number);
the planner's validator (planning/serialize.py) then checks meaning (known ids, end after start, ...)
and both sets of problems go back together. Response models are open (`extra="allow"`): they fix the
fields clients rely on and let later issues add fields without breaking the contract.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..planning.fixed_json import MAX_FIXED, MAX_NOTES
from ..planning.serialize import MAX_AGE, MAX_PARTY, MAX_SLIP_BUFFER_DAYS
from .bounds import LIST_CAPS, MAX_STRING

Id = Annotated[str, StringConstraints(max_length=100)]
Text = Annotated[str, StringConstraints(max_length=MAX_STRING)]
DateText = Annotated[str, StringConstraints(max_length=10)]
TimeText = Annotated[str, StringConstraints(max_length=5)]


class _Request(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class Person(_Request):
    nationality: Annotated[str, StringConstraints(max_length=2)] = Field(
        description="ISO 3166-1 alpha-2 country code, e.g. FR")
    age: Annotated[int, Field(ge=0, le=MAX_AGE)] | None = None


class Traveller(Person):
    party_size: Annotated[int, Field(ge=1, le=MAX_PARTY)] | None = None


EXAMPLE: dict[str, Any] = {"start_date": "2027-05-04", "end_date": "2027-05-06", "sites": ["museum-of-cosmonautics", "star-city"],
           "must_see": ["star-city"], "traveller": {"nationality": "FR", "age": 30, "party_size": 2},
           "companions": [{"nationality": "RU", "age": 12}], "booking_date": "2026-11-21"}


class PlanRequest(_Request):
    """A plan request (DESIGN.md "Contracts"): the planner's input."""

    model_config = ConfigDict(strict=True, extra="allow", json_schema_extra={"examples": [EXAMPLE]})

    start_date: DateText = Field(description="first day, YYYY-MM-DD (1957-10-04 .. 2100-12-31)")
    end_date: DateText = Field(description="last day, YYYY-MM-DD; at most 60 days after start_date")
    sites: Annotated[list[Id], Field(max_length=LIST_CAPS["sites"])] = []
    must_see: Annotated[list[Id], Field(max_length=LIST_CAPS["must_see"])] = []
    launch: Id | None = None
    traveller: Traveller
    companions: Annotated[list[Person], Field(max_length=LIST_CAPS["companions"])] | None = None
    booking_date: DateText | None = Field(default=None, description="YYYY-MM-DD; default today")
    day_start: TimeText | None = Field(default=None, description="HH:MM, default 09:00")
    day_end: TimeText | None = Field(default=None, description="HH:MM, default 19:00")
    slip_buffer_days: Annotated[int, Field(ge=0, le=MAX_SLIP_BUFFER_DAYS)] | None = None
    fixed: Annotated[list[dict[str, Any]], Field(max_length=min(MAX_FIXED, LIST_CAPS["fixed"]))] | None = Field(
        default=None, description="pinned and own items: visit, own, transfer, lodging (DESIGN.md)")
    notes: Annotated[dict[str, Text], Field(max_length=MAX_NOTES)] | None = Field(
        default=None, description="{item key: the traveller's note}")


class TripRequest(PlanRequest):
    """A plan request to save as a trip, with the trip's own options."""

    notify_email: Annotated[str, StringConstraints(max_length=254)] | None = None
    lang: Literal["en", "ru", "kk"] | None = None


# --- answers --------------------------------------------------------------------------------------


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class FieldError(_Answer):
    field: str = Field(description="the field at fault: `sites[2]`, `traveller.age`; `$` = the whole body")
    message: str


class Problem(_Answer):
    """Every error answer: `error` (the HTTP reason), and `message` or per-field `errors` (422)."""

    error: str
    message: str | None = None
    errors: list[FieldError] | None = None


class Site(_Answer):
    id: str
    name: str
    kind: str
    region: str
    country: str
    lat: float
    lon: float
    timezone: str


class Launch(_Answer):
    id: str
    mission: str
    vehicle: str
    pad: str
    net: str
    status: str


class Itinerary(_Answer):
    days: list[dict[str, Any]]
    unscheduled: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


class Trip(_Answer):
    token: str | None = Field(description="the edit key (only for the edit link)")
    share_token: str
    version: int
    urls: dict[str, str | None]
    request: dict[str, Any]
    itinerary: Itinerary


class Version(_Answer):
    version: int
    created_at: str
    reason: str


class Comparison(_Answer):
    summary: list[str]


class FeedLink(_Answer):
    feed: str


class OperatorWrite(_Answer):
    """An operator's PATCH or POST body: fields in the shape of GET /api/sites/<id> or /api/launches
    items (derived fields ignored), checked by the catalogue's one validator (store/validate.py), plus
    the public `note` for travellers."""

    note: Annotated[str, StringConstraints(max_length=300)] | None = None


class VisitorRuleWrite(OperatorWrite):
    """A visitor rule's PATCH or POST body (the shape of a site's `access` items): any subset of the
    fields; null or an empty list clears an optional one. `id` only when creating."""

    id: Id | None = None
    kind: Literal["permit", "pre_registration", "info"] | None = None
    title: Text | None = None
    site: Id | None = Field(default=None, description="the site it covers (or `region`, not both)")
    region: Id | None = None
    lead_days: dict[Annotated[str, StringConstraints(max_length=2)], Annotated[int, Field(ge=0, le=365)]] | None = (
        Field(default=None, description='days ahead by nationality (ISO alpha-2), "*" for everyone else'))
    passport_required: bool | None = None
    guided_only: bool | None = None
    min_age: Annotated[int, Field(ge=0, le=MAX_AGE)] | None = None
    group_min: Annotated[int, Field(ge=1, le=MAX_PARTY)] | None = None
    group_max: Annotated[int, Field(ge=1, le=MAX_PARTY)] | None = None
    allowed_nationalities: list[Annotated[str, StringConstraints(max_length=2)]] | None = None
    photography: Literal["", "allowed", "restricted", "forbidden", "permit"] | None = None
    documents: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=200)]],
                         Field(max_length=20)] | None = Field(
        default=None, description="what each traveller must bring or send: passport, permit letter, ...")
    notes: Text | None = None


class VisitorRule(_Answer):
    """A visitor rule as GET answers it; `text` is the rule in sentences for travellers."""

    id: str
    kind: str
    title: str
    documents: list[str]


class OperatorRecord(_Answer):
    """A site or launch as the operator API answers it, with `affected_trips` after a write."""

    id: str


class Change(_Answer):
    id: int
    at: str
    record: str


def problems(model: type[BaseModel], data: object) -> list[dict[str, str]]:
    """The model's complaints about `data` as the API's `[{"field", "message"}]` (empty: valid)."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        return [{"field": _path(e["loc"]), "message": e["msg"]} for e in error.errors(include_url=False)]
    return []


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "list", "dict") or "[" in part:
            continue  # pydantic's names for union members, not fields
        else:
            out += f".{part}" if out else part
    return out or "$"
