"""The client's page: identity for every role, the chart for clinical roles."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.charts.copies import chart_and_care
from medmassage.clientaccounts.queries import loaded_account
from medmassage.clients.access import client_for


@require_GET
@require_clinic
def client_chart(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's chart: identity for every role, clinical panels for clinical roles only."""
    client = client_for(request, client_id, "clients.identity.view", related=("portal_account",))
    clinical = policy.allows(request.membership, "clients.clinical.view")
    record_read(
        "clients.client.viewed",
        by=request.actor,
        subject=client,
        client=client,
        details={"section": "chart" if clinical else "identity"},
    )
    shown, care = chart_and_care(request.clinic, client) if clinical else (None, None)
    context = {
        "client": client,
        "chart": shown,
        "care": care,
        "can_edit": policy.allows(request.membership, "clients.identity.edit"),
        "can_record_consent": policy.allows(request.membership, "consents.record"),
        "portal_account": loaded_account(client),
        "can_invite": policy.allows(request.membership, "portal.invite"),
    }
    return render(request, "charts/client_detail.html", context)
