"""Security settings (owners), break-glass (therapists off a treating team), the break-glass log
(owners) and treating teams (owners)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.accounts.models import Membership
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for, record_shown
from medmassage.clients.queries import list_therapists
from medmassage.problems import DOMAIN_ERRORS, problem_message
from medmassage.recordaccess import access, services
from medmassage.recordaccess.forms import BreakGlassForm, SecuritySettingsForm
from medmassage.recordaccess.models import BreakGlass, TreatingTeamMember


@require_http_methods(["GET", "POST"])
@require_clinic
def security_settings(request: ClinicRequest) -> HttpResponse:
    """The clinic's two-factor and treating-team settings."""
    policy.require(request.membership, "clinic.admin")
    clinic = request.clinic
    initial = {"require_mfa": clinic.require_mfa, "care_team_only": clinic.care_team_only}
    form = SecuritySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.change_security_settings(by=request.actor, **form.cleaned_data)
        messages.success(request, "Security settings saved.")
        return redirect("recordaccess:settings")
    grants = BreakGlass.objects.for_clinic(clinic).select_related("membership__user", "client")[:50]
    if grants:
        record_read(
            "recordaccess.break_glass_log.viewed",
            by=request.actor,
            details={"grants": [grant.pk for grant in grants]},
        )
    return render(request, "recordaccess/settings.html", {"form": form, "grants": grants})


@require_http_methods(["GET", "POST"])
@require_clinic
def break_glass(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Ask for a client's record off one's treating team, with a written reason (audited)."""
    client = client_for(request, client_id, "clients.clinical.view")
    form = BreakGlassForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            access.break_glass(client=client, by=request.actor, reason=form.cleaned_data["reason"])
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            messages.warning(request, "Break-glass access is open for a while; it is audited.")
            return redirect("charts:client", client.pk)
    record_shown(request, client, "break-glass form")
    context = {"client": client, "form": form, "problem": problem}
    status = 422 if problem or (form.is_bound and form.errors) else 200
    return render(request, "recordaccess/break_glass.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require_clinic
def team(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's treating team; the owner adds or removes therapists."""
    client = client_for(request, client_id, "clients.clinical.view")
    can_manage = policy.allows(request.membership, "clinic.admin")
    if request.method == "POST":
        policy.require(request.membership, "clinic.admin")
        try:
            services.add_to_team(
                client=client,
                by=request.actor,
                membership_id=int(request.POST.get("membership") or 0),
            )
        except DOMAIN_ERRORS as error:
            messages.error(request, problem_message(error))
        return redirect("recordaccess:team", client.pk)
    members = TreatingTeamMember.objects.for_clinic(client.clinic_id).filter(client=client)
    record_shown(request, client, "treating team")
    context = {
        "client": client,
        "members": members.select_related("membership__user"),
        "therapists": list_therapists(client.clinic_id),
        "can_manage": can_manage,
    }
    return render(request, "recordaccess/team.html", context)


@require_POST
@require_clinic
def remove(request: ClinicRequest, client_id: int, membership_id: int) -> HttpResponse:
    client = client_for(request, client_id, "clinic.admin")
    member = get_object_or_404(Membership, pk=membership_id, clinic_id=request.clinic.pk)
    services.remove_from_team(client=client, by=request.actor, membership_id=member.pk)
    return redirect("recordaccess:team", client.pk)
