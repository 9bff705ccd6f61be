"""Closing a plan writes a discharge summary with first and last measures; page and PDF."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from pypdf import PdfReader

from medmassage.audit.models import AuditEvent
from medmassage.discharges.errors import PlanNotClosable
from medmassage.discharges.models import DischargeSummary
from medmassage.discharges.services import close_plan
from medmassage.outcomes.services import record_measurement
from medmassage.plans.models import PlanStatus, TreatmentPlan
from tests.builders import Ready, actor
from tests.cast import logged_in


def nprs(ready: Ready, rating: int, context: str) -> None:
    record_measurement(
        client=ready.client,
        by=actor(ready.therapist),
        instrument="nprs",
        answers=[rating],
        context=context,
    )


@pytest.fixture
def treated(ready: Ready, plan: TreatmentPlan) -> TreatmentPlan:
    for rating, context in ((7, "baseline"), (5, "visit"), (2, "visit")):
        nprs(ready, rating, context)
    return plan


def test_closing_writes_the_summary_with_first_and_last(
    ready: Ready, treated: TreatmentPlan
) -> None:
    summary = close_plan(
        plan=treated, by=actor(ready.therapist), reason="goals_met", note="Pain-free at work"
    )

    treated.refresh_from_db()
    assert treated.status == PlanStatus.CLOSED
    (pain,) = summary.measures
    assert (pain["instrument"], pain["first"]["display"], pain["last"]["display"]) == (
        "nprs",
        "7",
        "2",
    )
    assert (pain["change"], pain["direction"]) == ("-5", "improved")
    assert summary.reason == "goals_met"
    assert summary.note == "Pain-free at work"
    event = AuditEvent.objects.get(action="plans.plan.closed")
    assert event.details["reason"] == "goals_met"


def test_a_closed_plan_cannot_be_closed_again(ready: Ready, treated: TreatmentPlan) -> None:
    close_plan(plan=treated, by=actor(ready.therapist), reason="plateau")

    with pytest.raises(PlanNotClosable):
        close_plan(plan=treated, by=actor(ready.therapist), reason="plateau")
    assert DischargeSummary.objects.for_clinic(ready.cast.clinic).count() == 1


def test_an_unknown_reason_is_refused_and_nothing_changes(
    ready: Ready, treated: TreatmentPlan
) -> None:
    with pytest.raises(ValidationError) as raised:
        close_plan(plan=treated, by=actor(ready.therapist), reason="bored")

    assert "reason" in raised.value.message_dict
    treated.refresh_from_db()
    assert treated.status == PlanStatus.APPROVED


def test_the_database_still_refuses_to_reopen_a_closed_plan(
    ready: Ready, treated: TreatmentPlan
) -> None:
    close_plan(plan=treated, by=actor(ready.therapist), reason="client_choice")

    with pytest.raises(DatabaseError), transaction.atomic():
        TreatmentPlan.unscoped_objects.filter(pk=treated.pk).update(status=PlanStatus.APPROVED)


def test_the_close_page_closes_and_shows_the_summary_and_pdf(
    ready: Ready, treated: TreatmentPlan
) -> None:
    browser = logged_in(ready.cast.therapist)
    response = browser.post(
        reverse("discharges:close", args=[treated.pk]), {"reason": "referral", "note": "To GP"}
    )
    assert response.status_code == 302

    page = browser.get(response["Location"]).content.decode()
    pdf = browser.get(reverse("discharges:summary-pdf", args=[treated.pk]))

    assert "Referred on" in page
    assert "To GP" in page
    assert AuditEvent.objects.filter(action="plans.discharge.viewed").count() == 1
    assert AuditEvent.objects.filter(action="plans.discharge.printed").count() == 1
    assert "<svg" in page
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in (
        "Discharge summary",
        "Harbour Clinic",
        "Ada Lovelace",
        "Referred on",
        "Numeric Pain Rating Scale",
        "7/10 (",  # first score, with its scale
        "2/10 (",  # last score
        "clinically important change",  # from the SVG graph drawn into the PDF
    ):
        assert expected in text, expected


def test_a_bad_reason_on_the_page_is_422(ready: Ready, treated: TreatmentPlan) -> None:
    response = logged_in(ready.cast.therapist).post(
        reverse("discharges:close", args=[treated.pk]), {"reason": ""}
    )

    assert response.status_code == 422
    assert b"reason must be one of" in response.content


def test_only_the_therapist_closes_and_outsiders_see_nothing(
    ready: Ready, treated: TreatmentPlan
) -> None:
    close = reverse("discharges:close", args=[treated.pk])
    assert logged_in(ready.cast.owner).post(close, {"reason": "plateau"}).status_code == 403
    assert logged_in(ready.cast.front_desk).get(close).status_code == 403
    close_plan(plan=treated, by=actor(ready.therapist), reason="plateau")
    for name in ("discharges:summary", "discharges:summary-pdf"):
        path = reverse(name, args=[treated.pk])
        assert logged_in(ready.cast.owner).get(path).status_code == 200
        assert logged_in(ready.cast.front_desk).get(path).status_code == 403
        assert logged_in(ready.cast.outsider).get(path).status_code == 404


def test_the_database_refuses_to_change_a_summary(ready: Ready, treated: TreatmentPlan) -> None:
    summary = close_plan(plan=treated, by=actor(ready.therapist), reason="plateau")
    rows = DischargeSummary.unscoped_objects.filter(pk=summary.pk)

    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(reason="goals_met")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()


def test_the_api_closes_and_returns_the_summary(ready: Ready, treated: TreatmentPlan) -> None:
    browser = logged_in(ready.cast.therapist)
    summary = f"/api/v1/plans/{treated.pk}/discharge"
    assert browser.get(summary).status_code == 409

    closed = browser.post(
        f"/api/v1/plans/{treated.pk}/close",
        data=json.dumps({"reason": "goals_met"}),
        content_type="application/json",
    )

    assert closed.status_code == 201
    body = browser.get(summary).json()
    assert body == closed.json()
    (pain,) = body["measures"]
    assert (pain["first"]["score"], pain["last"]["display"], pain["direction"]) == (
        "7.000000",
        "2",
        "improved",
    )
    again = browser.post(
        f"/api/v1/plans/{treated.pk}/close",
        data=json.dumps({"reason": "goals_met"}),
        content_type="application/json",
    )
    assert again.status_code == 409


def test_the_api_refuses_unknown_reasons_and_other_clinics(
    ready: Ready, treated: TreatmentPlan
) -> None:
    path = f"/api/v1/plans/{treated.pk}/close"
    body = json.dumps({"reason": "bored"})

    bad = logged_in(ready.cast.therapist).post(path, data=body, content_type="application/json")
    outsider = logged_in(ready.cast.outsider).post(
        path, data=json.dumps({"reason": "plateau"}), content_type="application/json"
    )

    assert bad.status_code == 422
    assert outsider.status_code == 404
    assert (
        logged_in(ready.cast.outsider).get(f"/api/v1/plans/{treated.pk}/discharge").status_code
        == 404
    )
