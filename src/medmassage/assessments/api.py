"""JSON API of assessments: adapters over the same services and queries as the pages."""

from __future__ import annotations

from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.assessments import queries, services
from medmassage.assessments.entries import (
    AssessmentEntry,
    PalpationEntry,
    PostureEntry,
    QuestionnaireEntry,
    RomEntry,
    SpecialTestEntry,
)
from medmassage.assessments.models import Assessment
from medmassage.assessments.schemas import (
    AssessedMeasurementOut,
    AssessmentIn,
    AssessmentOut,
    AssessmentSummaryOut,
    PalpationIn,
    PostureIn,
    RomComparisonOut,
    RomOut,
    SpecialTestIn,
)
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.clinical.range_of_motion import compare_to_normal
from medmassage.outcomes.api import measurement_out

router = Router(tags=["assessments"])


@router.get(
    "/clients/{client_id}/assessments",
    response=list[AssessmentSummaryOut],
    url_name="client-assessments",
    summary="A client's assessments",
)
def list_assessments(request: ClinicRequest, client_id: int) -> list[AssessmentSummaryOut]:
    """The client's assessments, newest first (read one for its findings). Audited."""
    client = client_for(request, client_id, "assessments.view")
    record_read("assessments.list.viewed", by=request.actor, client=client)
    found = queries.list_assessments(client.clinic_id, client)
    return [_summary_out(assessment) for assessment in found]


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AssessmentOut},
    summary="Record an assessment: findings and baseline questionnaires, all or nothing",
)
def record_assessment(
    request: ClinicRequest, client_id: int, payload: AssessmentIn
) -> Status[AssessmentOut]:
    """Record it; 422 names every bad field (e.g. `rom[1].degrees`) and nothing is saved."""
    client = client_for(request, client_id, "assessments.record")
    assessment = services.record_assessment(
        client=client, by=request.actor, entry=entry_from(payload)
    )
    return Status(201, assessment_out(assessment))


@router.get(
    "/assessments/{assessment_id}",
    response=AssessmentOut,
    url_name="assessment",
    summary="One assessment with its findings, comparisons and questionnaires",
)
def get_assessment(request: ClinicRequest, assessment_id: int) -> AssessmentOut:
    """The assessment as recorded, range of motion against normal and side to side. Audited."""
    policy.require(request.membership, "assessments.view")
    assessment = queries.get_assessment(request.membership.clinic_id, assessment_id)
    record_read("assessments.assessment.viewed", by=request.actor, subject=assessment)
    return assessment_out(assessment)


def entry_from(payload: AssessmentIn) -> AssessmentEntry:
    """The service's input from the request body."""
    return AssessmentEntry(
        assessed_on=payload.assessed_on,
        notes=payload.notes,
        rom=[RomEntry(**item.model_dump()) for item in payload.rom],
        posture=[PostureEntry(**item.model_dump()) for item in payload.posture],
        palpation=[PalpationEntry(**item.model_dump()) for item in payload.palpation],
        special_tests=[SpecialTestEntry(**item.model_dump()) for item in payload.special_tests],
        questionnaires=[QuestionnaireEntry(**item.model_dump()) for item in payload.questionnaires],
    )


def _summary_out(assessment: Assessment) -> AssessmentSummaryOut:
    return AssessmentSummaryOut.model_validate(
        {
            "id": assessment.pk,
            "client_id": assessment.client_id,
            "assessed_on": assessment.assessed_on,
            "recorded_by": {
                "membership_id": assessment.recorded_by_id,
                "name": assessment.recorded_by.user.full_name,
            },
            "created_at": assessment.created_at,
        }
    )


def assessment_out(assessment: Assessment) -> AssessmentOut:
    """An assessment as the API shows it, with range of motion read against the table."""
    detail = queries.get_assessment_detail(assessment.clinic_id, assessment)
    return AssessmentOut(
        **_summary_out(assessment).model_dump(),
        notes=assessment.notes,
        rom=[
            RomOut(
                joint=row.joint,
                movement=row.movement,
                side=row.side,
                degrees=row.degrees,
                normal_degrees=row.normal_degrees,
                percent_of_normal=compare_to_normal(
                    row.joint, row.movement, row.degrees
                ).percent_of_normal,
                pain=row.pain,
                notes=row.notes,
            )
            for row in detail.rom
        ],
        rom_comparisons=[_comparison_out(result) for result in detail.rom_results],
        posture=[
            PostureIn.model_validate(_fields(row, "region", "observation", "side"))
            for row in detail.posture
        ],
        palpation=[
            PalpationIn.model_validate(
                _fields(row, "region", "side", "tenderness", "trigger_points", "tone")
            )
            for row in detail.palpation
        ],
        special_tests=[
            SpecialTestIn.model_validate(_fields(row, "test", "result", "side", "region"))
            for row in detail.special_tests
        ],
        questionnaires=[
            AssessedMeasurementOut(**measurement_out(m).model_dump(), assessment_id=assessment.pk)
            for m in detail.measurements
        ],
    )


def _fields(row: object, *names: str) -> dict[str, object]:
    return {name: getattr(row, name) for name in (*names, "notes")}


def _comparison_out(result: queries.RomResult) -> RomComparisonOut:
    comparison = result.comparison
    return RomComparisonOut(
        joint=result.joint,
        movement=result.movement,
        text=result.text,
        left=result.left,
        right=result.right,
        difference=comparison.difference if comparison else None,
        less_side=comparison.less_side if comparison else None,
        percent_less=comparison.percent_less if comparison else None,
    )
