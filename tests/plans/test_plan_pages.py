"""The plan pages: draft, see rationale and evidence, edit with a reason, approve, revise."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medmassage.audit.models import AuditEvent
from medmassage.plans.models import PlanOverride, PlanStatus, TreatmentPlan
from tests.builders import Ready, take_intake
from tests.cast import logged_in


def drafted(ready: Ready, vignette: str) -> tuple[object, TreatmentPlan]:
    take_intake(ready, vignette)
    browser = logged_in(ready.cast.therapist)
    response = browser.post(reverse("plans:draft", args=[ready.client.pk]))
    assert response.status_code == 302
    plan = TreatmentPlan.objects.for_clinic(ready.cast.clinic).get()
    return browser, plan


def test_the_draft_shows_techniques_with_rationale_and_evidence(ready: Ready) -> None:
    browser, plan = drafted(ready, "p3_apixaban_shoulder")
    page = browser.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Proceed with changes" in page
    assert "certainty:</strong>" in page
    assert 'data-excluded="deep_tissue"' in page
    assert "bleeding_risk.anticoagulant" in page
    assert AuditEvent.objects.filter(action="plans.plan.viewed").exists()


def form_for(plan: TreatmentPlan, **extra: str) -> dict[str, str]:
    data = {
        "goals": "\n".join(plan.content["goals"]),
        "sessions_per_week": str(plan.content["sessions_per_week"]),
        "weeks": str(plan.content["weeks"]),
        "reassess_after_sessions": str(plan.content["reassess_after_sessions"]),
        "measures": plan.content["measures"],
        "home_care": [item["id"] for item in plan.content["home_care"]],
    }
    for index, technique in enumerate(plan.content["techniques"]):
        data[f"keep_{index}"] = "1"
        data[f"pressure_{index}"] = technique["max_pressure"]
        data[f"minutes_{index}"] = str(technique["minutes"])
    data.update(extra)
    return data


def test_adding_an_excluded_technique_without_a_reason_is_refused_clearly(ready: Ready) -> None:
    browser, plan = drafted(ready, "p3_apixaban_shoulder")
    form = form_for(
        plan,
        add_technique="deep_tissue",
        add_region="shoulder",
        add_side="right",
        add_pressure="medium",
        add_minutes="10",
    )
    response = browser.post(reverse("plans:edit", args=[plan.pk]), form)
    assert response.status_code == 422
    assert "a written reason is needed" in response.content.decode()
    plan.refresh_from_db()
    assert plan.content == plan.draft


def test_with_a_reason_the_override_is_saved_and_listed(ready: Ready) -> None:
    browser, plan = drafted(ready, "p3_apixaban_shoulder")
    form = form_for(
        plan,
        add_technique="deep_tissue",
        add_region="shoulder",
        add_side="right",
        add_pressure="medium",
        add_minutes="10",
        add_reason="Cleared by cardiologist for brief medium work",
    )
    response = browser.post(reverse("plans:edit", args=[plan.pk]), form, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changes against the draft" in page
    assert "Cleared by cardiologist" in page
    assert PlanOverride.objects.for_clinic(ready.cast.clinic).count() == 1


def test_approve_then_the_page_is_read_only_and_offers_a_revision(ready: Ready) -> None:
    browser, plan = drafted(ready, "p1_neck_desk")
    browser.post(reverse("plans:approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    page = browser.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'id="plan-save"' not in page
    assert 'id="plan-revise"' in page
    response = browser.post(reverse("plans:revise", args=[plan.pk]))
    revision = TreatmentPlan.objects.for_clinic(ready.cast.clinic).get(version=2)
    assert response["Location"] == reverse("plans:detail", args=[revision.pk])


def test_a_red_flag_plan_shows_the_referral_as_an_alert(ready: Ready) -> None:
    browser, plan = drafted(ready, "p2_cauda_equina")
    page = browser.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'role="alert"' in page
    assert "Stop: emergency referral" in page
    assert 'id="plan-referral"' in page
    assert 'id="add-technique"' not in page


def test_drafting_without_an_intake_says_what_to_do(ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)
    response = browser.post(reverse("plans:draft", args=[ready.client.pk]), follow=True)
    assert "Record an intake before drafting a plan." in response.content.decode()


def test_the_outsider_gets_404_on_every_plan_page(ready: Ready) -> None:
    _browser, plan = drafted(ready, "p1_neck_desk")
    outsider = logged_in(ready.cast.outsider)
    for name, args, method in [
        ("plans:list", [ready.client.pk], "get"),
        ("plans:draft", [ready.client.pk], "post"),
        ("plans:detail", [plan.pk], "get"),
        ("plans:edit", [plan.pk], "post"),
        ("plans:approve", [plan.pk], "post"),
        ("plans:revise", [plan.pk], "post"),
    ]:
        response = getattr(outsider, method)(reverse(name, args=args))
        assert response.status_code == 404, name
        assert b"Lovelace" not in response.content
        assert b"cervicalgia" not in response.content.lower()


@pytest.mark.parametrize("url_name", ["plans:list", "plans:draft"])
def test_front_desk_gets_nothing_clinical(ready: Ready, url_name: str) -> None:
    browser = logged_in(ready.cast.front_desk)
    method = browser.get if url_name == "plans:list" else browser.post
    assert method(reverse(url_name, args=[ready.client.pk])).status_code == 403


def test_owner_may_read_but_not_draft(ready: Ready) -> None:
    _browser, plan = drafted(ready, "p1_neck_desk")
    owner = logged_in(ready.cast.owner)
    assert owner.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    # An owner may approve (the treating therapist or an owner), but only as a licensed
    # practitioner of the clinic: this owner has no practitioner profile, so it is refused.
    refused = owner.post(reverse("plans:approve", args=[plan.pk]), follow=True)
    assert "no practitioner profile" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_start_a_visit_on_an_approved_plan_opens_the_check_in(ready: Ready) -> None:
    """Issue 11: the button was a GET on a POST-only address (405); it opens the check-in."""
    import re

    from tests.builders import approve

    plan = approve(ready)
    browser = logged_in(ready.cast.therapist)
    page = browser.get(f"/plans/{plan.pk}/").content.decode()
    found = re.search(r'<a href="([^"]+)" role="button" id="plan-start-visit">', page)
    assert found is not None
    response = browser.get(found.group(1).split("#")[0])
    assert response.status_code == 200
    assert 'id="check-in-form"' in response.content.decode()
