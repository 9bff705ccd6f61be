"""What the receipt and the superbill print: plain data for interop's PDF templates.

The superbill (for clients who claim from their insurer) lists each visit's CPT codes with
units and charge, the ICD-10-CM diagnoses of the client's intake complaints with their pointer
letters (A-L, as box 21 of the CMS-1500 claim form; each line points at up to four, box 24E),
the therapist's NPI and licence and the clinic's tax id. A visit's charge is split over its
codes by units (project policy): each code gets its share rounded to the cent, the first code
takes what rounding leaves, so the shares add up to the charge exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from medmassage.accounts.models import Clinic, Membership, Practitioner
from medmassage.billing import queries
from medmassage.billing.models import CENT, Invoice, InvoiceLine, Payment
from medmassage.clients.models import Client
from medmassage.clinical.knowledge import knowledge
from medmassage.intake.queries import get_latest_intake
from medmassage.practitioners.models import Licence
from medmassage.practitioners.status import current_licence
from medmassage.scheduling.calendar import local

POINTERS = "ABCDEFGHIJKL"
POINTERS_PER_LINE = 4


def split_charge(charge: Decimal, units: list[int]) -> list[Decimal]:
    """The charge shared over codes by units, to the cent, adding up exactly (first takes rest)."""
    total = sum(units)
    if total == 0:
        return [charge] + [Decimal("0.00")] * (len(units) - 1) if units else []
    shares = [(charge * u / total).quantize(CENT, rounding=ROUND_HALF_UP) for u in units]
    shares[0] += charge - sum(shares)
    return shares


@dataclass(frozen=True)
class Diagnosis:
    pointer: str
    code: str
    name: str


def diagnoses(clinic: Clinic | int, client: Client) -> list[Diagnosis]:
    """ICD-10-CM codes of the latest intake's complaints: the code given, else the condition's
    own when it has only one; complaints with neither are left off (the therapist codes them)."""
    intake = get_latest_intake(clinic, client)
    if intake is None:
        return []
    kb = knowledge()
    found: list[tuple[str, str]] = []
    for complaint in intake.document.get("complaints", []):
        code = (complaint.get("icd10") or "").strip().upper()
        condition_id = complaint.get("condition") or (kb.condition_for_code(code) if code else None)
        condition = kb.conditions.get(condition_id) if condition_id else None
        if not code and condition is not None and len(condition.icd10) == 1:
            code = condition.icd10[0]
        if code and code not in {c for c, _ in found}:
            found.append((code, condition.name if condition is not None else ""))
    return [
        Diagnosis(pointer, code, name)
        for pointer, (code, name) in zip(POINTERS, found, strict=False)
    ]


@dataclass(frozen=True)
class Provider:
    name: str
    npi: str
    licence: Licence | None


def _providers(clinic_id: int, lines: list[InvoiceLine], on: date) -> list[Provider]:
    ids = list(dict.fromkeys(line.therapist_id for line in lines if line.therapist_id))
    members = {m.pk: m for m in Membership.objects.filter(pk__in=ids).select_related("user")}
    profiles = {
        p.membership_id: p
        for p in Practitioner.objects.for_clinic(clinic_id).filter(membership_id__in=ids)
    }
    licences: dict[int, list[Licence]] = {}
    for licence in Licence.objects.for_clinic(clinic_id).filter(
        practitioner__membership_id__in=ids
    ):
        licences.setdefault(licence.practitioner_id, []).append(licence)
    providers = []
    for member_id in ids:
        profile = profiles.get(member_id)
        held = licences.get(profile.pk, []) if profile is not None else []
        providers.append(
            Provider(
                name=members[member_id].user.full_name,
                npi=profile.npi if profile is not None else "",
                licence=current_licence(held, on),
            )
        )
    return providers


def _line_charge(line: InvoiceLine) -> Decimal:
    # A prepaid session is charged at its share of the package's price.
    if line.package is not None:
        return (line.package.price / line.package.sessions).quantize(CENT, ROUND_HALF_UP)
    return line.amount


def superbill_context(clinic: Clinic, invoice: Invoice) -> dict[str, Any]:
    """Everything the superbill prints for one invoice."""
    lines = list(queries.list_lines(clinic, invoice))
    found = diagnoses(clinic, invoice.client)
    pointers = "".join(d.pointer for d in found[:POINTERS_PER_LINE])
    rows = []
    for line in lines:
        codes = line.codes or []
        if not codes:
            continue
        charges = split_charge(_line_charge(line), [int(c["units"]) for c in codes])
        for code, charge in zip(codes, charges, strict=True):
            rows.append(
                {
                    "date": line.service_date,
                    "code": code["code"],
                    "units": code["units"],
                    "minutes": code["minutes"],
                    "charge": charge,
                    "pointers": pointers,
                }
            )
    state = queries.invoice_state(clinic, invoice)
    last_day = max(
        (line.service_date for line in lines), default=local(clinic, invoice.issued_at).date()
    )
    return {
        "clinic": clinic,
        "client": invoice.client,
        "invoice": invoice,
        "issued_local": local(clinic, invoice.issued_at),
        "rows": rows,
        "charged": sum((r["charge"] for r in rows), Decimal("0.00")),
        "paid": state.paid,
        "due": state.due,
        "diagnoses": found,
        "providers": _providers(clinic.pk, lines, last_day),
    }


def receipt_context(clinic: Clinic, payment: Payment) -> dict[str, Any]:
    """Everything a receipt prints: the payment (or refund), its invoice and what is left due."""
    invoice = payment.invoice
    return {
        "clinic": clinic,
        "client": payment.client,
        "payment": payment,
        "received_local": local(clinic, payment.received_at),
        "invoice": invoice,
        "lines": list(queries.list_lines(clinic, invoice)),
        "state": queries.invoice_state(clinic, invoice),
    }
