"""The clinic's tax id and its therapists' NPIs, as the superbill prints them."""

from __future__ import annotations

from django.db import transaction

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Practitioner
from medmassage.audit.services import record_event
from medmassage.billing.money import npi_is_valid
from medmassage.problems import FieldErrors

MAX_TAX_ID = 30


@transaction.atomic
def set_billing_identifiers(*, by: Actor, tax_id: str, npis: dict[int, str]) -> Clinic:
    """Set the clinic's tax id and each practitioner's NPI (keyed by practitioner id; blank
    clears). An NPI must be ten digits with a valid check digit."""
    errors = FieldErrors()
    tax_id = (tax_id or "").strip()
    errors.check_text("tax_id", tax_id, MAX_TAX_ID)
    profiles = {
        p.pk: p for p in Practitioner.objects.for_clinic(by.clinic_id).filter(pk__in=list(npis))
    }
    for practitioner_id, raw in npis.items():
        npi = (raw or "").strip()
        if practitioner_id not in profiles:
            errors.add(f"npi_{practitioner_id}", "is not a practitioner of this clinic")
        elif npi and not npi_is_valid(npi):
            errors.add(f"npi_{practitioner_id}", "an NPI is 10 digits ending in its check digit")
    errors.raise_any()
    clinic = Clinic.objects.select_for_update(no_key=True).get(pk=by.clinic_id)
    changed = []
    if clinic.tax_id != tax_id:
        clinic.tax_id = tax_id
        clinic.save(update_fields=["tax_id"])
        changed.append("tax_id")
    for practitioner_id, raw in npis.items():
        profile = profiles[practitioner_id]
        if profile.npi != (raw or "").strip():
            profile.npi = (raw or "").strip()
            profile.save(update_fields=["npi"])
            changed.append(f"npi:{practitioner_id}")
    record_event(action="billing.identifiers.changed", by=by, details={"changed": changed})
    return clinic
