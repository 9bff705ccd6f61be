from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from medmassage.accounts import policy
from medmassage.accounts.access import require_clinic
from medmassage.dashboard.queries import get_clinic_counts, list_unsigned_notes


@require_GET
@require_clinic
def home(request: HttpRequest) -> HttpResponse:
    """The clinic at a glance."""
    policy.require(request.membership, "dashboard.view")  # type: ignore[attr-defined]
    counts = get_clinic_counts(request.clinic)  # type: ignore[attr-defined]
    unsigned = list_unsigned_notes(request.membership)  # type: ignore[attr-defined]
    return render(request, "dashboard/home.html", {"counts": counts, "unsigned": unsigned})
