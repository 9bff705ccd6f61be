"""The acting member: who does something, in which clinic, from which address.

Made once per request (by the clinic middleware for pages, by the API's authentication for the
API) and handed to every service as `by=`. Services never see the HTTP request; the audit trail
takes everything it records about the actor from here.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.http import HttpRequest

from medmassage.accounts.models import Clinic, Membership, User


@dataclass(frozen=True)
class Actor:
    """A clinic member acting now, from an address (none for commands and jobs)."""

    membership: Membership
    address: str | None = None

    @property
    def user(self) -> User:
        return self.membership.user

    @property
    def clinic(self) -> Clinic:
        return self.membership.clinic

    @property
    def clinic_id(self) -> int:
        return self.membership.clinic_id

    @property
    def label(self) -> str:
        """How the audit trail names the actor."""
        return self.membership.user.email


def actor_for(request: HttpRequest, membership: Membership) -> Actor:
    """The actor of a request made by this member."""
    return Actor(membership=membership, address=request_address(request))


def request_address(request: HttpRequest) -> str | None:
    """The client's address as the audit trail records it, or None when there is none valid."""
    # Behind a proxy, the proxy's address is what Django sees unless axes/ipware resolved it.
    raw = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None
    try:
        return str(ipaddress.ip_address(raw)) if raw else None
    except ValueError:
        return None  # not an address (a test client, a misconfigured proxy): record none
