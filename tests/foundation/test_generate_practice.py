"""generate_practice: every row valid and in its clinic, the audit chain intact (issue 15)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from medmassage.audit.seals import verify_all_seals
from medmassage.audit.verification import verify_chains
from medmassage.charts.models import ChartStamp
from medmassage.clients.models import Client, ClientNameWord, Consent
from medmassage.demo.practice import PracticeSize, generate_practice
from medmassage.outcomes.models import Measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.reports.models import CourseSummary
from medmassage.tenancy import unscoped
from medmassage.visits.models import TreatmentGiven, Visit, VisitStatus


@pytest.mark.django_db
def test_a_generated_practice_is_consistent_and_its_audit_trail_verifies() -> None:
    size = PracticeSize(clinics=2, clients=20, visits=120, therapists=2, draft_share=0.5)
    result = generate_practice(size)
    with unscoped():
        generated = Client.objects.filter(clinic_id__in=result.clinics)
        # The generated clients, and each clinic's model client recorded through the services.
        assert generated.count() == 20 + 2
        assert Visit.objects.filter(clinic_id__in=result.clinics).count() == 120 + 2
        # Every row is in its client's clinic, and points at rows of the same clinic.
        assert not Visit.objects.exclude(clinic_id=F("client__clinic_id")).exists()
        assert not Visit.objects.exclude(clinic_id=F("plan__clinic_id")).exists()
        assert not Visit.objects.exclude(clinic_id=F("therapist__clinic_id")).exists()
        assert not TreatmentGiven.objects.exclude(clinic_id=F("visit__clinic_id")).exists()
        assert not Consent.objects.exclude(clinic_id=F("client__clinic_id")).exists()
        assert not TreatmentPlan.objects.exclude(clinic_id=F("intake__clinic_id")).exists()
        assert not Measurement.objects.exclude(clinic_id=F("client__clinic_id")).exists()
        # Signed visits have their pain score and treatment; drafts are left open.
        signed = Visit.objects.filter(status=VisitStatus.SIGNED)
        assert not signed.filter(pain_measurement__isnull=True).exists()
        assert Visit.objects.filter(status=VisitStatus.DRAFT, signed_at__isnull=True).exists()
        rows = TreatmentGiven.objects.filter(clinic_id__in=result.clinics).count()
        assert rows >= 120 * size.treatments_per_visit
        # Search keys are filled as a save would fill them.
        sample = generated.exclude(given_name="Model").first()
        assert sample is not None
        keys = (sample.given_key, sample.family_key, sample.phone_key)
        sample.fill_search_keys()
        assert keys == (sample.given_key, sample.family_key, sample.phone_key)
        # Every client is found by name (the words search reads), and every chart has a stamp
        # drawn anew by its changes (the generator's inserts like any other).
        for client in generated:
            words = ClientNameWord.objects.filter(client=client).values_list("word", flat=True)
            assert set(words) == client.name_words, client.full_name
            assert ChartStamp.objects.filter(client_id=client.pk).exclude(stamp=0).exists()
        # Every client's course is summarised as a change to the record summarises it, so the
        # outcomes report and the dashboard's re-assessments due read real figures.
        summaries = CourseSummary.objects.filter(clinic_id__in=result.clinics)
        assert summaries.count() == generated.count()
        for summary in summaries.filter(visits__gt=0)[:5]:
            assert summary.visits == signed_visits(summary.client_id)
        due = summaries.filter(reassessment_due_since__isnull=False)
        assert due.exists()
        assert not due.filter(sessions_since_approval__lt=F("reassess_after")).exists()
    report = verify_chains()
    assert report.ok, report.first_break
    assert report.events_checked >= 120 * 3
    # Every approved plan and signed note is sealed, as approving and signing seal them.
    checked, broken = verify_all_seals()
    assert broken == []
    assert checked >= 22 + signed.count()


@pytest.mark.django_db
def test_the_command_prints_what_it_made() -> None:
    out = StringIO()
    call_command("generate_practice", clinics=1, clients=3, visits=5, quiet=True, stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["generated"]["visits.visit"] == 5
    assert printed["generated"]["clients.client"] == 3


def signed_visits(client_id: int) -> int:
    return Visit.objects.filter(client_id=client_id, status=VisitStatus.SIGNED).count()
