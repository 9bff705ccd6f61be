from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.dashboard.portal import portal_reviews
from medmassage.dashboard.queries import get_clinic_counts, list_unsigned_notes
from medmassage.dashboard.referrals import referral_attention


@require_GET
@require_clinic
def home(request: ClinicRequest) -> HttpResponse:
    """The clinic at a glance."""
    policy.require(request.membership, "dashboard.view")
    counts = get_clinic_counts(request.clinic)
    unsigned = list_unsigned_notes(request.membership)
    context = {
        "counts": counts,
        "unsigned": unsigned,
        **referral_attention(request.membership),
        **portal_reviews(request.membership),
    }
    return render(request, "dashboard/home.html", context)
