"""Signed notes, addenda, approved plans, discharge summaries, referral letters and progress
reports are sealed with a keyed digest when they become final. Changed in the database
afterwards (the review's second attack), they show a loud warning on the page and in the API,
write an audit event, and fail verify; a signed letter's or report's PDF changed on disk is
withheld from download and from FHIR."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.urls import reverse
from django.utils.text import capfirst

from medmassage.audit.models import Seal
from medmassage.careteam.documents import path_of
from medmassage.discharges.services import close_plan
from medmassage.plans.models import TreatmentPlan
from medmassage.referrals import reports
from medmassage.referrals.services import sign_referral
from medmassage.visits import services
from tests.builders import Ready, actor, events, signed_visit
from tests.cast import logged_in
from tests.integrity.tampering import execute, without_triggers
from tests.referrals.test_signed_records_lock import drafted_letter

WARNING = "does not match its seal"


@dataclass(frozen=True)
class Target:
    """A sealed record, how to change it in the database, and where it is read."""

    record: Model
    table: str
    change: str | Callable[[Model], None]  # SQL with one %s for the record's id, or a change
    page: str
    api: str | None  # None: no API answer shows this record's integrity


def _note(ready: Ready, plan: TreatmentPlan) -> Target:
    visit = signed_visit(ready)
    return Target(
        visit,
        "visits_visit",
        "UPDATE visits_visit SET assessment = 'Tampered' WHERE id = %s",
        reverse("visits:detail", args=[visit.pk]),
        f"/api/v1/visits/{visit.pk}",
    )


def _note_treatment(ready: Ready, plan: TreatmentPlan) -> Target:
    visit = signed_visit(ready)
    return Target(
        visit,
        "visits_treatmentgiven",
        "UPDATE visits_treatmentgiven SET pressure = 'deep' WHERE visit_id = %s",
        reverse("visits:detail", args=[visit.pk]),
        f"/api/v1/visits/{visit.pk}",
    )


def _addendum(ready: Ready, plan: TreatmentPlan) -> Target:
    visit = signed_visit(ready)
    addendum = services.add_addendum(
        visit=visit, by=actor(ready.therapist), reason="Late entry", text="Client called."
    )
    return Target(
        addendum,
        "visits_addendum",
        "UPDATE visits_addendum SET text = 'Nothing happened.' WHERE id = %s",
        reverse("visits:detail", args=[visit.pk]),
        f"/api/v1/visits/{visit.pk}",
    )


def _weaken_plan(record: Model) -> None:
    """A session count changed in the database, the rest as it was."""
    stored = TreatmentPlan.unscoped_objects.get(pk=record.pk)
    content = {**stored.content, "weeks": int(stored.content.get("weeks") or 0) + 8}
    TreatmentPlan.unscoped_objects.filter(pk=record.pk).update(content=content)


def _plan(ready: Ready, plan: TreatmentPlan) -> Target:
    return Target(
        plan,
        "plans_treatmentplan",
        _weaken_plan,
        reverse("plans:detail", args=[plan.pk]),
        f"/api/v1/plans/{plan.pk}",
    )


def _discharge(ready: Ready, plan: TreatmentPlan) -> Target:
    signed_visit(ready)
    summary = close_plan(plan=plan, by=actor(ready.therapist), reason="goals_met", note="Done.")
    return Target(
        summary,
        "homecare_dischargesummary",
        "UPDATE homecare_dischargesummary SET note = 'Client discharged against advice.' "
        "WHERE id = %s",
        reverse("discharges:summary", args=[plan.pk]),
        f"/api/v1/plans/{plan.pk}/discharge",
    )


def _letter(ready: Ready, plan: TreatmentPlan) -> Target:
    letter = sign_referral(referral=drafted_letter(ready), by=actor(ready.therapist))
    return Target(
        letter,
        "referrals_referral",
        "UPDATE referrals_referral SET client_told = 'Nothing to do.' WHERE id = %s",
        reverse("referrals:detail", args=[letter.pk]),
        f"/api/v1/referrals/{letter.pk}",
    )


def _report(ready: Ready, plan: TreatmentPlan) -> Target:
    by = actor(ready.therapist)
    report = reports.draft_report(client=ready.client, by=by, recipient="Harbour Insurance")
    report = reports.sign_report(report=report, by=by)
    return Target(
        report,
        "referrals_progressreport",
        "UPDATE referrals_progressreport SET recommendation = 'discharge' WHERE id = %s",
        reverse("referrals:report", args=[report.pk]),
        None,
    )


MAKERS: dict[str, Callable[[Ready, TreatmentPlan], Target]] = {
    "signed note": _note,
    "signed note's treatment row": _note_treatment,
    "addendum": _addendum,
    "approved plan": _plan,
    "discharge summary": _discharge,
    "referral letter": _letter,
    "progress report": _report,
}


def verify_failure() -> str:
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit", stdout=StringIO())
    return str(caught.value)


@pytest.mark.parametrize("kind", list(MAKERS))
def test_an_untouched_record_reads_clean(ready: Ready, plan: TreatmentPlan, kind: str) -> None:
    target = MAKERS[kind](ready, plan)
    browser = logged_in(ready.cast.owner)

    assert WARNING not in browser.get(target.page).content.decode()
    if target.api is not None:
        answer = browser.get(target.api)
        assert json.loads(answer.content)["integrity"] == {"ok": True, "problems": []}
        assert "X-MedMassage-Integrity" not in answer
    assert not events("integrity.seal.broken")
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "sealed records match their seals" in out.getvalue()


@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_record_changed_in_the_database_is_caught_on_every_read(
    ready: Ready, plan: TreatmentPlan, kind: str
) -> None:
    target = MAKERS[kind](ready, plan)
    assert Seal.objects.filter(subject_id=str(target.record.pk)).exists()
    without_triggers(target.table)
    if callable(target.change):
        target.change(target.record)
    else:
        execute(target.change, [target.record.pk])
    browser = logged_in(ready.cast.owner)

    page = browser.get(target.page)

    assert page.status_code == 200
    assert WARNING in page.content.decode()
    # The record named in words on the page, its program name kept for the API.
    shown = f"{capfirst(target.record._meta.verbose_name)} {target.record.pk}: its content"
    assert shown in page.content.decode()
    assert target.record._meta.label_lower not in page.content.decode()
    reads = 1
    if target.api is not None:
        answer = browser.get(target.api)
        assert answer.status_code == 200
        body = json.loads(answer.content)
        assert body["integrity"]["ok"] is False
        assert "no longer matches its seal" in body["integrity"]["problems"][0]
        assert answer["X-MedMassage-Integrity"] == "mismatch"
        reads += 1
    broken = events("integrity.seal.broken")
    assert len(broken) == reads  # the page's read and the API's
    assert broken[0].subject_id == str(target.record.pk)
    assert broken[0].details["severity"] == "high"
    assert broken[0].actor_id == ready.cast.owner.pk
    assert "sealed records fail" in verify_failure()


def test_a_removed_seal_is_caught(ready: Ready, plan: TreatmentPlan) -> None:
    visit = signed_visit(ready)
    without_triggers("audit_seal")
    execute("DELETE FROM audit_seal WHERE subject_id = %s", [str(visit.pk)])

    page = logged_in(ready.cast.owner).get(reverse("visits:detail", args=[visit.pk]))

    assert WARNING in page.content.decode()
    assert "it has no seal" in page.content.decode()
    assert "it has no seal" in verify_failure()


def test_seals_cannot_be_changed_or_removed(ready: Ready, plan: TreatmentPlan) -> None:
    from django.db import DatabaseError, transaction

    seal = Seal.objects.get(subject_type="plans.treatmentplan", subject_id=str(plan.pk))
    for statement in (
        "UPDATE audit_seal SET digest = 'forged' WHERE id = %s",
        "DELETE FROM audit_seal WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            execute(statement, [seal.pk])


@pytest.mark.parametrize("kind", ["referral letter", "progress report"])
def test_a_signed_pdf_changed_on_disk_is_withheld(
    ready: Ready, plan: TreatmentPlan, kind: str
) -> None:
    target = MAKERS[kind](ready, plan)
    record = target.record
    stored = path_of(record.clinic_id, record.document_name)  # type: ignore[attr-defined]
    stored.write_bytes(stored.read_bytes().replace(b"%%EOF", b"% rewritten\n%%EOF"))
    browser = logged_in(ready.cast.owner)
    download = reverse(
        "referrals:letter" if kind == "referral letter" else "referrals:report-pdf",
        args=[record.pk],
    )
    prefix = "letter" if kind == "referral letter" else "report"

    page = browser.get(download)
    fhir = browser.get(f"/fhir/R4/Binary/{prefix}-{record.pk}")

    assert page.status_code == 409
    assert "This document is withheld" in page.content.decode()
    assert "its PDF is not the one signed" in page.content.decode()
    assert b"%PDF" not in page.content
    assert fhir.status_code == 409
    assert "withheld" in fhir.content.decode()
    broken = events("integrity.seal.broken")
    assert len(broken) == 2
    assert {event.details["problem"] for event in broken} == {
        "its PDF is not the one signed: the file was changed"
    }
