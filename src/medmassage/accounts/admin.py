"""Admin of clinic memberships: owners change roles and deactivate members of their clinic."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from medmassage.accounts.admin_site import ClinicModelAdmin, admin_clinic
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
