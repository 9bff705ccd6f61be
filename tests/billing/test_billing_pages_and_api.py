"""The front desk's billing through the pages and the API: invoice, pay, refund, receipts and
superbills as PDF, the end-of-day report; therapists read, never take money."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.http import HttpResponse
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from medmassage.billing import queries
from medmassage.billing.models import Invoice, Payment
from medmassage.billing.payments import Tender, record_payment, refund_payment
from medmassage.billing.report import day_report
from medmassage.billing.services import invoice_visit
from medmassage.scheduling.calendar import today
from medmassage.scheduling.models import AppointmentType
from medmassage.tenancy import unscoped
from medmassage.visits.models import Visit
from tests.builders import NOTE_TEXT, Ready, actor, approve, booked_visit, calendar_setup, events
from tests.cast import logged_in

D = Decimal


@pytest.fixture
def follow_up(ready: Ready) -> AppointmentType:
    approve(ready)
    kind = calendar_setup(ready.cast.clinic, ready.cast.therapist)
    ready.client.clinic.refresh_from_db()
    return kind


@pytest.fixture
def visit(ready: Ready, follow_up: AppointmentType) -> Visit:
    # 25 min 97124 + 13 min 97140: 97124 x2, 97140 x1 (see test_invoice_arithmetic).
    return booked_visit(ready, follow_up, swedish=25, myofascial=13)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_front_desk_invoices_takes_part_payment_and_prints_a_receipt(
    ready: Ready, visit: Visit
) -> None:
    desk = logged_in(ready.cast.front_desk)
    account = reverse("billing:account", args=[ready.client.pk])
    page = desk.get(account)
    assert page.status_code == 200
    assert b"97124 \xc3\x97 2" in page.content
    assert NOTE_TEXT.encode() not in page.content  # no clinical note at the desk
    assert events("billing.account.viewed", client_id=ready.client.pk)

    answer = desk.post(
        reverse("billing:invoice-visit", args=[ready.client.pk]), {"visit": visit.pk}
    )
    with unscoped():
        invoice = Invoice.objects.get()
    assert answer["Location"] == reverse("billing:invoice", args=[invoice.pk])

    pay = reverse("billing:pay", args=[invoice.pk])
    desk.post(pay, {"method": "cash", "amount": "60.00"})
    # 95.00 - 60.00 = 35.00 due: 40.00 is refused and the form keeps what was typed.
    refused = desk.post(pay, {"method": "card_terminal", "amount": "40.00", "reference": "AUTH 9"})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "more than the 35.00 due" in text
    assert 'value="40.00"' in text
    assert 'value="AUTH 9"' in text

    with unscoped():
        cash = Payment.objects.get()
    receipt = desk.get(reverse("billing:receipt", args=[cash.pk]))
    printed = pdf_text(receipt.content)
    assert "60.00" in printed
    assert "Cash" in printed
    assert "35.00" in printed
    assert events("billing.receipt.viewed", client_id=ready.client.pk)


def test_the_superbill_lists_codes_units_diagnoses_npi_licence_and_tax_id(
    ready: Ready, visit: Visit
) -> None:
    owner = logged_in(ready.cast.owner)
    owner.post(
        reverse("billing:identifiers"),
        {"tax_id": "12-3456789", f"npi_{ready.practitioner.pk}": "1234567893"},
    )
    invoice = invoice_visit(visit=visit, by=actor(ready.cast.front_desk))

    content = logged_in(ready.cast.front_desk).get(reverse("billing:superbill", args=[invoice.pk]))
    printed = pdf_text(content.content)

    for expected in ("12-3456789", "1234567893", f"RMT-{ready.practitioner.pk:05d}", "M54.2"):
        assert expected in printed, expected
    # 95.00 split over 3 units: 97124 x2 = 63.33, 97140 x1 = 31.67 (95 x 1/3 = 31.666...).
    assert "97124 2 25 A 63.33" in printed
    assert "97140 1 13 A 31.67" in printed
    assert NOTE_TEXT not in printed


def test_an_npi_with_a_wrong_check_digit_is_refused_and_kept(ready: Ready) -> None:
    owner = logged_in(ready.cast.owner)
    field = f"npi_{ready.practitioner.pk}"

    answer = owner.post(
        reverse("billing:identifiers"), {"tax_id": "12-3456789", field: "1234567890"}
    )

    assert answer.status_code == 422
    assert b'value="1234567890"' in answer.content
    assert b'value="12-3456789"' in answer.content
    assert logged_in(ready.cast.front_desk).get(reverse("billing:identifiers")).status_code == 403


def test_therapists_read_the_account_but_take_no_money(ready: Ready, visit: Visit) -> None:
    invoice = invoice_visit(visit=visit, by=actor(ready.cast.front_desk))
    therapist = logged_in(ready.cast.therapist)

    assert therapist.get(reverse("billing:invoice", args=[invoice.pk])).status_code == 200
    answer = therapist.post(
        reverse("billing:pay", args=[invoice.pk]), {"method": "cash", "amount": "1"}
    )
    assert answer.status_code == 403
    assert queries.invoice_state(ready.cast.clinic, invoice).paid == 0


def test_the_end_of_day_report_adds_up_by_method(ready: Ready, follow_up: AppointmentType) -> None:
    desk = actor(ready.cast.front_desk)
    first = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk)
    second = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk)
    record_payment(invoice=first, by=desk, tender=Tender("cash", "50.00"))
    card = record_payment(invoice=first, by=desk, tender=Tender("card_terminal", "45.00", "A1"))
    record_payment(invoice=second, by=desk, tender=Tender("insurance", "80.00", "CLAIM-7"))
    refund_payment(payment=card, by=desk, amount="10.00", reason="Discount")

    report = day_report(ready.client.clinic, today(ready.client.clinic, first.issued_at))

    by_method = {m.method: (m.received, m.refunded, m.net) for m in report.methods}
    assert by_method["cash"] == (D("50.00"), D(0), D("50.00"))
    assert by_method["card_terminal"] == (D("45.00"), D("10.00"), D("35.00"))
    assert by_method["insurance"] == (D("80.00"), D(0), D("80.00"))
    # In 50 + 45 + 80 = 175.00, out 10.00, net 165.00; invoiced 2 x 95.00 = 190.00.
    assert (report.received, report.refunded, report.net) == (D("175.00"), D("10.00"), D("165.00"))
    assert report.invoiced == D("190.00")
    page = logged_in(ready.cast.front_desk).get(reverse("billing:day"))
    assert page.status_code == 200
    assert b"165.00" in page.content


def api(
    browser: HttpClient, method: str, path: str, body: dict[str, object] | None = None
) -> HttpResponse:
    return browser.generic(
        method, f"/api/v1/{path}", data=json.dumps(body or {}), content_type="application/json"
    )


def test_the_api_invoices_takes_payments_and_refunds(ready: Ready, visit: Visit) -> None:
    desk = logged_in(ready.cast.front_desk)

    created = api(desk, "POST", "invoices", {"visit_id": visit.pk})
    assert created.status_code == 201, created.content
    invoice = created.json()
    assert (invoice["total"], invoice["due"]) == ("95.00", "95.00")
    assert invoice["lines"][0]["codes"] == [
        {"code": "97124", "minutes": 25, "units": 2},
        {"code": "97140", "minutes": 13, "units": 1},
    ]
    assert api(desk, "POST", "invoices", {"visit_id": visit.pk}).status_code == 409

    paid = api(
        desk, "POST", "payments", {"invoice_id": invoice["id"], "method": "cash", "amount": "95"}
    )
    assert paid.status_code == 201
    too_much = api(
        desk, "POST", "payments", {"invoice_id": invoice["id"], "method": "cash", "amount": "1"}
    )
    assert too_much.status_code == 422
    assert (
        api(
            desk, "PATCH", f"invoices/{invoice['id']}", {"status": "void", "reason": "x"}
        ).status_code
        == 409
    )

    refund = api(
        desk,
        "POST",
        "payments",
        {"refund_of": paid.json()["id"], "amount": "95.00", "reason": "Cancelled"},
    )
    assert refund.status_code == 201
    assert refund.json()["kind"] == "refund"
    voided = api(
        desk, "PATCH", f"invoices/{invoice['id']}", {"status": "void", "reason": "Cancelled"}
    )
    assert voided.json()["status"] == "void"
    assert api(desk, "GET", f"invoices/{invoice['id']}").json()["due"] == "0.00"
    assert len(api(desk, "GET", f"payments?invoice_id={invoice['id']}").json()) == 2


def test_the_api_keeps_the_pages_rules(ready: Ready, visit: Visit) -> None:
    invoice = invoice_visit(visit=visit, by=actor(ready.cast.front_desk))
    therapist = logged_in(ready.cast.therapist)

    assert api(therapist, "GET", f"invoices/{invoice.pk}").status_code == 200
    assert (
        api(
            therapist,
            "POST",
            "payments",
            {"invoice_id": invoice.pk, "method": "cash", "amount": "5"},
        )
    ).status_code == 403
    outsider = logged_in(ready.cast.outsider)
    assert api(outsider, "GET", f"invoices/{invoice.pk}").status_code == 404
    assert api(outsider, "GET", "invoices").json() == []
