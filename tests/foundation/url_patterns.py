"""Every URL pattern of the project, walked from the root resolver, with a path to request it by.

Tests that must cover every view (deny-by-default, tenancy) parametrize over `endpoints()`, so a
view added anywhere in the URL tree is covered without anyone listing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve

API_PREFIX = "api/"
FHIR_PREFIX = "fhir/R4/"  # past the login wall like the API; answers OperationOutcomes
# Values that satisfy the converters when a test does not care which record is named.
CONVERTER_DEFAULTS = {
    "int": "1",
    "str": "1",
    "path": "1",
    "slug": "example",
    "uuid": "12345678-1234-5678-1234-567812345678",
}
# Path parameters that name something other than a record (regex groups of Django's admin).
# A calendar feed's secret names no record: a wrong one is simply not found.
# Where a client signs in to the portal's API: open by design (no session to ride on; it answers
# with a client's token, throttled as the portal's sign-in page), tested in tests/portal.
CLIENT_SIGN_IN = frozenset({"api-v1:portal-sign-in", "api-v1:portal-request-code"})
NAMED_DEFAULTS = {"app_label": "accounts", "url": "no-such-page/", "secret": "not-a-secret"}
# A password-reset link's user and one-time token (not records of a clinic).
NAMED_DEFAULTS |= {"uidb64": "MQ", "token": "no-such-token"}
# A kind of message (its wording is the clinic's own or the default): no record is named.
NAMED_DEFAULTS |= {"message_kind": "appointment_reminder"}

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^()]*\)")


@dataclass(frozen=True)
class Endpoint:
    route: str  # as Django reports it in ResolverMatch.route
    name: str  # "namespace:name"; just "namespace:" (or "") for an unnamed pattern
    parameters: tuple[tuple[str, str], ...]  # (name, converter) of each path parameter
    callback: Callable[..., Any]

    def __str__(self) -> str:
        return self.route or "/"

    @property
    def is_api(self) -> bool:
        return self.route.startswith(API_PREFIX)

    @property
    def is_fhir(self) -> bool:
        return self.route.startswith(FHIR_PREFIX)

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def admin_model(self) -> type[models.Model] | None:
        """The model of an admin page, from the ModelAdmin that Django attaches to its view."""
        model_admin = getattr(self.callback, "model_admin", None)
        return model_admin.model if model_admin is not None else None

    def path(self, values: Mapping[str, object] | None = None) -> str:
        """A concrete path for this pattern, checked to resolve back to it."""
        values = values or {}

        def value(name: str, converter: str) -> str:
            if name in values:
                return str(values[name])
            return NAMED_DEFAULTS.get(name) or CONVERTER_DEFAULTS[converter]

        filled = _REGEX_GROUP.sub(lambda m: value(m["name"], "str"), self.route)
        filled = _ROUTE_PARAMETER.sub(lambda m: value(m["name"], m["converter"] or "str"), filled)
        # A regex route's anchors go; a `$` inside a path (FHIR's `$everything`) stays.
        filled = re.sub(r"\\(.)", r"\1", re.sub(r"\$$", "", filled.replace("^", "")))
        path = "/" + filled
        match = resolve(path)
        if (match.route, match.func) != (self.route, self.callback):
            raise AssertionError(f"{path} resolves to {match.route!r}, not {self.route!r}")
        return path


def endpoints() -> list[Endpoint]:
    """Every reachable URL pattern, including those of included URLconfs (admin, API)."""
    found: dict[str, Endpoint] = {}
    for endpoint in _walk(get_resolver().url_patterns, route="", namespace=""):
        # django-ninja adds a pattern per operation of a path; only the first is ever reached.
        found.setdefault(endpoint.route, endpoint)
    return list(found.values())


def _walk(patterns: list[Any], *, route: str, namespace: str) -> Iterator[Endpoint]:
    for pattern in patterns:
        joined = _join_route(route, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route=joined, namespace=inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name or ''}"
            yield Endpoint(joined, name, _parameters(joined), pattern.callback)


def _join_route(first: str, second: str) -> str:
    # As django.urls.resolvers.URLResolver._join_route, which builds ResolverMatch.route.
    return second if not first else first + second.removeprefix("^")


def _parameters(route: str) -> tuple[tuple[str, str], ...]:
    found = [(m["name"], "str") for m in _REGEX_GROUP.finditer(route)]
    rest = _REGEX_GROUP.sub("", route)
    found += [(m["name"], m["converter"] or "str") for m in _ROUTE_PARAMETER.finditer(rest)]
    return tuple(found)
