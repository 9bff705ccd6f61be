"""Home-program pages: the editor (HTMX add, drop and dose), its history, the PDF handout."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.homecare import queries, services
from medmassage.homecare.forms import changes_from_post
from medmassage.homecare.presenters import editor_context, handout_context
from medmassage.interop.pdf import home_program_handout
from medmassage.problems import DOMAIN_ERRORS, problem_message


@require_GET
@require_clinic
def program(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's current home program and the editor."""
    client = client_for(request, client_id, "homecare.view")
    record_read("homecare.program.viewed", by=request.actor, client=client)
    return render(request, "homecare/program.html", editor_context(request, client))


@require_POST
@require_clinic
def start(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Start the program from the approved plan's home care."""
    client = client_for(request, client_id, "homecare.edit")
    services.start_home_program(client=client, by=request.actor)
    return redirect("homecare:program", client_id=client.pk)


@require_POST
@require_clinic
def change(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Add, drop or re-dose one exercise: a new version. HTMX gets the editor back."""
    client = client_for(request, client_id, "homecare.edit")
    problem = None
    try:
        services.update_home_program(
            client=client, by=request.actor, changes=changes_from_post(request.POST)
        )
    except DOMAIN_ERRORS as error:
        problem = problem_message(error)
    if request.htmx:
        # HTMX swaps 2xx answers only, so the editor with its problem comes back as 200.
        return render(
            request, "homecare/_editor.html", editor_context(request, client, problem=problem)
        )
    if problem:
        messages.error(request, problem)
    return redirect("homecare:program", client_id=client.pk)


@require_GET
@require_clinic
def history(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Every version of the program, newest first, with who changed it and why."""
    client = client_for(request, client_id, "homecare.view")
    record_read("homecare.history.viewed", by=request.actor, client=client)
    versions = queries.list_program_versions(client.clinic_id, client)
    return render(request, "homecare/history.html", {"client": client, "versions": versions})


@require_GET
@require_clinic
def handout(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The current program as a PDF handout for the client."""
    client = client_for(request, client_id, "homecare.view")
    current = queries.get_current_program(client.clinic_id, client)
    if current is None:
        messages.error(request, "Start the home program before printing the handout.")
        return redirect("homecare:program", client_id=client.pk)
    record_read("homecare.handout.printed", by=request.actor, client=client)
    response = HttpResponse(home_program_handout(handout_context(current)), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="home-program-v{current.version}.pdf"'
    return response
