"""The Django admin, opened to clinic owners by role (policy.py) rather than by is_staff."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from medmassage.accounts import policy


class ClinicAdminSite(admin.AdminSite):
    site_header = "MedMassage administration"
    site_title = "MedMassage admin"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and (
            request.user.is_superuser
            or policy.allows(getattr(request, "membership", None), "clinic.admin")
        )


class ClinicModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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
