"""Enrol an authenticator (QR code drawn here), verify a code after the password, and manage
recovery codes. What a person typed is kept when a code is refused."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from medmassage.mfa import services
from medmassage.mfa.policy import has_authenticator, is_verified, recovery_codes_left
from medmassage.mfa.qr import qr_data_url
from medmassage.problems import DOMAIN_ERRORS, problem_message


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type a code to confirm it."""
    user: Any = request.user
    if has_authenticator(user) and not is_verified(request):
        # Enrolling again needs the existing factor first: a password alone must not do it.
        return redirect(f"{reverse('mfa:verify')}?next={_next(request)}")
    if has_authenticator(user):
        return redirect("mfa:manage")
    device = services.pending_authenticator(request, user)
    problem, code = "", ""
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            codes = services.confirm_authenticator(request, user, code)
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            context = {"codes": codes, "next": _next(request)}
            return render(request, "mfa/recovery_codes.html", context)
    from base64 import b32encode

    context = {
        "qr": qr_data_url(device.config_url),
        "key": b32encode(device.bin_key).decode(),
        "problem": problem,
        "code": code,
        "next": _next(request),
    }
    return render(request, "mfa/setup.html", context, status=422 if problem else 200)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the authenticator, or a recovery code."""
    user: Any = request.user
    if not has_authenticator(user):
        return redirect(f"{reverse('mfa:setup')}?next={_next(request)}")
    if is_verified(request):
        return redirect(_next(request))
    problem, code, status = "", "", 200
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            services.verify_second_factor(request, user, code)
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
            status = getattr(error, "status_code", 422)
        else:
            return redirect(_next(request))
    context = {"problem": problem, "code": code, "next": _next(request)}
    return render(request, "mfa/verify.html", context, status=status)


def manage(request: HttpRequest) -> HttpResponse:
    """Two-factor status and the recovery codes left."""
    user: Any = request.user
    context = {
        "enrolled": has_authenticator(user),
        "codes_left": recovery_codes_left(user),
    }
    return render(request, "mfa/manage.html", context)


@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (shown once)."""
    user: Any = request.user
    if not has_authenticator(user):
        messages.error(request, "Set up an authenticator app first.")
        return redirect("mfa:setup")
    codes = services.replace_recovery_codes(request, user)
    return render(request, "mfa/recovery_codes.html", {"codes": codes, "next": "/"})
