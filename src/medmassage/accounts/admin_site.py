"""The Django admin, opened to clinic owners by role (policy.py) rather than by is_staff."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from medmassage.accounts import policy
from medmassage.accounts.models import Clinic


class ClinicAdminSite(admin.AdminSite):
    site_header = "MedMassage administration"
    site_title = "MedMassage admin"

    @login_not_required
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One login page for everyone, with its throttling: the admin sends people there."""
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(target, reverse(settings.LOGIN_URL))
        if not self.has_permission(request):
            raise PermissionDenied("The administration is for the clinic's owners.")
        return redirect(target)

    def get_urls(self) -> list[URLResolver | URLPattern]:
        # Django's login wall would send strangers to the admin's login page, which only sends
        # them on to ours: point it at ours directly.
        urls = super().get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern) and hasattr(pattern.callback, "login_url"):
                pattern.callback.login_url = settings.LOGIN_URL
        return urls

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and (
            request.user.is_superuser
            or policy.allows(getattr(request, "membership", None), "clinic.admin")
        )


def admin_clinic(request: HttpRequest) -> Clinic:
    """The clinic whose rows an admin page shows: the one the owner works in now."""
    clinic = getattr(request, "clinic", None)
    if not isinstance(clinic, Clinic):
        raise PermissionDenied("The administration shows the rows of your own clinic only.")
    return clinic


class ClinicModelAdmin(admin.ModelAdmin[Any]):
    """Owners manage their own clinic's rows; permissions come from the policy module."""

    def _allowed(self, request: HttpRequest) -> bool:
        return policy.allows(getattr(request, "membership", None), "clinic.admin")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
