"""The loop through the pages and the API: a letter signed and downloaded, the clearance
uploaded through the page (and refused when it only claims to be a PDF), a report sent."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from medmassage.careteam.models import Clearance
from medmassage.intake.services import record_intake
from medmassage.referrals.models import ProgressReport, Referral
from tests.builders import Ready, actor, events, todays_vignette
from tests.careteam.documents import PDF
from tests.cast import logged_in
from tests.referrals.loop import rivera


def red_flag_intake(ready: Ready) -> None:
    document = todays_vignette("p1_neck_desk")
    document["red_flags"] = {"dvt_signs": True}
    record_intake(client=ready.client, by=actor(ready.therapist), document=document)


def test_the_loop_through_the_pages(ready: Ready) -> None:
    physician = rivera(ready)
    red_flag_intake(ready)
    browser = logged_in(ready.cast.therapist)
    client = ready.client.pk

    response = browser.post(reverse("referrals:draft", args=[client]), {"provider": physician.pk})
    referral = Referral.objects.for_clinic(ready.client.clinic_id).get()
    page = browser.get(response["Location"]).content.decode()
    assert "the client was told today" in page
    browser.post(reverse("referrals:sign", args=[referral.pk]))
    letter = browser.get(reverse("referrals:letter", args=[referral.pk]))
    assert letter["Content-Type"] == "application/pdf"
    assert letter["Content-Disposition"].startswith("attachment;")
    assert letter["X-Content-Type-Options"] == "nosniff"
    assert letter.content.startswith(b"%PDF")
    assert events("referrals.letter.viewed")
    browser.post(reverse("referrals:send", args=[referral.pk]), {"via": "fax"})

    fake = SimpleUploadedFile("clearance.pdf", b"<html>not a pdf", "application/pdf")
    form = {
        "referral": referral.pk,
        "outcome": "cleared_with_limits",
        "issued_on": timezone.localdate().isoformat(),
        "max_pressure": "light",
        "avoid_regions": ["lower_leg"],
        "notes": "typed before the refusal",
    }
    refused = browser.post(
        reverse("referrals:clearance-new", args=[client]), {**form, "document": fake}
    )
    assert refused.status_code == 422
    assert "typed before the refusal" in refused.content.decode()
    assert not Clearance.objects.for_clinic(ready.client.clinic_id).exists()
    real = SimpleUploadedFile("clearance.pdf", PDF, "application/pdf")
    browser.post(reverse("referrals:clearance-new", args=[client]), {**form, "document": real})
    clearance = Clearance.objects.for_clinic(ready.client.clinic_id).get()
    referral.refresh_from_db()
    assert referral.status == "answered"
    download = browser.get(reverse("referrals:clearance-document", args=[clearance.pk]))
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download.content == PDF
    assert events("careteam.clearance_document.viewed")

    browser.post(reverse("referrals:report-new", args=[client]), {"provider": physician.pk})
    report = ProgressReport.objects.for_clinic(ready.client.clinic_id).get()
    browser.post(reverse("referrals:report-sign", args=[report.pk]))
    browser.post(reverse("referrals:report-send", args=[report.pk]), {"via": "secure_email"})
    report.refresh_from_db()
    assert report.status == "sent"
    chart = browser.get(reverse("charts:client", args=[client])).content.decode()
    assert "Dr Ana Rivera" in chart or "Referrals and reports" in chart


def test_front_desk_sees_the_directory_but_no_clearance(ready: Ready) -> None:
    desk = logged_in(ready.cast.front_desk)
    assert desk.get(reverse("careteam:directory")).status_code == 200
    assert desk.get(reverse("referrals:client", args=[ready.client.pk])).status_code == 403


def test_the_api_contract_paths(ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)
    created = browser.post(
        "/api/v1/providers",
        {"name": "Dr Lee", "profession": "chiropractor", "npi": "1245319599"},
        content_type="application/json",
    )
    assert created.status_code == 201
    provider = json.loads(created.content)["id"]
    assert browser.get(f"/api/v1/providers/{provider}").status_code == 200
    bad = browser.post(
        "/api/v1/providers",
        {"name": "Dr Typo", "profession": "physician", "npi": "1245319590"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "npi" in json.loads(bad.content)["errors"]

    incoming = browser.post(
        "/api/v1/referrals",
        {
            "client_id": ready.client.pk,
            "direction": "in",
            "provider_id": provider,
            "diagnoses": ["M54.5"],
            "visits_authorised": 6,
        },
        content_type="application/json",
    )
    assert incoming.status_code == 422
    assert "category" in json.dumps(json.loads(incoming.content))
    incoming = browser.post(
        "/api/v1/referrals",
        {
            "client_id": ready.client.pk,
            "direction": "in",
            "provider_id": provider,
            "diagnoses": ["m5450"],
            "visits_authorised": 2,
        },
        content_type="application/json",
    )
    body = json.loads(incoming.content)
    assert body["reason_codes"] == [{"code": "M54.50", "display": "Low back pain, unspecified"}]
    assert body["visits_used"] == 0
    assert browser.get(f"/api/v1/referrals/{body['id']}").status_code == 200
    assert "authorised visits left" in browser.get(reverse("dashboard:home")).content.decode()

    upload = browser.post(
        "/api/v1/clearances",
        {
            "client_id": ready.client.pk,
            "outcome": "cleared",
            "issued_on": timezone.localdate().isoformat(),
            "from_name": "Dr Lee",
            "document": SimpleUploadedFile("c.pdf", PDF, "application/pdf"),
        },
    )
    assert upload.status_code == 201, upload.content
    clearance = json.loads(upload.content)["id"]
    assert browser.get(f"/api/v1/clearances/{clearance}").status_code == 200
    assert len(json.loads(browser.get("/api/v1/clearances").content)) == 1
