"""JSON shapes of home programs (fields documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from medmassage.inputs import StrictInput


class ProgramItemOut(Schema):
    id: str = Field(description="The exercise's id in the core's library.")
    name: str
    instructions: str
    dose: str


class ChangedByOut(Schema):
    membership_id: int
    name: str


class HomeProgramOut(Schema):
    id: int
    client_id: int
    plan_id: int
    version: int = Field(description="The latest version is the program in force.")
    items: list[ProgramItemOut]
    changed_by: ChangedByOut
    changed_at: datetime
    reason: str


class HomeProgramChangesIn(StrictInput):
    """One change, applied as a new version; the first PUT starts the program from the plan."""

    add: list[str] = Field(default_factory=list, description="Library exercise ids to add.")
    drop: list[str] = Field(default_factory=list, description="Exercise ids to drop.")
    doses: dict[str, str] = Field(default_factory=dict, description="New dose text by id.")
    reason: str = Field("", description="Why the program changes (kept in the history).")
