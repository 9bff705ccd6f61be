"""What the portal's home asks the client to do: the health form and consent before the first
visit, a questionnaire when one is due."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from medmassage.clientaccounts.actors import ClientActor
from medmassage.clients.queries import get_current_consent
from medmassage.intake.models import Intake
from medmassage.intake.portal import may_fill_in
from medmassage.portal.questionnaires import due_questionnaire


@dataclass(frozen=True)
class Task:
    name: str
    label: str
    url: str
    urgent: bool = True


def tasks_of(actor: ClientActor) -> list[Task]:
    """The client's open tasks, most pressing first."""
    client, clinic_id = actor.client, actor.clinic_id
    tasks = []
    if may_fill_in(client.pk, clinic_id):
        sent = Intake.objects.for_clinic(clinic_id).filter(client=client).exists()
        label = "Look over your health form" if sent else "Fill in your health form"
        tasks.append(Task("intake", label, reverse("portal:intake"), urgent=not sent))
    if get_current_consent(clinic_id, client) is None:
        tasks.append(Task("consent", "Sign your consent to treatment", reverse("portal:consent")))
    if due_questionnaire(clinic_id, client) is not None:
        tasks.append(
            Task("questionnaire", "Answer a short questionnaire", reverse("portal:questionnaire"))
        )
    return tasks
