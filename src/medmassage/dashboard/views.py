from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.dashboard.portal import portal_reviews
from medmassage.dashboard.queries import get_clinic_counts
from medmassage.dashboard.referrals import referral_attention
from medmassage.dashboard.worklist import get_worklist


@require_GET
@require_clinic
def home(request: ClinicRequest) -> HttpResponse:
    """The clinic at a glance, and the member's worklist: what is waiting for them today."""
    policy.require(request.membership, "dashboard.view")
    counts = get_clinic_counts(request.clinic)
    worklist = get_worklist(request.membership)
    if worklist.shown:
        # The worklist names clients (and, for clinical roles, what waits for them): audited.
        record_read("dashboard.worklist.viewed", by=request.actor, details=worklist.shown)
    context = {
        "counts": counts,
        "worklist": worklist,
        **referral_attention(request.membership),
        **portal_reviews(request.membership),
    }
    return render(request, "dashboard/home.html", context)
