"""Admin of practitioners: a read-only view of each profile and its credentials."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from medmassage.accounts.admin_site import ClinicModelAdmin, admin_clinic
from medmassage.accounts.models import Practitioner
from medmassage.practitioners.models import Certification, ContinuingEducation, Licence


class _ReadOnlyInline(admin.TabularInline[Any, Any]):
    """Credentials are changed on the practitioner pages, whose services write the audit trail."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LicenceInline(_ReadOnlyInline):
    model = Licence
    fields = ("jurisdiction", "number", "issued_on", "expires_on", "ce_hours_required")


class CertificationInline(_ReadOnlyInline):
    model = Certification
    fields = ("name", "issuer", "credentials", "issued_on", "expires_on")


class ContinuingEducationInline(_ReadOnlyInline):
    model = ContinuingEducation
    fields = ("course", "provider", "hours", "completed_on")


@admin.register(Practitioner)
class PractitionerAdmin(ClinicModelAdmin):
    """A read-only view: edits go through the practitioner pages and their audited services."""

    list_display = ("membership", "created_at")
    fields = ("membership", "created_at")
    readonly_fields = ("membership", "created_at")
    inlines = (LicenceInline, CertificationInline, ContinuingEducationInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Practitioner]:
        clinic = admin_clinic(request)
        return Practitioner.objects.for_clinic(clinic).select_related("membership__user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
