"""The only writers of intakes, each in one transaction with its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest

from medmassage.accounts.models import Clinic, Membership
from medmassage.audit.services import record_event, record_in_transaction
from medmassage.clients.models import Client
from medmassage.intake.models import Intake
from medmassage.intake.validation import check_intake
from medmassage.tenancy import clinic_scope


def _same_clinic(clinic: Clinic, *records: Any) -> None:
    if any(record.clinic_id != clinic.pk for record in records):
        raise ValueError("The client and the recording member must belong to the clinic")


def record_intake(
    *,
    clinic: Clinic,
    client: Client,
    actor_membership: Membership,
    document: object,
    request: HttpRequest | None = None,
) -> Intake:
    """Screen an intake document and store it as the client's next intake version.

    ValidationError (keyed by the field's JSON path) means nothing was saved.
    """
    _same_clinic(clinic, client, actor_membership)
    with transaction.atomic(), clinic_scope(clinic):
        # Holding the client row makes concurrent intakes of one client take turns for a version.
        Client.objects.for_clinic(clinic).select_for_update().values_list("pk").get(pk=client.pk)
        checked = check_intake(document, clinic=clinic, client=client)
        latest = Intake.objects.for_clinic(clinic).filter(client=client).aggregate(Max("version"))
        intake = Intake.objects.create(
            clinic=clinic,
            client=client,
            version=(latest["version__max"] or 0) + 1,
            document=checked.document,
            screening=checked.screening.to_json(),
            decision=checked.screening.decision.value,
            recorded_by=actor_membership,
            visit_date=checked.intake.visit_date,
        )
        record_event(
            action="intake.intake.recorded",
            actor=actor_membership.user,
            clinic=clinic,
            subject=intake,
            client=client,
            request=request,
            # Audit rows are kept forever: the decision, not the document's health details.
            details={"version": intake.version, "decision": intake.decision},
        )
    return intake


def record_intake_viewed(
    *, intake: Intake, actor: Any, request: HttpRequest | None, section: str = "intake"
) -> None:
    """Reads of an intake are audited too (`section` says where it was shown)."""
    record_in_transaction(
        action="intake.intake.viewed",
        actor=actor,
        clinic=intake.clinic_id,
        subject=intake,
        client=intake.client_id,
        request=request,
        details={"version": intake.version, "section": section},
    )


def record_intakes_listed(*, client: Client, actor: Any, request: HttpRequest | None) -> None:
    """Listing a client's intakes (with their decisions) is a read of clinical data: audited."""
    record_in_transaction(
        action="intake.intake_list.viewed",
        actor=actor,
        clinic=client.clinic_id,
        subject=client,
        client=client,
        request=request,
    )
