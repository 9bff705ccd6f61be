"""The integrity part of an API answer about a sealed record."""

from __future__ import annotations

from ninja import Field, Schema


class IntegrityOut(Schema):
    ok: bool = Field(description="False when a sealed record no longer matches its seal.")
    problems: list[str] = Field(
        default_factory=list,
        description="What failed: the record was changed outside MedMassage, or lost its seal.",
    )
