"""Practitioner pages: standing at a glance, one practitioner's record, credential forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.practitioners import queries, services
from medmassage.practitioners.credentials import scope_item_label
from medmassage.practitioners.forms import (
    CertificationForm,
    CredentialRuleForm,
    EducationForm,
    LicenceForm,
    ServiceForm,
)
from medmassage.practitioners.summaries import (
    RuleRow,
    get_practitioner_detail,
    list_credential_rule_rows,
    list_practitioner_summaries,
)


@require_GET
@require_clinic
def practitioner_list(request: ClinicRequest) -> HttpResponse:
    """The clinic's practitioners with their licence status and warnings."""
    membership = request.membership
    policy.require(membership, "practitioners.view")
    clinic = request.clinic
    unregistered = [
        therapist
        for therapist in queries.list_therapists_without_profile(clinic)
        if policy.allows_registration(membership, therapist)
    ]
    context = {
        "summaries": list_practitioner_summaries(clinic),
        "unregistered": unregistered,
        "can_view_credentials": policy.allows(membership, "practitioners.credentials.view"),
        "can_manage_rules": policy.allows(membership, "clinic.credential_rules.manage"),
    }
    return render(request, "practitioners/practitioner_list.html", context)


@require_POST
@require_clinic
def register(request: ClinicRequest) -> HttpResponse:
    """Set up a practitioner profile for an owner or therapist of the clinic."""
    membership = request.membership
    policy.require(membership, "practitioners.view")
    user_id = request.POST.get("user_id", "")
    if not user_id.isdigit():
        raise Http404("No such practitioner")
    target = queries.get_practising_membership(request.clinic, int(user_id))
    if not policy.allows_registration(membership, target):
        raise PermissionDenied("Your role does not allow setting up this practitioner")
    try:
        practitioner = services.register_practitioner(membership=target, by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("practitioners:list")
    messages.success(request, f"{target.user} is now set up as a practitioner.")
    return redirect("practitioners:detail", practitioner.pk)


@require_GET
@require_clinic
def practitioner_detail(request: ClinicRequest, practitioner_id: int) -> HttpResponse:
    """One practitioner's licences, certifications and continuing education."""
    membership = request.membership
    policy.require(membership, "practitioners.view")
    clinic = request.clinic
    practitioner = queries.get_practitioner(clinic, practitioner_id)
    context = {
        "detail": get_practitioner_detail(practitioner, clinic),
        "can_view_credentials": policy.allows(membership, "practitioners.credentials.view"),
        "can_edit": policy.allows_credentials_edit(membership, practitioner),
    }
    return render(request, "practitioners/practitioner_detail.html", context)


@dataclass(frozen=True)
class _Kind:
    """One kind of credential record and the form, query and services that handle it."""

    noun: str
    form: type[ServiceForm]
    get: Callable[..., Any]
    add: Callable[..., Any]
    change: Callable[..., Any]


_LICENCE = _Kind(
    "licence", LicenceForm, queries.get_licence, services.add_licence, services.change_licence
)
_CERTIFICATION = _Kind(
    "certification",
    CertificationForm,
    queries.get_certification,
    services.add_certification,
    services.change_certification,
)
_EDUCATION = _Kind(
    "education",
    EducationForm,
    queries.get_education,
    services.add_education,
    services.change_education,
)


@require_http_methods(["GET", "POST"])
@require_clinic
def add_licence(request: ClinicRequest, practitioner_id: int) -> HttpResponse:
    """Record a licence."""
    return _record_form(request, practitioner_id, _LICENCE)


@require_http_methods(["GET", "POST"])
@require_clinic
def change_licence(request: ClinicRequest, practitioner_id: int, licence_id: int) -> HttpResponse:
    """Change a licence, e.g. on renewal."""
    return _record_form(request, practitioner_id, _LICENCE, record_id=licence_id)


@require_http_methods(["GET", "POST"])
@require_clinic
def add_certification(request: ClinicRequest, practitioner_id: int) -> HttpResponse:
    """Record a certification."""
    return _record_form(request, practitioner_id, _CERTIFICATION)


@require_http_methods(["GET", "POST"])
@require_clinic
def change_certification(
    request: ClinicRequest, practitioner_id: int, certification_id: int
) -> HttpResponse:
    """Change a certification."""
    return _record_form(request, practitioner_id, _CERTIFICATION, record_id=certification_id)


@require_http_methods(["GET", "POST"])
@require_clinic
def add_education(request: ClinicRequest, practitioner_id: int) -> HttpResponse:
    """Record continuing education."""
    return _record_form(request, practitioner_id, _EDUCATION)


@require_http_methods(["GET", "POST"])
@require_clinic
def change_education(
    request: ClinicRequest, practitioner_id: int, education_id: int
) -> HttpResponse:
    """Correct a continuing education entry."""
    return _record_form(request, practitioner_id, _EDUCATION, record_id=education_id)


def _record_form(
    request: ClinicRequest, practitioner_id: int, spec: _Kind, *, record_id: int | None = None
) -> HttpResponse:
    practitioner = queries.get_practitioner(request.clinic, practitioner_id)
    policy.require_credentials_edit(request.membership, practitioner)
    record = spec.get(practitioner, record_id) if record_id is not None else None
    initial = spec.form.initial_from(record) if record is not None else None
    form = spec.form(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            _save(spec, request, practitioner=practitioner, record=record, fields=form.cleaned_data)
        except ValidationError as error:
            form.show_errors(error)
        else:
            messages.success(request, f"The {spec.noun} was saved.")
            return redirect("practitioners:detail", practitioner.pk)
    context = {"form": form, "practitioner": practitioner, "spec": spec, "record": record}
    status = 422 if form.errors else 200
    return render(request, "practitioners/record_form.html", context, status=status)


def _save(
    spec: _Kind, request: ClinicRequest, *, practitioner: Any, record: Any, fields: dict[str, Any]
) -> None:
    if record is None:
        spec.add(practitioner=practitioner, by=request.actor, fields=fields)
    else:
        spec.change(**{spec.noun: record}, by=request.actor, fields=fields)


@require_http_methods(["GET", "POST"])
@require_clinic
def credential_rules(request: ClinicRequest) -> HttpResponse:
    """Which techniques need which credential in this clinic (owners edit, others view)."""
    membership = request.membership
    policy.require(membership, "practitioners.view")
    if request.method == "POST":
        return _set_credential_rule(request)
    rows = [_with_form(row) for row in list_credential_rule_rows(request.clinic)]
    can_edit = policy.allows(membership, "clinic.credential_rules.manage")
    return render(
        request, "practitioners/credential_rules.html", {"rows": rows, "can_edit": can_edit}
    )


def _set_credential_rule(request: ClinicRequest) -> HttpResponse:
    """Change one technique's rule; an HTMX request gets its table row back."""
    policy.require(request.membership, "clinic.credential_rules.manage")
    clinic = request.clinic
    technique = request.POST.get("technique", "")
    form = CredentialRuleForm(request.POST, auto_id=f"id_{technique}_%s")
    if form.is_valid():
        try:
            services.set_credential_rule(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            form.show_errors(error)
    rows = [
        (row, form) if row.technique == technique and form.errors else _with_form(row)
        for row in list_credential_rule_rows(clinic)
    ]
    edited = [pair for pair in rows if pair[0].technique == technique]
    if request.htmx and edited:
        # HTMX swaps 2xx answers only, so the row with its errors comes back as 200.
        row, row_form = edited[0]
        context = {"row": row, "form": row_form, "can_edit": True}
        return render(request, "practitioners/_rule_row.html", context)
    if form.errors:
        if not edited:
            messages.error(request, "Choose a technique from the list.")
        context = {"rows": rows, "can_edit": True}
        return render(request, "practitioners/credential_rules.html", context, status=422)
    messages.success(request, f"The rule for {scope_item_label(technique)} was saved.")
    return redirect("practitioners:credential-rules")


def _with_form(row: RuleRow) -> tuple[RuleRow, CredentialRuleForm]:
    initial = {"technique": row.technique, "credential": row.credential, "source": row.source}
    return row, CredentialRuleForm(initial=initial, auto_id=f"id_{row.technique}_%s")
