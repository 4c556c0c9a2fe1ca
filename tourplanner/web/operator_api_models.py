"""The operator API's shapes for the OpenAPI document (openapi.py). Bodies are open: any subset of a
site's or launch's fields (operator_shapes.py names unknown ones in a 422), plus the public `note`."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .api_models import Launch, Site

Note = Annotated[str, StringConstraints(max_length=300)]


class SiteEdit(BaseModel):
    """Fields of GET /api/sites/<id> to change (`hours.weekly` replaces the days given)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={
        "examples": [{"hours": {"weekly": {"tue": []}}, "note": "Closed on Tuesdays for training"}]})
    note: Note | None = Field(default=None, description="the public note travellers read")


class NewSite(SiteEdit):
    id: Annotated[str, StringConstraints(max_length=64)]


class LaunchEdit(BaseModel):
    """Fields of a GET /api/launches item to change (`net` in UTC or `net_local` at the pad)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={
        "examples": [{"net": "2027-03-03T08:10:00Z", "status": "Go", "note": "Confirmed by Roscosmos"}]})
    note: Note | None = Field(default=None, description="the public note travellers read")
    confirm: bool | None = Field(default=None, description="true: apply a move into the past or by > 1 year")


class NewLaunch(LaunchEdit):
    mission: Annotated[str, StringConstraints(max_length=200)]


class Undo(BaseModel):
    model_config = ConfigDict(extra="allow")
    note: Note | None = None


class Written(BaseModel):
    """What every write answers: the record, and how many saved trips it marked for re-planning."""

    model_config = ConfigDict(extra="allow")
    affected_trips: int
    change_id: int | None


class SiteWritten(Site, Written):
    pass


class LaunchWritten(Launch, Written):
    pass


class Slip(BaseModel):
    model_config = ConfigDict(extra="allow")
    old_net: str | None
    new_net: str
    status: str
    source: str
    at: str


class LaunchWithHistory(Launch):
    history: list[Slip]


class Change(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    at: str
    by: str
    change: str
    note: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


MODELS: tuple[type[BaseModel], ...] = (Written, SiteEdit, NewSite, LaunchEdit, NewLaunch, Undo, SiteWritten, LaunchWritten,
                                       LaunchWithHistory, Slip, Change)
