"""Outcome pages: a client's measures, a questionnaire entered item by item, one result."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for, record_shown
from medmassage.clinical.instruments import INSTRUMENTS, Instrument
from medmassage.outcomes import progress as progress_queries
from medmassage.outcomes import queries, services
from medmassage.outcomes.charts import chart
from medmassage.outcomes.forms import QuestionnaireForm, response_label
from medmassage.outcomes.models import Context
from medmassage.plans.queries import get_current_plan

DEFAULT_INSTRUMENT = "nprs"


def instrument_named(name: str | None) -> str:
    """The instrument asked for in the query string (nprs when none), or 404."""
    name = name or DEFAULT_INSTRUMENT
    if name not in INSTRUMENTS:
        raise Http404("No such questionnaire")
    return name


@require_GET
@require_clinic
def measurement_list(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's measures: latest against baseline per instrument, then every result."""
    client = client_for(request, client_id, "outcomes.view")
    record_read("outcomes.measurements.viewed", by=request.actor, client=client)
    clinic = request.clinic
    context = {
        "client": client,
        "summary": queries.get_measure_summary(clinic, client),
        "measurements": queries.list_measurements(clinic, client).reverse(),
        "instruments": INSTRUMENTS.values(),
        "can_record": policy.allows(request.membership, "outcomes.record"),
    }
    return render(request, "outcomes/measurement_list.html", context)


@require_http_methods(["GET", "POST"])
@require_clinic
def measurement_record(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Give one questionnaire (`?instrument=ndi`), item by item; the core scores it on save."""
    client = client_for(request, client_id, "outcomes.record")
    instrument = instrument_named(request.GET.get("instrument"))
    clinic = request.clinic
    first = queries.get_latest(clinic, client, instrument) is None
    form = QuestionnaireForm(
        request.POST or None,
        instrument=instrument,
        initial={"context": Context.BASELINE if first else Context.REASSESSMENT},
    )
    if request.method == "POST" and form.is_valid():
        try:
            measurement = services.record_measurement(
                client=client,
                by=request.actor,
                instrument=instrument,
                answers=form.answers(),
                activities=form.activities(),
                context=form.cleaned_data["context"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{form.instrument.name} recorded.")
            return redirect("outcomes:detail", measurement.pk)
    status = 422 if form.is_bound and form.errors else 200
    record_shown(request, client, "questionnaire form")
    context = {
        "client": client,
        "form": form,
        "instrument": form.instrument,
        "instruments": INSTRUMENTS.values(),
    }
    return render(request, "outcomes/measurement_form.html", context, status=status)


@require_GET
@require_clinic
def measurement_detail(request: ClinicRequest, measurement_id: int) -> HttpResponse:
    """One result: score and band, with every item's answer as given."""
    policy.require(request.membership, "outcomes.view")
    measurement = queries.get_measurement(request.clinic, measurement_id)
    record_read("outcomes.measurement.viewed", by=request.actor, subject=measurement)
    instrument = INSTRUMENTS[measurement.instrument]
    context = {
        "measurement": measurement,
        "client": measurement.client,
        "instrument": instrument,
        "rows": _answer_rows(instrument, measurement.answers, measurement.activities),
    }
    return render(request, "outcomes/measurement_detail.html", context)


def _answer_rows(
    instrument: Instrument, answers: list[int | None], activities: list[str]
) -> list[tuple[int, str, str]]:
    labels = activities or instrument.items.labels
    return [
        (number, label, "—" if answer is None else response_label(instrument.id, answer))
        for number, (label, answer) in enumerate(zip(labels, answers, strict=False), 1)
    ]


@require_GET
@require_clinic
def questionnaire_fields(request: ClinicRequest) -> HttpResponse:
    """HTMX: one more questionnaire's items for the assessment form (no client data)."""
    policy.require(request.membership, "outcomes.record")
    instrument = instrument_named(request.GET.get("instrument"))
    form = QuestionnaireForm(instrument=instrument, with_context=False, prefix=f"q-{instrument}")
    return render(request, "outcomes/_questionnaire.html", {"form": form, "removable": True})


@require_GET
@require_clinic
def progress(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Each measure as a graph over time with its baseline, MCID and band; any prompt on top."""
    client = client_for(request, client_id, "outcomes.progress.view")
    record_read("outcomes.measurements.viewed", by=request.actor, client=client)
    clinic = request.clinic
    context = {
        "client": client,
        "charts": [chart(measure) for measure in progress_queries.get_progress(clinic, client)],
        "prompt": progress_queries.needs_reassessment(clinic, client),
        "primary": INSTRUMENTS[progress_queries.primary_measure(get_current_plan(clinic, client))],
    }
    return render(request, "outcomes/progress.html", context)
