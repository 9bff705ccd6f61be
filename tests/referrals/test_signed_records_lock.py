"""Signed letters, signed reports and recorded clearances cannot change by any path: the
database refuses raw SQL and the ORM alike (SQLite and PostgreSQL), while drafts stay editable
and the tracking steps (sent, answered) still move forward."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from medmassage.careteam.models import Clearance
from medmassage.referrals import reports, services
from medmassage.referrals.models import ProgressReport, Referral
from tests.builders import Ready, actor, todays_vignette
from tests.referrals.loop import answer, rivera

LETTER_CHANGES = [
    "UPDATE referrals_referral SET question = 'rewritten' WHERE id = %s",
    "UPDATE referrals_referral SET client_told = '' WHERE id = %s",
    "UPDATE referrals_referral SET urgency = 'routine' WHERE id = %s",
    "UPDATE referrals_referral SET findings = '[]' WHERE id = %s",
    "UPDATE referrals_referral SET document_sha256 = 'x' WHERE id = %s",
    "UPDATE referrals_referral SET signed_at = NULL WHERE id = %s",
    "UPDATE referrals_referral SET status = 'drafted' WHERE id = %s",
    # Tracking moves only with its step.
    "UPDATE referrals_referral SET sent_via = 'post' WHERE id = %s",
    "DELETE FROM referrals_referral WHERE id = %s",
]
REPORT_CHANGES = [
    "UPDATE referrals_progressreport SET summary = 'rewritten' WHERE id = %s",
    "UPDATE referrals_progressreport SET recommendation = 'discharge' WHERE id = %s",
    "UPDATE referrals_progressreport SET facts = '{}' WHERE id = %s",
    "UPDATE referrals_progressreport SET recipient = 'someone else' WHERE id = %s",
    "UPDATE referrals_progressreport SET status = 'drafted' WHERE id = %s",
    "UPDATE referrals_progressreport SET status = 'answered' WHERE id = %s",
    "UPDATE referrals_progressreport SET answered_at = signed_at WHERE id = %s",
    "DELETE FROM referrals_progressreport WHERE id = %s",
]
CLEARANCE_CHANGES = [
    "UPDATE careteam_clearance SET max_pressure = 'deep' WHERE id = %s",
    "UPDATE careteam_clearance SET valid_until = NULL WHERE id = %s",
    "UPDATE careteam_clearance SET outcome = 'cleared' WHERE id = %s",
    "UPDATE careteam_clearance SET document_name = 'other.pdf' WHERE id = %s",
    "DELETE FROM careteam_clearance WHERE id = %s",
]


def refused(sql: str, params: list[object]) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def drafted_letter(ready: Ready) -> Referral:
    from medmassage.intake.services import record_intake

    document = todays_vignette("p1_neck_desk")
    document["red_flags"] = {"dvt_signs": True}
    by = actor(ready.therapist)
    record_intake(client=ready.client, by=by, document=document)
    return services.draft_referral(client=ready.client, by=by, provider=rivera(ready))


@pytest.fixture
def signed_letter(ready: Ready) -> Referral:
    return services.sign_referral(referral=drafted_letter(ready), by=actor(ready.therapist))


@pytest.fixture
def signed_report(ready: Ready) -> ProgressReport:
    by = actor(ready.therapist)
    report = reports.draft_report(client=ready.client, by=by, recipient="Harbour Insurance")
    return reports.sign_report(report=report, by=by)


def test_raw_sql_cannot_change_a_signed_letter(signed_letter: Referral) -> None:
    # One signed letter for every statement (drawing the PDF is what costs).
    allowed = [sql for sql in LETTER_CHANGES if not refused(sql, [signed_letter.pk])]
    assert allowed == [], connection.vendor
    kept = Referral.objects.for_clinic(signed_letter.clinic_id).get(pk=signed_letter.pk)
    assert kept.status == "signed"
    assert kept.question == signed_letter.question


def test_raw_sql_cannot_change_a_signed_report(signed_report: ProgressReport) -> None:
    allowed = [sql for sql in REPORT_CHANGES if not refused(sql, [signed_report.pk])]
    assert allowed == [], connection.vendor
    kept = ProgressReport.objects.for_clinic(signed_report.clinic_id).get(pk=signed_report.pk)
    assert kept.status == "signed"
    assert kept.summary == signed_report.summary


def test_raw_sql_cannot_change_a_recorded_clearance(ready: Ready) -> None:
    clearance = answer(ready)
    allowed = [sql for sql in CLEARANCE_CHANGES if not refused(sql, [clearance.pk])]
    assert allowed == [], connection.vendor
    kept = Clearance.objects.for_clinic(clearance.clinic_id).get(pk=clearance.pk)
    assert kept.max_pressure == "light"


def test_the_orm_cannot_change_them_either(
    ready: Ready, signed_letter: Referral, signed_report: ProgressReport
) -> None:
    signed_letter.question = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        signed_letter.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressReport.objects.for_clinic(ready.client.clinic_id).filter(
            pk=signed_report.pk
        ).update(summary="rewritten")
    clearance = answer(ready)
    with pytest.raises(DatabaseError), transaction.atomic():
        Clearance.objects.for_clinic(ready.client.clinic_id).filter(pk=clearance.pk).update(
            notes="rewritten"
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        clearance.delete()


def test_the_tracking_still_moves_forward(
    ready: Ready, signed_letter: Referral, signed_report: ProgressReport
) -> None:
    by = actor(ready.therapist)
    sent = services.send_referral(referral=signed_letter, by=by, via="fax")
    assert sent.status == "sent"
    answer(ready, sent)
    sent.refresh_from_db()
    assert sent.status == "answered"
    # Answered is the end: nothing moves after it.
    assert refused("UPDATE referrals_referral SET status = 'sent' WHERE id = %s", [sent.pk])
    report = reports.send_report(report=signed_report, by=by, via="secure_email")
    report = reports.acknowledge_report(report=report, by=by)
    assert report.status == "answered"
    assert refused(
        "UPDATE referrals_progressreport SET sent_via = 'post' WHERE id = %s", [report.pk]
    )


def test_drafts_stay_editable_and_removable(ready: Ready) -> None:
    letter = drafted_letter(ready)
    by = actor(ready.therapist)
    report = reports.draft_report(client=ready.client, by=by, recipient="Harbour Insurance")
    assert not refused("UPDATE referrals_referral SET question = 'ok' WHERE id = %s", [letter.pk])
    assert not refused(
        "UPDATE referrals_progressreport SET summary = 'ok' WHERE id = %s", [report.pk]
    )
    assert not refused("DELETE FROM referrals_progressreport WHERE id = %s", [report.pk])
    assert not refused("DELETE FROM referrals_referral WHERE id = %s", [letter.pk])


def test_a_referral_in_is_not_a_signed_letter(ready: Ready) -> None:
    """Recorded referrals in are outside this lock (nothing signs them)."""
    incoming = services.record_referral_in(
        client=ready.client,
        by=actor(ready.therapist),
        provider=rivera(ready),
        fields={"diagnoses": ["M54.50"], "visits_authorised": 6},
    )
    assert not refused(
        "UPDATE referrals_referral SET status = 'closed', expires_on = %s WHERE id = %s",
        [timezone.localdate(), incoming.pk],
    )
