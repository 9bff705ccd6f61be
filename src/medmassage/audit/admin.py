from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from medmassage.accounts.admin_site import ClinicModelAdmin
from medmassage.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ClinicModelAdmin):
    """Read-only view of the clinic's own trail."""

    list_display = ("occurred_at", "action", "actor_label", "subject_type", "subject_id", "ip")
    list_filter = ("action",)
    search_fields = ("action", "actor_label", "subject_id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        clinic = getattr(request, "clinic", None)
        return super().get_queryset(request).filter(clinic_id=getattr(clinic, "pk", -1))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
