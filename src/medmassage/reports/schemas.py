"""The outcomes report in the JSON API."""

from __future__ import annotations

from datetime import date

from ninja import Schema

from medmassage.inputs import IsoDate


class PeriodQuery(Schema):
    start: IsoDate | None = None
    end: IsoDate | None = None


class EvidenceOut(Schema):
    technique: str
    finding: str
    certainty: str
    citations: list[str]


class FiguresOut(Schema):
    clients: int
    courses_started: int
    courses_completed: int
    courses_dropped_out: int
    courses_judged: int
    courses_reached_mcid: int
    clients_judged: int
    clients_reached_mcid: int
    reached_percent: float | None
    reached_ci95_low_percent: float | None
    reached_ci95_high_percent: float | None
    median_change_percent_of_scale: float | None
    courses_with_change: int
    median_sessions_to_reach: float | None
    visits: int
    adverse_events: int
    adverse_events_per_100_visits: float | None
    adherence_visits_most_or_all_percent: float | None
    home_sessions_logged: int
    home_adherence_percent: float | None


class GroupOut(Schema):
    dimension: str
    key: str
    label: str
    suppressed: bool
    figures: FiguresOut | None
    icd10: list[str] = []
    evidence: list[EvidenceOut] = []


class OutcomesOut(Schema):
    start: date
    end: date
    as_of: date
    own_courses_only: bool
    min_clients: int
    dropout_policy: str
    total: GroupOut
    conditions: list[GroupOut]
    techniques: list[GroupOut]
    therapists: list[GroupOut]
