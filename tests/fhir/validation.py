"""Validate resources with fhir.resources (its R4B models, which read R4 JSON)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class


def validate(resource: dict[str, Any]) -> None:
    """Raise pydantic's ValidationError if the resource is not valid FHIR."""
    model = get_fhir_model_class(resource["resourceType"])
    model.model_validate(resource)
