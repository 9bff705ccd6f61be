from __future__ import annotations

from ninja import Schema


class ClinicRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    clinic: ClinicRef
    role: str
