"""Recording an assessment: every finding and questionnaire in one transaction, or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.assessments import queries
from medmassage.assessments.entries import (
    AssessmentEntry,
    PalpationEntry,
    PostureEntry,
    QuestionnaireEntry,
    RomEntry,
    SpecialTestEntry,
)
from medmassage.assessments.models import (
    Assessment,
    AssessmentQuestionnaire,
    Palpation,
    RangeOfMotion,
    SpecialTestResult,
)
from medmassage.assessments.services import record_assessment
from medmassage.outcomes.models import Measurement
from tests.builders import NDI_EXAMPLE, actor, clinical_counts, events, membership
from tests.cast import Cast

FULL = AssessmentEntry(
    notes="Neck stiff on the left since a long drive.",
    rom=[
        RomEntry(joint="cervical", movement="rotation", side="left", degrees=60, pain=True),
        RomEntry(joint="cervical", movement="rotation", side="right", degrees=80),
        RomEntry(joint="cervical", movement="flexion", side="none", degrees=40),
        RomEntry(joint="shoulder", movement="abduction", side="right", degrees=150),
    ],
    posture=[PostureEntry(region="neck", observation="forward_head")],
    palpation=[
        PalpationEntry(region="neck", side="left", tenderness=2, trigger_points=True, tone="high"),
    ],
    special_tests=[SpecialTestEntry(test="spurling", side="left", result="negative")],
    questionnaires=[
        QuestionnaireEntry(instrument="ndi", answers=NDI_EXAMPLE),
        QuestionnaireEntry(instrument="nprs", answers=[6]),
    ],
)


def record(cast: Cast, entry: AssessmentEntry = FULL) -> Assessment:
    return record_assessment(
        client=cast.client,
        by=actor(membership(cast.therapist)),
        entry=entry,
    )


def refusal(cast: Cast, entry: AssessmentEntry) -> dict[str, list[str]]:
    before = clinical_counts(), events("assessments.assessment.recorded")
    with pytest.raises(ValidationError) as caught:
        record(cast, entry)
    assert (clinical_counts(), events("assessments.assessment.recorded")) == before
    assert not events("outcomes.measurement.recorded")
    return caught.value.message_dict


def test_everything_is_recorded_with_the_normals_of_the_core(cast: Cast) -> None:
    assessment = record(cast)

    rom = list(RangeOfMotion.objects.for_clinic(cast.clinic).filter(assessment=assessment))
    assert [(r.joint, r.movement, r.side, r.degrees, r.normal_degrees) for r in rom] == [
        ("cervical", "rotation", "left", 60, 80),
        ("cervical", "rotation", "right", 80, 80),
        ("cervical", "flexion", "none", 40, 45),
        ("shoulder", "abduction", "right", 150, 180),
    ]
    assert rom[0].pain
    assert assessment.assessed_on == timezone.localdate()
    assert assessment.recorded_by == membership(cast.therapist)
    [palpation] = Palpation.objects.for_clinic(cast.clinic).filter(assessment=assessment)
    assert (palpation.tenderness, palpation.trigger_points, palpation.tone) == (2, True, "high")
    [test] = SpecialTestResult.objects.for_clinic(cast.clinic).filter(assessment=assessment)
    assert (test.test, test.region, test.result) == ("spurling", "neck", "negative")


def test_questionnaires_are_baselines_scored_by_the_core_and_linked(cast: Cast) -> None:
    assessment = record(cast)

    ndi, nprs = Measurement.objects.for_clinic(cast.clinic).order_by("id")
    assert (ndi.instrument, ndi.score, ndi.band, ndi.context) == (
        "ndi",
        Decimal(42),
        "moderate",
        "baseline",
    )
    assert (nprs.score, nprs.band) == (Decimal(6), "moderate")
    links = AssessmentQuestionnaire.objects.for_clinic(cast.clinic).filter(assessment=assessment)
    assert {link.measurement_id for link in links} == {ndi.pk, nprs.pk}


def test_the_record_and_each_questionnaire_are_audited(cast: Cast) -> None:
    assessment = record(cast)

    [event] = events("assessments.assessment.recorded")
    assert (event.subject_id, event.client_id) == (str(assessment.pk), cast.client.pk)
    assert event.details == {
        "rom": 4,
        "posture": 1,
        "palpation": 1,
        "special_tests": 1,
        "questionnaires": ["ndi", "nprs"],
    }
    assert len(events("outcomes.measurement.recorded")) == 2


def test_one_bad_questionnaire_saves_nothing_at_all(cast: Cast) -> None:
    bad = [
        *FULL.questionnaires,
        QuestionnaireEntry(instrument="hit6", answers=[6, 8, 9, 11, 13, 6]),
    ]

    errors = refusal(cast, replace(FULL, questionnaires=bad))

    assert list(errors) == ["questionnaires[2].answers"]
    assert "hit6 item 3: 9 is not a response" in errors["questionnaires[2].answers"][0]


def test_a_questionnaire_with_too_many_missing_saves_nothing(cast: Cast) -> None:
    entry = replace(FULL, questionnaires=[QuestionnaireEntry(instrument="nprs", answers=[None])])

    errors = refusal(cast, entry)

    assert "every item must be answered" in errors["questionnaires[0].answers"][0]


def test_every_bad_field_is_named_at_once(cast: Cast) -> None:
    entry = AssessmentEntry(
        rom=[
            RomEntry(joint="cervical", movement="flexion", side="none", degrees=40),
            RomEntry(joint="cervical", movement="rotation", side="left", degrees=400),
            RomEntry(joint="cervical", movement="rotation", side="none", degrees=60),
            RomEntry(joint="elbow", movement="flexion", side="left", degrees=60),
            RomEntry(joint="knee", movement="twist", side="left", degrees=60),
            RomEntry(joint="knee", movement="flexion", side="left", degrees=45.5),
        ],
        posture=[PostureEntry(region="ankle", observation="slouch")],
        palpation=[PalpationEntry(region="neck", side="none", tenderness=5, tone="tight")],
        special_tests=[SpecialTestEntry(test="adson", result="maybe")],
        questionnaires=[QuestionnaireEntry(instrument="vas", answers=[3])],
    )

    errors = refusal(cast, entry)

    assert sorted(errors) == sorted(
        [
            "rom[1].degrees",
            "rom[2].side",
            "rom[3].joint",
            "rom[4].movement",
            "rom[5].degrees",
            "posture[0].region",
            "posture[0].observation",
            "palpation[0].side",
            "palpation[0].tenderness",
            "palpation[0].tone",
            "special_tests[0].test",
            "special_tests[0].result",
            "questionnaires[0].instrument",
        ]
    )
    assert "degrees must be 0 to 360, got 400" in errors["rom[1].degrees"][0]
    assert "Cervical rotation is measured on each side" in errors["rom[2].side"][0]
    assert "record whole degrees" in errors["rom[5].degrees"][0]
    assert "tenderness is graded 0 to 3" in errors["palpation[0].tenderness"][0]


def test_a_movement_entered_twice_on_the_same_side_is_refused(cast: Cast) -> None:
    twice = RomEntry(joint="hip", movement="flexion", side="left", degrees=100)

    errors = refusal(cast, AssessmentEntry(rom=[twice, replace(twice, degrees=110)]))

    assert "Hip flexion (left) is entered twice: see rom[0]" in errors["rom[1]"][0]


def test_other_findings_need_describing(cast: Cast) -> None:
    entry = AssessmentEntry(
        posture=[PostureEntry(region="neck", observation="other")],
        special_tests=[SpecialTestEntry(test="other", result="positive")],
    )

    errors = refusal(cast, entry)

    assert errors["posture[0].notes"] == ["describe the observation"]
    assert errors["special_tests[0].notes"] == ["name the test"]
    assert errors["special_tests[0].region"] == ["choose the region tested"]


def test_a_questionnaire_given_twice_is_refused(cast: Cast) -> None:
    nprs = QuestionnaireEntry(instrument="nprs", answers=[3])

    errors = refusal(cast, AssessmentEntry(questionnaires=[nprs, nprs]))

    assert errors["questionnaires[1].instrument"] == ["nprs is given twice"]


def test_an_empty_assessment_or_one_in_the_future_is_refused(cast: Cast) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)

    assert "at least one" in refusal(cast, AssessmentEntry())["__all__"][0]
    assert "future" in refusal(cast, replace(FULL, assessed_on=tomorrow))["assessed_on"][0]


def test_an_assessment_entered_later_dates_its_questionnaires_on_its_day(cast: Cast) -> None:
    last_week = timezone.localdate() - timedelta(days=7)

    record(cast, replace(FULL, assessed_on=last_week))

    for measurement in Measurement.objects.for_clinic(cast.clinic):
        assert timezone.localdate(measurement.administered_at) == last_week


def test_a_client_of_another_clinic_is_a_programming_error(cast: Cast) -> None:
    with pytest.raises(ValueError, match="belong to the clinic"):
        record_assessment(
            client=cast.outsiders_client,
            by=actor(membership(cast.therapist)),
            entry=FULL,
        )


# --- Reading it back --------------------------------------------------------------------------


def test_range_of_motion_is_compared_with_normal_and_side_to_side(cast: Cast) -> None:
    detail = queries.get_assessment_detail(cast.clinic, record(cast))

    rotation, flexion, abduction = detail.rom_results
    assert rotation.text == (
        "Cervical rotation: L 60° / R 80° (normal 80°), 25% less on the left; pain on movement (L)"
    )
    assert rotation.comparison is not None
    assert (rotation.comparison.difference, rotation.comparison.less_side) == (20, "left")
    assert rotation.comparison.percent_less == pytest.approx(25)
    assert (rotation.left, rotation.right, rotation.normal) == (60, 80, 80)
    assert flexion.text == "Cervical flexion: 40° (normal 45°), 89% of normal"
    assert abduction.text == "Shoulder abduction R: 150° (normal 180°), 83% of normal"


def test_knee_extension_reads_as_degrees_short(cast: Cast) -> None:
    entry = AssessmentEntry(
        rom=[
            RomEntry(joint="knee", movement="extension", side="left", degrees=10),
            RomEntry(joint="knee", movement="extension", side="right", degrees=0),
        ]
    )

    [result] = queries.get_assessment_detail(cast.clinic, record(cast, entry)).rom_results

    assert result.text == "Knee extension: L 10° / R 0° (normal 0°), 10° less on the left"


def test_the_chart_summary_of_the_latest_assessment(cast: Cast) -> None:
    record(cast, replace(FULL, assessed_on=date(2020, 1, 1)))
    latest = record(
        cast,
        replace(
            FULL, special_tests=[SpecialTestEntry(test="spurling", side="left", result="positive")]
        ),
    )

    summary = queries.get_assessment_summary(cast.clinic, cast.client)

    assert summary is not None
    assert (summary.assessment_id, summary.count) == (latest.pk, 2)
    assert summary.recorded_by == cast.therapist.full_name
    assert summary.rom[0].startswith("Cervical rotation: L 60° / R 80°")
    assert summary.posture == ("Forward head: Neck",)
    assert summary.palpation == ("Neck (left): tenderness 2, trigger points, tone high",)
    assert summary.positive_tests == ("Spurling's test, Neck (left): positive",)
    assert summary.questionnaires == (
        "Neck Disability Index 42 (moderate)",
        "Numeric Pain Rating Scale 6 (moderate)",
    )


def test_no_summary_without_an_assessment_or_for_another_clinic(cast: Cast) -> None:
    assert queries.get_assessment_summary(cast.clinic, cast.client) is None
    record(cast)

    assert queries.get_assessment_summary(cast.other_clinic, cast.client) is None


def test_findings_are_read_within_the_clinic(cast: Cast) -> None:
    assessment = record(cast)

    detail: Any = queries.get_assessment_detail(cast.other_clinic, assessment)

    assert detail.rom == detail.palpation == detail.measurements == ()
