"""Billing pages: a client's account, an invoice with its payments, receipts and superbills as
PDF, the end-of-day report and the clinic's billing identifiers.

Front desk handles money here and never sees a clinical note: a visit is named by its date,
therapist and the CPT units it was signed with.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.accounts.models import Practitioner
from medmassage.audit.services import record_read
from medmassage.billing import documents, payments, queries, services
from medmassage.billing.identifiers import set_billing_identifiers
from medmassage.billing.models import Invoice, Method
from medmassage.billing.report import day_report
from medmassage.clients.access import client_for
from medmassage.clients.models import Client
from medmassage.interop.pdf import receipt, superbill
from medmassage.problems import (
    DOMAIN_ERRORS,
    InvalidInput,
    invalid,
    problem_errors,
    problem_message,
)
from medmassage.replicas import lag_tolerant
from medmassage.scheduling.calendar import today
from medmassage.scheduling.models import AppointmentType
from medmassage.scheduling.queries import list_types


def _refusal(error: Exception) -> dict[str, Any]:
    return {"problem": problem_message(error), "errors": problem_errors(error) or {}}


def _day(value: str | None, fallback: date) -> date:
    if not value:
        return fallback
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid("date", "give a date as YYYY-MM-DD") from None


def _type(request: ClinicRequest, value: str | None) -> AppointmentType | None:
    if not value:
        return None
    found = list_types(request.clinic).filter(pk=int(value) if value.isdigit() else 0).first()
    if found is None:
        raise invalid("type", "is not one of the clinic's appointment types")
    return found


def _account_context(request: ClinicRequest, client: Client, **extra: Any) -> dict[str, Any]:
    clinic = request.clinic
    return {
        "client": client,
        "balance": queries.client_balance(clinic, client),
        "invoices": queries.invoice_states(clinic, queries.list_invoices(clinic, client=client)),
        "payments": queries.list_payments(clinic, client=client),
        "packages": queries.package_uses(clinic, client),
        "visits": queries.uninvoiced_visits(clinic, client),
        "types": list_types(clinic),
        "can_record": policy.allows(request.membership, "billing.record"),
        "today": today(clinic, timezone.now()),
        "posted": {},
        "errors": {},
        **extra,
    }


@require_GET
@require_clinic
def account(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's account: balance, invoices, payments, packages, visits to invoice."""
    client = client_for(request, client_id, "billing.view")
    record_read("billing.account.viewed", by=request.actor, client=client)
    return render(request, "billing/account.html", _account_context(request, client))


def _account_refusal(
    request: ClinicRequest, client: Client, error: Exception, form: str
) -> HttpResponse:
    status = 422 if isinstance(error, InvalidInput) else 409
    context = _account_context(request, client, posted=request.POST, form=form, **_refusal(error))
    return render(request, "billing/account.html", context, status=status)


@require_POST
@require_clinic
def invoice_visit(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Invoice one of the client's signed visits."""
    client = client_for(request, client_id, "billing.record")
    raw = request.POST.get("visit", "")
    visit = (
        queries.uninvoiced_visits(request.clinic, client)
        .filter(pk=int(raw) if raw.isdigit() else 0)
        .first()
    )
    try:
        if visit is None:
            raise invalid("visit", "choose a signed visit of this client not yet invoiced")
        invoice = services.invoice_visit(
            visit=visit, by=request.actor, type=_type(request, request.POST.get("type"))
        )
    except DOMAIN_ERRORS as error:
        return _account_refusal(request, client, error, "visit")
    return redirect("billing:invoice", invoice_id=invoice.pk)


@require_POST
@require_clinic
def invoice_period(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Invoice the client's signed visits of a period at once."""
    client = client_for(request, client_id, "billing.record")
    try:
        fallback = today(request.clinic, timezone.now())
        invoice = services.invoice_period(
            client=client,
            by=request.actor,
            starts=_day(request.POST.get("starts"), fallback),
            ends=_day(request.POST.get("ends"), fallback),
            type=_type(request, request.POST.get("type")),
        )
    except DOMAIN_ERRORS as error:
        return _account_refusal(request, client, error, "period")
    return redirect("billing:invoice", invoice_id=invoice.pk)


@require_POST
@require_clinic
def sell_package(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Sell the client a package of prepaid sessions (invoiced at once)."""
    client = client_for(request, client_id, "billing.record")
    post = request.POST
    try:
        expires = post.get("expires_on") or None
        sale = services.PackageSale(
            name=post.get("name", ""),
            sessions=post.get("sessions", ""),
            price=post.get("price", ""),
            type=_type(request, post.get("package_type")),
            expires_on=_day(expires, date.min) if expires else None,
        )
        package = services.sell_package(client=client, by=request.actor, sale=sale)
    except DOMAIN_ERRORS as error:
        return _account_refusal(request, client, error, "package")
    return redirect("billing:invoice", invoice_id=package.invoice_id)


def _invoice(request: ClinicRequest, invoice_id: int, action: str) -> Invoice:
    policy.require(request.membership, action)
    return queries.get_invoice(request.clinic, invoice_id)


def _invoice_context(request: ClinicRequest, invoice: Invoice, **extra: Any) -> dict[str, Any]:
    clinic = request.clinic
    paid = list(queries.list_payments(clinic, invoice=invoice))
    refunded: dict[int, Any] = {}
    for item in paid:
        if item.refund_of_id is not None:
            refunded[item.refund_of_id] = refunded.get(item.refund_of_id, 0) + item.amount
    return {
        "invoice": invoice,
        "client": invoice.client,
        "state": queries.invoice_state(clinic, invoice),
        "lines": queries.list_lines(clinic, invoice),
        "payments": [(p, p.amount - refunded.get(p.pk, 0)) for p in paid],
        "methods": Method.choices,
        "can_record": policy.allows(request.membership, "billing.record"),
        "can_refund": policy.allows(request.membership, "billing.refund"),
        "posted": {},
        "errors": {},
        **extra,
    }


@require_GET
@require_clinic
def invoice_detail(request: ClinicRequest, invoice_id: int) -> HttpResponse:
    """One invoice: its lines with CPT units, payments and refunds, what is due."""
    invoice = _invoice(request, invoice_id, "billing.view")
    record_read("billing.invoice.viewed", by=request.actor, subject=invoice)
    return render(request, "billing/invoice.html", _invoice_context(request, invoice))


def _invoice_refusal(
    request: ClinicRequest, invoice: Invoice, error: Exception, form: str, **extra: Any
) -> HttpResponse:
    status = 422 if isinstance(error, InvalidInput) else 409
    posted = request.POST
    context = _invoice_context(
        request, invoice, posted=posted, form=form, **_refusal(error), **extra
    )
    return render(request, "billing/invoice.html", context, status=status)


@require_POST
@require_clinic
def pay(request: ClinicRequest, invoice_id: int) -> HttpResponse:
    """Record a payment on the invoice; more than is due is refused, the form kept."""
    invoice = _invoice(request, invoice_id, "billing.record")
    post = request.POST
    tender = payments.Tender(
        method=post.get("method", ""),
        amount=post.get("amount", ""),
        reference=post.get("reference", ""),
        note=post.get("note", ""),
    )
    try:
        payment = payments.record_payment(invoice=invoice, by=request.actor, tender=tender)
    except DOMAIN_ERRORS as error:
        return _invoice_refusal(request, invoice, error, "pay")
    messages.success(request, f"Payment of {payment.amount} recorded.")
    return redirect("billing:invoice", invoice_id=invoice.pk)


@require_POST
@require_clinic
def refund(request: ClinicRequest, payment_id: int) -> HttpResponse:
    """Give back (part of) a payment, with the reason."""
    policy.require(request.membership, "billing.refund")
    payment = queries.get_payment(request.clinic, payment_id)
    post = request.POST
    try:
        given = payments.refund_payment(
            payment=payment,
            by=request.actor,
            amount=post.get("amount", ""),
            reason=post.get("reason", ""),
            method=post.get("method", ""),
            reference=post.get("reference", ""),
        )
    except DOMAIN_ERRORS as error:
        invoice = queries.get_invoice(request.clinic, payment.invoice_id)
        return _invoice_refusal(request, invoice, error, "refund", refund_open=payment.pk)
    messages.success(request, f"Refund of {given.amount} recorded.")
    return redirect("billing:invoice", invoice_id=payment.invoice_id)


@require_POST
@require_clinic
def void(request: ClinicRequest, invoice_id: int) -> HttpResponse:
    """Void an invoice nothing is paid on (its visits may be invoiced again)."""
    invoice = _invoice(request, invoice_id, "billing.record")
    try:
        services.void_invoice(
            invoice=invoice, by=request.actor, reason=request.POST.get("reason", "")
        )
    except DOMAIN_ERRORS as error:
        return _invoice_refusal(request, invoice, error, "void")
    return redirect("billing:invoice", invoice_id=invoice.pk)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_GET
@require_clinic
def receipt_pdf(request: ClinicRequest, payment_id: int) -> HttpResponse:
    """The receipt of a payment or refund, as a PDF."""
    policy.require(request.membership, "billing.view")
    payment = queries.get_payment(request.clinic, payment_id)
    record_read("billing.receipt.viewed", by=request.actor, subject=payment)
    context = documents.receipt_context(request.clinic, payment)
    return _pdf(receipt(context), f"receipt-{payment.pk}.pdf")


@require_GET
@require_clinic
def superbill_pdf(request: ClinicRequest, invoice_id: int) -> HttpResponse:
    """The invoice's superbill (CPT units, ICD-10-CM pointers, NPI, licence, tax id), as PDF."""
    invoice = _invoice(request, invoice_id, "billing.superbill")
    if invoice.is_void:
        raise Http404("A void invoice has no superbill")
    record_read("billing.superbill.viewed", by=request.actor, subject=invoice)
    context = documents.superbill_context(request.clinic, invoice)
    return _pdf(superbill(context), f"superbill-{invoice.number}.pdf")


@require_GET
@require_clinic
def invoices(request: ClinicRequest) -> HttpResponse:
    """The clinic's latest invoices with what is due on each."""
    policy.require(request.membership, "billing.view")
    latest = queries.list_invoices(request.clinic)[:100]
    record_read("billing.invoices.viewed", by=request.actor)
    states = queries.invoice_states(request.clinic, latest)
    return render(request, "billing/invoices.html", {"states": states})


@require_GET
@require_clinic
def end_of_day(request: ClinicRequest) -> HttpResponse:
    """Money in and out by method, and the invoices issued, on one day (today by default)."""
    policy.require(request.membership, "billing.view")
    day = _day(request.GET.get("date"), today(request.clinic, timezone.now()))
    record_read("billing.day_report.viewed", by=request.actor, details={"day": day.isoformat()})
    with lag_tolerant():  # a report: a replica a moment behind the primary may answer it
        return render(request, "billing/day.html", {"report": day_report(request.clinic, day)})


@require_http_methods(["GET", "POST"])
@require_clinic
def identifiers(request: ClinicRequest) -> HttpResponse:
    """The clinic's tax id and each therapist's NPI, printed on superbills."""
    policy.require(request.membership, "billing.settings")
    profiles = list(
        Practitioner.objects.for_clinic(request.clinic)
        .select_related("membership__user")
        .order_by("membership__user__full_name")
    )
    rows = [(p, p.npi, None) for p in profiles]
    context: dict[str, Any] = {"rows": rows, "posted": None, "errors": {}}
    if request.method == "POST":
        post = request.POST
        npis = {p.pk: post.get(f"npi_{p.pk}", "") for p in profiles}
        try:
            set_billing_identifiers(by=request.actor, tax_id=post.get("tax_id", ""), npis=npis)
        except DOMAIN_ERRORS as error:
            refusal = _refusal(error)
            wrong = refusal["errors"]
            rows = [(p, npis[p.pk], wrong.get(f"npi_{p.pk}")) for p in profiles]
            context.update(posted=post, rows=rows, **refusal)
            return render(request, "billing/identifiers.html", context, status=422)
        messages.success(request, "Billing identifiers saved.")
        return redirect("billing:identifiers")
    return render(request, "billing/identifiers.html", context)
