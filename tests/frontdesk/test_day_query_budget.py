"""Query budget of the front desk's day page: a fixed number of queries however long the
clients' histories (visits, invoices, payments), and a fixed number more for each client on
the list (the re-assessment check of outcomes.progress runs per client with a plan)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medmassage.billing.payments import Tender, record_payment
from medmassage.billing.services import invoice_visit
from medmassage.clients.services import create_client
from medmassage.scheduling import services
from medmassage.scheduling.calendar import local
from medmassage.scheduling.models import AppointmentType
from tests.builders import Ready, actor, approve, booked_visit, calendar_setup
from tests.cast import logged_in

# Queries of the page with the ready client (plan approved) on the list, session and audit
# writes included (and the second factor's device, which django-otp reads from the session);
# and the most each further client (without a plan) may add.
BUDGET = 21
PER_CLIENT = 0


def add_history(ready: Ready, kind: AppointmentType, visits: int) -> None:
    for _ in range(visits):
        invoice = invoice_visit(
            visit=booked_visit(ready, kind, swedish=30), by=actor(ready.cast.front_desk)
        )
        record_payment(invoice=invoice, by=actor(ready.cast.front_desk), tender=Tender("cash", "5"))


def queries_of(ready: Ready, day: str) -> list[str]:
    browser = logged_in(ready.cast.front_desk)
    path = reverse("frontdesk:day") + f"?date={day}"
    browser.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_day_page_stays_within_its_budget(ready: Ready) -> None:
    approve(ready)
    kind = calendar_setup(ready.cast.clinic, ready.cast.therapist)
    ready.client.clinic.refresh_from_db()
    starts = timezone.now() + timedelta(hours=6)
    appointment = services.book_appointment(
        booking=services.Booking(ready.client, ready.therapist, kind, starts),
        by=actor(ready.cast.front_desk),
    )
    day = local(ready.client.clinic, appointment.starts_at).date().isoformat()
    # Past the plan's re-assessment point from the start, so that only the length differs.
    add_history(ready, kind, 6)
    short = queries_of(ready, day)
    add_history(ready, kind, 6)
    long = queries_of(ready, day)
    listing = "\n".join(long)
    # PostgreSQL takes an advisory lock per audit event (SQLite serialises writers itself).
    budget = BUDGET + sum("pg_advisory_xact_lock" in query for query in long)
    assert len(long) == len(short), f"{len(short)} queries, then {len(long)}:\n{listing}"
    assert len(long) <= budget, f"{len(long)} queries, budget {budget}:\n{listing}"

    for number in range(3):
        other = create_client(
            by=actor(ready.cast.front_desk),
            given_name=f"Other{number}",
            family_name="Client",
            date_of_birth=ready.client.date_of_birth,
        )
        services.book_appointment(
            booking=services.Booking(
                other, ready.therapist, kind, starts + timedelta(hours=1 + number)
            ),
            by=actor(ready.cast.front_desk),
        )
    more = queries_of(ready, day)
    assert len(more) <= len(long) + 3 * PER_CLIENT, "\n".join(more)
