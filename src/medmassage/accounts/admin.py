"""Admin of clinic memberships: owners change roles and deactivate members of their clinic."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from medmassage.accounts.admin_site import ClinicModelAdmin, admin_clinic
from medmassage.accounts.memberships import change_membership
from medmassage.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(ClinicModelAdmin):
    list_display = ("user", "role", "is_active")
    list_filter = ("role", "is_active")
    fields = ("user", "role", "is_active")
    readonly_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).filter(clinic=admin_clinic(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Through the service: role and standing changes are audited, tokens revoked.
        change_membership(
            obj,
            by=getattr(request, "actor", None),
            role=form.cleaned_data["role"],
            is_active=form.cleaned_data["is_active"],
        )
