"""Password reset by email and password change, on Django's views with our pages.

Reset links are single use (Django's token covers the password hash and last login) and expire
(`PASSWORD_RESET_TIMEOUT`, an hour); the request page answers the same whether the address
exists or not; a reset never logs in, so the second factor is still asked at the next login.
A changed password ends the user's other sessions and API tokens. Both are audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from medmassage.accounts.actors import request_address
from medmassage.audit.services import record_event


def _audit(action: str, request: Any, user: Any) -> None:
    membership = getattr(request, "membership", None)
    with transaction.atomic():
        record_event(
            action=action,
            by=None,
            user=user,
            clinic=membership.clinic_id if membership is not None else None,
            subject=user,
            address=request_address(request),
        )


@method_decorator(login_not_required, name="dispatch")
class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


@method_decorator(login_not_required, name="dispatch")
class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


@method_decorator(login_not_required, name="dispatch")
class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False  # the next login asks for the password and the second factor

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        _audit("accounts.password.reset", self.request, form.user)
        return response


@method_decorator(login_not_required, name="dispatch")
class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-changed")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session, ends the others
        _audit("accounts.password.changed", self.request, form.user)
        return response


class ChangedView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_changed.html"
