"""Clinic-scoped reads of assessments, range of motion read against normal, chart summary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from medmassage.assessments.models import (
    Assessment,
    AssessmentQuestionnaire,
    Finding,
    Palpation,
    Posture,
    RangeOfMotion,
    SpecialTestResult,
)
from medmassage.clinical import range_of_motion as rom
from medmassage.outcomes.models import Measurement

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic
    from medmassage.clients.models import Client

_SIDE_INITIALS = {"left": "L", "right": "R"}


def list_assessments(clinic: Clinic | int, client: Client) -> QuerySet[Assessment]:
    """The client's assessments, newest first."""
    return (
        Assessment.objects.for_clinic(clinic)
        .filter(client=client)
        .select_related("recorded_by__user")
        .order_by("-assessed_on", "-id")
    )


def get_assessment(clinic: Clinic | int, assessment_id: int) -> Assessment:
    """One of the clinic's assessments, or 404 (another clinic's is simply not found)."""
    return get_object_or_404(
        Assessment.objects.for_clinic(clinic).select_related("client", "recorded_by__user"),
        pk=assessment_id,
    )


@dataclass(frozen=True, kw_only=True)
class RomResult:
    """One joint movement as measured, against normal and (where sided) left against right."""

    joint: str
    movement: str
    name: str
    normal: int
    value: int | None  # a movement without sides
    left: int | None
    right: int | None
    pain_sides: tuple[str, ...]
    text: str  # e.g. "Cervical rotation: L 60° / R 80° (normal 80°), 25% less on the left"
    comparison: rom.SideComparison | None


def list_rom_results(rows: Iterable[RangeOfMotion]) -> tuple[RomResult, ...]:
    """Measurements grouped by joint movement, in the order first entered, compared."""
    groups: dict[tuple[str, str], dict[str, RangeOfMotion]] = {}
    for row in sorted(rows, key=lambda r: r.position):
        groups.setdefault((row.joint, row.movement), {})[row.side] = row
    return tuple(_rom_result(joint, movement, sides) for (joint, movement), sides in groups.items())


def _rom_result(joint: str, movement_id: str, sides: dict[str, RangeOfMotion]) -> RomResult:
    movement = rom.get_movement(joint, movement_id)
    left, right, none = (sides.get(side) for side in ("left", "right", "none"))
    comparison = None
    if left is not None and right is not None:
        comparison = rom.compare_sides(joint, movement_id, left=left.degrees, right=right.degrees)
        text = rom.describe_sides(comparison)
    else:
        side, row = next(iter(sides.items()))
        text = rom.describe_normal(rom.compare_to_normal(joint, movement_id, row.degrees), side)
    pain = tuple(side for side, row in sides.items() if row.pain)
    if pain:
        where = "/".join(_SIDE_INITIALS.get(side, "") for side in pain).strip("/")
        text += f"; pain on movement{f' ({where})' if where else ''}"
    return RomResult(
        joint=joint,
        movement=movement_id,
        name=movement.name,
        normal=movement.degrees,
        value=none.degrees if none else None,
        left=left.degrees if left else None,
        right=right.degrees if right else None,
        pain_sides=pain,
        text=text,
        comparison=comparison,
    )


@dataclass(frozen=True, kw_only=True)
class AssessmentDetail:
    """Everything recorded in one assessment, findings in the order entered."""

    assessment: Assessment
    rom: tuple[RangeOfMotion, ...]
    rom_results: tuple[RomResult, ...]
    posture: tuple[Posture, ...]
    palpation: tuple[Palpation, ...]
    special_tests: tuple[SpecialTestResult, ...]
    measurements: tuple[Measurement, ...]


def get_assessment_detail(clinic: Clinic | int, assessment: Assessment) -> AssessmentDetail:
    """The assessment's findings and questionnaires, read within the clinic."""

    def rows(model: type[Finding]) -> tuple[Any, ...]:
        return tuple(model.objects.for_clinic(clinic).filter(assessment=assessment))

    range_of_motion = rows(RangeOfMotion)
    answered_at = AssessmentQuestionnaire.objects.for_clinic(clinic).filter(assessment=assessment)
    measurements = Measurement.objects.for_clinic(clinic).filter(
        pk__in=answered_at.values("measurement_id")
    )
    return AssessmentDetail(
        assessment=assessment,
        rom=range_of_motion,
        rom_results=list_rom_results(range_of_motion),
        posture=rows(Posture),
        palpation=rows(Palpation),
        special_tests=rows(SpecialTestResult),
        measurements=tuple(measurements.order_by("id")),
    )


@dataclass(frozen=True, kw_only=True)
class AssessmentSummary:
    """The latest assessment in brief, for the client's chart."""

    assessment_id: int
    assessed_on: date
    recorded_by: str
    count: int  # assessments of the client in all
    rom: tuple[str, ...]
    posture: tuple[str, ...]
    palpation: tuple[str, ...]
    positive_tests: tuple[str, ...]
    questionnaires: tuple[str, ...]


def get_assessment_summary(clinic: Clinic | int, client: Client) -> AssessmentSummary | None:
    """The client's latest assessment in brief, or None when there is none."""
    assessments = list_assessments(clinic, client)
    latest = assessments.first()
    if latest is None:
        return None
    detail = get_assessment_detail(clinic, latest)
    return AssessmentSummary(
        assessment_id=latest.pk,
        assessed_on=latest.assessed_on,
        recorded_by=latest.recorded_by.user.full_name,
        count=assessments.count(),
        rom=tuple(result.text for result in detail.rom_results),
        posture=tuple(posture_text(row) for row in detail.posture),
        palpation=tuple(palpation_text(row) for row in detail.palpation),
        positive_tests=tuple(
            special_test_text(row) for row in detail.special_tests if row.result == "positive"
        ),
        questionnaires=tuple(
            f"{m.instrument_name} {m.display_score}{f' ({m.band})' if m.band else ''}"
            for m in detail.measurements
        ),
    )


def _where(region: str, side: str) -> str:
    label = region.replace("_", " ").capitalize()
    return f"{label} ({side})" if side else label


def posture_text(row: Posture) -> str:
    """E.g. "Elevated shoulder: Shoulder (left)"."""
    return f"{row.get_observation_display()}: {_where(row.region, row.side)}"


def palpation_text(row: Palpation) -> str:
    """E.g. "Neck (left): tenderness 2, trigger points, tone high"."""
    parts = [f"tenderness {row.tenderness}"]
    if row.trigger_points:
        parts.append("trigger points")
    parts.append(f"tone {row.tone}")
    return f"{_where(row.region, row.side)}: {', '.join(parts)}"


def special_test_text(row: SpecialTestResult) -> str:
    """E.g. "Spurling's test, Neck (right): positive"."""
    return f"{row.get_test_display()}, {_where(row.region, row.side)}: {row.result}"
