"""Login, logout, clinic switching and the health check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy, services, tokens
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.accounts.actors import request_address
from medmassage.accounts.forms import LoginForm, SwitchClinicForm
from medmassage.accounts.login_failures import clear_failures


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # Django's login() rotates the session id
        clear_failures(form.get_user().email)
        services.start_session(
            self.request.session,
            user=form.get_user(),
            address=request_address(self.request),
        )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session on the server (POST only: no state change on GET)."""
    from django.contrib.auth import logout

    if request.user.is_authenticated:
        services.end_session(
            user=request.user,
            by=getattr(request, "actor", None),
            address=request_address(request),
        )
    logout(request)
    return redirect("accounts:login")


@require_POST
@require_clinic
def switch_clinic_view(request: ClinicRequest) -> HttpResponse:
    """Make another of the user's clinics active."""
    form = SwitchClinicForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a clinic to switch to.")
        return redirect("dashboard:home")
    try:
        membership = services.switch_clinic(
            request.session, by=request.actor, clinic_id=form.cleaned_data["clinic"]
        )
    except services.NotAMember:
        messages.error(request, "You are not a member of that clinic.")
        return redirect("dashboard:home")
    messages.success(request, f"Now working in {membership.clinic.name}.")
    return redirect("dashboard:home")


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers (no data exposed)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A clear page instead of Django's debug text when a form's CSRF token is missing."""
    response = render(request, "accounts/csrf_failure.html", {"reason": reason}, status=403)
    return HttpResponseForbidden(response.content)


@require_clinic
def tokens_view(request: ClinicRequest) -> HttpResponse:
    """List the user's API tokens; POST creates one and shows it once."""
    membership = request.membership
    policy.require(membership, "tokens.manage")
    issued, name = None, ""
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name or len(name) > 100:
            messages.error(request, "Give the token a name of 1 to 100 characters.")
        else:
            issued, name = tokens.issue_token(by=request.actor, name=name), ""
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "tokens": tokens.list_tokens(membership),
        "issued": issued,
        "token_days": settings.API_TOKEN_DAYS,
        "name": name,  # kept when refused
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
@require_clinic
def revoke_token_view(request: ClinicRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    policy.require(request.membership, "tokens.manage")
    try:
        tokens.revoke_token(by=request.actor, token_id=token_id)
    except tokens.TokenNotFound as error:
        raise Http404(str(error)) from None
    messages.success(request, "Token revoked.")
    return redirect("accounts:tokens")
