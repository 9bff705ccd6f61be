"""Check-in, the note pre-filled from the plan, safety at the table, feedback, signing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.audit.models import AuditEvent
from medmassage.intake.prompts import PromptsUnanswered
from medmassage.outcomes.models import Measurement
from medmassage.practitioners.models import Licence
from medmassage.practitioners.status import LicenceExpired
from medmassage.tenancy import clinic_scope
from medmassage.visits import services
from medmassage.visits.errors import (
    AddendumNeedsSignedNote,
    NotYourNote,
    OverrideRefused,
    PlanRequired,
    ReasonRequired,
    VisitLocked,
    VisitStopped,
)
from medmassage.visits.models import (
    FeedbackEvent,
    SafetyOverride,
    TreatmentGiven,
    Visit,
    VisitStatus,
)
from tests.builders import Ready, actor, membership, take_intake
from tests.visits.conftest import Course, save, signed_visit, start


def rows(visit) -> list[TreatmentGiven]:
    return list(TreatmentGiven.objects.for_clinic(visit.clinic_id).filter(visit=visit))


def row(technique: str, region: str, pressure: str, minutes: int = 10, side: str = "both"):
    return {
        "technique": technique,
        "region": region,
        "side": side,
        "pressure": pressure,
        "minutes": minutes,
    }


def test_the_note_opens_pre_filled_from_the_approved_plan(course: Course) -> None:
    visit = start(course)
    assert visit.status == VisitStatus.DRAFT
    assert visit.decision == "proceed"
    # Only what the plan sets for today's complaints (a neck complaint: the neck rows).
    complaints = {c["region"] for c in visit.check_in_document["complaints"]}
    planned = {
        (t["technique"], r["region"])
        for t in course.plan.content["techniques"]
        for r in t["regions"]
        if r["region"] in complaints
    }
    assert planned
    given = rows(visit)
    assert {(r.technique, r.region) for r in given} == planned
    assert sum(r.minutes for r in given) == sum(
        t["minutes"] for t in course.plan.content["techniques"]
    )
    assert all(r.cpt in {"97124", "97140", "97112"} for r in given)
    assert AuditEvent.objects.filter(action="visits.visit.started").count() == 1


def test_no_visit_without_an_approved_plan(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    with pytest.raises(PlanRequired):
        services.start_visit(client=ready.client, by=actor(ready.therapist), answers={})


def test_a_new_red_flag_at_check_in_stops_the_visit_and_shows_the_referral(
    course: Course,
) -> None:
    visit = start(course, {"red_flags": {"dvt_signs": True}})
    assert visit.status == VisitStatus.STOPPED
    assert visit.decision.startswith("refer")
    assert visit.referral is not None
    assert visit.referral["to"]
    assert rows(visit) == []
    with pytest.raises(VisitStopped):
        save(course, visit, {"pain_today": 3})
    with pytest.raises(VisitStopped):
        services.sign_visit(visit=visit, by=actor(course.ready.therapist))


def test_fever_today_with_a_shoulder_complaint_postpones(anticoagulated: Course) -> None:
    visit = start(anticoagulated, {"temperature_c": 39.2})
    assert visit.status == VisitStatus.STOPPED
    assert visit.decision == "postpone"


def test_fever_today_with_neck_pain_is_an_urgent_spinal_red_flag(course: Course) -> None:
    visit = start(course, {"temperature_c": 39.2})
    assert visit.status == VisitStatus.STOPPED
    assert visit.decision == "refer_urgent"


def chills_answered(answer: bool) -> dict[str, object]:
    return {
        "new_symptoms": "chills since yesterday",
        "text_answers": [
            {"target": "red_flags.feverish", "field": "new_symptoms", "answer": answer}
        ],
    }


def test_new_symptoms_that_may_be_a_red_flag_wait_for_an_answer(course: Course) -> None:
    with pytest.raises(PromptsUnanswered) as waiting:
        start(course, {"new_symptoms": "chills since yesterday"})

    assert [p.target for p in waiting.value.prompts] == ["red_flags.feverish"]
    assert not Visit.objects.for_clinic(course.ready.cast.clinic).exists()


def test_an_answered_no_opens_the_note_and_a_yes_counts(course: Course) -> None:
    opened = start(course, chills_answered(False))
    stopped = start(course, chills_answered(True))

    assert (opened.status, opened.check_in["new_symptoms"]) == (
        VisitStatus.DRAFT,
        "chills since yesterday",
    )
    assert (stopped.status, stopped.decision) == (VisitStatus.STOPPED, "refer_urgent")


@pytest.mark.parametrize(
    ("words", "target"),
    [
        ("crushing chest pain going down my left arm", "red_flags.chest_pain"),
        ("my face drooped for a while this morning", "red_flags.stroke_signs"),
    ],
)
def test_emergency_words_at_check_in_stop_the_visit_once_confirmed(
    course: Course, words: str, target: str
) -> None:
    with pytest.raises(PromptsUnanswered) as waiting:
        start(course, {"new_symptoms": words})
    assert target in {p.target for p in waiting.value.prompts}

    answers = [
        {"target": p.target, "field": p.field, "answer": p.target == target}
        for p in waiting.value.prompts
    ]
    visit = start(course, {"new_symptoms": words, "text_answers": answers})

    assert (visit.status, visit.decision) == (VisitStatus.STOPPED, "refer_emergency")


def test_a_new_anticoagulant_at_check_in_caps_the_pressure_for_today(course: Course) -> None:
    visit = start(course, {"new_medications": ["apixaban"]})
    assert visit.status == VisitStatus.DRAFT
    assert visit.decision == "modify"
    with pytest.raises(ReasonRequired):
        save(course, visit, {"treatments": [row("swedish", "neck", "firm")]})


def test_bad_check_in_answers_name_the_field(course: Course) -> None:
    with pytest.raises(ValidationError) as raised:
        start(course, {"temperature_c": 55, "pulse": 80})
    assert "pulse" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        start(course, {"temperature_c": 55})
    assert set(raised.value.message_dict) == {"temperature_c"}
    assert not AuditEvent.objects.filter(action__startswith="visits.").exists()


def test_an_excluded_technique_needs_a_reason_and_is_flagged(anticoagulated: Course) -> None:
    visit = start(anticoagulated)
    treatment = [row("deep_tissue", "shoulder", "medium", side="right")]
    with pytest.raises(ReasonRequired) as raised:
        save(anticoagulated, visit, {"treatments": treatment})
    assert "Deep tissue massage" in str(raised.value)
    assert len(rows(visit)) > 0
    assert "deep_tissue" not in {r.technique for r in rows(visit)}
    reason = {"deep_tissue": "Physician cleared; INR in range"}
    save(anticoagulated, visit, {"treatments": treatment, "reasons": reason})
    overrides = SafetyOverride.objects.for_clinic(visit.clinic_id).filter(visit=visit)
    assert {o.finding for o in overrides} >= {"bleeding_risk.anticoagulant"}
    assert all(o.reason == reason["deep_tissue"] for o in overrides)


def test_pressure_above_the_cap_needs_a_reason(anticoagulated: Course) -> None:
    visit = start(anticoagulated)
    with pytest.raises(ReasonRequired):
        save(anticoagulated, visit, {"treatments": [row("swedish", "neck", "deep")]})
    save(
        anticoagulated,
        visit,
        {"treatments": [row("swedish", "neck", "deep")], "reasons": {"swedish": "Asked for"}},
    )
    kinds = {o.kind for o in SafetyOverride.objects.for_clinic(visit.clinic_id)}
    assert "pressure_above_cap" in kinds


def test_a_technique_outside_the_therapists_scope_is_refused(course: Course) -> None:
    visit = start(course)
    treatment = [row("lymphatic_drainage", "neck", "light")]
    with pytest.raises(OverrideRefused):
        save(course, visit, {"treatments": treatment, "reasons": {"lymphatic_drainage": "x"}})
    assert "lymphatic_drainage" not in {r.technique for r in rows(visit)}


def test_bad_treatment_rows_name_the_field(course: Course) -> None:
    from medmassage.visits.note import read_note

    with pytest.raises(ValidationError) as raised:
        read_note(
            {
                "pain_today": 11,
                "treatments": [
                    {"technique": "reiki", "region": "neck", "pressure": "firm", "minutes": 5},
                    {"technique": "swedish", "region": "tail", "pressure": "firm", "minutes": 0},
                ],
            }
        )
    assert set(raised.value.message_dict) == {
        "pain_today",
        "treatments[0].technique",
        "treatments[1].region",
        "treatments[1].minutes",
    }


def test_feedback_is_kept_in_order(course: Course) -> None:
    visit = start(course)
    therapist = course.ready.therapist
    services.add_feedback(
        visit=visit,
        by=actor(therapist),
        feedback={"kind": "discomfort", "region": "neck", "adjustment": "pressure_down"},
    )
    services.add_feedback(
        visit=visit, by=actor(therapist), feedback={"kind": "relief", "note": "Easier to turn"}
    )
    with pytest.raises(ValidationError) as raised:
        services.add_feedback(visit=visit, by=actor(therapist), feedback={"kind": "pain"})
    assert "kind" in raised.value.message_dict
    events = list(FeedbackEvent.objects.for_clinic(visit.clinic_id).filter(visit=visit))
    assert [(e.sequence, e.kind, e.adjustment) for e in events] == [
        (1, "discomfort", "pressure_down"),
        (2, "relief", "none"),
    ]


def test_signing_records_nprs_and_billing_units(course: Course) -> None:
    visit = start(course)
    with pytest.raises(ValidationError) as raised:
        services.sign_visit(visit=visit, by=actor(course.ready.therapist))
    assert "pain_today" in raised.value.message_dict
    treatment = [row("swedish", "neck", "firm", 20), row("myofascial_release", "neck", "firm", 18)]
    save(course, visit, {"pain_today": 4, "treatments": treatment, "reasons": {"x": ""}})
    visit = services.sign_visit(visit=visit, by=actor(course.ready.therapist))
    assert visit.status == VisitStatus.SIGNED
    assert visit.signed_by == course.ready.therapist
    # 38 pooled minutes = 3 units (38-52); 20 min 97124 -> 1 + 1, 18 min 97140 -> 1.
    assert visit.billing == {
        "total_minutes": 38,
        "total_units": 3,
        "codes": [
            {"code": "97124", "minutes": 20, "units": 2},
            {"code": "97140", "minutes": 18, "units": 1},
        ],
    }
    measurement = Measurement.objects.for_clinic(visit.clinic_id).get(pk=visit.pain_measurement_id)
    assert (measurement.instrument, measurement.context, int(measurement.score)) == (
        "nprs",
        "visit",
        4,
    )


def test_a_signed_note_refuses_every_service_change(course: Course) -> None:
    visit = signed_visit(course)
    therapist = course.ready.therapist
    with pytest.raises(VisitLocked):
        save(course, visit, {"assessment": "changed"})
    with pytest.raises(VisitLocked):
        services.add_feedback(visit=visit, by=actor(therapist), feedback={"kind": "relief"})
    with pytest.raises(VisitLocked):
        services.sign_visit(visit=visit, by=actor(therapist))
    visit.refresh_from_db()
    assert visit.assessment == "Less guarded"


def test_addenda_correct_signed_notes_only(course: Course) -> None:
    draft = start(course)
    therapist = course.ready.therapist
    with pytest.raises(AddendumNeedsSignedNote):
        services.add_addendum(visit=draft, by=actor(therapist), reason="late", text="x")
    visit = signed_visit(course)
    with pytest.raises(ValidationError) as raised:
        services.add_addendum(visit=visit, by=actor(therapist), reason=" ", text="")
    assert set(raised.value.message_dict) == {"reason", "text"}
    addendum = services.add_addendum(
        visit=visit, by=actor(therapist), reason="Late entry", text="Client phoned: less pain"
    )
    assert (addendum.author, addendum.reason) == (therapist, "Late entry")


def test_only_the_treating_therapist_documents(course: Course) -> None:
    visit = start(course)
    owner = membership(course.ready.cast.owner)
    with pytest.raises(NotYourNote):
        services.save_note(visit=visit, by=actor(owner), changes=_changes({"assessment": "x"}))


def _changes(data):
    from medmassage.visits.note import read_note

    return read_note(data)


def test_an_expired_licence_blocks_documenting(course: Course) -> None:
    visit = start(course)
    yesterday = timezone.localdate() - timedelta(days=1)
    with clinic_scope(course.ready.cast.clinic):
        Licence.objects.update(expires_on=yesterday)
    with pytest.raises(LicenceExpired):
        save(course, visit, {"assessment": "x"})
    with pytest.raises(LicenceExpired):
        start(course)


def test_an_adverse_event_lowers_the_next_caps_until_reviewed(course: Course) -> None:
    first = signed_visit(course)
    therapist = course.ready.therapist
    event = services.record_adverse_event(
        visit=first,
        by=actor(therapist),
        event={"kind": "bruising", "severity": "mild", "follow_up": "Check next visit"},
    )
    plan_cap = course.plan.content["max_pressure"]
    second = start(course)
    assert second.pressure_cap != plan_cap
    assert "project policy" in second.pressure_cap_reason
    assert {r.pressure for r in rows(second)} <= {"light", "medium", second.pressure_cap}
    with pytest.raises(ReasonRequired):
        save(course, second, {"treatments": [row("swedish", "neck", plan_cap)]})
    with pytest.raises(ValidationError):  # a review is a deliberate step with a note
        services.review_adverse_event(event=event, by=actor(therapist), note="  ")
    services.review_adverse_event(event=event, by=actor(therapist), note="Bruise gone, client well")
    third = start(course)
    assert (third.pressure_cap, third.pressure_cap_reason) == (plan_cap, "")
    with pytest.raises(ValidationError) as raised:
        services.record_adverse_event(
            visit=first, by=actor(therapist), event={"kind": "other", "severity": "worst"}
        )
    assert set(raised.value.message_dict) == {"severity", "description"}


def test_a_new_finding_at_check_in_lowers_the_pre_filled_pressure(course: Course) -> None:
    visit = start(course, {"new_medications": ["apixaban"]})
    assert {r.pressure for r in rows(visit)} <= {"light", "medium"}
    save(course, visit, {"pain_today": 3})
    services.sign_visit(visit=visit, by=actor(course.ready.therapist))


def test_signing_rechecks_rows_against_todays_findings(anticoagulated: Course) -> None:
    visit = start(anticoagulated)
    with clinic_scope(visit.clinic_id):
        TreatmentGiven.objects.filter(visit=visit).update(pressure="deep")
    save(anticoagulated, visit, {"pain_today": 2})
    with pytest.raises(ReasonRequired):
        services.sign_visit(visit=visit, by=actor(anticoagulated.ready.therapist))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT
