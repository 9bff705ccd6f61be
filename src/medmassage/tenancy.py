"""Clinic scoping: every clinical read names its clinic, or fails loudly.

A model that belongs to a clinic inherits `ClinicOwned`. Its default manager refuses to build a
query unless a clinic scope is active (the request's clinic, set by the middleware) or the
caller asks for one explicitly with `.for_clinic(clinic)`. System jobs that must see every clinic
(migrations, audit verification, demo seeding) say so with `unscoped()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import models

_Row = TypeVar("_Row", bound=models.Model)

_UNSCOPED = object()
_scope: ContextVar[Any] = ContextVar("medmassage_clinic_scope", default=None)
_in_request: ContextVar[bool] = ContextVar("medmassage_in_request", default=False)


class ScopeError(RuntimeError):
    """A clinic-owned table was queried with no clinic in scope."""


@contextmanager
def clinic_scope(clinic: models.Model | int) -> Iterator[None]:
    """Run the block with reads limited to one clinic (given as a Clinic or its id).

    Typed as any model: accounts.Clinic sits a floor above this module.
    """
    token = _scope.set(clinic if isinstance(clinic, int) else clinic.pk)
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Run the block with reads across all clinics (system jobs only)."""
    token = _scope.set(_UNSCOPED)
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def request_scope() -> Iterator[None]:
    """Bound one request: a scope set during it by `scope_request_to` ends with it."""
    scope_token, request_token = _scope.set(None), _in_request.set(True)
    try:
        yield
    finally:
        _in_request.reset(request_token)
        _scope.reset(scope_token)


def scope_request_to(clinic: models.Model) -> None:
    """Limit the rest of the request to one clinic, once authentication (an API token) names it.

    Outside `request_scope()` it does nothing, so that no scope can outlive its request.
    """
    if _in_request.get():
        _scope.set(clinic.pk)


def current_clinic_id() -> int | None:
    """The clinic id in scope, or None when unscoped or none is set."""
    value = _scope.get()
    return None if value is _UNSCOPED else value


class ClinicScopedManager(models.Manager[_Row]):
    """Default manager of clinic-owned models: scoped reads only."""

    def get_queryset(self) -> models.QuerySet[_Row]:
        value = _scope.get()
        queryset = super().get_queryset()
        if value is _UNSCOPED:
            return queryset
        if value is None:
            raise ScopeError(
                f"{self.model.__name__} was queried with no clinic in scope; "
                "use .for_clinic(clinic) or run inside clinic_scope()"
            )
        return queryset.filter(clinic_id=value)

    def for_clinic(self, clinic: models.Model | int) -> models.QuerySet[_Row]:
        """Rows of one clinic, whatever scope is active."""
        clinic_id = clinic if isinstance(clinic, int) else clinic.pk
        return super().get_queryset().filter(clinic_id=clinic_id)


class ClinicOwned(models.Model):
    """Abstract base of every clinical row: it belongs to exactly one clinic."""

    clinic = models.ForeignKey(
        "accounts.Clinic", on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = ClinicScopedManager()
    # Related-object access and deletion cascades go through the base manager, which must not
    # raise; reads by clinic still go through `objects`.
    unscoped_objects = models.Manager()  # noqa: DJ012 - ruff takes it for a field

    class Meta:
        abstract = True
        base_manager_name = "unscoped_objects"
