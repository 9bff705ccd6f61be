"""What a view of the clinic may count on: a typed request of a logged-in member, or a refusal."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import TYPE_CHECKING, Concatenate, ParamSpec, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from medmassage.accounts.actors import Actor, actor_for
from medmassage.accounts.models import Clinic, Membership, User

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

P = ParamSpec("P")


class ClinicRequest(HttpRequest):
    """A request of a logged-in member of a clinic, as the middleware leaves it.

    Only a type: views guarded by `require_clinic` (and API endpoints, whose authentication
    makes the same promise) may declare their request as one.
    """

    user: User
    membership: Membership
    clinic: Clinic
    actor: Actor
    htmx: HtmxDetails


def require_clinic(
    view: Callable[Concatenate[ClinicRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Refuse the view to a logged-in user with no active clinic membership."""

    def guarded(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if getattr(request, "actor", None) is None:
            raise PermissionDenied("You are not a member of any clinic")
        return view(cast(ClinicRequest, request), *args, **kwargs)

    update_wrapper(guarded, view)
    return guarded


def bind_member(request: HttpRequest, membership: Membership | None) -> None:
    """Give the request its member, clinic and actor (all None for a user with no clinic)."""
    vars(request).update(
        membership=membership,
        clinic=membership.clinic if membership else None,
        actor=actor_for(request, membership) if membership else None,
    )
