"""Home-program pages: the editor (HTMX add, drop and dose), its history, the PDF handout."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts.access import require_clinic
from medmassage.clients.views import client_for
from medmassage.homecare import queries, services
from medmassage.homecare.errors import HomeCareError
from medmassage.homecare.forms import changes_from_post
from medmassage.homecare.presenters import editor_context, handout_context
from medmassage.interop.pdf import home_program_handout
from medmassage.problems import problem_message

PROBLEMS = (HomeCareError, ValidationError)


@require_GET
@require_clinic
def program(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's current home program and the editor."""
    client = client_for(request, client_id, "homecare.view")
    services.record_program_viewed(client=client, membership=request.membership, request=request)  # type: ignore[attr-defined]
    return render(request, "homecare/program.html", editor_context(request, client))


@require_POST
@require_clinic
def start(request: HttpRequest, client_id: int) -> HttpResponse:
    """Start the program from the approved plan's home care."""
    client = client_for(request, client_id, "homecare.edit")
    try:
        services.start_home_program(client=client, membership=request.membership, request=request)  # type: ignore[attr-defined]
    except PROBLEMS as error:
        messages.error(request, problem_message(error))
    return redirect("homecare:program", client_id=client.pk)


@require_POST
@require_clinic
def change(request: HttpRequest, client_id: int) -> HttpResponse:
    """Add, drop or re-dose one exercise: a new version. HTMX gets the editor back."""
    client = client_for(request, client_id, "homecare.edit")
    problem = None
    try:
        services.update_home_program(
            client=client,
            membership=request.membership,  # type: ignore[attr-defined]
            changes=changes_from_post(request.POST),
            request=request,
        )
    except PROBLEMS as error:
        problem = problem_message(error)
    if request.htmx:  # type: ignore[attr-defined]
        # HTMX swaps 2xx answers only, so the editor with its problem comes back as 200.
        return render(
            request, "homecare/_editor.html", editor_context(request, client, problem=problem)
        )
    if problem:
        messages.error(request, problem)
    return redirect("homecare:program", client_id=client.pk)


@require_GET
@require_clinic
def history(request: HttpRequest, client_id: int) -> HttpResponse:
    """Every version of the program, newest first, with who changed it and why."""
    client = client_for(request, client_id, "homecare.view")
    membership = request.membership  # type: ignore[attr-defined]
    services.record_program_viewed(
        client=client, membership=membership, request=request, what="history"
    )
    versions = queries.list_program_versions(client.clinic_id, client)
    return render(request, "homecare/history.html", {"client": client, "versions": versions})


@require_GET
@require_clinic
def handout(request: HttpRequest, client_id: int) -> HttpResponse:
    """The current program as a PDF handout for the client."""
    client = client_for(request, client_id, "homecare.view")
    current = queries.get_current_program(client.clinic_id, client)
    if current is None:
        messages.error(request, "Start the home program before printing the handout.")
        return redirect("homecare:program", client_id=client.pk)
    membership = request.membership  # type: ignore[attr-defined]
    services.record_program_viewed(
        client=client, membership=membership, request=request, what="handout"
    )
    response = HttpResponse(home_program_handout(handout_context(current)), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="home-program-v{current.version}.pdf"'
    return response
