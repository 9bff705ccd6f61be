"""JSON API of the directory: `providers` and `providers/{id}`."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.careteam import queries, services
from medmassage.careteam.models import Provider
from medmassage.careteam.schemas import ProviderIn, ProviderOut, ProviderPatch

router = Router(tags=["care team"])


@router.get("/providers", response=list[ProviderOut], summary="The clinic's provider directory")
def list_providers(request: ClinicRequest, q: str = "") -> Any:
    """Outside providers by name; `q` matches name, organisation or NPI."""
    policy.require(request.membership, "careteam.directory.view")
    return [provider_out(p) for p in queries.list_providers(request.clinic, query=q)]


@router.post("/providers", response={201: ProviderOut}, summary="Add a provider")
def add_provider(request: ClinicRequest, payload: ProviderIn) -> Any:
    policy.require(request.membership, "careteam.directory.edit")
    provider = services.add_provider(by=request.actor, fields=payload.model_dump())
    return Status(201, provider_out(provider))


@router.get("/providers/{provider_id}", response=ProviderOut)
def get_provider(request: ClinicRequest, provider_id: int) -> Any:
    policy.require(request.membership, "careteam.directory.view")
    return provider_out(queries.get_provider(request.clinic, provider_id))


@router.patch("/providers/{provider_id}", response=ProviderOut)
def change_provider(request: ClinicRequest, provider_id: int, payload: ProviderPatch) -> Any:
    """Change a directory entry; fields left out keep their value."""
    policy.require(request.membership, "careteam.directory.edit")
    provider = queries.get_provider(request.clinic, provider_id)
    fields = payload.model_dump(exclude_none=True)
    return provider_out(
        services.change_provider(provider=provider, by=request.actor, fields=fields)
    )


def provider_out(provider: Provider) -> dict[str, Any]:
    return {
        "id": provider.pk,
        **{name: getattr(provider, name) for name in services.PROVIDER_FIELDS},
        "created_at": provider.created_at,
    }
