"""View guard: pages of the clinic need an active membership in one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def require_clinic(view: View) -> View:
    """Refuse the view to a logged-in user with no active clinic membership."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "membership", None) is None:
            raise PermissionDenied("You are not a member of any clinic")
        return view(request, *args, **kwargs)

    return guarded
