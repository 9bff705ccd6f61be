"""The only writer of assessments: all findings and questionnaires in one transaction, or none."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.assessments.entries import AssessmentEntry
from medmassage.assessments.models import (
    Assessment,
    AssessmentQuestionnaire,
    Palpation,
    Posture,
    RangeOfMotion,
    SpecialTestResult,
)
from medmassage.assessments.validation import CheckedAssessment, validate_assessment
from medmassage.audit.services import record_event
from medmassage.outcomes.models import Context
from medmassage.outcomes.services import record_measurement
from medmassage.tenancy import clinic_scope

if TYPE_CHECKING:
    from medmassage.clients.models import Client


@transaction.atomic
def record_assessment(*, client: Client, by: Actor, entry: AssessmentEntry) -> Assessment:
    """Record findings and baseline questionnaires; InvalidInput names every bad field."""
    if client.clinic_id != by.clinic_id:
        raise ValueError("The client must belong to the clinic of the member recording it")
    clinic = by.clinic
    checked = validate_assessment(entry)
    assessment = Assessment(
        clinic=clinic,
        client=client,
        assessed_on=checked.assessed_on,
        recorded_by=by.membership,
        notes=entry.notes.strip(),
    )
    assessment.save()
    with clinic_scope(clinic):
        _create_findings(assessment, checked)
    for questionnaire, scored in checked.questionnaires:
        measurement = record_measurement(
            client=client,
            by=by,
            instrument=questionnaire.instrument,
            answers=list(scored.answers),
            activities=scored.activities,
            context=Context.BASELINE,
            administered_at=_administered_at(checked.assessed_on),
        )
        AssessmentQuestionnaire.objects.for_clinic(clinic).create(
            clinic=clinic, assessment=assessment, measurement=measurement
        )
    _record_event(assessment, entry, by)
    return assessment


def _create_findings(assessment: Assessment, checked: CheckedAssessment) -> None:
    entry, owned = checked.entry, {"clinic_id": assessment.clinic_id, "assessment": assessment}
    RangeOfMotion.objects.bulk_create(
        RangeOfMotion(
            **owned,
            position=position,
            joint=rom.entry.joint,
            movement=rom.entry.movement,
            side=rom.entry.side,
            degrees=rom.degrees,
            normal_degrees=rom.normal_degrees,
            pain=bool(rom.entry.pain),
            notes=rom.entry.notes.strip(),
        )
        for position, rom in enumerate(checked.rom)
    )
    Posture.objects.bulk_create(
        Posture(**owned, position=position, **_fields(posture))
        for position, posture in enumerate(entry.posture)
    )
    Palpation.objects.bulk_create(
        Palpation(**owned, position=position, **_fields(palpation))
        for position, palpation in enumerate(entry.palpation)
    )
    SpecialTestResult.objects.bulk_create(
        SpecialTestResult(**owned, position=position, **{**_fields(test), "region": region})
        for position, (test, region) in enumerate(
            zip(entry.special_tests, checked.special_test_regions, strict=True)
        )
    )


def _fields(entry: object) -> dict[str, object]:
    values = dict(vars(entry))
    values["notes"] = str(values.get("notes", "")).strip()
    return values


def _administered_at(assessed_on: date) -> datetime:
    # Questionnaires of an assessment entered later are dated on its day (at noon, local time).
    today = timezone.localdate()
    if assessed_on == today:
        return timezone.now()
    return timezone.make_aware(datetime.combine(assessed_on, time(12)))


def _record_event(assessment: Assessment, entry: AssessmentEntry, by: Actor) -> None:
    record_event(
        action="assessments.assessment.recorded",
        by=by,
        subject=assessment,
        details={
            "rom": len(entry.rom),
            "posture": len(entry.posture),
            "palpation": len(entry.palpation),
            "special_tests": len(entry.special_tests),
            "questionnaires": [q.instrument for q in entry.questionnaires],
        },
    )
