"""Inviting a client to the portal from their page: an email with a single-use link that
expires (clientaccounts.services.invite_client); a new invitation stops the older links."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.clientaccounts.services import INVITATION_HOURS, invite_client
from medmassage.clients.access import client_for


@require_POST
@require_clinic
def invite_to_portal(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Email the client an invitation to the portal, then back to their page."""
    client = client_for(request, client_id, "portal.invite")
    try:
        account = invite_client(client=client, by=request.actor)
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, f"Not invited: {problem}")
    else:
        messages.success(
            request,
            f"Invitation emailed to {account.email}: the link works once, "
            f"for {INVITATION_HOURS} hours.",
        )
    return redirect("charts:client", client.pk)
