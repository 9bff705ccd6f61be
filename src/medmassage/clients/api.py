"""JSON API for client records and consents: adapters over the same services as the pages."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.accounts.models import Membership
from medmassage.audit.services import record_read
from medmassage.clients import consents, queries, services
from medmassage.clients.access import client_for, record_search
from medmassage.clients.models import Client, Consent
from medmassage.clients.schemas import (
    ClientChartOut,
    ClientIn,
    ClientOut,
    ClientPage,
    ClientPatch,
    ClientQuery,
    ClientSearchIn,
    ConsentIn,
    ConsentOut,
    ConsentStatusOut,
    MemberRef,
    RevokeIn,
)
from medmassage.clients.search import build_terms
from medmassage.replicas import lag_tolerant

router = Router(tags=["clients"])


def _record_read(request: ClinicRequest, client: Client, section: str) -> None:
    record_read(
        "clients.client.viewed",
        by=request.actor,
        subject=client,
        client=client,
        details={"section": section},
    )


@router.get("", response=ClientPage, summary="Find clients by name, date of birth or phone")
def list_clients(request: ClinicRequest, filters: Query[ClientQuery]) -> dict[str, Any]:
    """Clients of the clinic matching every filter given, by name, a page at a time.

    Prefer POST /clients/search: terms in a query string travel in the URL (MedMassage's own
    access log leaves query strings out, a proxy in front may not)."""
    return _search(request, filters)


@router.post("/search", response=ClientPage, summary="Find clients, the terms in the body")
def search_clients(request: ClinicRequest, payload: ClientSearchIn) -> dict[str, Any]:
    """The same search as GET /clients, with the terms in the body, never in a URL."""
    return _search(request, payload)


def _search(request: ClinicRequest, filters: ClientQuery | ClientSearchIn) -> dict[str, Any]:
    policy.require(request.membership, "clients.identity.view")
    terms = build_terms(q=filters.q, dob=filters.dob, phone=filters.phone)
    found = queries.search_clients(request.clinic, terms)
    # Search may be a moment behind the primary: its reads go to a replica when there is one
    # (the audit event of the search is written, and its chain read, on the primary).
    with lag_tolerant():
        page = queries.get_client_page(found, filters.page, size=filters.page_size)
        record_search(request.actor, page.object_list, count=page.paginator.count)
        return {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "page_size": page.paginator.per_page,
            "items": [client_out(client) for client in page.object_list],
        }


@router.post("", response={201: ClientOut}, summary="Register a client")
def create_client(request: ClinicRequest, payload: ClientIn) -> Status[ClientOut]:
    """Register a client; 422 names every invalid field and nothing is saved."""
    policy.require(request.membership, "clients.identity.edit")
    client = services.create_client(by=request.actor, **payload.model_dump())
    return Status(201, client_out(client))


@router.get(
    "/{client_id}",
    response=ClientChartOut | ClientOut,
    summary="A client (with consent status for clinical roles)",
)
def get_client(request: ClinicRequest, client_id: int) -> ClientOut:
    """The client's record; front desk gets identity and contact only. The read is audited."""
    client = client_for(request, client_id, "clients.identity.view")
    clinical = policy.allows(request.membership, "clients.clinical.view")
    _record_read(request, client, "chart" if clinical else "identity")
    if not clinical:
        return client_out(client)
    # Only the current consent is returned: the latest one (which the chart shows) is not read.
    current = queries.get_current_consent(request.clinic, client)
    return ClientChartOut(**client_out(client).model_dump(), consent=consent_status_out(current))


@router.patch("/{client_id}", response=ClientOut, summary="Change a client's record")
def update_client(request: ClinicRequest, client_id: int, payload: ClientPatch) -> ClientOut:
    """Change the fields sent; 422 names every invalid field and nothing is saved."""
    client = client_for(request, client_id, "clients.identity.edit")
    changes = payload.model_dump(exclude_unset=True)
    services.update_client(client=client, by=request.actor, **changes)
    return client_out(queries.get_client(client.clinic_id, client.pk))


@router.get("/{client_id}/consents", response=list[ConsentOut], summary="A client's consents")
def list_consents(request: ClinicRequest, client_id: int) -> list[ConsentOut]:
    """Every consent of the client, newest first, revoked ones included. The read is audited."""
    client = client_for(request, client_id, "consents.view")
    _record_read(request, client, "consents")
    current = queries.get_current_consent(client.clinic_id, client)
    found = queries.list_consents(client.clinic_id, client)
    return [consent_out(consent, current=current) for consent in found]


@router.post("/{client_id}/consents", response={201: ConsentOut}, summary="Record consent")
def record_consent(
    request: ClinicRequest, client_id: int, payload: ConsentIn
) -> Status[ConsentOut]:
    """Record a signed consent; 422 names every invalid field (e.g. a minor without guardian)."""
    client = client_for(request, client_id, "consents.record")
    consent = consents.record_consent(client=client, by=request.actor, details=payload.details())
    current = queries.get_current_consent(client.clinic_id, client)
    return Status(201, consent_out(consent, current=current))


@router.post(
    "/{client_id}/consents/{consent_id}/revoke", response=ConsentOut, summary="Revoke a consent"
)
def revoke_consent(
    request: ClinicRequest, client_id: int, consent_id: int, payload: RevokeIn
) -> ConsentOut:
    """Revoke a consent with the reason given; 422 if it was already revoked."""
    client = client_for(request, client_id, "consents.record")
    consent = queries.get_consent(client.clinic_id, client, consent_id)
    revoked = consents.revoke_consent(consent=consent, by=request.actor, reason=payload.reason)
    return consent_out(revoked, current=queries.get_current_consent(client.clinic_id, client))


# --- Output -----------------------------------------------------------------------------------


def _member(membership: Membership | None) -> MemberRef | None:
    if membership is None:
        return None
    return MemberRef(membership_id=membership.pk, name=membership.user.full_name)


def client_out(client: Client) -> ClientOut:
    """The identity schema of a client (no clinical content)."""
    fields = {name: getattr(client, name) for name in ClientOut.model_fields}
    fields["primary_therapist"] = _member(client.primary_therapist)
    return ClientOut(**fields)


def consent_status_out(current: Consent | None) -> ConsentStatusOut:
    if current is None:
        return ConsentStatusOut(current=False)
    return ConsentStatusOut(
        current=True,
        consent_id=current.pk,
        signed_at=current.signed_at,
        template_version=current.template.version,
    )


def consent_out(consent: Consent, *, current: Consent | None) -> ConsentOut:
    """A consent as the API shows it."""
    return ConsentOut.model_validate(
        {
            "id": consent.pk,
            "client_id": consent.client_id,
            "template": {"version": consent.template.version, "title": consent.template.title},
            "topics": list(consent.topics),
            "notes": consent.notes,
            "obtained_by": _member(consent.obtained_by),
            "source": consent.source,
            "reviewed_at": consent.reviewed_at,
            "signed_at": consent.signed_at,
            "signature_method": consent.signature_method,
            "signature": consent.signature,
            "signed_by_guardian": consent.signed_by_guardian,
            "guardian_name": consent.guardian_name,
            "guardian_relationship": consent.guardian_relationship,
            "minor_at_signing": consent.minor_at_signing,
            "is_current": current is not None and current.pk == consent.pk,
            "revoked_at": consent.revoked_at,
            "revoked_by": _member(consent.revoked_by),
            "revocation_reason": consent.revocation_reason,
        }
    )
