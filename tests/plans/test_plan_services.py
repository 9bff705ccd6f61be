"""Drafting, editing with reasons, approving and revising plans through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from medmassage.audit.models import AuditEvent
from medmassage.clients.consents import ConsentRequired, revoke_consent
from medmassage.clients.queries import get_current_consent
from medmassage.plans import services
from medmassage.plans.changes import read_changes
from medmassage.plans.errors import IntakeRequired, OverrideRefused, PlanNotEditable, ReasonRequired
from medmassage.plans.models import PlanOverride, PlanStatus, TreatmentPlan
from medmassage.practitioners.models import Licence
from medmassage.practitioners.status import LicenceExpired
from medmassage.tenancy import clinic_scope
from tests.builders import Ready, actor, take_intake


def draft(ready: Ready) -> TreatmentPlan:
    return services.draft_plan(client=ready.client, by=actor(ready.therapist))


def techniques_of(plan: TreatmentPlan) -> list[dict]:
    return [dict(t) for t in plan.content["techniques"]]


def test_a_draft_is_the_cores_plan_for_the_latest_intake(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    plan = draft(ready)
    assert plan.version == 1
    assert plan.status == PlanStatus.DRAFT
    assert plan.decision == "proceed"
    assert plan.draft == plan.content
    assert "ndi" in plan.content["measures"]
    regions = {r["region"] for t in plan.content["techniques"] for r in t["regions"]}
    assert {"neck", "upper_back"} <= regions


def test_a_draft_follows_the_newest_intake(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    take_intake(ready, "p3_apixaban_shoulder")
    plan = draft(ready)
    assert plan.intake.version == 2
    assert plan.decision == "modify"


def test_no_intake_no_plan(ready: Ready) -> None:
    with pytest.raises(IntakeRequired, match="Record an intake"):
        draft(ready)


def test_no_current_consent_no_plan(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    with clinic_scope(ready.cast.clinic):
        consent = get_current_consent(ready.cast.clinic, ready.client)
    revoke_consent(consent=consent, by=actor(ready.therapist), reason="Client withdrew")
    with pytest.raises(ConsentRequired):
        draft(ready)
    assert not TreatmentPlan.objects.for_clinic(ready.cast.clinic).exists()


def test_an_expired_licence_blocks_planning(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    yesterday = timezone.localdate() - timedelta(days=1)
    Licence.objects.for_clinic(ready.cast.clinic).update(expires_on=yesterday)
    with pytest.raises(LicenceExpired):
        draft(ready)


def test_removing_a_technique_and_lowering_pressure_need_no_reason(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    plan = draft(ready)
    kept = techniques_of(plan)[:1]
    kept[0]["max_pressure"] = "light"
    plan = services.update_draft(
        plan=plan, by=actor(ready.therapist), changes=read_changes({"techniques": kept})
    )
    assert [t["technique"] for t in plan.content["techniques"]] == [kept[0]["technique"]]
    assert plan.content["max_pressure"] == "light"
    assert plan.draft != plan.content
    assert not PlanOverride.objects.for_clinic(ready.cast.clinic).exists()


def add_deep_tissue(plan: TreatmentPlan, reason: str = "") -> dict:
    changes = {
        "techniques": [
            *techniques_of(plan),
            {
                "technique": "deep_tissue",
                "regions": [{"region": "shoulder", "side": "right"}],
                "max_pressure": "medium",
                "minutes": 10,
            },
        ],
        "reasons": {"deep_tissue": reason} if reason else {},
    }
    return changes


def test_adding_an_excluded_technique_needs_a_written_reason(ready: Ready) -> None:
    take_intake(ready, "p3_apixaban_shoulder")
    plan = draft(ready)
    with pytest.raises(ReasonRequired, match="Deep tissue massage"):
        services.update_draft(
            plan=plan, by=actor(ready.therapist), changes=read_changes(add_deep_tissue(plan))
        )
    plan.refresh_from_db()
    assert plan.content == plan.draft


def test_a_reasoned_override_is_recorded_and_audited(ready: Ready) -> None:
    take_intake(ready, "p3_apixaban_shoulder")
    plan = draft(ready)
    reason = "INR stable at 2.1 this week; physician agrees to brief medium-pressure work"
    plan = services.update_draft(
        plan=plan,
        by=actor(ready.therapist),
        changes=read_changes(add_deep_tissue(plan, reason)),
    )
    override = PlanOverride.objects.for_clinic(ready.cast.clinic).get(plan=plan)
    assert override.finding == "bleeding_risk.anticoagulant"
    assert override.reason == reason
    assert AuditEvent.objects.filter(action="plans.plan.override_recorded").count() == 1


def test_raising_pressure_above_the_cap_needs_a_reason(ready: Ready) -> None:
    take_intake(ready, "p3_apixaban_shoulder")
    plan = draft(ready)
    techniques = techniques_of(plan)
    techniques[0]["max_pressure"] = "firm"
    with pytest.raises(ReasonRequired, match="medium cap"):
        services.update_draft(
            plan=plan, by=actor(ready.therapist), changes=read_changes({"techniques": techniques})
        )


def test_a_red_flag_cannot_be_overridden_whatever_the_reason(ready: Ready) -> None:
    take_intake(ready, "p2_cauda_equina")
    plan = draft(ready)
    assert plan.content["techniques"] == []
    assert plan.content["referral"]["urgency"] == "emergency"
    changes = {
        "techniques": [
            {
                "technique": "swedish",
                "regions": [{"region": "lower_back", "side": "both"}],
                "max_pressure": "light",
                "minutes": 10,
            }
        ],
        "reasons": {"swedish": "Client insists"},
    }
    with pytest.raises(OverrideRefused, match="cannot be overridden"):
        services.update_draft(plan=plan, by=actor(ready.therapist), changes=read_changes(changes))


def test_a_missing_credential_cannot_be_overridden(ready: Ready) -> None:
    take_intake(ready, "p5_lymphoedema")
    plan = draft(ready)
    excluded = {(x["technique"], x["reason"]) for x in plan.content["excluded"]}
    assert ("lymphatic_drainage", "credential") in excluded
    changes = {
        "techniques": [
            {
                "technique": "lymphatic_drainage",
                "regions": [{"region": "upper_arm", "side": "left"}],
                "max_pressure": "light",
                "minutes": 20,
            }
        ],
        "reasons": {"lymphatic_drainage": "I trained years ago"},
    }
    with pytest.raises(OverrideRefused):
        services.update_draft(plan=plan, by=actor(ready.therapist), changes=read_changes(changes))


def test_approval_freezes_the_plan(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    plan = services.approve_plan(plan=draft(ready), by=actor(ready.therapist))
    assert plan.status == PlanStatus.APPROVED
    with pytest.raises(PlanNotEditable):
        services.update_draft(
            plan=plan, by=actor(ready.therapist), changes=read_changes({"weeks": 4})
        )
    with pytest.raises(PlanNotEditable):
        services.approve_plan(plan=plan, by=actor(ready.therapist))


def test_the_database_refuses_to_change_an_approved_plan(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    plan = services.approve_plan(plan=draft(ready), by=actor(ready.therapist))
    with pytest.raises(DatabaseError), transaction.atomic():
        TreatmentPlan.objects.for_clinic(ready.cast.clinic).filter(pk=plan.pk).update(
            content={"techniques": []}
        )
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM plans_treatmentplan WHERE id = %s", [plan.pk])
    plan.refresh_from_db()
    assert plan.content == plan.draft


def test_a_revision_is_a_new_version_and_supersedes_on_approval(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    first = services.approve_plan(plan=draft(ready), by=actor(ready.therapist))
    take_intake(ready, "p3_apixaban_shoulder")
    second = services.revise_plan(plan=first, by=actor(ready.therapist))
    assert second.version == 2
    assert second.previous_id == first.pk
    assert second.decision == "modify"
    services.approve_plan(plan=second, by=actor(ready.therapist))
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    assert first.content == first.draft


def test_every_step_is_audited(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    plan = draft(ready)
    services.update_draft(plan=plan, by=actor(ready.therapist), changes=read_changes({"weeks": 4}))
    services.approve_plan(plan=plan, by=actor(ready.therapist))
    actions = set(
        AuditEvent.objects.filter(subject_type="plans.treatmentplan").values_list(
            "action", flat=True
        )
    )
    assert {"plans.plan.drafted", "plans.plan.edited", "plans.plan.approved"} <= actions


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weeks": 0}, "weeks"),
        ({"sessions_per_week": "often"}, "sessions_per_week"),
        ({"measures": ["vas"]}, "measures[0]"),
        ({"goals": []}, "goals"),
        (
            {
                "techniques": [
                    {
                        "technique": "shiatsu",
                        "regions": [{"region": "neck"}],
                        "max_pressure": "light",
                        "minutes": 5,
                    }
                ]
            },
            "techniques[0].technique",
        ),
        (
            {
                "techniques": [
                    {
                        "technique": "swedish",
                        "regions": [{"region": "nek"}],
                        "max_pressure": "light",
                        "minutes": 5,
                    }
                ]
            },
            "techniques[0].regions[0].region",
        ),
        (
            {
                "techniques": [
                    {
                        "technique": "swedish",
                        "regions": [{"region": "neck"}],
                        "max_pressure": "hard",
                        "minutes": 5,
                    }
                ]
            },
            "techniques[0].max_pressure",
        ),
        (
            {
                "techniques": [
                    {
                        "technique": "swedish",
                        "regions": [{"region": "neck"}],
                        "max_pressure": "light",
                        "minutes": 500,
                    }
                ]
            },
            "techniques[0].minutes",
        ),
    ],
)
def test_bad_changes_name_the_field(changes: dict, field: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        read_changes(changes)
    assert field in caught.value.message_dict
