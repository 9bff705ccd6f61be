"""Invoice arithmetic, counted by hand: units by the 8-minute rule, prices, packages, partial
payments, overpayment refused, refunds and balances."""

from __future__ import annotations

from decimal import Decimal

import pytest

from medmassage.accounts.actors import Actor
from medmassage.billing import queries
from medmassage.billing.errors import InvoicePaid, InvoiceVoid, NotBillable
from medmassage.billing.models import Invoice, InvoiceLine, InvoiceStatus
from medmassage.billing.payments import Tender, record_payment, refund_payment
from medmassage.billing.services import (
    PackageSale,
    invoice_period,
    invoice_visit,
    sell_package,
    void_invoice,
)
from medmassage.problems import InvalidInput
from medmassage.scheduling.models import AppointmentType
from tests.builders import Ready, actor, approve, booked_visit, calendar_setup, events
from tests.builders import treated_visit as treated

D = Decimal


@pytest.fixture
def follow_up(ready: Ready) -> AppointmentType:
    """Follow-up, 60 minutes, 95.00 (tests/builders.calendar_setup); the plan approved."""
    approve(ready)
    kind = calendar_setup(ready.cast.clinic, ready.cast.therapist)
    ready.client.clinic.refresh_from_db()  # now in Toronto's time zone
    return kind


def desk(ready: Ready) -> Actor:
    return actor(ready.cast.front_desk)


def lines(ready: Ready, invoice: Invoice) -> list[InvoiceLine]:
    return list(queries.list_lines(ready.cast.clinic, invoice))


def test_a_visit_is_invoiced_at_its_types_price_with_its_units(
    ready: Ready, follow_up: AppointmentType
) -> None:
    # 25 min 97124 + 13 min 97140 = 38 min: 3 units (38-52 min). Full 15s: 97124 gets 1 (10
    # left over), 97140 none (13 left over); the 2 units left go to the larger leftovers:
    # 97140 (13) then 97124 (10). So 97124 x2, 97140 x1.
    visit = booked_visit(ready, follow_up, swedish=25, myofascial=13)

    invoice = invoice_visit(visit=visit, by=desk(ready))

    assert invoice.number == 1
    assert invoice.total == D("95.00")
    [line] = lines(ready, invoice)
    assert line.codes == [
        {"code": "97124", "minutes": 25, "units": 2},
        {"code": "97140", "minutes": 13, "units": 1},
    ]
    assert line.units == 3
    assert (line.price, line.amount) == (D("95.00"), D("95.00"))
    assert queries.client_balance(ready.cast.clinic, ready.client).due == D("95.00")
    [event] = events("billing.invoice.issued")
    assert event.details == {"number": 1, "kind": "visit", "total": "95.00"}
    assert event.client_id == ready.client.pk


def test_a_code_under_8_minutes_alone_bills_nothing_and_is_left_off(
    ready: Ready, follow_up: AppointmentType
) -> None:
    # 33 min 97124 + 7 min 97140 = 40 min: 3 units; 97124 has 2 full units (3 left over),
    # 97140 none (7 left over): the third unit goes to 97140 (CMS's own example).
    visit = booked_visit(ready, follow_up, swedish=33, myofascial=7)
    invoice = invoice_visit(visit=visit, by=desk(ready))
    assert [(c["code"], c["units"]) for c in lines(ready, invoice)[0].codes] == [
        ("97124", 2),
        ("97140", 1),
    ]


def test_a_visit_is_invoiced_once_until_its_invoice_is_void(
    ready: Ready, follow_up: AppointmentType
) -> None:
    visit = booked_visit(ready, follow_up, swedish=30)
    first = invoice_visit(visit=visit, by=desk(ready))

    with pytest.raises(NotBillable, match="already on an invoice"):
        invoice_visit(visit=visit, by=desk(ready))

    void_invoice(invoice=first, by=desk(ready), reason="Wrong type")
    second = invoice_visit(visit=visit, by=desk(ready))
    assert (second.number, second.total) == (2, D("95.00"))
    assert queries.client_balance(ready.cast.clinic, ready.client).due == D("95.00")


def test_a_visit_without_an_appointment_is_priced_by_the_type_named(
    ready: Ready, follow_up: AppointmentType
) -> None:
    visit = treated(ready, swedish=30)

    with pytest.raises(InvalidInput) as refused:
        invoice_visit(visit=visit, by=desk(ready))
    assert "type" in refused.value.message_dict

    invoice = invoice_visit(visit=visit, by=desk(ready), type=follow_up)
    assert invoice.total == D("95.00")


def test_an_unsigned_visit_is_not_invoiced(ready: Ready, follow_up: AppointmentType) -> None:
    from medmassage.visits.services import start_visit

    visit = start_visit(client=ready.client, by=actor(ready.therapist), answers={})
    with pytest.raises(NotBillable, match="not signed"):
        invoice_visit(visit=visit, by=desk(ready), type=follow_up)


def test_a_package_covers_its_sessions_then_visits_cost_the_price(
    ready: Ready, follow_up: AppointmentType
) -> None:
    package = sell_package(
        client=ready.client,
        by=desk(ready),
        sale=PackageSale("3 follow-ups", sessions="3", price="255.00", type=follow_up),
    )
    totals = [
        invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk(ready)).total
        for _ in range(4)
    ]

    # Three sessions prepaid (0.00 each), the fourth at 95.00.
    assert totals == [D("0.00"), D("0.00"), D("0.00"), D("95.00")]
    [use] = queries.package_uses(ready.cast.clinic, ready.client)
    assert (use.package, use.used, use.remaining) == (package, 3, 0)
    # Invoiced: 255.00 (the package) + 95.00 = 350.00, nothing paid yet.
    balance = queries.client_balance(ready.cast.clinic, ready.client)
    assert (balance.invoiced, balance.paid, balance.due) == (D("350.00"), D(0), D("350.00"))


def test_a_package_with_used_sessions_is_not_voided_until_their_invoices_are(
    ready: Ready, follow_up: AppointmentType
) -> None:
    package = sell_package(
        client=ready.client, by=desk(ready), sale=PackageSale("2 sessions", 2, "180.00")
    )
    used = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk(ready))

    with pytest.raises(InvoicePaid, match="Sessions of this package"):
        void_invoice(invoice=package.invoice, by=desk(ready), reason="Sold by mistake")
    void_invoice(invoice=used, by=desk(ready), reason="Re-issue")
    void_invoice(invoice=package.invoice, by=desk(ready), reason="Sold by mistake")

    assert queries.package_uses(ready.cast.clinic, ready.client) == []
    assert queries.client_balance(ready.cast.clinic, ready.client).due == D("0.00")


def test_partial_payments_add_up_and_an_overpayment_is_refused(
    ready: Ready, follow_up: AppointmentType
) -> None:
    invoice = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk(ready))
    record_payment(invoice=invoice, by=desk(ready), tender=Tender("cash", "40.00"))
    record_payment(invoice=invoice, by=desk(ready), tender=Tender("card_terminal", "30", "A1B2"))

    # 95.00 - 40.00 - 30.00 = 25.00 due: 30.00 is too much.
    assert queries.invoice_state(ready.cast.clinic, invoice).due == D("25.00")
    with pytest.raises(InvalidInput, match=r"more than the 25\.00 due"):
        record_payment(invoice=invoice, by=desk(ready), tender=Tender("cash", "30.00"))

    record_payment(invoice=invoice, by=desk(ready), tender=Tender("gift_card", "25.00", "GC-77"))
    state = queries.invoice_state(ready.cast.clinic, invoice)
    assert (state.paid, state.due) == (D("95.00"), D("0.00"))
    with pytest.raises(InvalidInput, match="nothing is due"):
        record_payment(invoice=invoice, by=desk(ready), tender=Tender("cash", "0.01"))
    assert [e.details["amount"] for e in events("billing.payment.recorded")] == [
        "40.00",
        "30.00",
        "25.00",
    ]


def test_refunds_make_the_invoice_due_again_up_to_what_was_paid(
    ready: Ready, follow_up: AppointmentType
) -> None:
    invoice = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk(ready))
    card = record_payment(
        invoice=invoice, by=desk(ready), tender=Tender("card_terminal", "95.00", "AUTH 0042")
    )

    refund = refund_payment(payment=card, by=desk(ready), amount="20.00", reason="Goodwill")
    # 95.00 paid - 20.00 refunded = 75.00 paid, 20.00 due; 75.00 of the payment left to refund.
    assert refund.method == "card_terminal"
    state = queries.invoice_state(ready.cast.clinic, invoice)
    assert (state.paid, state.due) == (D("75.00"), D("20.00"))
    with pytest.raises(InvalidInput, match=r"more than the 75\.00 left"):
        refund_payment(payment=card, by=desk(ready), amount="75.01", reason="Too much")
    with pytest.raises(InvalidInput, match="is a refund itself"):
        refund_payment(payment=refund, by=desk(ready), amount="1.00", reason="Twice")
    with pytest.raises(InvoicePaid):
        void_invoice(invoice=invoice, by=desk(ready), reason="Cancelled")

    refund_payment(payment=card, by=desk(ready), amount="75.00", reason="Visit cancelled")
    void_invoice(invoice=invoice, by=desk(ready), reason="Visit cancelled")
    balance = queries.client_balance(ready.cast.clinic, ready.client)
    # Nothing invoiced (void), 95.00 in and 95.00 back out.
    assert (balance.invoiced, balance.paid, balance.due) == (D(0), D(0), D(0))
    with pytest.raises(InvoiceVoid):
        record_payment(invoice=invoice, by=desk(ready), tender=Tender("cash", "1.00"))


def test_a_period_invoice_gathers_the_signed_visits_not_yet_invoiced(
    ready: Ready, follow_up: AppointmentType
) -> None:
    from medmassage.scheduling.calendar import local

    first = booked_visit(ready, follow_up, swedish=30)
    invoice_visit(visit=first, by=desk(ready))
    second = booked_visit(ready, follow_up, swedish=30)
    third = booked_visit(ready, follow_up, swedish=45)
    days = sorted(local(ready.cast.clinic, v.started_at).date() for v in (second, third))

    invoice = invoice_period(client=ready.client, by=desk(ready), starts=days[0], ends=days[-1])

    # Two visits not yet invoiced, 95.00 each.
    assert invoice.total == D("190.00")
    assert {line.visit_id for line in lines(ready, invoice)} == {second.pk, third.pk}
    assert (invoice.period_start, invoice.period_end) == (days[0], days[-1])
    with pytest.raises(NotBillable, match="left to invoice"):
        invoice_period(client=ready.client, by=desk(ready), starts=days[0], ends=days[-1])
    assert queries.client_balance(ready.cast.clinic, ready.client).due == D("285.00")


@pytest.mark.parametrize(
    ("reference", "refused"),
    [
        ("4111 1111 1111 1111", True),  # a test Visa number, Luhn-valid
        ("card 5500-0000-0000-0004", True),
        ("AUTH 004217", False),
        ("last four 1111", False),
        ("4111 1111 1111 1112", False),  # fails the Luhn check: not a card number
    ],
)
def test_no_card_number_is_ever_stored(
    ready: Ready, follow_up: AppointmentType, reference: str, refused: bool
) -> None:
    invoice = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk(ready))
    tender = Tender("card_terminal", "10.00", reference)
    if refused:
        with pytest.raises(InvalidInput, match="card number"):
            record_payment(invoice=invoice, by=desk(ready), tender=tender)
    else:
        assert record_payment(invoice=invoice, by=desk(ready), tender=tender).reference


@pytest.mark.parametrize("amount", ["95.005", "-5", "0", "abc", 9.5, ""])
def test_amounts_are_decimals_with_two_places(
    ready: Ready, follow_up: AppointmentType, amount: object
) -> None:
    invoice = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk(ready))
    with pytest.raises(InvalidInput) as refused:
        record_payment(invoice=invoice, by=desk(ready), tender=Tender("cash", amount))
    assert "amount" in refused.value.message_dict


def test_the_methods_are_cash_card_insurance_and_gift_card(
    ready: Ready, follow_up: AppointmentType
) -> None:
    invoice = invoice_visit(visit=booked_visit(ready, follow_up, swedish=30), by=desk(ready))
    with pytest.raises(InvalidInput, match="not one of"):
        record_payment(invoice=invoice, by=desk(ready), tender=Tender("bitcoin", "1.00"))
    for method in ("cash", "card_terminal", "insurance", "gift_card"):
        record_payment(invoice=invoice, by=desk(ready), tender=Tender(method, "1.00"))
    assert queries.invoice_state(ready.cast.clinic, invoice).due == D("91.00")
    assert invoice.status == InvoiceStatus.ISSUED
