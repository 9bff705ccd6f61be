"""The only writers of intakes, each in one transaction with its audit event."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.clientaccounts.actors import ClientActor, audit_actor
from medmassage.clients.models import Client
from medmassage.intake.models import Intake, Source
from medmassage.intake.prompts import merged, prompts_of, read_answers
from medmassage.intake.validation import check_intake
from medmassage.tenancy import clinic_scope


def record_intake(*, client: Client, by: Actor | ClientActor, document: object) -> Intake:
    """Screen an intake document and store it as the client's next intake version (recorded
    by a member, or filled in by the client in the portal).

    InvalidInput (keyed by the field's JSON path) means nothing was saved.
    """
    if client.clinic_id != by.clinic_id:
        raise ValueError("The client must belong to the clinic of the member recording it")
    if isinstance(by, ClientActor) and by.client.pk != client.pk:
        raise ValueError("A client fills in only their own intake")
    clinic = client.clinic
    with transaction.atomic(), clinic_scope(clinic):
        # Holding the client row makes concurrent intakes of one client take turns for a version.
        Client.objects.for_clinic(clinic).select_for_update(no_key=True).values_list("pk").get(
            pk=client.pk
        )
        checked = check_intake(document, clinic=clinic, client=client)
        latest = Intake.objects.for_clinic(clinic).filter(client=client).aggregate(Max("version"))
        intake = Intake.objects.create(
            clinic=clinic,
            client=client,
            version=(latest["version__max"] or 0) + 1,
            document=checked.document,
            screening=checked.screening.to_json(),
            decision=checked.screening.decision.value,
            recorded_by=by.membership if isinstance(by, Actor) else None,
            source=Source.STAFF if isinstance(by, Actor) else Source.PORTAL,
            visit_date=checked.intake.visit_date,
        )
        record_event(
            action="intake.intake.recorded",
            subject=intake,
            client=client,
            # Audit rows are kept forever: the decision, not the document's health details.
            details={"version": intake.version, "decision": intake.decision},
            **audit_actor(by),
        )
    return intake


def answer_prompts(*, intake: Intake, by: Actor, answers: object) -> Intake:
    """Record the therapist's answers to the intake's free-text prompts: a new version,
    screened again (an answer of no lifts the worse case; yes makes it a structured yes)."""
    checked = read_answers(answers, prompts_of(intake.screening))
    document = {
        **intake.document,
        "text_answers": merged(intake.document.get("text_answers", []), checked),
    }
    with transaction.atomic():
        answered = record_intake(client=intake.client, by=by, document=document)
        record_event(
            action="intake.prompts.answered",
            by=by,
            subject=answered,
            details={"from_version": intake.version, "answers": len(checked)},
        )
    return answered
