"""The client's downloads in the portal: their receipts and superbills (to claim from an
insurer) as PDFs, each read audited with the client as actor; another client's receipt or
superbill is a 404 that shows nothing, and a void invoice has no superbill."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from medmassage.billing.models import Invoice, Payment
from medmassage.billing.payments import Tender, record_payment
from medmassage.billing.services import PackageSale, invoice_visit, sell_package, void_invoice
from medmassage.clients.services import create_client
from tests.builders import NOTE_TEXT, Ready, actor, approve, booked_visit, calendar_setup, events
from tests.portal.test_portal_isolation import account_for, portal_browser


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def paid(ready: Ready) -> tuple[Invoice, Payment]:
    """A signed visit of the client, invoiced at 95.00 and paid in cash."""
    approve(ready)
    kind = calendar_setup(ready.cast.clinic, ready.cast.therapist)
    ready.client.clinic.refresh_from_db()
    visit = booked_visit(ready, kind, swedish=25, myofascial=13)
    desk = actor(ready.cast.front_desk)
    invoice = invoice_visit(visit=visit, by=desk)
    return invoice, record_payment(invoice=invoice, by=desk, tender=Tender("cash", "95.00"))


@pytest.fixture
def neighbours(ready: Ready) -> tuple[Invoice, Payment]:
    """Another client of the same clinic with a package invoiced and paid."""
    desk = actor(ready.cast.front_desk)
    neighbour = create_client(
        by=desk, given_name="Nora", family_name="Neighbour", date_of_birth=date(1990, 1, 1)
    )
    package = sell_package(
        client=neighbour, by=desk, sale=PackageSale("Five follow-ups", "5", "400.00")
    )
    invoice = Invoice.objects.for_clinic(ready.cast.clinic).get(client=neighbour)
    assert package.client_id == neighbour.pk
    return invoice, record_payment(invoice=invoice, by=desk, tender=Tender("cash", "100.00"))


@pytest.fixture
def portal(ready: Ready) -> Any:
    return portal_browser(account_for(ready.cast, ready.client, "ada@example.org"))


def test_the_client_downloads_their_receipt_and_superbill(
    ready: Ready, paid: tuple[Invoice, Payment], portal: Any
) -> None:
    invoice, payment = paid

    page = portal.get("/portal/documents/").content.decode()
    receipt = portal.get(f"/portal/documents/receipts/{payment.pk}.pdf")
    superbill = portal.get(f"/portal/documents/superbills/{invoice.pk}.pdf")

    assert f'id="portal-receipt-{payment.pk}"' in page
    assert f'id="portal-superbill-{invoice.pk}"' in page
    assert receipt["Content-Type"] == "application/pdf"
    printed = pdf_text(receipt.content)
    assert ready.client.family_name in printed
    assert "95.00" in printed
    billed = pdf_text(superbill.content)
    assert "97124" in billed
    assert "97140" in billed
    assert NOTE_TEXT not in billed
    reads = events("portal.record.viewed")
    assert [e.details["page"] for e in reads] == ["documents", "receipt", "superbill"]
    assert {e.actor_label for e in reads} == {"portal:ada@example.org"}
    assert {e.client_id for e in reads} == {ready.client.pk}


def test_another_clients_receipt_and_superbill_are_not_found_and_show_nothing(
    ready: Ready,
    paid: tuple[Invoice, Payment],
    neighbours: tuple[Invoice, Payment],
    portal: Any,
) -> None:
    invoice, payment = neighbours

    page = portal.get("/portal/documents/").content.decode()
    receipt = portal.get(f"/portal/documents/receipts/{payment.pk}.pdf")
    superbill = portal.get(f"/portal/documents/superbills/{invoice.pk}.pdf")

    assert receipt.status_code == 404
    assert superbill.status_code == 404
    for answer in (receipt, superbill):
        assert b"Neighbour" not in answer.content
    assert "Neighbour" not in page
    assert f"portal-superbill-{invoice.pk}" not in page


def test_a_void_invoice_has_no_superbill(
    ready: Ready, neighbours: tuple[Invoice, Payment], portal: Any
) -> None:
    desk = actor(ready.cast.front_desk)
    package = sell_package(
        client=ready.client, by=desk, sale=PackageSale("Three follow-ups", "3", "250.00")
    )
    invoice = Invoice.objects.for_clinic(ready.cast.clinic).get(client=ready.client)
    listed = portal.get("/portal/documents/").content.decode()
    void_invoice(invoice=invoice, by=actor(ready.cast.owner), reason="Sold by mistake")

    answer = portal.get(f"/portal/documents/superbills/{invoice.pk}.pdf")

    assert package.client_id == ready.client.pk
    assert f"portal-superbill-{invoice.pk}" in listed
    assert answer.status_code == 404
    assert f"portal-superbill-{invoice.pk}" not in portal.get("/portal/documents/").content.decode()


def test_no_handout_until_the_therapist_sets_a_home_program(ready: Ready, portal: Any) -> None:
    assert portal.get("/portal/documents/home-program.pdf").status_code == 404
