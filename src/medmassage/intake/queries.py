"""Clinic-scoped reads of intakes, and the latest screening in brief for the client's chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from medmassage.accounts.models import Clinic
from medmassage.clients.models import Client
from medmassage.clinical.intake import parse_intake
from medmassage.clinical.planning import plan
from medmassage.intake.models import Intake
from medmassage.intake.presentation import DECISIONS, finding_places


def list_intakes(clinic: Clinic | int, client: Client) -> QuerySet[Intake]:
    """The client's intakes, newest version first."""
    return (
        Intake.objects.for_clinic(clinic)
        .filter(client=client)
        .select_related("recorded_by__user")
        .order_by("-version")
    )


def get_latest_intake(clinic: Clinic | int, client: Client) -> Intake | None:
    """The client's newest intake version, or None."""
    return list_intakes(clinic, client).first()


def get_intake(clinic: Clinic | int, intake_id: int) -> Intake:
    """One of the clinic's intakes, or 404 (another clinic's intake is simply not found)."""
    return get_object_or_404(
        Intake.objects.for_clinic(clinic).select_related("client", "recorded_by__user"),
        pk=intake_id,
    )


@dataclass(frozen=True)
class SummaryFinding:
    """A screening finding as the chart lists it; `regions` in words ("Right shoulder")."""

    code: str
    kind: str
    scope: str
    regions: tuple[str, ...]
    action: str
    rationale: str
    sources: tuple[str, ...]
    decision: str


@dataclass(frozen=True)
class IntakeSummary:
    """The latest intake's decision and findings (most severe first)."""

    intake_id: int
    version: int
    visit_date: dt.date
    decision: str
    decision_label: str
    findings: tuple[SummaryFinding, ...]

    @property
    def red_flags(self) -> tuple[SummaryFinding, ...]:
        return tuple(finding for finding in self.findings if finding.kind == "red_flag")


def get_intake_summary(clinic: Clinic | int, client: Client) -> IntakeSummary | None:
    """The latest intake's screening in brief, for the client's chart; None before any intake."""
    intake = get_latest_intake(clinic, client)
    if intake is None:
        return None
    findings = tuple(
        SummaryFinding(
            code=item["code"],
            kind=item["kind"],
            scope=item["scope"],
            regions=finding_places(item),
            action=item["action"],
            rationale=item["rationale"],
            sources=tuple(item["sources"]),
            decision=item["decision"],
        )
        for item in intake.screening["findings"]
    )
    return IntakeSummary(
        intake_id=intake.pk,
        version=intake.version,
        visit_date=intake.visit_date,
        decision=intake.decision,
        decision_label=DECISIONS[intake.decision].words,
        findings=findings,
    )


def get_suggested_measures(clinic: Clinic | int, client: Client) -> tuple[str, ...]:
    """The outcome measures the core's plan for the latest intake calls for (NPRS before any)."""
    intake = get_latest_intake(clinic, client)
    if intake is None:
        return ("nprs",)
    return plan(parse_intake(intake.document)).measures or ("nprs",)
