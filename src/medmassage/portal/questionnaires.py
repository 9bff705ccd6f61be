"""Questionnaires in the portal: the re-assessment the chart asks for
(`outcomes.progress.needs_reassessment`), answered by the client and scored by the clinical core
through the same service as the staff pages (`outcomes.services.record_measurement`).

Project policy: a questionnaire is due while the chart asks for a re-assessment and the client
has not answered its measure since their last visit (then it waits for the next visit)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from medmassage.clients.models import Client
from medmassage.outcomes.forms import QuestionnaireForm
from medmassage.outcomes.models import Context
from medmassage.outcomes.progress import PAIN, needs_reassessment
from medmassage.outcomes.queries import list_measurements
from medmassage.outcomes.services import record_measurement
from medmassage.portal.reads import record_client_read
from medmassage.portal.session import PortalRequest, require_client


def due_questionnaire(clinic_id: int, client: Client) -> str | None:
    """The instrument the client is asked to answer now, or None."""
    prompt = needs_reassessment(clinic_id, client)
    if prompt is None:
        return None
    visits = list_measurements(clinic_id, client, PAIN).filter(context=Context.VISIT)
    last_visit = visits.order_by("-administered_at").values_list("administered_at").first()
    answered = list_measurements(clinic_id, client, prompt.primary).filter(
        context=Context.REASSESSMENT
    )
    if last_visit is not None:
        answered = answered.filter(administered_at__gte=last_visit[0])
    return None if answered.exists() else prompt.primary


@require_client
@require_http_methods(["GET", "POST"])
def questionnaire(request: PortalRequest) -> HttpResponse:
    """The questionnaire due now, item by item; the core scores it when sent."""
    actor = request.client_actor
    instrument = due_questionnaire(actor.clinic_id, actor.client)
    if instrument is None:
        record_client_read(actor, "questionnaire")
        return render(request, "portal/questionnaire.html", {"form": None})
    form = QuestionnaireForm(request.POST or None, instrument=instrument, with_context=False)
    if request.method == "POST" and form.is_valid():
        try:
            record_measurement(
                client=actor.client,
                by=actor,
                instrument=instrument,
                answers=form.answers(),
                activities=form.activities(),
                context=Context.REASSESSMENT,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Thank you: your therapist will see your answers.")
            return redirect("portal:home")
    record_client_read(actor, "questionnaire")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "portal/questionnaire.html", {"form": form}, status=status)
